package talos_test

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/netip"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/jxskiss/base62"
	clientpb "github.com/siderolabs/discovery-api/api/v1alpha1/client/pb"

	talos "github.com/talos-kit/talos-kit/bindings/go"
)

// The vectors of the discovery spec (§7.2): one key, fixed-nonce blobs, endpoint blobs.
const (
	specSecret = "vlf2HU1NEZL3Ezi9Tk+RZBLJUbjnsHnTzs3wK9JNk6Q="
	specKeyHex = "be57f61d4d4d1192f71338bd4e4f916412c951b8e7b079d3cecdf02bd24d93a4"
	v1Protobuf = "0a0461665f3112030102031a05686f73743122056e6f6465312a0c636f6e74726f6c706c616e65"
	v1Blob     = "000102030405060708090a0bcbb0e38506e7cba705cfd1d07bd00fbb5709fc032616f18dc4c4282f" +
		"d14a9240cbc2af2736a67b74d27da485636e27a96a662df4d5e4f4"
	v2Blob     = "000102030405060708090a0b08d05f01829890e4a0b9c30222ad0691"
	v3Protobuf = "0a2c677671665332374c784435386c506c41536d706175656552567a756f66313669586f69655267" +
		"4576425761451204c0a803041a07666f6f2e636f6d22036261722a0c636f6e74726f6c706c616e" +
		"65320f54616c6f73202876312e31322e30293a4a0a2c504c504e4264646d5467484a6874773076" +
		"786c7471315a4264505039524e4f455564354a6a4a5a7a4252593d1210fd508d6042386302f857" +
		"23fffe21d1e01a080a040af403011018420308ab32"
	v3Blob = "000102030405060708090a0bcb98e59528b08a963381aa8e4b800c984f798d6b3818e08d90bc72" +
		"36cb4b800392c787243ead4c00d8bc2250d70e5d4086446c9de3eb6f77a82314df90a7c801ecbc0b" +
		"9dc20e568e3f9c314992a83af3fa5b787df0f53af09d443d50bbb34a1dc0e1222c3ec1d4ba6fea5f" +
		"6d771805db526f75260e0a185fe9b8b4588369a2dcd7dfd3f9780b9545b6ddf1624c142aba479090" +
		"5fd057172d996ff4ff64d72d08fa7b7e79161347bc64883e5b23a2d86c995e83476335afcbda51df" +
		"aadd08804685e9"
)

var specEndpoints = []struct{ endpoint, blob string }{
	{"10.0.0.2:51820", "f38a79ca9275b2079ab43928cac05822"},
	{"192.168.3.4:51820", "93745b45ee24783aefa6173538b68caf"},
	{"1.2.3.4:5678", "5a6ef7e5f77304918682bf3a28e82dec"},
	{"[2001:db8::1]:51820", "55629a0764bc07331f2d9b8c85f93a6e1de721f393b563a2a9c07cf7c8fd6725"},
	{"[fd50:8d60:4238:6302:f857:23ff:fe21:d1e0]:65535", "6cd239ba591c52bb67ee8c80c57f8f9cae53c488c54ca8938e049ff645edd70a"},
}

func unhex(t *testing.T, text string) []byte {
	t.Helper()

	b, err := hex.DecodeString(text)
	if err != nil {
		t.Fatal(err)
	}

	return b
}

func specKey(t *testing.T) *talos.ClusterKey {
	t.Helper()

	key, err := talos.ClusterKeyFromSecret(specSecret)
	if err != nil {
		t.Fatal(err)
	}

	t.Cleanup(func() { key.Close() }) //nolint:errcheck

	return key
}

