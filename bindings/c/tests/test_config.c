/* The C tests of the machine-configuration exports: a `talosctl gen config` file of Talos'
 * own corpus loads, re-encodes byte for byte and shows each document; bad input gives
 * Talos' error texts; every NULL and impossible argument is refused. Run by check.sh under
 * AddressSanitizer (static library) and valgrind (shared library). The corpus directory
 * comes from $TALOS_CORPUS (check.sh sets it). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static const char *CORPUS_FILE =
    "pkg/machinery/config/types/v1alpha1/testdata/stability/v1.14/base-controlplane.yaml";

static const char *KUBELET_JSON =
    "{\"kind\":\"KubeletConfig\",\"api_version\":\"v1alpha1\",\"name\":\"\",\"since\":\"1.14\","
    "\"spec\":{\"apiVersion\":\"v1alpha1\",\"kind\":\"KubeletConfig\","
    "\"image\":\"ghcr.io/siderolabs/kubelet:v1.28.0\",\"config\":{},"
    "\"defaultRuntimeSeccompProfileEnabled\":true}}";
static const char *KUBELET_YAML = "apiVersion: v1alpha1\n"
                                  "kind: KubeletConfig\n"
                                  "image: ghcr.io/siderolabs/kubelet:v1.28.0\n"
                                  "config: {}\n"
                                  "defaultRuntimeSeccompProfileEnabled: true\n";
static const char *VOLUME_JSON =
    "{\"kind\":\"VolumeConfig\",\"api_version\":\"v1alpha1\",\"name\":\"EPHEMERAL\",\"since\":\"1.8\","
    "\"spec\":{\"apiVersion\":\"v1alpha1\",\"kind\":\"VolumeConfig\",\"name\":\"EPHEMERAL\","
    "\"mount\":{\"secure\":true}}}";
static const char *LEGACY_JSON_START =
    "{\"kind\":\"v1alpha1\",\"api_version\":\"\",\"name\":\"\",\"since\":\"1.0\","
    "\"spec\":{\"version\":\"v1alpha1\",\"debug\":false,\"persist\":true,"
    "\"machine\":{\"type\":\"controlplane\",";
static const char *BOGUS_YAML = "apiVersion: v1alpha1\nkind: Bogus\n";
static const char *BOGUS_ERROR =
    "error decoding document v1alpha1/Bogus/ (line 1): \"Bogus\" \"v1alpha1\": not registered";

/* Reads a whole file into a malloc'ed buffer; NULL when it cannot. */
static uint8_t *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    uint8_t *data = malloc(cap);
    size_t got;
    while ((got = fread(data + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            data = realloc(data, cap);
        }
    }
    fclose(f);
    *len = n;
    return data;
}

static int buffer_is(talos_buffer buffer, const char *text) {
    size_t len = strlen(text);
    return buffer.len == len && (len == 0 || memcmp(buffer.data, text, len) == 0);
}

static int buffer_starts_with(talos_buffer buffer, const char *text) {
    size_t len = strlen(text);
    return buffer.len >= len && memcmp(buffer.data, text, len) == 0;
}

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

static size_t count_in(talos_buffer buffer, const char *text) {
    size_t len = strlen(text), count = 0;
    for (size_t i = 0; len <= buffer.len && i <= buffer.len - len; i++) {
        count += memcmp(buffer.data + i, text, len) == 0;
    }
    return count;
}

static talos_config *load_text(const char *yaml) {
    talos_config *config = NULL;
    CHECK_STATUS(talos_config_load((const uint8_t *)yaml, strlen(yaml), &config), TALOS_OK);
    return config;
}

