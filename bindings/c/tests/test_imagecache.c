/* The C tests of the image-cache exports: sample images written into an OCI layout become
 * a flat cache (created twice: the rerun fetches nothing), which verifies clean, answers
 * registryd lookups (200 with the digest, 404, 400, traversal refused), packs and unpacks,
 * and once a blob is corrupted verifies with a problem. Every NULL argument and bad request
 * is refused with its status. Run by check.sh under AddressSanitizer (static library) and
 * valgrind (shared library). */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

static char dir[] = "/tmp/talos-kit-imagecache-XXXXXX";

static char *path_in_dir(const char *name) {
    static char paths[8][512];
    static int next;
    char *path = paths[next++ % 8];
    snprintf(path, sizeof paths[0], "%s/%s", dir, name);
    return path;
}

static const talos_buffer EMPTY = {NULL, 0};

/* Whether the buffer holds `text` anywhere (buffers are not NUL-terminated). */
static int buffer_contains(talos_buffer buffer, const char *text) {
    size_t len = strlen(text);
    for (size_t i = 0; len <= buffer.len && i <= buffer.len - len; i++) {
        if (memcmp(buffer.data + i, text, len) == 0) {
            return 1;
        }
    }
    return 0;
}

static int buffer_starts_with(talos_buffer buffer, const char *text) {
    size_t len = strlen(text);
    return buffer.len >= len && memcmp(buffer.data, text, len) == 0;
}

/* Copies the string value following the first `"key":"` into `out` (NUL-terminated);
 * returns 0 when the key is missing or the value does not fit. */
static int json_string(talos_buffer buffer, const char *key, char *out, size_t cap) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
    size_t len = strlen(pattern);
    for (size_t i = 0; len <= buffer.len && i <= buffer.len - len; i++) {
        if (memcmp(buffer.data + i, pattern, len) == 0) {
            size_t start = i + len, n = 0;
            while (start + n < buffer.len && buffer.data[start + n] != '"') {
                n++;
            }
            if (n + 1 > cap || start + n == buffer.len) {
                return 0;
            }
            memcpy(out, buffer.data + start, n);
            out[n] = '\0';
            return 1;
        }
    }
    return 0;
}

