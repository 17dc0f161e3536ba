// config.validate_mutate: mutations aimed at the validation rules rather than at decoding.
//
//	config.validate_mutate {"yaml": b64, "seed": int64, "count": int}
//	                       → {"mutants": [{"kind": s, "detail": s, "yaml": b64}]}
//
// Each mutant gets one to three mutations drawn from configRuleMutations: a scalar replaced
// by a value chosen for its key (addresses, URLs, CEL, sizes, names, ...), a legacy setting
// known to be checked (bond/bridge conflicts, CAs, install, CNI, etcd, labels, ...), the
// machine type changed, a document appended (broken documents and ones that conflict with
// the legacy settings), or a field removed. Mutants stay decodable as far as possible, so
// validation (not the loader) decides them. Same seed, same bytes.
package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"

	"go.yaml.in/yaml/v4"
)

func init() {
	register("config.validate_mutate", configValidateMutateOp)
}

var configRuleMutations = []configMutation{
	{"rule_value", configMutRuleValue},
	{"legacy_setting", configMutLegacySetting},
	{"machine_type", configMutMachineType},
	{"append_document", configMutAppendDocument},
	{"remove_field", configMutRemoveField},
}

func configValidateMutateOp(raw json.RawMessage) (any, error) {
	args, err := configDecodeArgs[configMutateArgs](raw)
	if err != nil {
		return nil, err
	}

	original, err := yamlDecodeStream[yaml.Node](args.YAML)
	if err != nil {
		return nil, fmt.Errorf("input does not parse: %w", err)
	}

	m := &configMutator{
		rng: rand.New(rand.NewPCG(uint64(args.Seed), uint64(args.Seed)^0x51ed270b27a3c1e9)), //nolint:gosec
	}

	result := configMutateResult{Mutants: []configMutant{}}

	for range args.Count {
		docs := configCloneDocs(original)
		applied := []string{}
		details := []string{}

		for range 1 + m.rng.IntN(3) {
			for range configMutationAttempts {
				mutation := configPick(m, configRuleMutations)

				out, detail, ok := mutation.apply(m, docs)
				if !ok {
					continue
				}

				docs = out
				applied = append(applied, mutation.name)
				details = append(details, detail)

				break
			}
		}

		if len(applied) == 0 {
			continue
		}

		out, err := yamlMarshalStream(docs)
		if err == nil {
			result.Mutants = append(result.Mutants, configMutant{
				Kind: strings.Join(applied, "+"), Detail: strings.Join(details, "; "), YAML: out,
			})
		}
	}

	return result, nil
}

// configRuleValues are replacement values by what a key names; the first pattern found in the
// lower-cased key wins, "" matches every key.
var configRuleValues = []struct {
	patterns []string
	values   []string
}{
	{[]string{"match"}, []string{
		`disk.size > 120u * GB`, `disk.size > 120 * GB`, `disk.foo == "x"`, `disk.transport == "nvme" &&`,
		`system_disk`, `1 + 1`, `glob("/dev/sd*", disk.dev_path)`, `!system_disk && disk.rotational`,
		`volume.name == "xfs"`, `link.driver == "e1000"`, `size(disk.model) > 3`,
	}},
	{[]string{"endpoint", "url", "server", "apiurl"}, []string{
		"https://example.com:443", "http://example.com", "not a url", "https://example.com/path",
		"grpc://10.0.0.1:4000", "tcp://10.0.0.1", "udp://10.0.0.1:514/x", "10.0.0.1:80", "", "example.com",
		"tcp://[fd00::1]:514",
	}},
	{[]string{"subnet", "cidr", "address", "network", "gateway", "source", "ip", "destination", "prefix", "vip"}, []string{
		"10.3.x/24", "10.0.0.1", "10.0.0.0/33", "::1/128", "0.0.0.0/0", "256.1.1.1/24", "", "10.5.0.1/24",
		"2001:db8::/129", "fd00::10/64", "0.0.0.0", "!10.0.0.0/8",
	}},
	{[]string{"size"}, []string{"1GiB", "10%", "150%", "-1GB", "bogus", "0", "500MiB", "100GB"}},
	{[]string{"timeout", "interval", "delay", "period", "duration"}, []string{"0s", "5s", "-1s", "1m", "10s", "1h"}},
	{[]string{"mode", "protocol", "policy", "type", "kind", "restart"}, []string{
		"802.3ad", "active-backup", "balance-rr", "bogus", "DoT", "DoH", "Do53", "always", "", "luks2",
		"controlplane", "worker", "xfs", "ext4", "directory", "disk", "partition",
	}},
	{[]string{"name", "hostname", "domain", "interface", "parent", "link"}, []string{
		"", "eth0", "bond0", "STATE", "EPHEMERAL", "IMAGECACHE", "bogus", strings.Repeat("x", 40),
		"bad name!", "UPPER", "a.b.c", strings.Repeat("a", 64) + ".example.com", "-lead",
	}},
	{[]string{"key", "crt", "secret", "token", "ca"}, []string{"", "bm90IGEga2V5", "short", "YWJjZA=="}},
	{[]string{"id", "vlan", "mtu", "port", "slot", "metric", "priority", "table"}, []string{
		"0", "-1", "1", "4094", "4095", "65536", "1280", "1279", "9000", "10",
	}},
	{[]string{""}, []string{"", "x", "bogus", "true", "false", "0", "1", "10.0.0.1/24", "https://x"}},
}

