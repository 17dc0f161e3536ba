/* The C tests of the discovery exports: cluster keys, sealed affiliate data, endpoints and
 * node identities, with the vectors of the discovery spec (§7) and every error path. Run by
 * check.sh under AddressSanitizer (static library) and valgrind (shared library). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* Spec §7.2: the key of every crypto vector, and the GCM nonce they use. */
static const char *SECRET = "vlf2HU1NEZL3Ezi9Tk+RZBLJUbjnsHnTzs3wK9JNk6Q=";
static const char *KEY_HEX = "be57f61d4d4d1192f71338bd4e4f916412c951b8e7b079d3cecdf02bd24d93a4";
static const char *NONCE_HEX = "000102030405060708090a0b";

/* V1: a minimal Affiliate. */
static const char *V1_PB = "0a0461665f3112030102031a05686f73743122056e6f6465312a0c636f6e74726f6c706c616e65";
static const char *V1_BLOB =
    "000102030405060708090a0bcbb0e38506e7cba705cfd1d07bd00fbb5709fc032616f18dc4c4282f"
    "d14a9240cbc2af2736a67b74d27da485636e27a96a662df4d5e4f4";
/* V2: empty plaintext. */
static const char *V2_BLOB = "000102030405060708090a0b08d05f01829890e4a0b9c30222ad0691";
/* V3: the Talos test payload. */
static const char *V3_PB =
    "0a2c677671665332374c784435386c506c41536d706175656552567a756f66313669586f69655267"
    "4576425761451204c0a803041a07666f6f2e636f6d22036261722a0c636f6e74726f6c706c616e"
    "65320f54616c6f73202876312e31322e30293a4a0a2c504c504e4264646d5467484a6874773076"
    "786c7471315a4264505039524e4f455564354a6a4a5a7a4252593d1210fd508d6042386302f857"
    "23fffe21d1e01a080a040af403011018420308ab32";
static const char *V3_BLOB =
    "000102030405060708090a0bcb98e59528b08a963381aa8e4b800c984f798d6b3818e08d90bc72"
    "36cb4b800392c787243ead4c00d8bc2250d70e5d4086446c9de3eb6f77a82314df90a7c801ecbc0b"
    "9dc20e568e3f9c314992a83af3fa5b787df0f53af09d443d50bbb34a1dc0e1222c3ec1d4ba6fea5f"
    "6d771805db526f75260e0a185fe9b8b4588369a2dcd7dfd3f9780b9545b6ddf1624c142aba479090"
    "5fd057172d996ff4ff64d72d08fa7b7e79161347bc64883e5b23a2d86c995e83476335afcbda51df"
    "aadd08804685e9";

/* V4: endpoints, their ECB blobs, and how they read back. */
static const struct {
    const char *endpoint;
    const char *blob;
} ENDPOINTS[] = {
    {"10.0.0.2:51820", "f38a79ca9275b2079ab43928cac05822"},
    {"192.168.3.4:51820", "93745b45ee24783aefa6173538b68caf"},
    {"1.2.3.4:5678", "5a6ef7e5f77304918682bf3a28e82dec"},
    {"[2001:db8::1]:51820", "55629a0764bc07331f2d9b8c85f93a6e1de721f393b563a2a9c07cf7c8fd6725"},
    {"[fd50:8d60:4238:6302:f857:23ff:fe21:d1e0]:65535",
     "6cd239ba591c52bb67ee8c80c57f8f9cae53c488c54ca8938e049ff645edd70a"},
};

/* §7.1: node IDs, the bytes they encode, and the machine-ids Talos derives. */
static const struct {
    const char *node_id;
    const char *hex;
} NODE_IDS[] = {
    {"sou7yy34ykX3n373Zw1DXKb8zD7UnyKT6HT3QDsGH6L", "be871ac0d0dd31fa4caca753b0f3f1b2970f5c19dfbde7dd7932e37cb2eeea2c"},
    {"gvqfS27LxD58lPlASmpaueeRVzuof16iXoieRgEvBWaE", "8d2c0de2408fa2a178bad7f45d9aa8fbd7354cc90129f2f9c87897dec97eabe0"},
    {"7x1SuC8Ege5BGXdAfTEff5iQnlWZLfv9h1LGMxA2pYkC", "52314ec06260c5eb0fb7fcb656967422e7ff113f80eae303cfa013c0ae4b5c7b"},
    {"fwjO4YDNyAjLsoCKmQiIg4BHaghFUIBEOwgCIYABCAA", "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"},
    {"BAA", "0001"},
    {"fH", "ff"},
    {"eB", "3e"},
};

