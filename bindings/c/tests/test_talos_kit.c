/* The C test suite of libtalos_kit: every export, every error path. Run by check.sh under
 * AddressSanitizer (static library) and valgrind (shared library). */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

static char dir[] = "/tmp/talos-kit-c-XXXXXX";

static char *path_in_dir(const char *name) {
    static char paths[8][256];
    static int next;
    char *path = paths[next++ % 8];
    snprintf(path, sizeof paths[0], "%s/%s", dir, name);
    return path;
}

static void write_file(const char *path, const unsigned char *bytes, size_t len, unsigned char fill) {
    FILE *f = fopen(path, "wb");
    for (size_t i = 0; i < len; i++) {
        fputc(bytes ? bytes[i] : fill, f);
    }
    fclose(f);
}

static void test_basics(void) {
    CHECK(strcmp(talos_version(), "0.1.0") == 0);
    CHECK(strcmp(talos_status_name(TALOS_NOT_FOUND), "TALOS_NOT_FOUND") == 0);
    CHECK(strcmp(talos_status_name(TALOS_PANIC), "TALOS_PANIC") == 0);
    CHECK(strcmp(talos_status_name(4242), "TALOS_UNKNOWN") == 0);
    CHECK(strcmp(talos_last_error_message(), "") == 0);
    /* Release functions accept NULL. */
    talos_buffer empty = {NULL, 0};
    talos_buffer_free(empty);
    talos_string_free(NULL);
    talos_meta_close(NULL);
    talos_meta_values_free(NULL);
    CHECK(talos_meta_values_count(NULL) == 0);
}

static void test_meta_round_trip(void) {
    const char *path = path_in_dir("meta.img");
    talos_meta_file *file = NULL;
    CHECK_STATUS(talos_meta_create(path, &file), TALOS_OK);
    CHECK(file != NULL);

    const char *net = "externalIPs: [1.2.3.4]\n";
    CHECK_STATUS(talos_meta_set(file, 0x0a, (const uint8_t *)net, strlen(net)), TALOS_OK);
    CHECK_STATUS(talos_meta_set(file, 0x0c, NULL, 0), TALOS_OK);
    CHECK_STATUS(talos_meta_flush(file), TALOS_OK);
    talos_meta_close(file);

    file = NULL;
    CHECK_STATUS(talos_meta_open(path, TALOS_META_LAYOUT_AUTO, TALOS_META_READ_ONLY, &file), TALOS_OK);
    talos_buffer value = {0};
    CHECK_STATUS(talos_meta_get(file, 0x0a, &value), TALOS_OK);
    CHECK(value.len == strlen(net) && memcmp(value.data, net, value.len) == 0);
    talos_buffer_free(value);

    talos_buffer empty = {(uint8_t *)1, 99};
    CHECK_STATUS(talos_meta_get(file, 0x0c, &empty), TALOS_OK);
    CHECK(empty.len == 0 && empty.data == NULL);

    talos_buffer keys = {0};
    CHECK_STATUS(talos_meta_keys(file, &keys), TALOS_OK);
    CHECK(keys.len == 2 && keys.data[0] == 0x0a && keys.data[1] == 0x0c);
    talos_buffer_free(keys);

    /* Read-only handles refuse to write. */
    CHECK_STATUS(talos_meta_delete(file, 0x0c), TALOS_OK);
    CHECK_STATUS(talos_meta_flush(file), TALOS_IO);
    talos_meta_close(file);

    file = NULL;
    CHECK_STATUS(talos_meta_open(path, TALOS_META_LAYOUT_PARTITION, 0, &file), TALOS_OK);
    CHECK_STATUS(talos_meta_delete(file, 0x0c), TALOS_OK);
    CHECK_STATUS(talos_meta_delete(file, 0x0c), TALOS_NOT_FOUND);
    CHECK(last_error_contains("0x0c"));
    CHECK_STATUS(talos_meta_get(file, 0x0c, &value), TALOS_NOT_FOUND);
    CHECK_STATUS(talos_meta_flush(file), TALOS_OK);
    talos_meta_close(file);
}