// talosAffiliate is the payload of Talos' discovery service test, built with the
// discovery-api types the Go client marshals.
func talosAffiliate(nodeID string) *clientpb.Affiliate {
	return &clientpb.Affiliate{
		NodeId:          nodeID,
		Addresses:       [][]byte{{192, 168, 3, 4}},
		Hostname:        "foo.com",
		Nodename:        "bar",
		MachineType:     "controlplane",
		OperatingSystem: "Talos (v1.12.0)",
		Kubespan: &clientpb.KubeSpan{
			PublicKey:                  "PLPNBddmTgHJhtw0vxltq1ZBdPP9RNOEUd5JjJZzBRY=",
			Address:                    netip.MustParseAddr("fd50:8d60:4238:6302:f857:23ff:fe21:d1e0").AsSlice(),
			AdditionalAddresses:        []*clientpb.IPPrefix{{Ip: []byte{10, 244, 3, 1}, Bits: 24}},
			ExcludeAdvertisedAddresses: []*clientpb.IPPrefix{{Ip: []byte{0, 0, 0, 0}, Bits: 0}},
		},
		ControlPlane: &clientpb.ControlPlane{ApiServerPort: 6443},
	}
}

// goGCM is the AEAD of the Go discovery client: AES-GCM with a random 12-byte nonce in
// front of the ciphertext.
func goGCM(t *testing.T) cipher.AEAD {
	t.Helper()

	block, err := aes.NewCipher(unhex(t, specKeyHex))
	if err != nil {
		t.Fatal(err)
	}

	aead, err := cipher.NewGCMWithRandomNonce(block)
	if err != nil {
		t.Fatal(err)
	}

	return aead
}

// goEncryptEndpoint is the Go discovery client's endpoint encryption (encryptEndpoints in
// discovery-client v0.1.15, unexported there): length byte, marshalled Endpoint, zero
// padding to whole blocks, each block encrypted on its own.
func goEncryptEndpoint(t *testing.T, endpoint netip.AddrPort) []byte {
	t.Helper()

	block, err := aes.NewCipher(unhex(t, specKeyHex))
	if err != nil {
		t.Fatal(err)
	}

	encoded, err := (&clientpb.Endpoint{Ip: endpoint.Addr().AsSlice(), Port: uint32(endpoint.Port())}).MarshalVT()
	if err != nil {
		t.Fatal(err)
	}

	data := append([]byte{byte(len(encoded))}, encoded...)
	if len(data)%block.BlockSize() != 0 {
		data = append(data, make([]byte, block.BlockSize()-len(data)%block.BlockSize())...)
	}

	for i := 0; i < len(data); i += block.BlockSize() {
		block.Encrypt(data[i:i+block.BlockSize()], data[i:i+block.BlockSize()])
	}

	return data
}

func TestClusterKeySpecVectors(t *testing.T) {
	key := specKey(t)
	if key.Bits() != 256 {
		t.Errorf("Bits = %d", key.Bits())
	}

	for _, vector := range []struct{ blob, protobuf string }{{v1Blob, v1Protobuf}, {v2Blob, ""}, {v3Blob, v3Protobuf}} {
		plaintext, err := key.Open(unhex(t, vector.blob))
		if err != nil || !bytes.Equal(plaintext, unhex(t, vector.protobuf)) {
			t.Errorf("Open(%.24s…) = %x, %v", vector.blob, plaintext, err)
		}
	}

	for _, vector := range specEndpoints {
		endpoint := netip.MustParseAddrPort(vector.endpoint)

		blob, err := key.EncryptEndpoint(endpoint)
		if err != nil || hex.EncodeToString(blob) != vector.blob {
			t.Errorf("EncryptEndpoint(%s) = %x, %v", endpoint, blob, err)
		}

		back, err := key.DecryptEndpoint(unhex(t, vector.blob))
		if err != nil || back != endpoint {
			t.Errorf("DecryptEndpoint(%s) = %s, %v", vector.blob, back, err)
		}
	}

	raw, err := talos.ClusterKeyFromBytes(unhex(t, specKeyHex))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close() //nolint:errcheck

	if plaintext, err := raw.Open(unhex(t, v1Blob)); err != nil || hex.EncodeToString(plaintext) != v1Protobuf {
		t.Errorf("the raw key opens V1 as %x, %v", plaintext, err)
	}

	for _, size := range []int{16, 24, 32} {
		k, err := talos.ClusterKeyFromBytes(make([]byte, size))
		if err != nil {
			t.Fatalf("ClusterKeyFromBytes(%d bytes): %v", size, err)
		}

		if k.Bits() != size*8 {
			t.Errorf("ClusterKeyFromBytes(%d bytes): bits %d", size, k.Bits())
		}

		k.Close() //nolint:errcheck
	}
}