/* Decodes hex into a malloc'ed buffer (never NULL, so empty input still gives a pointer). */
static uint8_t *unhex(const char *hex, size_t *len) {
    size_t n = strlen(hex) / 2;
    uint8_t *bytes = malloc(n ? n : 1);
    for (size_t i = 0; i < n; i++) {
        unsigned value;
        sscanf(hex + 2 * i, "%2x", &value);
        bytes[i] = (uint8_t)value;
    }
    *len = n;
    return bytes;
}

static int buffer_equals_hex(talos_buffer buffer, const char *hex) {
    size_t len;
    uint8_t *want = unhex(hex, &len);
    int equal = buffer.len == len && (len == 0 || memcmp(buffer.data, want, len) == 0);
    free(want);
    return equal;
}

/* The last error must never show the secret or the key. */
static int error_hides_key(void) {
    return !last_error_contains("vlf2HU1N") && !last_error_contains("be57f61d");
}

static talos_cluster_key *spec_key(void) {
    talos_cluster_key *key = NULL;
    CHECK_STATUS(talos_cluster_key_from_secret(SECRET, &key), TALOS_OK);
    return key;
}

static void test_basics(void) {
    CHECK(strcmp(talos_status_name(TALOS_AUTH_FAILED), "TALOS_AUTH_FAILED") == 0);
    CHECK(TALOS_AUTH_FAILED == 12);
    CHECK(talos_cluster_key_bits(NULL) == 0);
    talos_cluster_key_free(NULL);
}