static void test_basics(void) {
    talos_config_free(NULL);
    CHECK(strcmp(talos_status_name(TALOS_PARSE), "TALOS_PARSE") == 0);

    /* The registry: 89 kinds, each with its name, identity, release and Go type. */
    talos_buffer kinds = {0};
    CHECK_STATUS(talos_config_kinds_json(&kinds), TALOS_OK);
    CHECK(buffer_starts_with(kinds, "[{\"kind\":\"BGPInstanceConfig\",\"named\":true,\"since\":\"1.14\","
                                    "\"go_type\":\"network.BGPInstanceConfigV1Alpha1\"},"));
    CHECK(buffer_contains(kinds, "{\"kind\":\"KubeletConfig\",\"named\":false,\"since\":\"1.14\","
                                 "\"go_type\":\"k8s.KubeletConfigV1Alpha1\"}"));
    CHECK(buffer_contains(kinds, "{\"kind\":\"VolumeConfig\",\"named\":true,\"since\":\"1.8\","
                                 "\"go_type\":\"block.VolumeConfigV1Alpha1\"}"));
    CHECK(count_in(kinds, "\"kind\":") == 89);
    CHECK(!buffer_contains(kinds, "\"kind\":\"v1alpha1\""));
    talos_buffer_free(kinds);
    CHECK_STATUS(talos_config_kinds_json(NULL), TALOS_NULL_ARGUMENT);
}

