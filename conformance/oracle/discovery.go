// Discovery area: cluster key, node identity (jxskiss base62), affiliate blobs and endpoints.
//
// discovery-client v0.1.15 keeps its crypto unexported, so the plain ops below rebuild it from
// the same stdlib calls it makes (aes.NewCipher + cipher.NewGCMWithRandomNonce for affiliate
// data, per-block cipher.Block for endpoints, vtprotobuf MarshalVT/UnmarshalVT from
// discovery-api v0.1.8). The discovery.client.* ops at the end of this file drive the
// real client against an in-process fake service instead.

package main

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"sort"
	"time"

	"github.com/jxskiss/base62"
	clientpb "github.com/siderolabs/discovery-api/api/v1alpha1/client/pb"
	serverpb "github.com/siderolabs/discovery-api/api/v1alpha1/server/pb"
	"github.com/siderolabs/discovery-client/pkg/client"
	"github.com/siderolabs/talos/pkg/machinery/resources/network"
	"go.uber.org/zap"
	yaml "go.yaml.in/yaml/v3"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/durationpb"
)

type discoveryPrefixJSON struct {
	IP   []byte `json:"ip"`
	Bits uint32 `json:"bits"`
}

type discoveryKubeSpanJSON struct {
	PublicKey                  string                `json:"public_key"`
	Address                    []byte                `json:"address"`
	AdditionalAddresses        []discoveryPrefixJSON `json:"additional_addresses"`
	ExcludeAdvertisedAddresses []discoveryPrefixJSON `json:"exclude_advertised_addresses"`
}

type discoveryControlPlaneJSON struct {
	APIServerPort uint32 `json:"api_server_port"`
}

type discoveryAffiliateJSON struct {
	NodeID          string                     `json:"node_id"`
	Addresses       [][]byte                   `json:"addresses"`
	Hostname        string                     `json:"hostname"`
	Nodename        string                     `json:"nodename"`
	MachineType     string                     `json:"machine_type"`
	OperatingSystem string                     `json:"operating_system"`
	Kubespan        *discoveryKubeSpanJSON     `json:"kubespan"`
	ControlPlane    *discoveryControlPlaneJSON `json:"control_plane"`
}

type discoveryEndpointJSON struct {
	IP   []byte `json:"ip"`
	Port uint32 `json:"port"`
}

func discoveryPrefixesToPB(prefixes []discoveryPrefixJSON) []*clientpb.IPPrefix {
	result := make([]*clientpb.IPPrefix, 0, len(prefixes))
	for _, p := range prefixes {
		result = append(result, &clientpb.IPPrefix{Ip: p.IP, Bits: p.Bits})
	}

	return result
}

func discoveryPrefixesFromPB(prefixes []*clientpb.IPPrefix) []discoveryPrefixJSON {
	result := make([]discoveryPrefixJSON, 0, len(prefixes))
	for _, p := range prefixes {
		result = append(result, discoveryPrefixJSON{IP: p.Ip, Bits: p.Bits})
	}

	return result
}

func (a discoveryAffiliateJSON) toPB() *clientpb.Affiliate {
	pb := &clientpb.Affiliate{
		NodeId:          a.NodeID,
		Addresses:       a.Addresses,
		Hostname:        a.Hostname,
		Nodename:        a.Nodename,
		MachineType:     a.MachineType,
		OperatingSystem: a.OperatingSystem,
	}

	if a.Kubespan != nil {
		pb.Kubespan = &clientpb.KubeSpan{
			PublicKey:                  a.Kubespan.PublicKey,
			Address:                    a.Kubespan.Address,
			AdditionalAddresses:        discoveryPrefixesToPB(a.Kubespan.AdditionalAddresses),
			ExcludeAdvertisedAddresses: discoveryPrefixesToPB(a.Kubespan.ExcludeAdvertisedAddresses),
		}
	}

	if a.ControlPlane != nil {
		pb.ControlPlane = &clientpb.ControlPlane{ApiServerPort: a.ControlPlane.APIServerPort}
	}

	return pb
}