static void test_keys(void) {
    talos_cluster_key *key = NULL;
    CHECK_STATUS(talos_cluster_key_from_secret(SECRET, &key), TALOS_OK);
    CHECK(key != NULL && talos_cluster_key_bits(key) == 256);
    talos_cluster_key_free(key);

    /* Line breaks in the secret are ignored, as by Go's decoder. */
    key = NULL;
    CHECK_STATUS(talos_cluster_key_from_secret("vlf2HU1NEZL3Ezi9Tk+RZBLJ\nUbjnsHnTzs3wK9JNk6Q=\n", &key), TALOS_OK);
    talos_cluster_key_free(key);

    /* The raw bytes of the secret make the same key: V1 opens under it. */
    size_t len, blob_len;
    uint8_t *raw = unhex(KEY_HEX, &len);
    uint8_t *blob = unhex(V1_BLOB, &blob_len);
    key = NULL;
    CHECK_STATUS(talos_cluster_key_from_bytes(raw, len, &key), TALOS_OK);
    talos_buffer plain = {0};
    CHECK_STATUS(talos_discovery_open(key, blob, blob_len, &plain), TALOS_OK);
    CHECK(buffer_equals_hex(plain, V1_PB));
    talos_buffer_free(plain);
    talos_cluster_key_free(key);
    free(blob);

    for (size_t size = 16; size <= 32; size += 8) {
        key = NULL;
        CHECK_STATUS(talos_cluster_key_from_bytes(raw, size, &key), TALOS_OK);
        CHECK(talos_cluster_key_bits(key) == size * 8);
        talos_cluster_key_free(key);
    }

    /* Errors: out-parameters stay untouched, messages never show key material. */
    talos_cluster_key *untouched = (talos_cluster_key *)&untouched;
    CHECK_STATUS(talos_cluster_key_from_bytes(raw, 31, &untouched), TALOS_INVALID_ARGUMENT);
    CHECK(last_error_contains("31 bytes") && error_hides_key());
    CHECK_STATUS(talos_cluster_key_from_bytes(raw, 0, &untouched), TALOS_INVALID_ARGUMENT);
    CHECK_STATUS(talos_cluster_key_from_bytes(NULL, 0, &untouched), TALOS_INVALID_ARGUMENT);
    CHECK_STATUS(talos_cluster_key_from_bytes(NULL, 32, &untouched), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_cluster_key_from_bytes(raw, SIZE_MAX, &untouched), TALOS_INVALID_ARGUMENT);
    CHECK_STATUS(talos_cluster_key_from_bytes(raw, 32, NULL), TALOS_NULL_ARGUMENT);

    CHECK_STATUS(talos_cluster_key_from_secret(NULL, &untouched), TALOS_NULL_ARGUMENT);
    CHECK(last_error_contains("secret is NULL"));
    CHECK_STATUS(talos_cluster_key_from_secret(SECRET, NULL), TALOS_NULL_ARGUMENT);
    /* Missing padding, URL-safe alphabet, spaces: not standard base64. */
    CHECK_STATUS(talos_cluster_key_from_secret("vlf2HU1NEZL3Ezi9Tk+RZBLJUbjnsHnTzs3wK9JNk6Q", &untouched), TALOS_PARSE);
    CHECK(last_error_contains("base64") && error_hides_key());
    CHECK_STATUS(talos_cluster_key_from_secret("vlf2HU1NEZL3Ezi9Tk-RZBLJUbjnsHnTzs3wK9JNk6Q=", &untouched), TALOS_PARSE);
    CHECK(error_hides_key());
    CHECK_STATUS(talos_cluster_key_from_secret(" vlf2HU1NEZL3Ezi9Tk+RZBLJUbjnsHnTzs3wK9JNk6Q=", &untouched), TALOS_PARSE);
    CHECK_STATUS(talos_cluster_key_from_secret("AAAA", &untouched), TALOS_INVALID_ARGUMENT);
    CHECK(last_error_contains("3 bytes"));
    CHECK_STATUS(talos_cluster_key_from_secret("", &untouched), TALOS_INVALID_ARGUMENT);
    CHECK_STATUS(talos_cluster_key_from_secret("vlf2HU1N\xff", &untouched), TALOS_INVALID_UTF8);
    CHECK(error_hides_key());
    CHECK(untouched == (talos_cluster_key *)&untouched);
    free(raw);
}