static void test_meta_errors(void) {
    talos_meta_file *file = NULL;
    talos_buffer buffer = {0};
    const char *path = path_in_dir("errors.img");

    CHECK_STATUS(talos_meta_create(NULL, &file), TALOS_NULL_ARGUMENT);
    CHECK(last_error_contains("path is NULL"));
    CHECK_STATUS(talos_meta_create(path, NULL), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_meta_create("\xff\xfe", &file), TALOS_INVALID_UTF8);
    CHECK_STATUS(talos_meta_create("/nonexistent-dir/x.img", &file), TALOS_IO);
    CHECK_STATUS(talos_meta_create(path, &file), TALOS_OK);
    talos_meta_file *again = NULL;
    CHECK_STATUS(talos_meta_create(path, &again), TALOS_ALREADY_EXISTS);
    CHECK(again == NULL);

    CHECK_STATUS(talos_meta_open(NULL, 0, 0, &again), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_meta_open(path, 0, 0, NULL), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_meta_open(path, 7, 0, &again), TALOS_INVALID_ARGUMENT);
    CHECK_STATUS(talos_meta_open(path, 0, 0x80, &again), TALOS_INVALID_ARGUMENT);
    CHECK_STATUS(talos_meta_open("/nonexistent.img", 0, 0, &again), TALOS_IO);

    /* Keys and sizes. */
    CHECK_STATUS(talos_meta_set(file, 0, (const uint8_t *)"x", 1), TALOS_INVALID_ARGUMENT);
    CHECK(last_error_contains("terminator"));
    size_t big_len = 262097;
    uint8_t *big = calloc(1, big_len);
    CHECK_STATUS(talos_meta_set(file, 1, big, big_len), TALOS_FULL);
    CHECK_STATUS(talos_meta_set(file, 1, big, big_len - 1), TALOS_OK);
    free(big);
    CHECK_STATUS(talos_meta_set(file, 2, NULL, 1), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_meta_set(file, 2, (const uint8_t *)"x", SIZE_MAX), TALOS_INVALID_ARGUMENT);

    /* NULL handles and out-parameters. */
    CHECK_STATUS(talos_meta_get(NULL, 1, &buffer), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_meta_get(file, 1, NULL), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_meta_set(NULL, 1, NULL, 0), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_meta_delete(NULL, 1), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_meta_keys(NULL, &buffer), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_meta_keys(file, NULL), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_meta_flush(NULL), TALOS_NULL_ARGUMENT);
    talos_meta_close(file);

    /* Damaged and unsuitable files. */
    const char *corrupt = path_in_dir("corrupt.img");
    write_file(corrupt, NULL, 1 << 20, 0x5a);
    CHECK_STATUS(talos_meta_open(corrupt, 0, 0, &file), TALOS_CORRUPT);
    CHECK(last_error_contains("both META copies are invalid"));
    CHECK_STATUS(talos_meta_open(corrupt, 0, TALOS_META_LENIENT, &file), TALOS_OK);
    talos_meta_close(file);

    const char *small = path_in_dir("small.img");
    write_file(small, NULL, 4096, 0);
    CHECK_STATUS(talos_meta_open(small, TALOS_META_LAYOUT_PARTITION, 0, &file), TALOS_TOO_SMALL);
    CHECK_STATUS(talos_meta_open(small, TALOS_META_LAYOUT_DISK, 0, &file), TALOS_NO_META_PARTITION);
}

static void test_parse_key(void) {
    uint8_t key = 0;
    CHECK_STATUS(talos_meta_parse_key("0x0a", &key), TALOS_OK);
    CHECK(key == 10);
    CHECK_STATUS(talos_meta_parse_key("010", &key), TALOS_OK);
    CHECK(key == 8);
    CHECK_STATUS(talos_meta_parse_key("MetalNetworkPlatformConfig", &key), TALOS_OK);
    CHECK(key == 10);
    CHECK_STATUS(talos_meta_parse_key("256", &key), TALOS_INVALID_ARGUMENT);
    CHECK(last_error_contains("256"));
    CHECK_STATUS(talos_meta_parse_key(NULL, &key), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_meta_parse_key("1", NULL), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_meta_parse_key("\xc3\x28", &key), TALOS_INVALID_UTF8);
}