func discoveryAffiliateFromPB(pb *clientpb.Affiliate) discoveryAffiliateJSON {
	a := discoveryAffiliateJSON{
		NodeID:          pb.NodeId,
		Addresses:       pb.Addresses,
		Hostname:        pb.Hostname,
		Nodename:        pb.Nodename,
		MachineType:     pb.MachineType,
		OperatingSystem: pb.OperatingSystem,
	}

	if pb.Kubespan != nil {
		a.Kubespan = &discoveryKubeSpanJSON{
			PublicKey:                  pb.Kubespan.PublicKey,
			Address:                    pb.Kubespan.Address,
			AdditionalAddresses:        discoveryPrefixesFromPB(pb.Kubespan.AdditionalAddresses),
			ExcludeAdvertisedAddresses: discoveryPrefixesFromPB(pb.Kubespan.ExcludeAdvertisedAddresses),
		}
	}

	if pb.ControlPlane != nil {
		a.ControlPlane = &discoveryControlPlaneJSON{APIServerPort: pb.ControlPlane.ApiServerPort}
	}

	return a
}

// discoveryGCM is the AEAD the discovery client builds: nonce generated inside Seal and
// prepended, extracted again by Open.
func discoveryGCM(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}

	return cipher.NewGCMWithRandomNonce(block)
}

// discoveryEncryptEndpoint follows encryptEndpoints in discovery-client: length byte, zero padding to
// the block size, every block encrypted on its own.
func discoveryEncryptEndpoint(block cipher.Block, endpoint *clientpb.Endpoint) ([]byte, error) {
	data, err := endpoint.MarshalVT()
	if err != nil {
		return nil, err
	}

	data = append([]byte{byte(len(data))}, data...)

	if len(data)%block.BlockSize() != 0 {
		data = append(data, bytes.Repeat([]byte{0}, block.BlockSize()-len(data)%block.BlockSize())...)
	}

	for i := 0; i < len(data); i += block.BlockSize() {
		block.Encrypt(data[i:i+block.BlockSize()], data[i:i+block.BlockSize()])
	}

	return data, nil
}

// discoveryDecryptEndpoint follows the endpoint loop of parseReply in discovery-client, including its
// missing bounds check (a lying length byte panics; the oracle reports the panic as an error).
func discoveryDecryptEndpoint(block cipher.Block, blob []byte) (*clientpb.Endpoint, error) {
	endpoint := append([]byte(nil), blob...)

	if len(endpoint)%block.BlockSize() != 0 {
		return nil, errors.New("endpoint size is not multiple of cipher block size")
	}

	for i := 0; i < len(endpoint); i += block.BlockSize() {
		block.Decrypt(endpoint[i:i+block.BlockSize()], endpoint[i:i+block.BlockSize()])
	}

	var size byte

	size, endpoint = endpoint[0], endpoint[1:]
	endpoint = endpoint[:size]

	result := &clientpb.Endpoint{}
	if err := result.UnmarshalVT(endpoint); err != nil {
		return nil, fmt.Errorf("endpoint unmarshal failure: %w", err)
	}

	return result, nil
}

// discoveryMachineID is what Talos writes to /etc/machine-id: hex of the first 16 decoded bytes.
func discoveryMachineID(nodeID string) (string, error) {
	raw, err := base62.StdEncoding.DecodeString(nodeID)
	if err != nil {
		return "", err
	}

	if len(raw) < 16 {
		return "", fmt.Errorf("node ID decodes to %d bytes", len(raw))
	}

	return hex.EncodeToString(raw[:16]), nil
}

type discoveryNodeIdentity struct {
	NodeID string `yaml:"nodeId"`
}

func discoveryArgs[T any](raw json.RawMessage) (T, error) {
	var args T

	err := json.Unmarshal(raw, &args)

	return args, err
}