static void test_seal_and_open(void) {
    talos_cluster_key *key = spec_key();
    size_t pb_len, blob_len;

    /* The spec's fixed-nonce blobs open to their protobufs. */
    const char *vectors[][2] = {{V1_BLOB, V1_PB}, {V2_BLOB, ""}, {V3_BLOB, V3_PB}};
    for (size_t i = 0; i < 3; i++) {
        uint8_t *blob = unhex(vectors[i][0], &blob_len);
        talos_buffer plain = {(uint8_t *)1, 99};
        CHECK_STATUS(talos_discovery_open(key, blob, blob_len, &plain), TALOS_OK);
        CHECK(buffer_equals_hex(plain, vectors[i][1]));
        talos_buffer_free(plain);
        free(blob);
    }

    /* Sealing: nonce ‖ ciphertext ‖ tag, a fresh nonce each time, opens to the input. */
    uint8_t *pb = unhex(V3_PB, &pb_len);
    talos_buffer first = {0}, second = {0}, plain = {0};
    CHECK_STATUS(talos_discovery_seal(key, pb, pb_len, &first), TALOS_OK);
    CHECK_STATUS(talos_discovery_seal(key, pb, pb_len, &second), TALOS_OK);
    CHECK(first.len == pb_len + 28 && second.len == first.len);
    CHECK(memcmp(first.data, second.data, 12) != 0);
    CHECK_STATUS(talos_discovery_open(key, second.data, second.len, &plain), TALOS_OK);
    CHECK(buffer_equals_hex(plain, V3_PB));
    talos_buffer_free(plain);
    size_t nonce_len;
    uint8_t *nonce = unhex(NONCE_HEX, &nonce_len);
    CHECK(nonce_len == 12 && memcmp(first.data, nonce, 12) != 0);
    free(nonce);

    talos_buffer empty = {0};
    CHECK_STATUS(talos_discovery_seal(key, NULL, 0, &empty), TALOS_OK);
    CHECK(empty.len == 28);
    CHECK_STATUS(talos_discovery_open(key, empty.data, empty.len, &plain), TALOS_OK);
    CHECK(plain.len == 0 && plain.data == NULL);
    talos_buffer_free(empty);

    /* Tampering, truncation and a wrong key fail authentication. */
    talos_buffer untouched = {(uint8_t *)1, 7};
    first.data[20] ^= 0x01;
    CHECK_STATUS(talos_discovery_open(key, first.data, first.len, &untouched), TALOS_AUTH_FAILED);
    CHECK(last_error_contains("authentication") && error_hides_key());
    first.data[20] ^= 0x01;
    first.data[first.len - 1] ^= 0x80;
    CHECK_STATUS(talos_discovery_open(key, first.data, first.len, &untouched), TALOS_AUTH_FAILED);
    first.data[first.len - 1] ^= 0x80;
    first.data[3] ^= 0x10;
    CHECK_STATUS(talos_discovery_open(key, first.data, first.len, &untouched), TALOS_AUTH_FAILED);
    first.data[3] ^= 0x10;
    CHECK_STATUS(talos_discovery_open(key, first.data, first.len - 1, &untouched), TALOS_AUTH_FAILED);
    CHECK_STATUS(talos_discovery_open(key, first.data, 28, &untouched), TALOS_AUTH_FAILED);
    CHECK_STATUS(talos_discovery_open(key, first.data, 27, &untouched), TALOS_CORRUPT);
    CHECK(last_error_contains("27 bytes"));
    CHECK_STATUS(talos_discovery_open(key, NULL, 0, &untouched), TALOS_CORRUPT);
    CHECK_STATUS(talos_discovery_open(key, first.data, first.len, &untouched), TALOS_OK);
    talos_buffer_free(untouched);
    untouched = (talos_buffer){(uint8_t *)1, 7};

    uint8_t other_bytes[32];
    memset(other_bytes, 1, sizeof other_bytes);
    talos_cluster_key *other = NULL;
    CHECK_STATUS(talos_cluster_key_from_bytes(other_bytes, sizeof other_bytes, &other), TALOS_OK);
    CHECK_STATUS(talos_discovery_open(other, first.data, first.len, &untouched), TALOS_AUTH_FAILED);
    CHECK(error_hides_key());
    talos_cluster_key_free(other);

    /* The service stores at most 2048 bytes: 2020 bytes of plaintext. */
    uint8_t *large = calloc(1, 2021);
    talos_buffer big = {0};
    CHECK_STATUS(talos_discovery_seal(key, large, 2020, &big), TALOS_OK);
    CHECK(big.len == 2048);
    talos_buffer_free(big);
    CHECK_STATUS(talos_discovery_seal(key, large, 2021, &untouched), TALOS_INVALID_ARGUMENT);
    CHECK(last_error_contains("2049"));
    free(large);

    /* NULLs and impossible lengths. */
    CHECK_STATUS(talos_discovery_seal(NULL, pb, pb_len, &untouched), TALOS_NULL_ARGUMENT);
    CHECK(last_error_contains("key is NULL"));
    CHECK_STATUS(talos_discovery_seal(key, NULL, pb_len, &untouched), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_discovery_seal(key, pb, SIZE_MAX, &untouched), TALOS_INVALID_ARGUMENT);
    CHECK_STATUS(talos_discovery_seal(key, pb, pb_len, NULL), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_discovery_open(NULL, first.data, first.len, &untouched), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_discovery_open(key, NULL, first.len, &untouched), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_discovery_open(key, first.data, (size_t)PTRDIFF_MAX + 1, &untouched), TALOS_INVALID_ARGUMENT);
    CHECK_STATUS(talos_discovery_open(key, first.data, first.len, NULL), TALOS_NULL_ARGUMENT);
    CHECK(untouched.data == (uint8_t *)1 && untouched.len == 7);

    talos_buffer_free(first);
    talos_buffer_free(second);
    free(pb);
    talos_cluster_key_free(key);
}