static void test_corpus_file(const char *corpus) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", corpus, CORPUS_FILE);
    size_t len = 0;
    uint8_t *file = read_file(path, &len);
    CHECK(file != NULL && len > 0);
    if (!file) {
        fprintf(stderr, "cannot read %s (set TALOS_CORPUS)\n", path);
        return;
    }

    talos_config *config = NULL;
    CHECK_STATUS(talos_config_load(file, len, &config), TALOS_OK);
    CHECK(config != NULL);

    /* Talos' encoder wrote this file: the canonical encoding is the file, byte for byte. */
    talos_buffer encoded = {0}, original = {0};
    CHECK_STATUS(talos_config_encode(config, &encoded), TALOS_OK);
    CHECK(encoded.len == len && memcmp(encoded.data, file, len) == 0);
    CHECK_STATUS(talos_config_bytes(config, &original), TALOS_OK);
    CHECK(original.len == len && memcmp(original.data, file, len) == 0);
    talos_buffer_free(original);

    size_t count = 0;
    CHECK_STATUS(talos_config_document_count(config, &count), TALOS_OK);
    CHECK(count == 28);

    /* Every document's YAML, joined with ---, is the encoding; each JSON names its kind. */
    size_t at = 0;
    int joined = 1;
    for (size_t i = 0; i < count; i++) {
        talos_buffer yaml = {0}, json = {0};
        CHECK_STATUS(talos_config_document_yaml(config, i, &yaml), TALOS_OK);
        if (i > 0) {
            joined &= at + 4 <= encoded.len && memcmp(encoded.data + at, "---\n", 4) == 0;
            at += 4;
        }
        joined &= at + yaml.len <= encoded.len && memcmp(encoded.data + at, yaml.data, yaml.len) == 0;
        at += yaml.len;
        CHECK_STATUS(talos_config_document_json(config, i, &json), TALOS_OK);
        CHECK(buffer_starts_with(json, "{\"kind\":\"") && json.data[json.len - 1] == '}');
        talos_buffer_free(yaml);
        talos_buffer_free(json);
    }
    CHECK(joined && at == encoded.len);
    talos_buffer_free(encoded);

    /* A singleton kind: found with the empty name, shown as JSON and as Talos' YAML. */
    size_t index = 999;
    CHECK_STATUS(talos_config_find(config, "KubeletConfig", "", &index), TALOS_OK);
    CHECK(index == 10);
    talos_buffer json = {0}, yaml = {0};
    CHECK_STATUS(talos_config_document_json(config, index, &json), TALOS_OK);
    CHECK(buffer_is(json, KUBELET_JSON));
    CHECK_STATUS(talos_config_document_yaml(config, index, &yaml), TALOS_OK);
    CHECK(buffer_is(yaml, KUBELET_YAML));
    talos_buffer_free(json);
    talos_buffer_free(yaml);

    /* The legacy document: kind "v1alpha1", always first, its YAML the file's first part. */
    index = 999;
    CHECK_STATUS(talos_config_find(config, "v1alpha1", "", &index), TALOS_OK);
    CHECK(index == 0);
    CHECK_STATUS(talos_config_document_json(config, 0, &json), TALOS_OK);
    CHECK(buffer_starts_with(json, LEGACY_JSON_START));
    CHECK(buffer_contains(json, "\"cluster\":{\"token\":\"inn7ol.u4ehnti8qyls9ymo\",\"etcd\":"));
    talos_buffer_free(json);
    CHECK_STATUS(talos_config_document_yaml(config, 0, &yaml), TALOS_OK);
    const uint8_t *second = (const uint8_t *)strstr((const char *)file, "\n---\n");
    CHECK(second != NULL && yaml.len == (size_t)(second - file) + 1 && memcmp(yaml.data, file, yaml.len) == 0);
    talos_buffer_free(yaml);

    /* A named kind: the name is part of the identity. */
    CHECK_STATUS(talos_config_find(config, "VolumeConfig", "EPHEMERAL", &index), TALOS_OK);
    CHECK(index == 4);
    CHECK_STATUS(talos_config_document_json(config, index, &json), TALOS_OK);
    CHECK(buffer_is(json, VOLUME_JSON));
    talos_buffer_free(json);

    /* Absent documents and indexes past the end leave the out-parameters alone. */
    index = 999;
    talos_buffer untouched = {(uint8_t *)1, 7};
    CHECK_STATUS(talos_config_find(config, "VolumeConfig", "", &index), TALOS_NOT_FOUND);
    CHECK(last_error_contains("VolumeConfig/"));
    CHECK_STATUS(talos_config_find(config, "KubeletConfig", "x", &index), TALOS_NOT_FOUND);
    CHECK_STATUS(talos_config_find(config, "kubeletconfig", "", &index), TALOS_NOT_FOUND);
    CHECK_STATUS(talos_config_find(config, "LinkConfig", "eth0", &index), TALOS_NOT_FOUND);
    CHECK(index == 999);
    CHECK_STATUS(talos_config_document_json(config, 28, &untouched), TALOS_NOT_FOUND);
    CHECK(last_error_contains("index 28 is past the 28 documents"));
    CHECK_STATUS(talos_config_document_yaml(config, SIZE_MAX, &untouched), TALOS_NOT_FOUND);
    CHECK(untouched.data == (uint8_t *)1 && untouched.len == 7);

    /* Version skew: what an older Talos would not understand, in document order. */
    talos_buffer problems = {0};
    CHECK_STATUS(talos_config_check_version(config, "1.12", &problems), TALOS_OK);
    CHECK(buffer_starts_with(problems, "[\"DiscoveryServiceConfig/default needs Talos >= 1.14\","));
    CHECK(buffer_contains(problems, "\"KubeletConfig needs Talos >= 1.14\""));
    CHECK(!buffer_contains(problems, "HostnameConfig"));
    CHECK(buffer_contains(problems, "\"VolumeConfig/EPHEMERAL: .mount needs Talos >= 1.13\""));
    CHECK(count_in(problems, "needs Talos") == 26);
    talos_buffer_free(problems);
    CHECK_STATUS(talos_config_check_version(config, "v1.7.6", &problems), TALOS_OK);
    CHECK(buffer_contains(problems, "\"VolumeConfig/EPHEMERAL needs Talos >= 1.8\""));
    CHECK(buffer_contains(problems, "\"HostnameConfig needs Talos >= 1.12\""));
    talos_buffer_free(problems);
    CHECK_STATUS(talos_config_check_version(config, "v1.14.0-rc.1", &problems), TALOS_OK);
    CHECK(buffer_is(problems, "[]"));
    talos_buffer_free(problems);
    const char *bad_versions[] = {"1", "x", "", "1.x", "v", "1.14rc", "latest"};
    for (size_t i = 0; i < sizeof bad_versions / sizeof bad_versions[0]; i++) {
        CHECK_STATUS(talos_config_check_version(config, bad_versions[i], &untouched), TALOS_INVALID_ARGUMENT);
    }
    CHECK(last_error_contains("invalid Talos version \"latest\""));
    CHECK_STATUS(talos_config_check_version(config, "1.\xff", &untouched), TALOS_INVALID_UTF8);
    CHECK(untouched.data == (uint8_t *)1 && untouched.len == 7);

    talos_config_free(config);
    free(file);
}