func configRuleValue(key string, m *configMutator) string {
	lower := strings.ToLower(key)

	for _, group := range configRuleValues {
		for _, pattern := range group.patterns {
			if strings.Contains(lower, pattern) {
				return configPick(m, group.values)
			}
		}
	}

	return ""
}

// configKeyOf returns the key naming the value in slot s (for sequence items, the key of the
// sequence), or "".
func configKeyOf(docs []*yaml.Node, s configSlot) string {
	parent := s.parent
	index := s.index

	for {
		if parent.Kind == yaml.MappingNode && index%2 == 1 {
			return parent.Content[index-1].Value
		}

		grand, at, ok := configParentOf(docs, parent)
		if !ok {
			return ""
		}

		parent, index = grand, at
	}
}

func configParentOf(docs []*yaml.Node, child *yaml.Node) (*yaml.Node, int, bool) {
	for _, doc := range docs {
		for _, s := range configSlots(doc) {
			if s.node() == child {
				return s.parent, s.index, true
			}
		}
	}

	return nil, 0, false
}

func configMutRuleValue(m *configMutator, docs []*yaml.Node) ([]*yaml.Node, string, bool) {
	s, ok := m.pickSlot(docs, func(s configSlot) bool {
		if !configIsScalarValue(s) {
			return false
		}

		// apiVersion, kind and the legacy version are the loader's business.
		key := configKeyOf(docs, s)

		return key != "apiVersion" && key != "kind" && key != "version"
	})
	if !ok {
		return nil, "", false
	}

	key := configKeyOf(docs, s)
	value := configRuleValue(key, m)

	// Plain, so numbers and booleans reach int and bool fields; what a plain scalar cannot
	// carry stays a string.
	if value == "" || strings.HasPrefix(value, "!") {
		s.set(configStr(value))
	} else {
		s.set(configPlain(value))
	}

	return docs, fmt.Sprintf("%s=%q", key, value), true
}