type discoverySealArgs struct {
	Key       []byte `json:"key"`
	Nonce     []byte `json:"nonce"`
	Plaintext []byte `json:"plaintext"`
}

type discoveryBlobArgs struct {
	Key  []byte `json:"key"`
	Blob []byte `json:"blob"`
}

type discoveryEndpointArgs struct {
	Key      []byte                `json:"key"`
	Endpoint discoveryEndpointJSON `json:"endpoint"`
}

func init() {
	register("discovery.base62.encode", func(raw json.RawMessage) (any, error) {
		args, err := discoveryArgs[struct {
			Data []byte `json:"data"`
		}](raw)
		if err != nil {
			return nil, err
		}

		return map[string]string{"text": base62.StdEncoding.EncodeToString(args.Data)}, nil
	})

	register("discovery.base62.decode", func(raw json.RawMessage) (any, error) {
		args, err := discoveryArgs[struct {
			Text string `json:"text"`
		}](raw)
		if err != nil {
			return nil, err
		}

		data, err := base62.StdEncoding.DecodeString(args.Text)
		if err != nil {
			return nil, err
		}

		return map[string][]byte{"data": data}, nil
	})

	register("discovery.machine_id", func(raw json.RawMessage) (any, error) {
		args, err := discoveryArgs[struct {
			NodeID string `json:"node_id"`
		}](raw)
		if err != nil {
			return nil, err
		}

		id, err := discoveryMachineID(args.NodeID)
		if err != nil {
			return nil, err
		}

		return map[string]string{"machine_id": id}, nil
	})

	register("discovery.identity.marshal", func(raw json.RawMessage) (any, error) {
		args, err := discoveryArgs[struct {
			NodeID string `json:"node_id"`
		}](raw)
		if err != nil {
			return nil, err
		}

		out, err := yaml.Marshal(discoveryNodeIdentity{NodeID: args.NodeID})
		if err != nil {
			return nil, err
		}

		return map[string]string{"yaml": string(out)}, nil
	})

	register("discovery.identity.unmarshal", func(raw json.RawMessage) (any, error) {
		args, err := discoveryArgs[struct {
			YAML string `json:"yaml"`
		}](raw)
		if err != nil {
			return nil, err
		}

		var doc discoveryNodeIdentity
		if err := yaml.Unmarshal([]byte(args.YAML), &doc); err != nil {
			return nil, err
		}

		return map[string]string{"node_id": doc.NodeID}, nil
	})

	// What Talos does with a cluster secret: StdEncoding, then aes.NewCipher.
	register("discovery.key", func(raw json.RawMessage) (any, error) {
		args, err := discoveryArgs[struct {
			Secret string `json:"secret"`
		}](raw)
		if err != nil {
			return nil, err
		}

		key, err := base64.StdEncoding.DecodeString(args.Secret)
		if err != nil {
			return nil, err
		}

		if _, err := aes.NewCipher(key); err != nil {
			return nil, err
		}

		return map[string][]byte{"key": key}, nil
	})

	register("discovery.ula", func(raw json.RawMessage) (any, error) {
		args, err := discoveryArgs[struct {
			ClusterID string `json:"cluster_id"`
		}](raw)
		if err != nil {
			return nil, err
		}

		return map[string]string{"prefix": network.ULAPrefix(args.ClusterID, network.ULAKubeSpan).String()}, nil
	})

	register("discovery.affiliate.encode", func(raw json.RawMessage) (any, error) {
		args, err := discoveryArgs[discoveryAffiliateJSON](raw)
		if err != nil {
			return nil, err
		}

		pb, err := args.toPB().MarshalVT()
		if err != nil {
			return nil, err
		}

		return map[string][]byte{"pb": pb}, nil
	})

	register("discovery.affiliate.decode", func(raw json.RawMessage) (any, error) {
		args, err := discoveryArgs[struct {
			PB []byte `json:"pb"`
		}](raw)
		if err != nil {
			return nil, err
		}

		pb := &clientpb.Affiliate{}
		if err := pb.UnmarshalVT(args.PB); err != nil {
			return nil, err
		}

		return discoveryAffiliateFromPB(pb), nil
	})

	register("discovery.seal", func(raw json.RawMessage) (any, error) {
		args, err := discoveryArgs[discoverySealArgs](raw)
		if err != nil {
			return nil, err
		}

		gcm, err := discoveryGCM(args.Key)
		if err != nil {
			return nil, err
		}

		return map[string][]byte{"blob": gcm.Seal(nil, nil, args.Plaintext, nil)}, nil
	})

	// The older client construction (cipher.NewGCM, nonce copied in front), which allows a
	// chosen nonce for deterministic vectors.
	register("discovery.seal_with_nonce", func(raw json.RawMessage) (any, error) {
		args, err := discoveryArgs[discoverySealArgs](raw)
		if err != nil {
			return nil, err
		}

		block, err := aes.NewCipher(args.Key)
		if err != nil {
			return nil, err
		}

		gcm, err := cipher.NewGCM(block)
		if err != nil {
			return nil, err
		}

		if len(args.Nonce) != gcm.NonceSize() {
			return nil, fmt.Errorf("nonce must be %d bytes", gcm.NonceSize())
		}

		blob := append([]byte(nil), args.Nonce...)

		return map[string][]byte{"blob": gcm.Seal(blob, args.Nonce, args.Plaintext, nil)}, nil
	})

	register("discovery.open", func(raw json.RawMessage) (any, error) {
		args, err := discoveryArgs[discoveryBlobArgs](raw)
		if err != nil {
			return nil, err
		}

		gcm, err := discoveryGCM(args.Key)
		if err != nil {
			return nil, err
		}

		plaintext, err := gcm.Open(nil, nil, args.Blob, nil)
		if err != nil {
			return nil, err
		}

		return map[string][]byte{"plaintext": plaintext}, nil
	})

	register("discovery.endpoint.encrypt", func(raw json.RawMessage) (any, error) {
		args, err := discoveryArgs[discoveryEndpointArgs](raw)
		if err != nil {
			return nil, err
		}

		block, err := aes.NewCipher(args.Key)
		if err != nil {
			return nil, err
		}

		blob, err := discoveryEncryptEndpoint(block, &clientpb.Endpoint{Ip: args.Endpoint.IP, Port: args.Endpoint.Port})
		if err != nil {
			return nil, err
		}

		return map[string][]byte{"blob": blob}, nil
	})

	register("discovery.endpoint.decrypt", func(raw json.RawMessage) (any, error) {
		args, err := discoveryArgs[discoveryBlobArgs](raw)
		if err != nil {
			return nil, err
		}

		block, err := aes.NewCipher(args.Key)
		if err != nil {
			return nil, err
		}

		endpoint, err := discoveryDecryptEndpoint(block, args.Blob)
		if err != nil {
			return nil, err
		}

		return discoveryEndpointJSON{IP: endpoint.Ip, Port: endpoint.Port}, nil
	})

	registerBench("discovery.seal", func(raw json.RawMessage) (func() error, error) {
		args, err := discoveryArgs[discoverySealArgs](raw)
		if err != nil {
			return nil, err
		}

		gcm, err := discoveryGCM(args.Key)
		if err != nil {
			return nil, err
		}

		// As SetLocalData: marshal the affiliate, then seal it under a fresh nonce.
		affiliate := &clientpb.Affiliate{}
		if err := affiliate.UnmarshalVT(args.Plaintext); err != nil {
			return nil, err
		}

		return func() error {
			plaintext, err := affiliate.MarshalVT()
			if err != nil {
				return err
			}

			_ = gcm.Seal(nil, nil, plaintext, nil)

			return nil
		}, nil
	})

	registerBench("discovery.open", func(raw json.RawMessage) (func() error, error) {
		args, err := discoveryArgs[discoveryBlobArgs](raw)
		if err != nil {
			return nil, err
		}

		gcm, err := discoveryGCM(args.Key)
		if err != nil {
			return nil, err
		}

		// As parseReply: open, then unmarshal the affiliate.
		return func() error {
			plaintext, err := gcm.Open(nil, nil, args.Blob, nil)
			if err != nil {
				return err
			}

			return (&clientpb.Affiliate{}).UnmarshalVT(plaintext)
		}, nil
	})

	registerBench("discovery.endpoint.encrypt", func(raw json.RawMessage) (func() error, error) {
		args, err := discoveryArgs[discoveryEndpointArgs](raw)
		if err != nil {
			return nil, err
		}

		block, err := aes.NewCipher(args.Key)
		if err != nil {
			return nil, err
		}

		endpoint := &clientpb.Endpoint{Ip: args.Endpoint.IP, Port: args.Endpoint.Port}

		return func() error {
			_, err := discoveryEncryptEndpoint(block, endpoint)

			return err
		}, nil
	})

	registerBench("discovery.endpoint.decrypt", func(raw json.RawMessage) (func() error, error) {
		args, err := discoveryArgs[discoveryBlobArgs](raw)
		if err != nil {
			return nil, err
		}

		block, err := aes.NewCipher(args.Key)
		if err != nil {
			return nil, err
		}

		return func() error {
			_, err := discoveryDecryptEndpoint(block, args.Blob)

			return err
		}, nil
	})
}