static void test_load_errors(void) {
    talos_config *untouched = (talos_config *)&untouched;

    /* Talos' own texts, word for word. */
    const char *broken = "machine: [";
    CHECK_STATUS(talos_config_load((const uint8_t *)broken, strlen(broken), &untouched), TALOS_PARSE);
    CHECK(strncmp(talos_last_error_message(), "decode error: ", 14) == 0);
    CHECK(last_error_contains("did not find expected node content"));
    CHECK_STATUS(talos_config_load((const uint8_t *)BOGUS_YAML, strlen(BOGUS_YAML), &untouched), TALOS_PARSE);
    CHECK(strcmp(talos_last_error_message(), BOGUS_ERROR) == 0);
    CHECK_STATUS(talos_config_load(NULL, 0, &untouched), TALOS_PARSE);
    CHECK(strcmp(talos_last_error_message(), "config not found") == 0);
    const char *comments = "# nothing here\n---\n";
    CHECK_STATUS(talos_config_load((const uint8_t *)comments, strlen(comments), &untouched), TALOS_PARSE);
    CHECK(strcmp(talos_last_error_message(), "config not found") == 0);
    const char *list = "- a\n";
    CHECK_STATUS(talos_config_load((const uint8_t *)list, strlen(list), &untouched), TALOS_PARSE);
    CHECK(strcmp(talos_last_error_message(), "expected a YAML document at line 1") == 0);
    const char *twice = "apiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n---\n"
                        "apiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n";
    CHECK_STATUS(talos_config_load((const uint8_t *)twice, strlen(twice), &untouched), TALOS_PARSE);
    CHECK(last_error_contains("duplicate"));
    const char *unknown = "apiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\nbogus: 1\n";
    CHECK_STATUS(talos_config_load((const uint8_t *)unknown, strlen(unknown), &untouched), TALOS_PARSE);
    CHECK(last_error_contains("HostnameConfig") && last_error_contains("bogus"));
    const uint8_t not_utf8[] = {0xff, 0xfe, 0x00, 0x41};
    CHECK_STATUS(talos_config_load(not_utf8, sizeof not_utf8, &untouched), TALOS_PARSE);

    /* NULLs and impossible lengths. */
    const char *good = "apiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n";
    CHECK_STATUS(talos_config_load(NULL, 5, &untouched), TALOS_NULL_ARGUMENT);
    CHECK(last_error_contains("yaml is NULL"));
    CHECK_STATUS(talos_config_load((const uint8_t *)good, SIZE_MAX, &untouched), TALOS_INVALID_ARGUMENT);
    CHECK_STATUS(talos_config_load((const uint8_t *)good, strlen(good), NULL), TALOS_NULL_ARGUMENT);
    CHECK(untouched == (talos_config *)&untouched);
}