// configLegacySettings are legacy settings the v1alpha1 rules check: a path under the legacy
// document and a YAML value set there (a path ending in "+" appends to a sequence).
var configLegacySettings = []struct{ path, value string }{
	{"machine.network.interfaces+", `{interface: eth9, addresses: ["10.3.x/24"]}`},
	{"machine.network.interfaces+", `{interface: eth9, cidr: 10.5.0.1/24}`},
	{"machine.network.interfaces+", `{interface: eth9, cidr: 10.5.0.1/24, addresses: [10.5.0.2/24]}`},
	{"machine.network.interfaces+", `{interface: eth9, dhcp: true, vip: {ip: 10.5.0.100}}`},
	{"machine.network.interfaces+", `{interface: bond9, bond: {interfaces: [eth1, eth2], mode: 802.3ad}, bridge: {interfaces: [eth3]}}`},
	{"machine.network.interfaces+", `{interface: bond9, bond: {interfaces: [eth1], deviceSelectors: [{hardwareAddr: "00:*"}], mode: active-backup}}`},
	{"machine.network.interfaces+", `{interface: bond8, bond: {interfaces: [eth1, eth2], mode: active-backup}}`},
	{"machine.network.interfaces+", `{interface: br0, bridge: {interfaces: [eth1]}}`},
	{"machine.network.interfaces+", `{interface: eth1, dhcp: true}`},
	{"machine.network.interfaces+", `{interface: eth2, addresses: [10.0.0.2/24]}`},
	{"machine.network.interfaces+", `{deviceSelector: {}}`},
	{"machine.network.interfaces+", `{interface: eth9, deviceSelector: {busPath: "0*"}}`},
	{"machine.network.interfaces+", `{mtu: 1500}`},
	{"machine.network.interfaces+", `{interface: eth9, ignore: true, addresses: [bad]}`},
	{"machine.network.interfaces+", `{interface: eth9, routes: [{network: 10.0.0.0/33, gateway: 10.0.0.1}, {network: 10.1.0.0/16, gateway: "172.0.0.x"}, {metric: 5}, {network: 10.2.0.0/16, source: bad}]}`},
	{"machine.network.interfaces+", `{interface: bond9, bond: {interfaces: [eth5], mode: roundrobin}}`},
	{"machine.network.interfaces+", `{interface: bond9, bond: {interfaces: [eth5], mode: balance-rr, lacpRate: fast}}`},
	{"machine.network.interfaces+", `{interface: bond9, bond: {interfaces: [eth5], mode: active-backup, miimon: 0, updelay: 100}}`},
	{"machine.network.interfaces+", `{interface: bond9, bond: {interfaces: [eth5], mode: active-backup, miimon: 100, updelay: 150, downdelay: 200}}`},
	{"machine.network.interfaces+", `{interface: bond9, bond: {interfaces: [eth5], mode: 802.3ad, primary: eth5, packetsPerSlave: 2, arpIPTarget: [10.0.0.1]}}`},
	{"machine.network.interfaces+", `{interface: bond9, bond: {interfaces: [eth5], mode: balance-rr, adActorSysPrio: 5, adUserPortKey: 2, arpValidate: all}}`},
	{"machine.network.interfaces+", `{interface: bond9, bond: {interfaces: [eth5], mode: 802.3ad, arpInterval: 100, adActorSystem: "00:00:00:00:00:01"}}`},
	{"machine.network.interfaces+", `{interface: eth9, vlans: [{vlanId: 26, cidr: 10.1.0.1/24, addresses: [10.1.0.2/24]}, {vlanId: 0}, {vlanId: 5000, addresses: ["bad"]}]}`},
	{"machine.network.interfaces+", `{interface: eth9, vlans: [{vlanId: 27, vip: {ip: 10.9.0.1}}, {vlanId: 28, cidr: 10.3.x/24, routes: [{network: bad}]}]}`},
	{"machine.network.interfaces+", `{interface: wg0, wireguard: {privateKey: "c2hvcnQ=", peers: [{publicKey: "x", endpoint: "10.0.0.1", allowedIPs: ["10.0.0.0/33"]}]}}`},
	{"machine.network.interfaces+", `{interface: wg0, wireguard: {privateKey: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", peers: [{publicKey: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", endpoint: "10.0.0.1:51820", allowedIPs: ["10.0.0.0/8"]}]}}`},
	{"machine.network.hostname", `node-1`},
	{"machine.network.nameservers", `[10.0.0.53, "bad"]`},
	{"machine.network.searchDomains", `[example.com]`},
	{"machine.network.kubespan", `{enabled: true, mtu: 1000, filters: {endpoints: ["!bad", "0.0.0.0/0"]}}`},
	{"machine.network.kubespan", `{enabled: true}`},
	{"machine.network.extraHostEntries", `[{ip: bad, aliases: [x]}]`},
	{"machine.ca", `{crt: ""}`},
	{"machine.ca", `{}`},
	{"machine.acceptedCAs", `[{crt: YWJj}]`},
	{"cluster.ca", `{crt: YWJj, key: YWJj}`},
	{"cluster.ca", `{crt: YWJj}`},
	{"machine.install", `{image: ghcr.io/siderolabs/installer:v1.13.0}`},
	{"machine.install", `{disk: /dev/sda, diskSelector: {size: ">= 1TB"}}`},
	{"machine.install", `{diskSelector: {model: "WDC*"}}`},
	{"machine.install", `{disk: /dev/sda, extraKernelArgs: [a=b], grubUseUKICmdline: true}`},
	{"machine.install", `{disk: /dev/sda, extensions: [{image: a/b:1}, {image: a/b:1}]}`},
	{"cluster.network.cni", `{name: bogus}`},
	{"cluster.network.cni", `{name: custom}`},
	{"cluster.network.cni", `{name: flannel, urls: ["https://example.com/cni.yaml"]}`},
	{"cluster.network.cni", `{name: custom, urls: ["not a url"]}`},
	{"cluster.network.cni", `{name: none, flannel: {extraArgs: [--iface=eth0]}}`},
	{"cluster.network.dnsDomain", `bad_domain!`},
	{"cluster.network.podSubnets", `[10.244.0.0/16, bad]`},
	{"cluster.discovery", `{enabled: true, registries: {service: {endpoint: "https://discovery.example.com/path"}}}`},
	{"cluster.discovery", `{enabled: true, registries: {service: {disabled: true}}}`},
	{"cluster.discovery", `{enabled: true}`},
	{"cluster.id", `""`},
	{"cluster.secret", `""`},
	{"cluster.etcd", `{ca: {crt: YWJj, key: YWJj}, subnet: 10.0.0.0/8, advertisedSubnets: [10.0.0.0/8]}`},
	{"cluster.etcd", `{ca: {crt: YWJj, key: YWJj}, advertisedSubnets: [bad, "!10.0.0.0/8"]}`},
	{"cluster.etcd", `{}`},
	{"cluster.controlPlane.endpoint", `not a url`},
	{"cluster.controlPlane.endpoint", `https://10.0.0.1:6443/path`},
	{"cluster.inlineManifests", `[{name: "", contents: x}, {name: a, contents: y}, {name: a, contents: z}]`},
	{"cluster.externalCloudProvider", `{enabled: false, manifests: [https://example.com/a.yaml]}`},
	{"cluster.externalCloudProvider", `{enabled: true, manifests: ["not a url"]}`},
	{"cluster.extraManifests", `["not a url", https://example.com/m.yaml]`},
	{"cluster.apiServer.extraArgs", `{feature-gates: X=true}`},
	{"machine.kubelet.extraConfig", `{port: 1, serverTLSBootstrap: true}`},
	{"machine.kubelet.nodeIP", `{validSubnets: [bad, 10.0.0.0/8]}`},
	{"machine.nodeLabels", `{"bad key!": v, k: "bad value!", "example.com/ok": yes}`},
	{"machine.nodeAnnotations", `{"bad key!": v}`},
	{"machine.nodeTaints", `{k: "v:BadEffect", ok: "v:NoSchedule", "bad!": NoExecute}`},
	{"machine.features.kubernetesTalosAPIAccess", `{enabled: true, allowedRoles: ["os:bogus", "os:reader"], allowedKubernetesNamespaces: [kube-system]}`},
	{"machine.features.hostDNS", `{forwardKubeDNSToHost: true}`},
	{"machine.features.hostDNS", `{enabled: true, forwardKubeDNSToHost: true}`},
	{"machine.features.hostDNS", `{enabled: false}`},
	{"machine.features.nodeAddressSortAlgorithm", `v3`},
	{"machine.features.imageCache", `{localEnabled: true}`},
	{"machine.features.stableHostname", `true`},
	{"persist", `false`},
	{"machine.registries.config", `{"registry.example.com": null}`},
	{"machine.registries.mirrors", `{"docker.io": {endpoints: ["not a url"]}}`},
	{"machine.disks", `[{device: /dev/sdb, partitions: [{mountpoint: /var/a}, {mountpoint: /var/b, size: 1GB}]}]`},
	{"machine.disks", `[null]`},
	{"machine.systemDiskEncryption", `{state: {provider: luks2, keys: []}}`},
	{"machine.systemDiskEncryption", `{ephemeral: {provider: luks2, keys: [{slot: 0, static: {passphrase: x}}, {slot: 0, nodeID: {}}, {slot: 1}]}}`},
	{"machine.files", `[{content: x, path: /var/f, op: create, permissions: 0o644}]`},
	{"machine.time", `{servers: [time.example.com]}`},
	{"machine.logging", `{destinations: [{endpoint: "tcp://10.0.0.1", format: bogus}]}`},
	{"machine.sysctls", `{net.ipv4.ip_forward: "1"}`},
	{"machine.kernel", `{modules: [{name: ""}]}`},
	{"machine.seccompProfiles", `[{name: "", value: {}}]`},
}

