/* Lists the keys of a META partition or disk image: `meta_list IMAGE`. */
#include <stdio.h>

#include "talos_kit.h"

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s IMAGE\n", argv[0]);
        return 2;
    }
    talos_meta_file *meta = NULL;
    if (talos_meta_open(argv[1], TALOS_META_LAYOUT_AUTO, TALOS_META_READ_ONLY, &meta) != TALOS_OK) {
        fprintf(stderr, "%s: %s\n", argv[1], talos_last_error_message());
        return 1;
    }
    talos_buffer keys = {0};
    if (talos_meta_keys(meta, &keys) != TALOS_OK) {
        fprintf(stderr, "%s\n", talos_last_error_message());
        talos_meta_close(meta);
        return 1;
    }
    for (size_t i = 0; i < keys.len; i++) {
        talos_buffer value = {0};
        if (talos_meta_get(meta, keys.data[i], &value) == TALOS_OK) {
            printf("0x%02x  %zu bytes\n", keys.data[i], value.len);
            talos_buffer_free(value);
        }
    }
    talos_buffer_free(keys);
    talos_meta_close(meta);
    return 0;
}