func TestSealInteropWithGoDiscoveryClient(t *testing.T) {
	key := specKey(t)
	aead := goGCM(t)
	affiliate := talosAffiliate("gvqfS27LxD58lPlASmpaueeRVzuof16iXoieRgEvBWaE")

	plaintext, err := affiliate.MarshalVT()
	if err != nil {
		t.Fatal(err)
	}

	// We seal, Go opens and unmarshals.
	blob, err := key.Seal(plaintext)
	if err != nil {
		t.Fatal(err)
	}

	if len(blob) != len(plaintext)+28 {
		t.Errorf("blob is %d bytes for %d of plaintext", len(blob), len(plaintext))
	}

	opened, err := aead.Open(nil, nil, blob, nil)
	if err != nil {
		t.Fatalf("Go cannot open our blob: %v", err)
	}

	var decoded clientpb.Affiliate
	if err := decoded.UnmarshalVT(opened); err != nil || !decoded.EqualVT(affiliate) {
		t.Errorf("Go reads back %v, %v", &decoded, err)
	}

	// Go seals, we open.
	goBlob := aead.Seal(nil, nil, plaintext, nil)

	ours, err := key.Open(goBlob)
	if err != nil || !bytes.Equal(ours, plaintext) {
		t.Errorf("Open of Go's blob = %x, %v", ours, err)
	}

	// Fresh nonces: sealing twice never gives the same blob.
	again, err := key.Seal(plaintext)
	if err != nil || bytes.Equal(again[:12], blob[:12]) {
		t.Errorf("nonce reused or Seal failed: %v", err)
	}

	// Go refuses what we altered, we refuse what Go altered.
	blob[len(blob)/2] ^= 1
	if _, err := aead.Open(nil, nil, blob, nil); err == nil {
		t.Error("Go opened an altered blob")
	}

	goBlob[len(goBlob)-1] ^= 1
	if _, err := key.Open(goBlob); !errors.Is(err, talos.ErrAuthFailed) {
		t.Errorf("Open of an altered Go blob: %v", err)
	}
}

func TestEndpointInteropWithGoDiscoveryClient(t *testing.T) {
	key := specKey(t)

	for range 200 {
		var raw [18]byte
		if _, err := rand.Read(raw[:]); err != nil {
			t.Fatal(err)
		}

		port := uint16(raw[16])<<8 | uint16(raw[17])
		endpoints := []netip.AddrPort{
			netip.AddrPortFrom(netip.AddrFrom4([4]byte(raw[:4])), port),
			netip.AddrPortFrom(netip.AddrFrom16([16]byte(raw[:16])), port),
			netip.AddrPortFrom(netip.AddrFrom16(netip.AddrFrom4([4]byte(raw[:4])).As16()), port),
		}

		for _, endpoint := range endpoints {
			want := goEncryptEndpoint(t, endpoint)

			got, err := key.EncryptEndpoint(endpoint)
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("EncryptEndpoint(%s) = %x, %v; Go gives %x", endpoint, got, err, want)
			}

			back, err := key.DecryptEndpoint(want)
			if err != nil || back != endpoint {
				t.Fatalf("DecryptEndpoint of Go's %s = %s, %v", endpoint, back, err)
			}
		}
	}

	// IPv4-mapped IPv6 stays IPv6, as Go's AsSlice keeps it.
	mapped := netip.MustParseAddrPort("[::ffff:10.0.0.2]:51820")
	if got, err := key.EncryptEndpoint(mapped); err != nil || !bytes.Equal(got, goEncryptEndpoint(t, mapped)) || len(got) != 32 {
		t.Errorf("EncryptEndpoint(%s) = %x, %v", mapped, got, err)
	}
}