// configLegacyRoot returns the root mapping of the legacy document, if any.
func configLegacyRoot(docs []*yaml.Node) (*yaml.Node, bool) {
	for _, doc := range docs {
		if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
			continue
		}

		root := doc.Content[0]
		if configKeyIndex(root, "machine") >= 0 || configKeyIndex(root, "cluster") >= 0 {
			return root, true
		}
	}

	return nil, false
}

// configSetPath sets value at a dotted path under root, creating mappings on the way (a
// null or scalar in the way is replaced); a trailing "+" appends to the sequence there.
func configSetPath(root *yaml.Node, path string, value *yaml.Node) {
	appendItem := strings.HasSuffix(path, "+")
	parts := strings.Split(strings.TrimSuffix(path, "+"), ".")
	node := root

	for i, part := range parts {
		last := i == len(parts)-1
		at := configKeyIndex(node, part)

		switch {
		case last && !appendItem:
			if at >= 0 {
				node.Content[at+1] = value
			} else {
				node.Content = append(node.Content, configStr(part), value)
			}

			return
		case at < 0:
			child := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
			if last {
				child = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
			}

			node.Content = append(node.Content, configStr(part), child)
			node = child
		default:
			child := node.Content[at+1]
			want := yaml.MappingNode
			tag := "!!map"

			if last {
				want, tag = yaml.SequenceNode, "!!seq"
			}

			if child.Kind != want {
				child = &yaml.Node{Kind: want, Tag: tag}
				node.Content[at+1] = child
			}

			node = child
		}
	}

	node.Content = append(node.Content, value)
}