static void test_endpoints(void) {
    talos_cluster_key *key = spec_key();
    for (size_t i = 0; i < sizeof ENDPOINTS / sizeof ENDPOINTS[0]; i++) {
        talos_buffer blob = {0};
        CHECK_STATUS(talos_discovery_encrypt_endpoint(key, ENDPOINTS[i].endpoint, &blob), TALOS_OK);
        CHECK(buffer_equals_hex(blob, ENDPOINTS[i].blob));
        talos_buffer_free(blob);

        size_t len;
        uint8_t *bytes = unhex(ENDPOINTS[i].blob, &len);
        char *text = NULL;
        CHECK_STATUS(talos_discovery_decrypt_endpoint(key, bytes, len, &text), TALOS_OK);
        CHECK(text && strcmp(text, ENDPOINTS[i].endpoint) == 0);
        talos_string_free(text);
        free(bytes);
    }

    /* IPv4-mapped IPv6 stays IPv6 (16 bytes), as in Go's netip. */
    talos_buffer mapped = {0};
    CHECK_STATUS(talos_discovery_encrypt_endpoint(key, "[::ffff:10.0.0.2]:51820", &mapped), TALOS_OK);
    CHECK(mapped.len == 32);
    char *text = NULL;
    CHECK_STATUS(talos_discovery_decrypt_endpoint(key, mapped.data, mapped.len, &text), TALOS_OK);
    CHECK(text && strcmp(text, "[::ffff:10.0.0.2]:51820") == 0);
    talos_string_free(text);
    talos_buffer_free(mapped);

    /* Bad host:port text. */
    talos_buffer untouched = {(uint8_t *)1, 7};
    const char *bad[] = {"10.0.0.2", "10.0.0.2:65536", "10.0.0.2:-1", "example.com:443", "2001:db8::1:51820",
                         "[2001:db8::1]", "", " 10.0.0.2:1", "[fe80::1%eth0]:1", "[fe80::1%2]:1",
                         "10.0.0.256:1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_STATUS(talos_discovery_encrypt_endpoint(key, bad[i], &untouched), TALOS_INVALID_ARGUMENT);
    }
    CHECK(last_error_contains("10.0.0.256:1"));
    CHECK_STATUS(talos_discovery_encrypt_endpoint(key, "[fe80::1%2]:1", &untouched), TALOS_INVALID_ARGUMENT);
    CHECK(last_error_contains("zones are not supported"));
    CHECK_STATUS(talos_discovery_encrypt_endpoint(key, "10.0.0.2:\xff", &untouched), TALOS_INVALID_UTF8);
    CHECK_STATUS(talos_discovery_encrypt_endpoint(NULL, "10.0.0.2:1", &untouched), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_discovery_encrypt_endpoint(key, NULL, &untouched), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_discovery_encrypt_endpoint(key, "10.0.0.2:1", NULL), TALOS_NULL_ARGUMENT);
    CHECK(untouched.data == (uint8_t *)1 && untouched.len == 7);

    /* Bad endpoint blobs: empty, not whole blocks, a wrong key, garbage. */
    size_t len;
    uint8_t *blob = unhex(ENDPOINTS[3].blob, &len);
    char *text_untouched = (char *)&text_untouched;
    CHECK_STATUS(talos_discovery_decrypt_endpoint(key, blob, 0, &text_untouched), TALOS_CORRUPT);
    CHECK(last_error_contains("empty"));
    CHECK_STATUS(talos_discovery_decrypt_endpoint(key, blob, 15, &text_untouched), TALOS_CORRUPT);
    CHECK(last_error_contains("multiple of the 16-byte"));
    CHECK_STATUS(talos_discovery_decrypt_endpoint(key, blob, 16, &text_untouched), TALOS_CORRUPT);
    CHECK(last_error_contains("length byte"));
    blob[20] ^= 0x01; /* damages the second block: its padding no longer decrypts to zeros */
    CHECK_STATUS(talos_discovery_decrypt_endpoint(key, blob, len, &text_untouched), TALOS_CORRUPT);
    blob[20] ^= 0x01;
    uint8_t other_bytes[32];
    memset(other_bytes, 1, sizeof other_bytes);
    talos_cluster_key *other = NULL;
    CHECK_STATUS(talos_cluster_key_from_bytes(other_bytes, sizeof other_bytes, &other), TALOS_OK);
    CHECK_STATUS(talos_discovery_decrypt_endpoint(other, blob, len, &text_untouched), TALOS_CORRUPT);
    CHECK(last_error_contains("wrong cluster secret") && error_hides_key());
    talos_cluster_key_free(other);
    uint8_t zeros[48] = {0};
    CHECK_STATUS(talos_discovery_decrypt_endpoint(key, zeros, sizeof zeros, &text_untouched), TALOS_CORRUPT);
    CHECK_STATUS(talos_discovery_decrypt_endpoint(NULL, blob, len, &text_untouched), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_discovery_decrypt_endpoint(key, NULL, len, &text_untouched), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_discovery_decrypt_endpoint(key, blob, SIZE_MAX, &text_untouched), TALOS_INVALID_ARGUMENT);
    CHECK_STATUS(talos_discovery_decrypt_endpoint(key, blob, len, NULL), TALOS_NULL_ARGUMENT);
    CHECK(text_untouched == (char *)&text_untouched);
    free(blob);
    talos_cluster_key_free(key);
}

