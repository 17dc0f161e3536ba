package talos

/*
#include <stdlib.h>
#include <string.h>
#include "talos_kit.h"
*/
import "C"

import (
	"net/netip"
	"runtime"
	"strings"
	"sync"
	"unsafe"
)

// ClusterKey is the AES key shared by the nodes of a cluster: it seals and opens affiliate
// data and encrypts and decrypts endpoints, as the Talos discovery client does. The key
// material lives in the library, is wiped by Close (a finalizer closes forgotten keys),
// and never appears in errors.
//
// A ClusterKey is safe for concurrent use, Close included.
type ClusterKey struct {
	mu     sync.RWMutex
	handle *C.talos_cluster_key
}

func newClusterKey(handle *C.talos_cluster_key) *ClusterKey {
	k := &ClusterKey{handle: handle}
	runtime.SetFinalizer(k, (*ClusterKey).Close)

	return k
}

// cString copies s into C memory for one call; text with a NUL byte cannot cross the C
// API unchanged and is refused. The caller frees the result.
func cString(s, what string) (*C.char, error) {
	if strings.IndexByte(s, 0) >= 0 {
		return nil, &Error{Status: StatusInvalidArgument, Message: what + " contains a NUL byte"}
	}

	return C.CString(s), nil
}

// ClusterKeyFromSecret makes the key of a cluster secret (cluster.secret /
// clusterSecret): standard base64 with padding of 16, 24 or 32 bytes (Talos uses 32).
// Text that is not base64 gives ErrParse, a wrong length ErrInvalidArgument.
func ClusterKeyFromSecret(secret string) (*ClusterKey, error) {
	cSecret, err := cString(secret, "the cluster secret")
	if err != nil {
		return nil, err
	}

	defer func() {
		// The Go string cannot be wiped, but the C copy is.
		C.memset(unsafe.Pointer(cSecret), 0, C.size_t(len(secret)))
		C.free(unsafe.Pointer(cSecret))
	}()

	var handle *C.talos_cluster_key

	if err := call(func() C.talos_status { return C.talos_cluster_key_from_secret(cSecret, &handle) }); err != nil {
		return nil, err
	}

	return newClusterKey(handle), nil
}

// ClusterKeyFromBytes makes a key from raw key bytes: 16, 24 or 32 of them
// (AES-128/192/256), else ErrInvalidArgument. The key is copied; key may be wiped after.
func ClusterKeyFromBytes(key []byte) (*ClusterKey, error) {
	ptr, length := goBytes(key)

	var handle *C.talos_cluster_key

	err := call(func() C.talos_status { return C.talos_cluster_key_from_bytes(ptr, length, &handle) })
	if err != nil {
		return nil, err
	}

	return newClusterKey(handle), nil
}

// Close wipes and releases the key. Closing twice is harmless; a closed key returns
// ErrClosed.
func (k *ClusterKey) Close() error {
	k.mu.Lock()
	defer k.mu.Unlock()

	if k.handle != nil {
		C.talos_cluster_key_free(k.handle)
		k.handle = nil
		runtime.SetFinalizer(k, nil)
	}

	return nil
}

// Bits is the key size: 128, 192 or 256 (0 once closed).
func (k *ClusterKey) Bits() int {
	k.mu.RLock()
	defer k.mu.RUnlock()

	return int(C.talos_cluster_key_bits(k.handle))
}

// Seal encrypts affiliate data — the marshalled sidero.discovery.client.Affiliate
// protobuf, taken as is — under a fresh random nonce into the blob the discovery service
// stores: nonce[12] ‖ AES-GCM ciphertext ‖ tag[16]. Blobs over the service's 2048-byte
// limit give ErrInvalidArgument.
func (k *ClusterKey) Seal(plaintext []byte) ([]byte, error) {
	k.mu.RLock()
	defer k.mu.RUnlock()

	if k.handle == nil {
		return nil, ErrClosed
	}

	ptr, length := goBytes(plaintext)

	var buffer C.talos_buffer

	err := call(func() C.talos_status { return C.talos_discovery_seal(k.handle, ptr, length, &buffer) })
	if err != nil {
		return nil, err
	}

	return takeBuffer(buffer), nil
}

// Open verifies and decrypts an affiliate blob, returning the marshalled Affiliate
// protobuf. A wrong key or a truncated or altered blob gives ErrAuthFailed; a blob shorter
// than nonce and tag gives ErrCorrupt.
func (k *ClusterKey) Open(blob []byte) ([]byte, error) {
	k.mu.RLock()
	defer k.mu.RUnlock()

	if k.handle == nil {
		return nil, ErrClosed
	}

	ptr, length := goBytes(blob)

	var buffer C.talos_buffer

	err := call(func() C.talos_status { return C.talos_discovery_open(k.handle, ptr, length, &buffer) })
	if err != nil {
		return nil, err
	}

	return takeBuffer(buffer), nil
}