/* Runs a lookup and returns its JSON answer (the caller frees it); EMPTY on failure. */
static talos_buffer lookup(const char *const *roots, size_t roots_len, const char *path,
                           const char *ns) {
    talos_buffer out = EMPTY;
    CHECK_STATUS(talos_imagecache_lookup(roots, roots_len, path, ns, &out), TALOS_OK);
    return out;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* Flips the first byte of a file; returns 0 when it cannot. */
static int corrupt_file(const char *path) {
    FILE *f = fopen(path, "r+b");
    if (!f) {
        return 0;
    }
    int c = fgetc(f);
    int ok = c != EOF && fseek(f, 0, SEEK_SET) == 0 && fputc(c ^ 0xff, f) != EOF;
    return fclose(f) == 0 && ok;
}

static const char *SAMPLES =
    "[{\"ref_name\":\"ghcr.io/siderolabs/demo:v1\",\"seed\":1},"
    "{\"ref_name\":\"ghcr.io/siderolabs/multi:v2\",\"platforms\":[\"linux/amd64\",\"linux/arm64\"],"
    "\"layers\":2,\"layer_size\":4096,\"seed\":2}]";

static char demo_digest[80], layer_digest[80];

static void test_null_arguments(void) {
    talos_buffer out = EMPTY;
    const char *roots[] = {"/nonexistent", NULL};
    CHECK_STATUS(talos_imagecache_create(NULL, "{}", &out), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_imagecache_create("/tmp/x", NULL, &out), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_imagecache_create("/tmp/x", "{}", NULL), TALOS_NULL_ARGUMENT);
    CHECK(last_error_contains("report_out is NULL"));
    CHECK_STATUS(talos_imagecache_verify(NULL, 1, &out), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_imagecache_verify("/tmp", 1, NULL), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_imagecache_lookup(NULL, 1, "a/manifests/b", NULL, &out), TALOS_NULL_ARGUMENT);
    CHECK(last_error_contains("roots is NULL"));
    CHECK_STATUS(talos_imagecache_lookup(roots, 2, "a/manifests/b", NULL, &out), TALOS_NULL_ARGUMENT);
    CHECK(last_error_contains("roots[1] is NULL"));
    CHECK_STATUS(talos_imagecache_lookup(roots, 1, NULL, NULL, &out), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_imagecache_lookup(roots, 1, "a/manifests/b", NULL, NULL), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_imagecache_lookup(roots, SIZE_MAX, "a/manifests/b", NULL, &out),
                 TALOS_INVALID_ARGUMENT);
    CHECK_STATUS(talos_imagecache_pack(NULL, "/tmp/y", NULL, &out), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_imagecache_pack("/tmp", NULL, NULL, &out), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_imagecache_pack("/tmp", "/tmp/y", NULL, NULL), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_imagecache_unpack(NULL, NULL, "/tmp/y", &out), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_imagecache_unpack("/tmp", NULL, NULL, &out), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_imagecache_unpack("/tmp", NULL, "/tmp/y", NULL), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_imagecache_default_images(NULL, NULL, &out), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_imagecache_default_images("1.13", NULL, NULL), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_imagecache_write_sample_layout(NULL, "[]", &out), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_imagecache_write_sample_layout("/tmp/y", NULL, &out), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_imagecache_write_sample_layout("/tmp/y", "[]", NULL), TALOS_NULL_ARGUMENT);
    /* Failures leave the out-parameter alone. */
    CHECK(out.data == NULL && out.len == 0);
    /* Non-UTF-8 strings are refused, not crashed on. */
    CHECK_STATUS(talos_imagecache_verify("/tmp/\xff", 1, &out), TALOS_INVALID_UTF8);
}

static void test_sample_layout(void) {
    talos_buffer out = EMPTY;
    CHECK_STATUS(talos_imagecache_write_sample_layout(path_in_dir("layout"), SAMPLES, &out),
                 TALOS_OK);
    CHECK(buffer_starts_with(out, "[{\"ref_name\":\"ghcr.io/siderolabs/demo:v1\""));
    CHECK(json_string(out, "digest", demo_digest, sizeof demo_digest));
    CHECK(strlen(demo_digest) == 71 && strncmp(demo_digest, "sha256:", 7) == 0);
    char media_type[80];
    CHECK(json_string(out, "media_type", media_type, sizeof media_type));
    CHECK(strcmp(media_type, "application/vnd.oci.image.manifest.v1+json") == 0);
    /* The first image's blobs are its layer, then its config. */
    const char *blobs = "\"blobs\":[\"";
    int found = 0;
    for (size_t i = 0; i + strlen(blobs) + 71 <= out.len && !found; i++) {
        if (memcmp(out.data + i, blobs, strlen(blobs)) == 0) {
            memcpy(layer_digest, out.data + i + strlen(blobs), 71);
            layer_digest[71] = '\0';
            found = 1;
        }
    }
    CHECK(found && strncmp(layer_digest, "sha256:", 7) == 0);
    /* The two-platform image is an index with two children. */
    CHECK(buffer_contains(out, "\"media_type\":\"application/vnd.oci.image.index.v1+json\""));
    CHECK(buffer_contains(out, "{\"platform\":\"linux/arm64\",\"digest\":\"sha256:"));
    talos_buffer_free(out);

    out = EMPTY;
    CHECK_STATUS(talos_imagecache_write_sample_layout(path_in_dir("bad"), "{", &out), TALOS_PARSE);
    CHECK(last_error_contains("images_json"));
    CHECK_STATUS(talos_imagecache_write_sample_layout(
                     path_in_dir("bad"), "[{\"ref_name\":\"x:1\",\"platforms\":[\"linux\"]}]", &out),
                 TALOS_INVALID_ARGUMENT);
    CHECK_STATUS(talos_imagecache_write_sample_layout(
                     path_in_dir("bad"), "[{\"ref_name\":\"x:1\",\"layer_size\":1000000000}]", &out),
                 TALOS_INVALID_ARGUMENT);
    CHECK_STATUS(talos_imagecache_write_sample_layout(
                     path_in_dir("bad"), "[{\"ref_name\":\"x:1\",\"colour\":\"red\"}]", &out),
                 TALOS_PARSE);
    CHECK(out.data == NULL);
}

static void test_create(void) {
    char request[1024];
    snprintf(request, sizeof request,
             "{\"images\":[\"ghcr.io/siderolabs/demo:v1\",\"ghcr.io/siderolabs/multi:v2\"],"
             "\"layouts\":[\"%s\"],\"platforms\":\"linux/amd64,linux/arm64\",\"jobs\":2}",
             path_in_dir("layout"));
    talos_buffer out = EMPTY;
    CHECK_STATUS(talos_imagecache_create(path_in_dir("cache"), request, &out), TALOS_OK);
    /* demo: manifest, config, layer; multi: index + 2 manifests, 2 configs, 4 layers. */
    CHECK(buffer_contains(out, "\"images\":2"));
    CHECK(buffer_contains(out, "\"manifests\":4"));
    CHECK(buffer_contains(out, "\"blobs_written\":8"));
    CHECK(buffer_contains(out, "\"blobs_present\":0"));
    CHECK(buffer_contains(out, "\"signatures\":0"));
    talos_buffer_free(out);

    /* A rerun resumes: everything is there and verified, nothing is fetched. */
    out = EMPTY;
    CHECK_STATUS(talos_imagecache_create(path_in_dir("cache"), request, &out), TALOS_OK);
    CHECK(buffer_contains(out, "\"blobs_written\":0"));
    CHECK(buffer_contains(out, "\"blobs_present\":8"));
    CHECK(buffer_contains(out, "\"bytes_written\":0"));
    talos_buffer_free(out);

    /* A layout of one repository, annotated with bare tags, and a platform list. */
    out = EMPTY;
    CHECK_STATUS(talos_imagecache_write_sample_layout(path_in_dir("tagged"),
                                                      "[{\"ref_name\":\"v3\",\"seed\":3}]", &out),
                 TALOS_OK);
    talos_buffer_free(out);
    snprintf(request, sizeof request,
             "{\"images\":[\"docker.io/library/tagged:v3\"],\"layouts\":[\"tagged=%s\"],"
             "\"platforms\":[\"linux/amd64\"],\"cosign_signatures\":false}",
             path_in_dir("tagged"));
    out = EMPTY;
    CHECK_STATUS(talos_imagecache_create(path_in_dir("cache2"), request, &out), TALOS_OK);
    CHECK(buffer_contains(out, "\"images\":1"));
    CHECK(buffer_contains(out, "\"blobs_linked\":0"));
    talos_buffer_free(out);

    /* Hard links instead of copies: every blob, each still digest-checked. */
    snprintf(request, sizeof request,
             "{\"images\":[\"ghcr.io/siderolabs/demo:v1\"],\"layouts\":[\"%s\"],\"link\":true}",
             path_in_dir("layout"));
    out = EMPTY;
    CHECK_STATUS(talos_imagecache_create(path_in_dir("linked"), request, &out), TALOS_OK);
    CHECK(buffer_contains(out, "\"blobs_written\":2"));
    CHECK(buffer_contains(out, "\"blobs_linked\":2"));
    talos_buffer_free(out);

    /* Refusals. */
    out = EMPTY;
    snprintf(request, sizeof request, "{\"images\":[\"ghcr.io/siderolabs/absent:v1\"],\"layouts\":[\"%s\"]}",
             path_in_dir("layout"));
    CHECK_STATUS(talos_imagecache_create(path_in_dir("cache3"), request, &out), TALOS_NOT_FOUND);
    CHECK(last_error_contains("ghcr.io/siderolabs/absent:v1"));
    snprintf(request, sizeof request,
             "{\"images\":[\"ghcr.io/siderolabs/multi:v2\"],\"layouts\":[\"%s\"],\"platforms\":\"linux/s390x\"}",
             path_in_dir("layout"));
    CHECK_STATUS(talos_imagecache_create(path_in_dir("cache3"), request, &out), TALOS_NOT_FOUND);
    CHECK(last_error_contains("linux/s390x"));
    CHECK_STATUS(talos_imagecache_create(path_in_dir("cache3"),
                                         "{\"images\":[\"ghcr.io/x:1\"],\"platforms\":\"linux\"}", &out),
                 TALOS_INVALID_ARGUMENT);
    CHECK(last_error_contains("invalid platform"));
    CHECK_STATUS(talos_imagecache_create(path_in_dir("cache3"), "{\"images\":[\"Bad/Name:1\"]}", &out),
                 TALOS_INVALID_ARGUMENT);
    CHECK_STATUS(talos_imagecache_create(path_in_dir("cache3"), "{\"images\":[]}", &out),
                 TALOS_INVALID_ARGUMENT);
    CHECK_STATUS(talos_imagecache_create(path_in_dir("cache3"), "{\"image\":[\"a:1\"]}", &out),
                 TALOS_PARSE);
    CHECK_STATUS(talos_imagecache_create(path_in_dir("cache3"), "not json", &out), TALOS_PARSE);
    CHECK_STATUS(talos_imagecache_create(path_in_dir("cache3"),
                                         "{\"images\":[\"a:1\"],\"layouts\":[\"/nonexistent-layout\"]}",
                                         &out),
                 TALOS_NOT_FOUND);
    /* Without layouts the images come from registries: nothing listens on port 1. */
    CHECK_STATUS(talos_imagecache_create(path_in_dir("cache3"),
                                         "{\"images\":[\"127.0.0.1:1/absent/image:v1\"],\"insecure\":true}",
                                         &out),
                 TALOS_IO);
    CHECK(last_error_contains("127.0.0.1:1"));
    CHECK_STATUS(talos_imagecache_create(path_in_dir("cache3"),
                                         "{\"images\":[\"127.0.0.1:1/absent/image:v1\"],"
                                         "\"docker_config\":\"/nonexistent/config.json\"}",
                                         &out),
                 TALOS_NOT_FOUND);
    CHECK(last_error_contains("/nonexistent/config.json"));
    CHECK(out.data == NULL);
}

static void test_verify(void) {
    talos_buffer out = EMPTY;
    CHECK_STATUS(talos_imagecache_verify(path_in_dir("cache"), 2, &out), TALOS_OK);
    CHECK(buffer_contains(out, "\"blobs\":8"));
    CHECK(buffer_contains(out, "\"problems\":[]"));
    CHECK(buffer_contains(out, "\"ghcr.io/siderolabs/demo\""));
    talos_buffer_free(out);
    /* 0 jobs: one per CPU. */
    out = EMPTY;
    CHECK_STATUS(talos_imagecache_verify(path_in_dir("cache"), 0, &out), TALOS_OK);
    CHECK(buffer_contains(out, "\"problems\":[]"));
    talos_buffer_free(out);
    out = EMPTY;
    CHECK_STATUS(talos_imagecache_verify(path_in_dir("no-such-cache"), 1, &out), TALOS_NOT_FOUND);
    CHECK(out.data == NULL);
}

static void test_lookup(void) {
    const char *roots[] = {path_in_dir("cache")};
    char path[256], value[512];

    /* A tag, with containerd's ns and without (the registry is then found by a scan). */
    talos_buffer out = lookup(roots, 1, "siderolabs/demo/manifests/v1", "ghcr.io");
    CHECK(buffer_starts_with(out, "{\"status\":200,"));
    CHECK(json_string(out, "digest", value, sizeof value) && strcmp(value, demo_digest) == 0);
    CHECK(json_string(out, "media_type", value, sizeof value) &&
          strcmp(value, "application/vnd.oci.image.manifest.v1+json") == 0);
    CHECK(buffer_contains(out, "\"kind\":\"manifest\""));
    CHECK(buffer_contains(out, "\"error\":null"));
    CHECK(json_string(out, "path", value, sizeof value) && strstr(value, "/manifests/ghcr.io/") != NULL);
    talos_buffer_free(out);
    out = lookup(roots, 1, "siderolabs/demo/manifests/v1", NULL);
    CHECK(buffer_starts_with(out, "{\"status\":200,"));
    CHECK(json_string(out, "digest", value, sizeof value) && strcmp(value, demo_digest) == 0);
    talos_buffer_free(out);
    out = lookup(roots, 1, "siderolabs/demo/manifests/v1", "");
    CHECK(buffer_starts_with(out, "{\"status\":200,"));
    talos_buffer_free(out);

    /* By digest, and a blob (no media type: registryd leaves blobs to sniffing). */
    snprintf(path, sizeof path, "siderolabs/demo/manifests/%s", demo_digest);
    out = lookup(roots, 1, path, "ghcr.io");
    CHECK(buffer_starts_with(out, "{\"status\":200,"));
    talos_buffer_free(out);
    snprintf(path, sizeof path, "siderolabs/demo/blobs/%s", layer_digest);
    out = lookup(roots, 1, path, "ghcr.io");
    CHECK(buffer_starts_with(out, "{\"status\":200,"));
    CHECK(buffer_contains(out, "\"kind\":\"blob\""));
    CHECK(buffer_contains(out, "\"media_type\":null"));
    CHECK(json_string(out, "digest", value, sizeof value) && strcmp(value, layer_digest) == 0);
    talos_buffer_free(out);

    /* Per-file fallback: a first root without the file. */
    const char *two[] = {path_in_dir("cache2"), path_in_dir("cache")};
    out = lookup(two, 2, "siderolabs/demo/manifests/v1", "ghcr.io");
    CHECK(buffer_starts_with(out, "{\"status\":200,"));
    CHECK(json_string(out, "path", value, sizeof value) && strncmp(value, path_in_dir("cache/"), strlen(path_in_dir("cache/"))) == 0);
    talos_buffer_free(out);

    /* Misses are answers: TALOS_OK with 404 and the reason. */
    out = lookup(roots, 1, "siderolabs/demo/manifests/v9", "ghcr.io");
    CHECK(buffer_starts_with(out, "{\"status\":404,"));
    CHECK(buffer_contains(out, "\"digest\":null"));
    CHECK(buffer_contains(out, "not found"));
    talos_buffer_free(out);
    out = lookup(roots, 1, "siderolabs/demo/tags/list", "ghcr.io");
    CHECK(buffer_starts_with(out, "{\"status\":404,"));
    talos_buffer_free(out);
    out = lookup(NULL, 0, "siderolabs/demo/manifests/v1", "ghcr.io");
    CHECK(buffer_starts_with(out, "{\"status\":404,"));
    talos_buffer_free(out);

    /* Bad names are 400; traversal never reaches a file. */
    out = lookup(roots, 1, "Siderolabs/Demo/manifests/v1", "ghcr.io");
    CHECK(buffer_starts_with(out, "{\"status\":400,"));
    talos_buffer_free(out);
    out = lookup(roots, 1, "../../../etc/manifests/passwd", "ghcr.io");
    CHECK(buffer_starts_with(out, "{\"status\":400,") || buffer_starts_with(out, "{\"status\":404,"));
    talos_buffer_free(out);
    out = lookup(roots, 1, "siderolabs/demo/manifests/..%2f..%2fblob", "ghcr.io");
    CHECK(buffer_starts_with(out, "{\"status\":400,") || buffer_starts_with(out, "{\"status\":404,"));
    talos_buffer_free(out);
    out = lookup(roots, 1, "siderolabs/demo/blobs/sha256:../../../etc/passwd", "ghcr.io");
    CHECK(buffer_starts_with(out, "{\"status\":400,") || buffer_starts_with(out, "{\"status\":404,"));
    CHECK(!buffer_contains(out, "\"status\":200"));
    talos_buffer_free(out);
    out = lookup(roots, 1, "siderolabs/demo/manifests/v1", "../..");
    CHECK(buffer_starts_with(out, "{\"status\":400,") || buffer_starts_with(out, "{\"status\":404,"));
    talos_buffer_free(out);
}

static void test_pack_unpack(void) {
    talos_buffer out = EMPTY;
    CHECK_STATUS(talos_imagecache_pack(path_in_dir("cache"), path_in_dir("packed"), "amd64,arm64", &out),
                 TALOS_OK);
    CHECK(buffer_contains(out, "\"manifest\":\"sha256:"));
    CHECK(buffer_contains(out, "\"files\":"));
    talos_buffer_free(out);
    out = EMPTY;
    CHECK_STATUS(talos_imagecache_pack(path_in_dir("cache"), path_in_dir("packed"), NULL, &out),
                 TALOS_ALREADY_EXISTS);
    CHECK_STATUS(talos_imagecache_pack(path_in_dir("cache"), path_in_dir("packed2"), "amd64,", &out),
                 TALOS_INVALID_ARGUMENT);

    CHECK_STATUS(talos_imagecache_unpack(path_in_dir("packed"), "arm64", path_in_dir("unpacked"), &out),
                 TALOS_OK);
    CHECK(buffer_contains(out, "\"bytes\":"));
    talos_buffer_free(out);
    out = EMPTY;
    CHECK_STATUS(talos_imagecache_verify(path_in_dir("unpacked"), 1, &out), TALOS_OK);
    CHECK(buffer_contains(out, "\"blobs\":8"));
    CHECK(buffer_contains(out, "\"problems\":[]"));
    talos_buffer_free(out);
    out = EMPTY;
    CHECK_STATUS(talos_imagecache_unpack(path_in_dir("packed"), "s390x", path_in_dir("unpacked2"), &out),
                 TALOS_NOT_FOUND);
    CHECK_STATUS(talos_imagecache_unpack(path_in_dir("packed"), NULL, path_in_dir("unpacked"), &out),
                 TALOS_ALREADY_EXISTS);
    CHECK(out.data == NULL);
}

static void test_corrupt(void) {
    char blob[512];
    snprintf(blob, sizeof blob, "%s/blob/sha256-%s", path_in_dir("cache"), layer_digest + 7);
    CHECK(corrupt_file(blob));
    talos_buffer out = EMPTY;
    /* Problems are a report, not a failure. */
    CHECK_STATUS(talos_imagecache_verify(path_in_dir("cache"), 2, &out), TALOS_OK);
    CHECK(!buffer_contains(out, "\"problems\":[]"));
    CHECK(buffer_contains(out, "\"kind\":\"corrupt\""));
    CHECK(buffer_contains(out, layer_digest + 7));
    talos_buffer_free(out);

    /* A tag whose manifest is gone is a 500 for registryd and a problem for verify. */
    char manifest[512];
    snprintf(manifest, sizeof manifest, "%s/manifests/ghcr.io/siderolabs/demo/digest/sha256-%s",
             path_in_dir("cache"), demo_digest + 7);
    CHECK(remove(manifest) == 0);
    const char *roots[] = {path_in_dir("cache")};
    out = lookup(roots, 1, "siderolabs/demo/manifests/v1", "ghcr.io");
    CHECK(buffer_starts_with(out, "{\"status\":500,"));
    talos_buffer_free(out);
    out = EMPTY;
    CHECK_STATUS(talos_imagecache_verify(path_in_dir("cache"), 1, &out), TALOS_OK);
    CHECK(buffer_contains(out, "\"kind\":\"dangling_tag\""));
    talos_buffer_free(out);
}

static void test_default_images(void) {
    talos_buffer out = EMPTY;
    CHECK_STATUS(talos_imagecache_default_images("1.13", NULL, &out), TALOS_OK);
    CHECK(buffer_starts_with(out, "[\"ghcr.io/siderolabs/flannel:"));
    CHECK(buffer_contains(out, "/kubelet:v"));
    talos_buffer_free(out);
    out = EMPTY;
    CHECK_STATUS(talos_imagecache_default_images("v1.13.2", "{\"kubernetes\":\"1.34.1\"}", &out), TALOS_OK);
    CHECK(buffer_contains(out, "/kubelet:v1.34.1\""));
    talos_buffer_free(out);
    out = EMPTY;
    CHECK_STATUS(talos_imagecache_default_images("1.2", NULL, &out), TALOS_NOT_FOUND);
    CHECK_STATUS(talos_imagecache_default_images("one.two", NULL, &out), TALOS_INVALID_ARGUMENT);
    CHECK_STATUS(talos_imagecache_default_images("1.12", "{\"etcd\":\"3.6.0\"}", &out),
                 TALOS_INVALID_ARGUMENT);
    CHECK_STATUS(talos_imagecache_default_images("1.13", "{\"kubelet\":\"1\"}", &out), TALOS_PARSE);
    CHECK(out.data == NULL);
}

int main(void) {
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 2;
    }
    test_null_arguments();
    test_sample_layout();
    test_create();
    test_verify();
    test_lookup();
    test_pack_unpack();
    test_corrupt();
    test_default_images();
    nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    return report("test_imagecache");
}