static void test_node_ids(void) {
    /* Generated IDs: 32 random bytes, 43 to 45 characters, all different. */
    char *first = NULL, *second = NULL;
    CHECK_STATUS(talos_node_id_generate(&first), TALOS_OK);
    CHECK_STATUS(talos_node_id_generate(&second), TALOS_OK);
    CHECK(first && strlen(first) >= 43 && strlen(first) <= 45);
    CHECK(first && second && strcmp(first, second) != 0);
    talos_buffer decoded = {0};
    CHECK_STATUS(talos_node_id_decode(first, &decoded), TALOS_OK);
    CHECK(decoded.len == 32);
    char *again = NULL;
    CHECK_STATUS(talos_node_id_encode(decoded.data, decoded.len, &again), TALOS_OK);
    CHECK(again && strcmp(again, first) == 0);
    talos_string_free(again);
    talos_buffer_free(decoded);
    talos_string_free(first);
    talos_string_free(second);
    CHECK_STATUS(talos_node_id_generate(NULL), TALOS_NULL_ARGUMENT);

    /* jxskiss base62 vectors, both ways. */
    for (size_t i = 0; i < sizeof NODE_IDS / sizeof NODE_IDS[0]; i++) {
        size_t len;
        uint8_t *bytes = unhex(NODE_IDS[i].hex, &len);
        char *text = NULL;
        CHECK_STATUS(talos_node_id_encode(bytes, len, &text), TALOS_OK);
        CHECK(text && strcmp(text, NODE_IDS[i].node_id) == 0);
        talos_string_free(text);
        talos_buffer back = {0};
        CHECK_STATUS(talos_node_id_decode(NODE_IDS[i].node_id, &back), TALOS_OK);
        CHECK(buffer_equals_hex(back, NODE_IDS[i].hex));
        talos_buffer_free(back);
        free(bytes);
    }
    const char *hello = "Hello, \xe4\xb8\x96\xe7\x95\x8c\xef\xbc\x81";
    char *text = NULL;
    CHECK_STATUS(talos_node_id_encode((const uint8_t *)hello, strlen(hello), &text), TALOS_OK);
    CHECK(text && strcmp(text, "By77MW55WiL5gwybsxWZIB") == 0);
    talos_string_free(text);
    uint8_t zeros[32] = {0};
    CHECK_STATUS(talos_node_id_encode(zeros, sizeof zeros, &text), TALOS_OK);
    CHECK(text && strcmp(text, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA") == 0);
    talos_string_free(text);

    /* Machine-ids from Talos' own tests. */
    CHECK_STATUS(talos_node_id_machine_id("sou7yy34ykX3n373Zw1DXKb8zD7UnyKT6HT3QDsGH6L", &text), TALOS_OK);
    CHECK(text && strcmp(text, "be871ac0d0dd31fa4caca753b0f3f1b2") == 0);
    talos_string_free(text);
    CHECK_STATUS(talos_node_id_machine_id("gvqfS27LxD58lPlASmpaueeRVzuof16iXoieRgEvBWaE", &text), TALOS_OK);
    CHECK(text && strcmp(text, "8d2c0de2408fa2a178bad7f45d9aa8fb") == 0);
    talos_string_free(text);

    /* Errors. */
    char *untouched = (char *)&untouched;
    talos_buffer buffer_untouched = {(uint8_t *)1, 7};
    CHECK_STATUS(talos_node_id_encode(zeros, 0, &untouched), TALOS_INVALID_ARGUMENT);
    CHECK(last_error_contains("empty"));
    uint8_t *many = malloc(200);
    memset(many, 0xff, 200);
    CHECK_STATUS(talos_node_id_encode(many, 200, &untouched), TALOS_INVALID_ARGUMENT);
    CHECK(last_error_contains("at most 256"));
    free(many);
    CHECK_STATUS(talos_node_id_encode(NULL, 32, &untouched), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_node_id_encode(zeros, SIZE_MAX, &untouched), TALOS_INVALID_ARGUMENT);
    CHECK_STATUS(talos_node_id_encode(zeros, 32, NULL), TALOS_NULL_ARGUMENT);

    CHECK_STATUS(talos_node_id_decode("sou7yy34-ykX3", &buffer_untouched), TALOS_PARSE);
    CHECK(last_error_contains("base62") && last_error_contains("byte 8"));
    CHECK_STATUS(talos_node_id_decode("sou7 yy34", &buffer_untouched), TALOS_PARSE);
    CHECK_STATUS(talos_node_id_decode("sou7yy34ykX3n373Zw1DXKb8zD7UnyKT6HT3QDsGH6L=", &buffer_untouched), TALOS_PARSE);
    CHECK_STATUS(talos_node_id_decode("", &buffer_untouched), TALOS_INVALID_ARGUMENT);
    char long_id[258];
    memset(long_id, 'A', 257);
    long_id[257] = '\0';
    CHECK_STATUS(talos_node_id_decode(long_id, &buffer_untouched), TALOS_INVALID_ARGUMENT);
    CHECK(last_error_contains("257"));
    CHECK_STATUS(talos_node_id_decode("sou7\xc3\x28", &buffer_untouched), TALOS_INVALID_UTF8);
    CHECK_STATUS(talos_node_id_decode(NULL, &buffer_untouched), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_node_id_decode("sou7", NULL), TALOS_NULL_ARGUMENT);
    CHECK(buffer_untouched.data == (uint8_t *)1 && buffer_untouched.len == 7);

    CHECK_STATUS(talos_node_id_machine_id("AAAA", &untouched), TALOS_INVALID_ARGUMENT);
    CHECK(last_error_contains("at least 16"));
    CHECK_STATUS(talos_node_id_machine_id("sou7-", &untouched), TALOS_PARSE);
    CHECK_STATUS(talos_node_id_machine_id("", &untouched), TALOS_INVALID_ARGUMENT);
    CHECK_STATUS(talos_node_id_machine_id("\xff", &untouched), TALOS_INVALID_UTF8);
    CHECK_STATUS(talos_node_id_machine_id(NULL, &untouched), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_node_id_machine_id("sou7yy34ykX3n373Zw1DXKb8zD7UnyKT6HT3QDsGH6L", NULL), TALOS_NULL_ARGUMENT);
    CHECK(untouched == (char *)&untouched);
}

static void test_documents(void) {
    talos_cluster_key *key = NULL;
    CHECK_STATUS(talos_cluster_key_from_secret(SECRET, &key), TALOS_OK);

    /* V1 as a document: the 3-byte address is kept as hex. */
    size_t blob_len = 0;
    uint8_t *blob = unhex(V1_BLOB, &blob_len);
    char *json = NULL;
    CHECK_STATUS(talos_discovery_open_document(key, blob, blob_len, &json), TALOS_OK);
    CHECK(json && strcmp(json,
                         "{\"nodeId\":\"af_1\",\"addresses\":[\"hex:010203\"],\"hostname\":\"host1\","
                         "\"nodename\":\"node1\",\"machineType\":\"controlplane\",\"operatingSystem\":\"\"}") == 0);

    /* The JSON sealed again opens to the same payload bytes as V1. */
    talos_buffer resealed = {0};
    CHECK_STATUS(talos_discovery_seal_document(key, json, &resealed), TALOS_OK);
    talos_buffer plain = {0};
    CHECK_STATUS(talos_discovery_open(key, resealed.data, resealed.len, &plain), TALOS_OK);
    CHECK(buffer_equals_hex(plain, V1_PB));
    talos_buffer_free(plain);
    talos_buffer_free(resealed);
    talos_string_free(json);

    /* YAML works too. */
    talos_buffer sealed = {0};
    const char *yaml = "nodeId: n2\naddresses: [10.0.0.2, 'fd00::1']\ncontrolPlane: {apiServerPort: 6443}\n";
    CHECK_STATUS(talos_discovery_seal_document(key, yaml, &sealed), TALOS_OK);
    CHECK_STATUS(talos_discovery_open_document(key, sealed.data, sealed.len, &json), TALOS_OK);
    CHECK(json && strstr(json, "\"addresses\":[\"10.0.0.2\",\"fd00::1\"]") &&
          strstr(json, "\"controlPlane\":{\"apiServerPort\":6443}"));
    talos_string_free(json);

    /* Errors: bad documents, wrong key, NULLs; out-parameters untouched. */
    talos_buffer untouched = {(uint8_t *)1, 7};
    CHECK_STATUS(talos_discovery_seal_document(key, "nodeID: typo", &untouched), TALOS_PARSE);
    CHECK(last_error_contains("nodeID"));
    CHECK_STATUS(talos_discovery_seal_document(key, "addresses: [10.0.0.300]", &untouched), TALOS_PARSE);
    CHECK(last_error_contains("10.0.0.300"));
    CHECK_STATUS(talos_discovery_seal_document(key, "kubespan: {additionalAddresses: [10.0.0.0/33]}", &untouched), TALOS_PARSE);
    CHECK_STATUS(talos_discovery_seal_document(key, "[", &untouched), TALOS_PARSE);
    CHECK_STATUS(talos_discovery_seal_document(key, "\xff", &untouched), TALOS_INVALID_UTF8);
    CHECK_STATUS(talos_discovery_seal_document(NULL, yaml, &untouched), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_discovery_seal_document(key, NULL, &untouched), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_discovery_seal_document(key, yaml, NULL), TALOS_NULL_ARGUMENT);
    CHECK(untouched.data == (uint8_t *)1 && untouched.len == 7);

    char *json_untouched = (char *)1;
    sealed.data[sealed.len - 1] ^= 1;
    CHECK_STATUS(talos_discovery_open_document(key, sealed.data, sealed.len, &json_untouched), TALOS_AUTH_FAILED);
    CHECK_STATUS(talos_discovery_open_document(key, sealed.data, 3, &json_untouched), TALOS_CORRUPT);
    CHECK_STATUS(talos_discovery_open_document(NULL, sealed.data, sealed.len, &json_untouched), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_discovery_open_document(key, NULL, 5, &json_untouched), TALOS_NULL_ARGUMENT);
    CHECK_STATUS(talos_discovery_open_document(key, sealed.data, sealed.len, NULL), TALOS_NULL_ARGUMENT);
    CHECK(json_untouched == (char *)1);

    /* A blob whose plaintext is not an Affiliate protobuf. */
    const uint8_t garbage[] = {0xff, 0xff, 0xff};
    talos_buffer not_protobuf = {0};
    CHECK_STATUS(talos_discovery_seal(key, garbage, sizeof garbage, &not_protobuf), TALOS_OK);
    CHECK_STATUS(talos_discovery_open_document(key, not_protobuf.data, not_protobuf.len, &json_untouched), TALOS_PARSE);
    talos_buffer_free(not_protobuf);
    talos_buffer_free(sealed);
    free(blob);
    talos_cluster_key_free(key);
}

int main(void) {
    test_basics();
    test_keys();
    test_seal_and_open();
    test_endpoints();
    test_node_ids();
    test_documents();
    return report("test_discovery");
}