func TestNodeIDsInteropWithJxskissBase62(t *testing.T) {
	for size := 1; size <= 64; size++ {
		data := make([]byte, size)
		if _, err := rand.Read(data); err != nil {
			t.Fatal(err)
		}

		data[0] = byte(size % 3) // leading zero bytes must survive too
		want := base62.EncodeToString(data)

		got, err := talos.EncodeNodeID(data)
		if err != nil || got != want {
			t.Errorf("EncodeNodeID(%x) = %q, %v; jxskiss gives %q", data, got, err, want)
		}

		back, err := talos.DecodeNodeID(want)
		if err != nil || !bytes.Equal(back, data) {
			t.Errorf("DecodeNodeID(%q) = %x, %v", want, back, err)
		}
	}

	for range 50 {
		id, err := talos.NewNodeID()
		if err != nil || len(id) < 43 || len(id) > 45 {
			t.Fatalf("NewNodeID = %q, %v", id, err)
		}

		raw, err := base62.DecodeString(id)
		if err != nil || len(raw) != 32 {
			t.Fatalf("jxskiss decodes %q to %x, %v", id, raw, err)
		}

		machineID, err := talos.MachineID(id)
		if err != nil || machineID != hex.EncodeToString(raw[:16]) {
			t.Errorf("MachineID(%q) = %q, %v", id, machineID, err)
		}
	}

	for id, want := range map[string]string{
		"sou7yy34ykX3n373Zw1DXKb8zD7UnyKT6HT3QDsGH6L":  "be871ac0d0dd31fa4caca753b0f3f1b2",
		"gvqfS27LxD58lPlASmpaueeRVzuof16iXoieRgEvBWaE": "8d2c0de2408fa2a178bad7f45d9aa8fb",
	} {
		if got, err := talos.MachineID(id); err != nil || got != want {
			t.Errorf("MachineID(%q) = %q, %v", id, got, err)
		}
	}
}