type discoveryUpdateRequestJSON struct {
	ClusterID          string   `json:"cluster_id"`
	AffiliateID        string   `json:"affiliate_id"`
	AffiliateData      *[]byte  `json:"affiliate_data"`
	AffiliateEndpoints [][]byte `json:"affiliate_endpoints"`
	TTLSeconds         *int64   `json:"ttl_seconds"`
}

type discoveryServerAffiliateJSON struct {
	ID        string   `json:"id"`
	Data      []byte   `json:"data"`
	Endpoints [][]byte `json:"endpoints"`
}

type discoveryWatchResponseJSON struct {
	Affiliates []discoveryServerAffiliateJSON `json:"affiliates"`
	Deleted    bool                           `json:"deleted"`
}

func init() {
	register("discovery.service.update_request", func(raw json.RawMessage) (any, error) {
		args, err := discoveryArgs[discoveryUpdateRequestJSON](raw)
		if err != nil {
			return nil, err
		}

		req := &serverpb.AffiliateUpdateRequest{
			ClusterId:          args.ClusterID,
			AffiliateId:        args.AffiliateID,
			AffiliateEndpoints: args.AffiliateEndpoints,
		}

		if args.AffiliateData != nil {
			req.AffiliateData = *args.AffiliateData
			if req.AffiliateData == nil {
				req.AffiliateData = []byte{}
			}
		}

		if args.TTLSeconds != nil {
			req.Ttl = durationpb.New(time.Duration(*args.TTLSeconds) * time.Second)
		}

		pb, err := req.MarshalVT()
		if err != nil {
			return nil, err
		}

		return map[string][]byte{"pb": pb}, nil
	})

	register("discovery.service.watch_response", func(raw json.RawMessage) (any, error) {
		args, err := discoveryArgs[discoveryWatchResponseJSON](raw)
		if err != nil {
			return nil, err
		}

		resp := &serverpb.WatchResponse{Deleted: args.Deleted}

		for _, a := range args.Affiliates {
			resp.Affiliates = append(resp.Affiliates, &serverpb.Affiliate{Id: a.ID, Data: a.Data, Endpoints: a.Endpoints})
		}

		pb, err := resp.MarshalVT()
		if err != nil {
			return nil, err
		}

		return map[string][]byte{"pb": pb}, nil
	})
}