// SealDocument seals an affiliate payload given as a JSON or YAML document (the form the
// CLI reads: {"nodeId": ..., "addresses": ["10.0.0.2"], "controlPlane": {...}}).
func (k *ClusterKey) SealDocument(document string) ([]byte, error) {
	k.mu.RLock()
	defer k.mu.RUnlock()

	if k.handle == nil {
		return nil, ErrClosed
	}

	cDocument, err := cString(document, "document")
	if err != nil {
		return nil, err
	}
	defer C.free(unsafe.Pointer(cDocument))

	var buffer C.talos_buffer

	err = call(func() C.talos_status { return C.talos_discovery_seal_document(k.handle, cDocument, &buffer) })
	if err != nil {
		return nil, err
	}

	return takeBuffer(buffer), nil
}

// OpenDocument opens a sealed affiliate blob and returns the payload as a JSON document.
func (k *ClusterKey) OpenDocument(blob []byte) (string, error) {
	k.mu.RLock()
	defer k.mu.RUnlock()

	if k.handle == nil {
		return "", ErrClosed
	}

	ptr, length := goBytes(blob)

	var text *C.char

	err := call(func() C.talos_status { return C.talos_discovery_open_document(k.handle, ptr, length, &text) })
	if err != nil {
		return "", err
	}

	return takeString(text), nil
}

// EncryptEndpoint encrypts one endpoint as the Go discovery client does (AES-ECB,
// deterministic, so the service can deduplicate endpoints without seeing them). IPv4
// addresses travel as 4 bytes, IPv6 (IPv4-mapped included) as 16. An invalid address or
// one with a zone gives ErrInvalidArgument.
func (k *ClusterKey) EncryptEndpoint(endpoint netip.AddrPort) ([]byte, error) {
	if !endpoint.IsValid() || endpoint.Addr().Zone() != "" {
		return nil, &Error{
			Status:  StatusInvalidArgument,
			Message: "invalid endpoint " + endpoint.String() + ": need an IP address without zone and a port",
		}
	}

	k.mu.RLock()
	defer k.mu.RUnlock()

	if k.handle == nil {
		return nil, ErrClosed
	}

	cText := C.CString(endpoint.String())
	defer C.free(unsafe.Pointer(cText))

	var buffer C.talos_buffer

	err := call(func() C.talos_status { return C.talos_discovery_encrypt_endpoint(k.handle, cText, &buffer) })
	if err != nil {
		return nil, err
	}

	return takeBuffer(buffer), nil
}

// DecryptEndpoint decrypts one endpoint blob. A blob that is not whole AES blocks or does
// not decrypt to a framed endpoint gives ErrCorrupt (usually a wrong key: endpoint blobs
// carry no authentication tag, so treat endpoints as hints).
func (k *ClusterKey) DecryptEndpoint(blob []byte) (netip.AddrPort, error) {
	k.mu.RLock()
	defer k.mu.RUnlock()

	if k.handle == nil {
		return netip.AddrPort{}, ErrClosed
	}

	ptr, length := goBytes(blob)

	var text *C.char

	err := call(func() C.talos_status { return C.talos_discovery_decrypt_endpoint(k.handle, ptr, length, &text) })
	if err != nil {
		return netip.AddrPort{}, err
	}

	endpoint, err := netip.ParseAddrPort(takeString(text))
	if err != nil {
		return netip.AddrPort{}, &Error{Status: StatusCorrupt, Message: err.Error()}
	}

	return endpoint, nil
}

// NewNodeID generates a node identity (the affiliate ID) as Talos does at install: the
// jxskiss base62 of 32 random bytes from the operating system.
func NewNodeID() (string, error) {
	var text *C.char

	if err := call(func() C.talos_status { return C.talos_node_id_generate(&text) }); err != nil {
		return "", err
	}

	return takeString(text), nil
}

// EncodeNodeID is the node identity (jxskiss base62) of data. No bytes, or so many that
// the identity would exceed 256 characters, give ErrInvalidArgument.
func EncodeNodeID(data []byte) (string, error) {
	ptr, length := goBytes(data)

	var text *C.char

	err := call(func() C.talos_status { return C.talos_node_id_encode(ptr, length, &text) })
	if err != nil {
		return "", err
	}

	return takeString(text), nil
}

// DecodeNodeID returns the bytes a node identity encodes. Characters outside A–Z a–z 0–9
// give ErrParse; an empty identity or one over 256 bytes ErrInvalidArgument.
func DecodeNodeID(nodeID string) ([]byte, error) {
	cID, err := cString(nodeID, "the node ID")
	if err != nil {
		return nil, err
	}
	defer C.free(unsafe.Pointer(cID))

	var buffer C.talos_buffer

	if err := call(func() C.talos_status { return C.talos_node_id_decode(cID, &buffer) }); err != nil {
		return nil, err
	}

	return takeBuffer(buffer), nil
}

// MachineID is the /etc/machine-id Talos derives from a node identity (its first 16
// decoded bytes) as 32 lowercase hex digits. Errors as DecodeNodeID, and
// ErrInvalidArgument when the identity decodes to fewer than 16 bytes.
func MachineID(nodeID string) (string, error) {
	cID, err := cString(nodeID, "the node ID")
	if err != nil {
		return "", err
	}
	defer C.free(unsafe.Pointer(cID))

	var text *C.char

	if err := call(func() C.talos_status { return C.talos_node_id_machine_id(cID, &text) }); err != nil {
		return "", err
	}

	return takeString(text), nil
}