static void test_small_config(void) {
    /* A legacy document after others still comes first; comments and flow style survive
     * in the original bytes only. */
    const char *yaml = "# a comment\n"
                       "apiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n"
                       "---\n"
                       "version: v1alpha1\nmachine: {type: worker}\n";
    talos_config *config = load_text(yaml);
    size_t count = 0, index = 9;
    CHECK_STATUS(talos_config_document_count(config, &count), TALOS_OK);
    CHECK(count == 2);
    CHECK_STATUS(talos_config_find(config, "HostnameConfig", "", &index), TALOS_OK);
    CHECK(index == 1);
    talos_buffer encoded = {0}, original = {0};
    CHECK_STATUS(talos_config_encode(config, &encoded), TALOS_OK);
    /* Go's encoder writes the legacy document's non-omitempty fields too. */
    CHECK(buffer_is(encoded, "version: v1alpha1\nmachine:\n    type: worker\n    token: \"\"\n"
                             "    certSANs: []\ncluster: null\n---\n"
                             "apiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n"));
    CHECK_STATUS(talos_config_bytes(config, &original), TALOS_OK);
    CHECK(buffer_is(original, yaml));
    talos_buffer_free(encoded);
    talos_buffer_free(original);
    talos_buffer problems = {0};
    CHECK_STATUS(talos_config_check_version(config, "1.11", &problems), TALOS_OK);
    CHECK(buffer_is(problems, "[\"HostnameConfig needs Talos >= 1.12\"]"));
    talos_buffer_free(problems);

    /* NULL configurations, out-parameters and strings. */
    talos_buffer untouched = {(uint8_t *)1, 7};
    size_t size_untouched = 7;
    CHECK_STATUS(talos_config_encode(NULL, &untouched), TALOS_NULL_ARGUMENT);
    CHECK(last_error_contains("config is NULL"));
    CHECK_STATUS(talos_config_encode(config, NULL), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_config_bytes(NULL, &untouched), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_config_bytes(config, NULL), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_config_document_count(NULL, &size_untouched), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_config_document_count(config, NULL), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_config_document_json(NULL, 0, &untouched), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_config_document_json(config, 0, NULL), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_config_document_yaml(NULL, 0, &untouched), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_config_document_yaml(config, 0, NULL), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_config_find(NULL, "HostnameConfig", "", &size_untouched), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_config_find(config, NULL, "", &size_untouched), TALOS_NULL_ARGUMENT);
    CHECK(last_error_contains("kind is NULL"));
    CHECK_STATUS(talos_config_find(config, "HostnameConfig", NULL, &size_untouched), TALOS_NULL_ARGUMENT);
    CHECK(last_error_contains("name is NULL"));
    CHECK_STATUS(talos_config_find(config, "HostnameConfig", "", NULL), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_config_find(config, "Hostname\xff", "", &size_untouched), TALOS_INVALID_UTF8);
    CHECK_STATUS(talos_config_find(config, "HostnameConfig", "\xc3", &size_untouched), TALOS_INVALID_UTF8);
    CHECK_STATUS(talos_config_check_version(NULL, "1.12", &untouched), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_config_check_version(config, NULL, &untouched), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_config_check_version(config, "1.12", NULL), TALOS_NULL_ARGUMENT);
    CHECK(untouched.data == (uint8_t *)1 && untouched.len == 7 && size_untouched == 7);

    /* A success clears the last error. */
    CHECK_STATUS(talos_config_document_count(config, &count), TALOS_OK);
    CHECK(strcmp(talos_last_error_message(), "") == 0);
    talos_config_free(config);
}