// ----------------------------------------------------------------------------------------
// The real discovery client (discovery-client v0.1.15) run against an in-process fake
// discovery service on the loopback interface, so its own sealing and Watch merging are
// observed rather than re-implemented.
//
// Inputs must not make the client's endpoint decoding panic (wrong-key endpoint blobs can):
// that panic happens on the client's goroutine, where the oracle cannot recover it.

const discoveryClientTimeout = 10 * time.Second

// discoveryFakeService records updates and plays a scripted Watch stream.
type discoveryFakeService struct {
	serverpb.UnimplementedClusterServer

	updates chan *serverpb.AffiliateUpdateRequest
	script  chan *serverpb.WatchResponse
}

func (s *discoveryFakeService) Hello(context.Context, *serverpb.HelloRequest) (*serverpb.HelloResponse, error) {
	return &serverpb.HelloResponse{}, nil
}

func (s *discoveryFakeService) AffiliateUpdate(ctx context.Context, req *serverpb.AffiliateUpdateRequest) (*serverpb.AffiliateUpdateResponse, error) {
	select {
	case s.updates <- req:
	case <-ctx.Done():
		return nil, ctx.Err()
	}

	return &serverpb.AffiliateUpdateResponse{}, nil
}

func (s *discoveryFakeService) AffiliateDelete(context.Context, *serverpb.AffiliateDeleteRequest) (*serverpb.AffiliateDeleteResponse, error) {
	return &serverpb.AffiliateDeleteResponse{}, nil
}