func configParseValue(text string) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		return nil, err
	}

	if len(doc.Content) != 1 {
		return nil, fmt.Errorf("no value in %q", text)
	}

	return doc.Content[0], nil
}

func configMutLegacySetting(m *configMutator, docs []*yaml.Node) ([]*yaml.Node, string, bool) {
	root, ok := configLegacyRoot(docs)
	if !ok {
		return nil, "", false
	}

	setting := configPick(m, configLegacySettings)

	value, err := configParseValue(setting.value)
	if err != nil {
		panic(fmt.Sprintf("bad legacy setting %q: %v", setting.value, err))
	}

	configSetPath(root, setting.path, value)

	return docs, setting.path + "=" + setting.value, true
}

func configMutMachineType(m *configMutator, docs []*yaml.Node) ([]*yaml.Node, string, bool) {
	root, ok := configLegacyRoot(docs)
	if !ok {
		return nil, "", false
	}

	machineType := configPick(m, []string{"controlplane", "worker", "init", "join", "", "bogus"})
	configSetPath(root, "machine.type", configStr(machineType))

	return docs, "machine.type=" + machineType, true
}

// configRuleDocuments are documents that break a kind's rules or conflict with common legacy
// settings.
var configRuleDocuments = []string{
	"kind: VolumeConfig\nname: IMAGECACHE\nprovisioning:\n  diskSelector:\n    match: disk.size > 120 * GB\n",
	"kind: VolumeConfig\nname: IMAGECACHE\nprovisioning:\n  diskSelector:\n    match: '!system_disk'\n  maxSize: 10GiB\n",
	"kind: VolumeConfig\nname: IMAGECACHE\nprovisioning:\n  diskSelector:\n    match: disk.foo\n",
	"kind: VolumeConfig\nname: BOGUS\n",
	"kind: VolumeConfig\nname: STATE\nprovisioning:\n  minSize: 1GiB\n",
	"kind: VolumeConfig\nname: EPHEMERAL\nprovisioning:\n  minSize: 10GiB\n  maxSize: 1GiB\n",
	"kind: VolumeConfig\nname: EPHEMERAL\nencryption:\n  provider: luks2\n  keys:\n    - slot: 0\n      nodeID: {}\n",
	"kind: VolumeConfig\nname: STATE\nencryption:\n  provider: luks2\n  keys:\n    - slot: 0\n      tpm: {}\n    - slot: 0\n      nodeID: {}\n",
	"kind: UserVolumeConfig\nname: " + strings.Repeat("d", 40) + "\nprovisioning:\n  diskSelector:\n    match: disk.transport == \"nvme\"\n",
	"kind: UserVolumeConfig\nname: data\nvolumeType: directory\nprovisioning:\n  minSize: 1GiB\n",
	"kind: UserVolumeConfig\nname: data\nfilesystem:\n  type: bogus\n",
	"kind: LinkConfig\nname: eth9\naddresses:\n  - address: 0.0.0.0/0\nroutes:\n  - gateway: bad\n",
	"kind: LinkConfig\nname: eth0\naddresses:\n  - address: 10.0.0.5/24\n",
	"kind: BondConfig\nname: bond9\nlinks: []\n",
	"kind: BondConfig\nname: bond9\nlinks: [eth5, eth6]\nbondMode: 802.3ad\nprimary: eth7\n",
	"kind: VLANConfig\nname: eth0.5000\nvlanID: 5000\nparent: eth0\n",
	"kind: VLANConfig\nname: vlan9\nvlanID: 9\n",
	"kind: HostnameConfig\nauto: stable\nhostname: node-1\n",
	"kind: HostnameConfig\nhostname: node-1\n",
	"kind: HostnameConfig\nauto: stable\n",
	"kind: ResolverConfig\nnameservers:\n  - address: 10.0.0.53\n",
	"kind: ResolverConfig\nnameservers:\n  - address: 1.1.1.1\n    protocol: DoT\n",
	"kind: TimeSyncConfig\nntp:\n  servers: [time.example.com]\n",
	"kind: KubeSpanConfig\nenabled: true\n",
	"kind: SideroLinkConfig\napiUrl: http://siderolink.example.com/path\n",
	"kind: SideroLinkConfig\napiUrl: https://siderolink.example.com:8090?jointoken=x\n",
	"kind: KmsgLogConfig\nname: remote\nurl: tcp://10.0.0.1\n",
	"kind: EventSinkConfig\nendpoint: bad\n",
	"kind: WatchdogTimerConfig\ndevice: /dev/watchdog0\ntimeout: 5s\n",
	"kind: RegistryMirrorConfig\nname: docker.io\nendpoints:\n  - url: \"\"\n",
	"kind: StaticHostConfig\nname: not-an-ip\nhostnames: []\n",
	"kind: ExtensionServiceConfig\nname: nut-client\n",
	"kind: ExtensionServiceConfig\nname: \"\"\nconfigFiles:\n  - content: x\n",
	"kind: ImageCacheConfig\nlocal:\n  enabled: true\n",
	"kind: KubeEtcdEncryptionConfig\n",
	"kind: DHCPv4Config\nname: eth9\n",
	"kind: Layer2VIPConfig\nname: 10.0.0.100\nlink: eth0\n",
	"kind: DummyLinkConfig\nname: dummy9\naddresses:\n  - address: bad\n",
	"kind: NetworkRuleConfig\nname: rule\nportSelector:\n  ports: []\n  protocol: tcp\ningress: []\n",
	"kind: TrustedRootsConfig\nname: roots\ncertificates: \"\"\n",
}

func configMutAppendDocument(m *configMutator, docs []*yaml.Node) ([]*yaml.Node, string, bool) {
	text := "apiVersion: v1alpha1\n" + configPick(m, configRuleDocuments)

	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		panic(fmt.Sprintf("bad rule document %q: %v", text, err))
	}

	return append(docs, &doc), strings.SplitN(strings.SplitN(text, "\n", 3)[1], ": ", 2)[1], true
}