/* Validation, as talosctl validate: the verdict as JSON, Go's texts, strict mode. */
static void test_validate(void) {
    const char *worker = "version: v1alpha1\nmachine:\n    type: join\n    token: abc\n    ca:\n"
                         "        crt: YWJj\n    install:\n        disk: /dev/sda\ncluster:\n"
                         "    controlPlane:\n        endpoint: https://10.0.0.1:6443\n"
                         "    clusterName: demo\n    network:\n        dnsDomain: cluster.local\n"
                         "    token: abc.def\n    ca:\n        crt: YWJj\n";
    talos_config *config = load_text(worker);
    talos_buffer report = {0};
    CHECK_STATUS(talos_config_validate(config, "metal", false, &report), TALOS_OK);
    CHECK(buffer_is(report, "{\"valid\":true,\"warnings\":[\"use \\\"worker\\\" instead of \\\"join\\\" "
                            "for machine type\"],\"errors\":[],\"error_text\":\"\"}"));
    talos_buffer_free(report);
    CHECK_STATUS(talos_config_validate(config, "cloud", true, &report), TALOS_OK);
    CHECK(buffer_starts_with(report, "{\"valid\":false,"));
    CHECK(buffer_contains(report, "\"errors\":[{\"document\":\"v1alpha1.Config\",\"path\":null,"
                                  "\"message\":\"warning: use "));
    CHECK(buffer_contains(report, "\"error_text\":\"1 error occurred:\\n\\t* v1alpha1.Config: "));
    talos_buffer_free(report);
    CHECK_STATUS(talos_config_validate(config, "container", false, &report), TALOS_OK);
    CHECK(buffer_contains(report, "{\"document\":null,\"path\":null,"
                                  "\"message\":\"hostDNS config is required in container mode\"}"));
    talos_buffer_free(report);

    talos_buffer untouched = {(uint8_t *)1, 7};
    CHECK_STATUS(talos_config_validate(config, "moon", false, &untouched), TALOS_INVALID_ARGUMENT);
    CHECK(last_error_contains("unknown mode \"moon\""));
    CHECK_STATUS(talos_config_validate(config, NULL, false, &untouched), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_config_validate(NULL, "metal", false, &untouched), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_config_validate(config, "metal", false, NULL), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_config_validate(config, "met\xff", false, &untouched), TALOS_INVALID_UTF8);
    CHECK(untouched.data == (uint8_t *)1 && untouched.len == 7);
    talos_config_free(config);
}

/* Patching, as talosctl machineconfig patch: Talos' own patcher test cases byte for byte,
 * strategic merge and JSON patches inline, Go's error texts, NULLs. */
static const char *PATCHER_DIR = "pkg/machinery/config/configpatcher/testdata";

/* Reads PATCHER_DIR/name into a patch (its data to free); an empty patch when it cannot. */
static talos_patch read_patch(const char *corpus, const char *name) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s/%s", corpus, PATCHER_DIR, name);
    size_t len = 0;
    uint8_t *data = read_file(path, &len);
    CHECK(data != NULL && len > 0);
    if (!data) {
        fprintf(stderr, "cannot read %s (set TALOS_CORPUS)\n", path);
    }
    talos_patch patch = {data, data ? len : 0};
    return patch;
}

static talos_patch text_patch(const char *text) {
    talos_patch patch = {(const uint8_t *)text, strlen(text)};
    return patch;
}