func (s *discoveryFakeService) Watch(_ *serverpb.WatchRequest, stream serverpb.Cluster_WatchServer) error {
	for {
		select {
		case <-stream.Context().Done():
			return nil
		case msg := <-s.script:
			if err := stream.Send(msg); err != nil {
				return err
			}
		}
	}
}

// discoveryClientSession is one fake service with one real client connected to it.
type discoveryClientSession struct {
	service *discoveryFakeService
	client  *client.Client
	notify  chan struct{}
	stop    func()
}

func startDiscoveryClientSession(key []byte, ownID string) (*discoveryClientSession, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}

	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}

	service := &discoveryFakeService{
		updates: make(chan *serverpb.AffiliateUpdateRequest, 16),
		script:  make(chan *serverpb.WatchResponse),
	}

	server := grpc.NewServer()
	serverpb.RegisterClusterServer(server, service)

	go server.Serve(listener) //nolint:errcheck

	cli, err := client.NewClient(client.Options{
		Cipher:        block,
		Endpoint:      listener.Addr().String(),
		ClusterID:     "talos-kit-oracle",
		AffiliateID:   ownID,
		ClientVersion: "talos-kit-oracle",
		TTL:           30 * time.Minute,
		Insecure:      true,
	})
	if err != nil {
		server.Stop()

		return nil, err
	}

	ctx, cancel := context.WithCancel(context.Background())
	notify := make(chan struct{}, 1)
	done := make(chan struct{})

	go func() {
		defer close(done)

		cli.Run(ctx, zap.NewNop(), notify) //nolint:errcheck
	}()

	return &discoveryClientSession{
		service: service,
		client:  cli,
		notify:  notify,
		stop: func() {
			cancel()
			<-done
			server.Stop()
		},
	}, nil
}

type discoveryClientSealArgs struct {
	Key        []byte                    `json:"key"`
	Affiliates []discoveryAffiliateJSON  `json:"affiliates"`
	Endpoints  [][]discoveryEndpointJSON `json:"endpoints"`
}

type discoveryClientUpdate struct {
	Data      []byte   `json:"data"`
	Endpoints [][]byte `json:"endpoints"`
}