func TestDiscoveryErrors(t *testing.T) {
	for _, bad := range []struct {
		secret string
		want   error
	}{
		{"vlf2HU1NEZL3Ezi9Tk+RZBLJUbjnsHnTzs3wK9JNk6Q", talos.ErrParse},
		{"vlf2HU1NEZL3Ezi9Tk-RZBLJUbjnsHnTzs3wK9JNk6Q=", talos.ErrParse},
		{"AAAA", talos.ErrInvalidArgument},
		{"", talos.ErrInvalidArgument},
		{specSecret + "\x00", talos.ErrInvalidArgument},
		{"vlf2HU1N\xff", talos.ErrInvalidUTF8},
	} {
		key, err := talos.ClusterKeyFromSecret(bad.secret)
		if key != nil || !errors.Is(err, bad.want) {
			t.Errorf("ClusterKeyFromSecret(%q) = %v, want %v", bad.secret, err, bad.want)
		}

		if err != nil && strings.Contains(err.Error(), "vlf2") {
			t.Errorf("the error shows the secret: %v", err)
		}
	}

	if _, err := talos.ClusterKeyFromBytes(make([]byte, 31)); !errors.Is(err, talos.ErrInvalidArgument) {
		t.Errorf("31-byte key: %v", err)
	}

	if _, err := talos.ClusterKeyFromBytes(nil); !errors.Is(err, talos.ErrInvalidArgument) {
		t.Errorf("empty key: %v", err)
	}

	key := specKey(t)

	other, err := talos.ClusterKeyFromBytes(bytes.Repeat([]byte{1}, 32))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close() //nolint:errcheck

	blob := unhex(t, v1Blob)
	if _, err := other.Open(blob); !errors.Is(err, talos.ErrAuthFailed) || strings.Contains(err.Error(), "be57") {
		t.Errorf("Open with a wrong key: %v", err)
	}

	if _, err := key.Open(blob[:len(blob)-1]); !errors.Is(err, talos.ErrAuthFailed) {
		t.Errorf("Open of a truncated blob: %v", err)
	}

	if _, err := key.Open(blob[:27]); !errors.Is(err, talos.ErrCorrupt) {
		t.Errorf("Open of a 27-byte blob: %v", err)
	}

	if _, err := key.Open(nil); !errors.Is(err, talos.ErrCorrupt) {
		t.Errorf("Open(nil): %v", err)
	}

	if _, err := key.Seal(make([]byte, 2021)); !errors.Is(err, talos.ErrInvalidArgument) {
		t.Errorf("Seal over the service limit: %v", err)
	}

	for _, endpoint := range []netip.AddrPort{{}, netip.MustParseAddrPort("[fe80::1%eth0]:51820")} {
		if _, err := key.EncryptEndpoint(endpoint); !errors.Is(err, talos.ErrInvalidArgument) {
			t.Errorf("EncryptEndpoint(%s): %v", endpoint, err)
		}
	}

	endpointBlob := unhex(t, specEndpoints[3].blob)
	for name, bad := range map[string][]byte{
		"empty":      nil,
		"15 bytes":   endpointBlob[:15],
		"one block":  endpointBlob[:16],
		"all zeros":  make([]byte, 48),
		"one of two": append(bytes.Clone(endpointBlob[:16]), endpointBlob[:16]...),
	} {
		if _, err := key.DecryptEndpoint(bad); !errors.Is(err, talos.ErrCorrupt) {
			t.Errorf("DecryptEndpoint(%s): %v", name, err)
		}
	}

	if _, err := other.DecryptEndpoint(endpointBlob); !errors.Is(err, talos.ErrCorrupt) {
		t.Errorf("DecryptEndpoint with a wrong key: %v", err)
	}

	for id, want := range map[string]error{
		"sou7yy34-ykX3":               talos.ErrParse,
		"":                            talos.ErrInvalidArgument,
		strings.Repeat("A", 257):      talos.ErrInvalidArgument,
		"sou7\x00yy34":                talos.ErrInvalidArgument,
		"sou7\xc3\x28":                talos.ErrInvalidUTF8,
		"sou7yy34ykX3n373Zw1DXKb8zD=": talos.ErrParse,
	} {
		if _, err := talos.DecodeNodeID(id); !errors.Is(err, want) {
			t.Errorf("DecodeNodeID(%q): %v, want %v", id, err, want)
		}

		if _, err := talos.MachineID(id); !errors.Is(err, want) {
			t.Errorf("MachineID(%q): %v, want %v", id, err, want)
		}
	}

	if _, err := talos.MachineID("AAAA"); !errors.Is(err, talos.ErrInvalidArgument) {
		t.Errorf("MachineID of a short ID: %v", err)
	}

	if _, err := talos.EncodeNodeID(nil); !errors.Is(err, talos.ErrInvalidArgument) {
		t.Errorf("EncodeNodeID(nil): %v", err)
	}

	if _, err := talos.EncodeNodeID(bytes.Repeat([]byte{0xff}, 200)); !errors.Is(err, talos.ErrInvalidArgument) {
		t.Errorf("EncodeNodeID of 200 bytes: %v", err)
	}

	if talos.StatusAuthFailed.String() != "TALOS_AUTH_FAILED" {
		t.Errorf("StatusAuthFailed = %s", talos.StatusAuthFailed)
	}
}

func TestClusterKeyClose(t *testing.T) {
	key, err := talos.ClusterKeyFromSecret(specSecret)
	if err != nil {
		t.Fatal(err)
	}

	key.Close() //nolint:errcheck
	key.Close() //nolint:errcheck

	if key.Bits() != 0 {
		t.Errorf("Bits after Close = %d", key.Bits())
	}

	if _, err := key.Seal(nil); !errors.Is(err, talos.ErrClosed) {
		t.Errorf("Seal after Close: %v", err)
	}

	if _, err := key.Open(unhex(t, v2Blob)); !errors.Is(err, talos.ErrClosed) {
		t.Errorf("Open after Close: %v", err)
	}

	if _, err := key.EncryptEndpoint(netip.MustParseAddrPort("10.0.0.2:1")); !errors.Is(err, talos.ErrClosed) {
		t.Errorf("EncryptEndpoint after Close: %v", err)
	}

	if _, err := key.DecryptEndpoint(unhex(t, specEndpoints[0].blob)); !errors.Is(err, talos.ErrClosed) {
		t.Errorf("DecryptEndpoint after Close: %v", err)
	}
}

