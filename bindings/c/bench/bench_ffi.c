/* bench_ffi IMAGE: times a trivial call and a META get through the C ABI.
 * Prints {"parse_key_ns": N, "meta_get_ns": N} (best of 5 batches of at least 200 ms). */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <time.h>

#include "talos_kit.h"

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static talos_meta_file *meta;
static volatile unsigned sink;

static void parse_key(void) {
    uint8_t key = 0;
    sink += talos_meta_parse_key("0x0a", &key) + key;
}

static void meta_get(void) {
    talos_buffer value = {0};
    sink += talos_meta_get(meta, 0x0a, &value);
    talos_buffer_free(value);
}

static double best_ns_per_op(void (*op)(void)) {
    double best = 1e30;
    for (int run = 0; run < 5; run++) {
        for (long n = 1;; n *= 2) {
            double start = now_ns();
            for (long i = 0; i < n; i++) {
                op();
            }
            double elapsed = now_ns() - start;
            if (elapsed >= 2e8) {
                if (elapsed / (double)n < best) {
                    best = elapsed / (double)n;
                }
                break;
            }
        }
    }
    return best;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s IMAGE\n", argv[0]);
        return 2;
    }
    if (talos_meta_open(argv[1], TALOS_META_LAYOUT_AUTO, TALOS_META_READ_ONLY, &meta) != TALOS_OK) {
        fprintf(stderr, "%s\n", talos_last_error_message());
        return 1;
    }
    double parse = best_ns_per_op(parse_key);
    double get = best_ns_per_op(meta_get);
    talos_meta_close(meta);
    printf("{\"parse_key_ns\": %.1f, \"meta_get_ns\": %.1f}\n", parse, get);
    return 0;
}