static void test_values(void) {
    talos_meta_value values[2] = {
        {0x0a, (const uint8_t *)"foo", 3},
        {0x0b, (const uint8_t *)"bar", 3},
    };
    char *text = NULL;
    CHECK_STATUS(talos_meta_values_encode(values, 2, true, &text), TALOS_OK);
    CHECK(text && strcmp(text, "MHhhPWZvbzsweGI9YmFy") == 0);

    talos_meta_values *decoded = NULL;
    CHECK_STATUS(talos_meta_values_decode(text, &decoded), TALOS_OK);
    talos_string_free(text);
    CHECK(talos_meta_values_count(decoded) == 2);
    talos_meta_value got = {0};
    CHECK_STATUS(talos_meta_values_get(decoded, 1, &got), TALOS_OK);
    CHECK(got.key == 0x0b && got.len == 3 && memcmp(got.value, "bar", 3) == 0);
    CHECK_STATUS(talos_meta_values_get(decoded, 2, &got), TALOS_NOT_FOUND);
    CHECK_STATUS(talos_meta_values_get(decoded, 0, NULL), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_meta_values_get(NULL, 0, &got), TALOS_NULL_ARGUMENT);
    talos_meta_values_free(decoded);

    /* Large values are gzipped only when allowed. */
    static uint8_t large[300];
    memset(large, 'x', sizeof large);
    talos_meta_value big = {0x0c, large, sizeof large};
    CHECK_STATUS(talos_meta_values_encode(&big, 1, true, &text), TALOS_OK);
    CHECK(strncmp(text, "H4sI", 4) == 0);
    talos_string_free(text);
    CHECK_STATUS(talos_meta_values_encode(&big, 1, false, &text), TALOS_OK);
    CHECK(strncmp(text, "MHhjPXh4", 8) == 0);
    talos_string_free(text);

    CHECK_STATUS(talos_meta_values_encode(NULL, 0, true, &text), TALOS_OK);
    CHECK(strcmp(text, "") == 0);
    talos_string_free(text);

    talos_meta_value semicolon = {1, (const uint8_t *)"a;b", 3};
    CHECK_STATUS(talos_meta_values_encode(&semicolon, 1, true, &text), TALOS_INVALID_ARGUMENT);
    CHECK_STATUS(talos_meta_values_encode(NULL, 1, true, &text), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_meta_values_encode(values, SIZE_MAX, true, &text), TALOS_INVALID_ARGUMENT);
    talos_meta_value lying = {1, NULL, 5};
    CHECK_STATUS(talos_meta_values_encode(&lying, 1, true, &text), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_meta_values_encode(values, 2, true, NULL), TALOS_NULL_ARGUMENT);

    CHECK_STATUS(talos_meta_values_decode("!!!", &decoded), TALOS_PARSE);
    CHECK(last_error_contains("base64"));
    CHECK_STATUS(talos_meta_values_decode("MHhhPWZvbzs=", &decoded), TALOS_PARSE);
    CHECK(strcmp(talos_last_error_message(), "invalid value \"\"") == 0);
    CHECK_STATUS(talos_meta_values_decode(NULL, &decoded), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_meta_values_decode("", NULL), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_meta_values_decode("", &decoded), TALOS_OK);
    CHECK(talos_meta_values_count(decoded) == 0);
    talos_meta_values_free(decoded);
}

static void test_network_config(void) {
    const char *yaml = "links:\n  - name: eth0\n    up: true\n    type: ether\n    layer: platform\n";
    char *out = NULL;
    CHECK_STATUS(talos_meta_network_config_normalize((const uint8_t *)yaml, strlen(yaml), false, &out), TALOS_OK);
    CHECK(out && strstr(out, "name: eth0") && strstr(out, "externalIPs: []"));
    talos_string_free(out);

    const char *unknown = "links: []\nsurprise: 1\n";
    CHECK_STATUS(talos_meta_network_config_normalize((const uint8_t *)unknown, strlen(unknown), false, &out), TALOS_OK);
    talos_string_free(out);
    CHECK_STATUS(talos_meta_network_config_normalize((const uint8_t *)unknown, strlen(unknown), true, &out), TALOS_PARSE);
    CHECK(last_error_contains("surprise"));

    const char *bad = "links: [{type: nonsense}]\n";
    CHECK_STATUS(talos_meta_network_config_normalize((const uint8_t *)bad, strlen(bad), false, &out), TALOS_PARSE);
    CHECK_STATUS(talos_meta_network_config_normalize(NULL, 3, false, &out), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_meta_network_config_normalize((const uint8_t *)yaml, strlen(yaml), false, NULL), TALOS_NULL_ARGUMENT);
    const uint8_t not_utf8[] = {0xff, 0xfe, 0xfd, 0x00, 0x41};
    CHECK_STATUS(talos_meta_network_config_normalize(not_utf8, sizeof not_utf8, false, &out), TALOS_PARSE);
}

static void cleanup(void) {
    const char *names[] = {"meta.img", "errors.img", "corrupt.img", "small.img"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        unlink(path_in_dir(names[i]));
    }
    rmdir(dir);
}

int main(void) {
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 2;
    }
    test_basics();
    test_meta_round_trip();
    test_meta_errors();
    test_parse_key();
    test_values();
    test_network_config();
    cleanup();
    return report("test_talos_kit");
}