// One key from many goroutines, closed while they run: every call succeeds or reports
// ErrClosed.
func TestClusterKeyConcurrentUse(t *testing.T) {
	key, err := talos.ClusterKeyFromSecret(specSecret)
	if err != nil {
		t.Fatal(err)
	}

	plaintext := unhex(t, v3Protobuf)

	var wg sync.WaitGroup

	for worker := range 8 {
		wg.Go(func() {
			for i := range 200 {
				if worker == 0 && i == 100 {
					key.Close() //nolint:errcheck
				}

				blob, err := key.Seal(plaintext)
				if errors.Is(err, talos.ErrClosed) {
					continue
				}

				if err != nil {
					t.Error(err)

					return
				}

				opened, err := key.Open(blob)
				if (err != nil && !errors.Is(err, talos.ErrClosed)) || (err == nil && !bytes.Equal(opened, plaintext)) {
					t.Errorf("Open = %x, %v", opened, err)

					return
				}
			}
		})
	}

	wg.Wait()
}

func TestFinalizerReleasesForgottenKeys(t *testing.T) {
	for range 100 {
		if _, err := talos.ClusterKeyFromSecret(specSecret); err != nil {
			t.Fatal(err)
		}
	}

	runtime.GC()
	runtime.GC()
}

func TestDocumentsMatchTheProtobufPayload(t *testing.T) {
	key := specKey(t)
	aead := goGCM(t)

	// A document sealed by us opens in Go to the protobuf it describes.
	blob, err := key.SealDocument(`nodeId: n1
addresses: [10.0.0.2, "2001:db8::2"]
hostname: cp-1.example.com
machineType: controlplane
kubespan:
  publicKey: PLPNBddmTgHJhtw0vxltq1ZBdPP9RNOEUd5JjJZzBRY=
  address: fd50::1
  excludeAdvertisedAddresses: [0.0.0.0/0]
controlPlane: {apiServerPort: 6443}
`)
	if err != nil {
		t.Fatal(err)
	}

	opened, err := aead.Open(nil, nil, blob, nil)
	if err != nil {
		t.Fatal(err)
	}

	var affiliate clientpb.Affiliate
	if err := affiliate.UnmarshalVT(opened); err != nil {
		t.Fatal(err)
	}

	if affiliate.NodeId != "n1" || len(affiliate.Addresses) != 2 || len(affiliate.Addresses[1]) != 16 ||
		affiliate.ControlPlane.GetApiServerPort() != 6443 ||
		affiliate.Kubespan.GetExcludeAdvertisedAddresses()[0].GetBits() != 0 {
		t.Errorf("Go reads %v", &affiliate)
	}

	// Go's payload, sealed by Go, reads back as a document.
	goBlob := aead.Seal(nil, nil, opened, nil)

	document, err := key.OpenDocument(goBlob)
	if err != nil {
		t.Fatal(err)
	}

	for _, want := range []string{`"nodeId":"n1"`, `"addresses":["10.0.0.2","2001:db8::2"]`, `"excludeAdvertisedAddresses":["0.0.0.0/0"]`, `"apiServerPort":6443`} {
		if !strings.Contains(document, want) {
			t.Errorf("document %s lacks %s", document, want)
		}
	}

	if _, err := key.SealDocument("nodeID: typo"); !errors.Is(err, talos.ErrParse) {
		t.Errorf("unknown field: %v", err)
	}

	goBlob[0] ^= 1
	if _, err := key.OpenDocument(goBlob); !errors.Is(err, talos.ErrAuthFailed) {
		t.Errorf("altered blob: %v", err)
	}
}
