/* The checks shared by the C test programs. Each program includes this once, calls CHECK
 * and CHECK_STATUS, and ends with `return report("name");`. */
#ifndef TALOS_KIT_TEST_CHECK_H
#define TALOS_KIT_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

#include "talos_kit.h"

static int passed, failed;

#define CHECK(cond)                                                              \
    do {                                                                         \
        if (cond) {                                                              \
            passed++;                                                            \
        } else {                                                                 \
            failed++;                                                            \
            fprintf(stderr, "%s:%d: CHECK(%s) failed; last error: %s\n", __FILE__, \
                    __LINE__, #cond, talos_last_error_message());                \
        }                                                                        \
    } while (0)

#define CHECK_STATUS(call, want)                                                     \
    do {                                                                             \
        talos_status got_ = (call);                                                  \
        if (got_ == (want)) {                                                        \
            passed++;                                                                \
        } else {                                                                     \
            failed++;                                                                \
            fprintf(stderr, "%s:%d: %s returned %s, want %s; last error: %s\n",      \
                    __FILE__, __LINE__, #call, talos_status_name(got_),              \
                    talos_status_name(want), talos_last_error_message());            \
        }                                                                            \
    } while (0)

static inline int last_error_contains(const char *needle) {
    return strstr(talos_last_error_message(), needle) != NULL;
}

/* Prints the tally line check.sh shows and gives the exit status. */
static inline int report(const char *name) {
    printf("c-tests: %d passed, %d failed (%s)\n", passed, failed, name);
    return failed == 0 ? 0 : 1;
}

#endif