// discoveryClientSeal hands each affiliate to SetLocalData and returns the AffiliateUpdate the
// client sends for it. Re-sent copies of the previous blob are skipped: every SetLocalData draws
// a new nonce, so a new blob means the new data.
func discoveryClientSeal(raw json.RawMessage) (any, error) {
	args, err := discoveryArgs[discoveryClientSealArgs](raw)
	if err != nil {
		return nil, err
	}

	if len(args.Endpoints) != len(args.Affiliates) {
		return nil, errors.New("one endpoint list per affiliate expected")
	}

	session, err := startDiscoveryClientSession(args.Key, "talos-kit-oracle-self")
	if err != nil {
		return nil, err
	}
	defer session.stop()

	updates := make([]discoveryClientUpdate, 0, len(args.Affiliates))

	var previous []byte

	for i, affiliate := range args.Affiliates {
		endpoints := make([]*clientpb.Endpoint, 0, len(args.Endpoints[i]))
		for _, e := range args.Endpoints[i] {
			endpoints = append(endpoints, &clientpb.Endpoint{Ip: e.IP, Port: e.Port})
		}

		if err := session.client.SetLocalData(&client.Affiliate{Affiliate: affiliate.toPB(), Endpoints: endpoints}, nil); err != nil {
			return nil, err
		}

		for {
			var req *serverpb.AffiliateUpdateRequest

			select {
			case req = <-session.service.updates:
			case <-time.After(discoveryClientTimeout):
				return nil, fmt.Errorf("no AffiliateUpdate for affiliate %d", i)
			}

			if bytes.Equal(req.AffiliateData, previous) {
				continue
			}

			previous = req.AffiliateData
			updates = append(updates, discoveryClientUpdate{Data: req.AffiliateData, Endpoints: req.AffiliateEndpoints})

			break
		}
	}

	return map[string]any{"updates": updates}, nil
}

type discoveryClientWatchArgs struct {
	Key      []byte                       `json:"key"`
	OwnID    string                       `json:"own_id"`
	Messages []discoveryWatchResponseJSON `json:"messages"`
}

type discoveryClientMember struct {
	PB        []byte                  `json:"pb"`
	Endpoints []discoveryEndpointJSON `json:"endpoints"`
}

// discoveryClientWatch streams the messages to the client one at a time and returns its
// affiliates (GetAffiliates) after each, sorted by payload protobuf.
func discoveryClientWatch(raw json.RawMessage) (any, error) {
	args, err := discoveryArgs[discoveryClientWatchArgs](raw)
	if err != nil {
		return nil, err
	}

	session, err := startDiscoveryClientSession(args.Key, args.OwnID)
	if err != nil {
		return nil, err
	}
	defer session.stop()

	states := make([][]discoveryClientMember, 0, len(args.Messages))

	for i, msg := range args.Messages {
		resp := &serverpb.WatchResponse{Deleted: msg.Deleted}

		for _, a := range msg.Affiliates {
			resp.Affiliates = append(resp.Affiliates, &serverpb.Affiliate{Id: a.ID, Data: a.Data, Endpoints: a.Endpoints})
		}

		select {
		case session.service.script <- resp:
		case <-time.After(discoveryClientTimeout):
			return nil, fmt.Errorf("the client did not watch before message %d", i)
		}

		select {
		case <-session.notify:
		case <-time.After(discoveryClientTimeout):
			return nil, fmt.Errorf("the client did not process message %d", i)
		}

		members := []discoveryClientMember{}

		for _, affiliate := range session.client.GetAffiliates() {
			pb, err := affiliate.Affiliate.MarshalVT()
			if err != nil {
				return nil, err
			}

			endpoints := []discoveryEndpointJSON{}
			for _, e := range affiliate.Endpoints {
				endpoints = append(endpoints, discoveryEndpointJSON{IP: e.Ip, Port: e.Port})
			}

			members = append(members, discoveryClientMember{PB: pb, Endpoints: endpoints})
		}

		sort.Slice(members, func(a, b int) bool { return bytes.Compare(members[a].PB, members[b].PB) < 0 })

		states = append(states, members)
	}

	return map[string]any{"states": states}, nil
}

func init() {
	register("discovery.client.seal", discoveryClientSeal)
	register("discovery.client.watch", discoveryClientWatch)
}