static void test_patch(const char *corpus) {
    /* Talos' mixed case: strategic and JSON patches in order, the output its expected file. */
    const char *names[] = {"apply/config.yaml",     "apply/strategic1.yaml", "apply/jsonpatch1.yaml",
                           "apply/jsonpatch2.yaml", "apply/strategic2.yaml", "apply/strategic3.yaml",
                           "apply/expected.yaml"};
    talos_patch files[7];
    for (size_t i = 0; i < 7; i++) {
        files[i] = read_patch(corpus, names[i]);
    }
    talos_buffer out = {0};
    CHECK_STATUS(talos_config_patch(files[0].data, files[0].len, files + 1, 5, &out), TALOS_OK);
    CHECK(out.len == files[6].len && memcmp(out.data, files[6].data, out.len) == 0);
    talos_buffer_free(out);
    for (size_t i = 0; i < 7; i++) {
        free((void *)files[i].data);
    }

    /* JSON patches refuse a configuration of several documents, with Go's text. */
    talos_patch multi[3] = {read_patch(corpus, "multidoc/config.yaml"),
                            read_patch(corpus, "multidoc/jsonpatch.yaml"),
                            read_patch(corpus, "multidoc/strategic1.yaml")};
    talos_buffer untouched = {(uint8_t *)1, 7};
    CHECK_STATUS(talos_config_patch(multi[0].data, multi[0].len, multi + 1, 2, &untouched),
                 TALOS_INVALID_ARGUMENT);
    CHECK(strcmp(talos_last_error_message(),
                 "JSON6902 patches are not supported for multi-document machine configuration") == 0);
    /* Strategic merge patches alone apply to it. */
    CHECK_STATUS(talos_config_patch(multi[0].data, multi[0].len, multi + 2, 1, &out), TALOS_OK);
    talos_buffer_free(out);
    for (size_t i = 0; i < 3; i++) {
        free((void *)multi[i].data);
    }

    /* Inline: a strategic merge patch gives the canonical encoding, a JSON patch (JSON or a
     * YAML list) the JSON patch library's YAML. */
    const char *worker = "version: v1alpha1\nmachine:\n  type: worker\n";
    const uint8_t *input = (const uint8_t *)worker;
    talos_patch inline_patches[3] = {
        text_patch("machine:\n  network:\n    hostname: worker-1\n"),
        text_patch("[{\"op\": \"add\", \"path\": \"/machine/network/nameservers\", \"value\": [\"1.1.1.1\"]}]"),
        text_patch("- op: replace\n  path: /machine/type\n  value: controlplane\n"),
    };
    CHECK_STATUS(talos_config_patch(input, strlen(worker), inline_patches, 1, &out), TALOS_OK);
    CHECK(buffer_is(out, "version: v1alpha1\nmachine:\n    type: worker\n    token: \"\"\n    certSANs: []\n"
                         "    network:\n        hostname: worker-1\ncluster: null\n"));
    talos_buffer_free(out);
    CHECK_STATUS(talos_config_patch(input, strlen(worker), inline_patches, 3, &out), TALOS_OK);
    CHECK(buffer_is(out, "cluster: null\nmachine:\n  certSANs: []\n  network:\n    hostname: worker-1\n"
                         "    nameservers:\n    - 1.1.1.1\n  token: \"\"\n  type: controlplane\n"
                         "version: v1alpha1\n"));
    talos_buffer_free(out);
    /* No patches: the input as it is. */
    CHECK_STATUS(talos_config_patch(input, strlen(worker), NULL, 0, &out), TALOS_OK);
    CHECK(buffer_is(out, worker));
    talos_buffer_free(out);

    /* A loaded configuration patches into a new one; the original stays. */
    talos_config *config = load_text(worker), *patched = NULL;
    CHECK_STATUS(talos_config_apply_patches(config, inline_patches, 2, &patched), TALOS_OK);
    size_t index = 9;
    CHECK_STATUS(talos_config_find(patched, "v1alpha1", "", &index), TALOS_OK);
    talos_buffer yaml = {0};
    CHECK_STATUS(talos_config_document_yaml(patched, 0, &yaml), TALOS_OK);
    CHECK(buffer_contains(yaml, "        hostname: worker-1\n        nameservers:\n            - 1.1.1.1\n"));
    talos_buffer_free(yaml);
    CHECK_STATUS(talos_config_encode(config, &yaml), TALOS_OK);
    CHECK(!buffer_contains(yaml, "hostname"));
    talos_buffer_free(yaml);
    talos_config_free(patched);

    /* Bad patches and patches that do not apply: Talos' texts. */
    talos_patch bad = text_patch("[{\"op\": \"add\"}");
    CHECK_STATUS(talos_config_patch(input, strlen(worker), &bad, 1, &untouched), TALOS_PARSE);
    CHECK(strcmp(talos_last_error_message(), "unexpected end of JSON input") == 0);
    bad = text_patch("apiVersion: v1alpha1\nkind: Bogus\n");
    CHECK_STATUS(talos_config_patch(input, strlen(worker), &bad, 1, &untouched), TALOS_PARSE);
    CHECK(last_error_contains("not registered"));
    bad = text_patch("[{\"op\": \"remove\", \"path\": \"/machine/nope\"}]");
    CHECK_STATUS(talos_config_patch(input, strlen(worker), &bad, 1, &untouched), TALOS_INVALID_ARGUMENT);
    CHECK(strncmp(talos_last_error_message(), "failure applying rfc6902 patches to talos machine config: ", 58) == 0);
    bad = text_patch("machine:\n  network:\n    hostname:\n      $patch: delete\n");
    CHECK_STATUS(talos_config_patch(input, strlen(worker), &bad, 1, &untouched), TALOS_INVALID_ARGUMENT);
    CHECK(strncmp(talos_last_error_message(), "patch delete: path 'machine.network.hostname'", 45) == 0);
    /* The input loads only for a strategic merge patch, with the loader's text. */
    CHECK_STATUS(talos_config_patch(NULL, 0, inline_patches, 1, &untouched), TALOS_PARSE);
    CHECK(strcmp(talos_last_error_message(), "config not found") == 0);
    talos_config *config_untouched = (talos_config *)&config_untouched;
    CHECK_STATUS(talos_config_apply_patches(config, &bad, 1, &config_untouched), TALOS_INVALID_ARGUMENT);

    /* NULLs and impossible lengths, before anything is read. */
    talos_patch null_text = {NULL, 4}, huge = {(const uint8_t *)worker, SIZE_MAX};
    CHECK_STATUS(talos_config_patch(input, strlen(worker), inline_patches, 1, NULL), TALOS_NULL_ARGUMENT);
    CHECK(last_error_contains("out is NULL"));
    CHECK_STATUS(talos_config_patch(NULL, 3, inline_patches, 1, &untouched), TALOS_NULL_ARGUMENT);
    CHECK(last_error_contains("input is NULL"));
    CHECK_STATUS(talos_config_patch(input, strlen(worker), NULL, 1, &untouched), TALOS_NULL_ARGUMENT);
    CHECK(last_error_contains("patches is NULL"));
    CHECK_STATUS(talos_config_patch(input, strlen(worker), &null_text, 1, &untouched), TALOS_NULL_ARGUMENT);
    CHECK(last_error_contains("patches[0] is NULL"));
    CHECK_STATUS(talos_config_patch(input, SIZE_MAX, inline_patches, 1, &untouched), TALOS_INVALID_ARGUMENT);
    CHECK_STATUS(talos_config_patch(input, strlen(worker), inline_patches, SIZE_MAX, &untouched),
                 TALOS_INVALID_ARGUMENT);
    CHECK_STATUS(talos_config_patch(input, strlen(worker), &huge, 1, &untouched), TALOS_INVALID_ARGUMENT);
    CHECK(untouched.data == (uint8_t *)1 && untouched.len == 7);
    CHECK_STATUS(talos_config_apply_patches(NULL, inline_patches, 1, &config_untouched), TALOS_NULL_ARGUMENT);
    CHECK(last_error_contains("config is NULL"));
    CHECK_STATUS(talos_config_apply_patches(config, NULL, 1, &config_untouched), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_config_apply_patches(config, inline_patches, 1, NULL), TALOS_NULL_ARGUMENT);
    CHECK(config_untouched == (talos_config *)&config_untouched);
    talos_config_free(config);
}

int main(void) {
    const char *corpus = getenv("TALOS_CORPUS");
    if (!corpus || !*corpus) {
        fprintf(stderr, "test_config: set TALOS_CORPUS to the Talos corpus directory\n");
        return 2;
    }
    test_basics();
    test_corpus_file(corpus);
    test_load_errors();
    test_small_config();
    test_validate();
    test_patch(corpus);
    return report("test_config");
}
