// Command combine turns the per-release field dumps of ../dump into the Rust table
// talos-config/src/field_since.rs. Run by ../generate; stdlib only.
//
//	go run combine/main.go -rust talos-config/src/types -out FILE DUMP...
//
// The dumps are given oldest first; the last one is the newest release the proxy serves
// (v1.14.0-alpha.2). For every kind the table gets its first release, and for every field
// that appeared in a later release than its kind, the first release that has it. Fields
// v1.14.0-rc.1 added to kinds alpha.2 has are found in the crate's own types: a
// `#[go(name = "pkg.Type")]` struct with a YAML key alpha.2's pkg.Type lacks is an rc.1
// field (release 1.14).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

type info struct {
	OmitEmpty bool `json:"omitempty"`
}

type document struct {
	Kind    string              `json:"kind"`
	GoType  string              `json:"go_type"`
	Fields  map[string]info     `json:"fields"`
	Structs map[string][]string `json:"structs"`
}

type dump struct {
	Version   string     `json:"version"`
	Documents []document `json:"documents"`
}

type release struct {
	major, minor int
}

func (r release) String() string { return fmt.Sprintf("%d.%d", r.major, r.minor) }

func (r release) less(o release) bool {
	return r.major < o.major || (r.major == o.major && r.minor < o.minor)
}

var versionRE = regexp.MustCompile(`^v(\d+)\.(\d+)\.`)

func parseRelease(v string) release {
	m := versionRE.FindStringSubmatch(v)
	if m == nil {
		fail("malformed version %q", v)
	}

	major, _ := strconv.Atoi(m[1])
	minor, _ := strconv.Atoi(m[2])

	return release{major, minor}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "combine: "+format+"\n", args...)
	os.Exit(1)
}

func warn(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "combine: warning: "+format+"\n", args...)
}

type entry struct {
	kind, path string
	since      release
}

func main() {
	rustDir := flag.String("rust", "", "talos-config/src/types: the rc.1 types")
	outPath := flag.String("out", "", "the Rust file to write")
	flag.Parse()

	if flag.NArg() < 2 || *outPath == "" {
		fail("usage: combine -rust DIR -out FILE DUMP...")
	}

	dumps := make([]dump, 0, flag.NArg())
	releases := make([]release, 0, flag.NArg())

	for _, path := range flag.Args() {
		raw, err := os.ReadFile(path)
		if err != nil {
			fail("%v", err)
		}

		var d dump
		if err := json.Unmarshal(raw, &d); err != nil {
			fail("%s: %v", path, err)
		}

		r := parseRelease(d.Version)
		if len(releases) > 0 && !releases[len(releases)-1].less(r) {
			fail("dumps must be in release order: %s after %s", r, releases[len(releases)-1])
		}

		dumps = append(dumps, d)
		releases = append(releases, r)
	}

	// fields[kind][path] = the releases (indices) that have it
	present := map[string]map[string][]int{}
	kindFirst := map[string]int{}

	for i, d := range dumps {
		for _, doc := range d.Documents {
			if _, ok := kindFirst[doc.Kind]; !ok {
				kindFirst[doc.Kind] = i
				present[doc.Kind] = map[string][]int{}
			}

			for path := range doc.Fields {
				present[doc.Kind][path] = append(present[doc.Kind][path], i)
			}
		}
	}

	newestIdx := len(dumps) - 1
	newest := dumps[newestIdx]

	newestFields := map[string]map[string]info{}
	for _, doc := range newest.Documents {
		newestFields[doc.Kind] = doc.Fields
	}

	var entries []entry

	for _, doc := range newest.Documents {
		kindSince := kindFirst[doc.Kind]

		paths := make([]string, 0, len(doc.Fields))
		for path := range doc.Fields {
			paths = append(paths, path)
		}

		sort.Strings(paths)

		for _, path := range paths {
			seen := present[doc.Kind][path]
			first := seen[0]

			if len(seen) != seen[len(seen)-1]-first+1 {
				warn("%s %s is missing from some releases between %s and %s (first kept)",
					doc.Kind, path, releases[first], releases[newestIdx])
			}

			if first == kindSince {
				continue
			}

			entries = append(entries, entry{doc.Kind, path, releases[first]})
		}
	}

	// A field that is not omitempty is in every encoded document that has its parent: the
	// check reports it whenever the parent is set, so it matters only under a parent that is
	// as old as the kind (a newer parent is reported instead).
	isEntry := map[string]bool{}
	for _, e := range entries {
		isEntry[e.kind+" "+e.path] = true
	}

	for _, e := range entries {
		if newestFields[e.kind][e.path].OmitEmpty {
			continue
		}

		parent := parentField(e.path)
		if parent == "" || !isEntry[e.kind+" "+parent] {
			warn("%s %s (since %s) is not omitempty: encoded documents with its parent always carry it",
				e.kind, e.path, e.since)
		}
	}

	// removed kinds and fields are not in the table: the crate knows only the newest types
	for kind := range kindFirst {
		if _, ok := newestFields[kind]; !ok {
			warn("kind %s is gone from %s", kind, newest.Version)
		}
	}

	if *rustDir != "" {
		for _, e := range rc1Fields(*rustDir, newest, releases[newestIdx]) {
			if kindFirst[e.kind] != newestIdx { // a field of a kind new in 1.14 is as old as it
				entries = append(entries, e)
			}
		}
	}

	sort.Slice(entries, func(i, j int) bool {
		if entries[i].kind != entries[j].kind {
			return entries[i].kind < entries[j].kind
		}

		return entries[i].path < entries[j].path
	})

	kinds := make([]string, 0, len(kindFirst))
	for kind := range kindFirst {
		if _, ok := newestFields[kind]; ok {
			kinds = append(kinds, kind)
		}
	}

	sort.Strings(kinds)

	var versions []string
	for _, d := range dumps {
		versions = append(versions, d.Version)
	}

	if err := os.WriteFile(*outPath, []byte(render(versions, releases, kinds, kindFirst, entries)), 0o644); err != nil {
		fail("%v", err)
	}

	perRelease := map[release]int{}
	for _, e := range entries {
		perRelease[e.since]++
	}

	fmt.Fprintf(os.Stderr, "combine: %d kinds, %d field entries:", len(kinds), len(entries))

	for _, r := range releases {
		if n := perRelease[r]; n > 0 {
			fmt.Fprintf(os.Stderr, " %s=%d", r, n)
		}
	}

	fmt.Fprintln(os.Stderr)
}

// parentField is the path of the nearest enclosing field: ".a.b[].c" → ".a.b", ".a.*.c" → ".a".
func parentField(path string) string {
	path = path[:strings.LastIndex(path, ".")]

	for strings.HasSuffix(path, "[]") || strings.HasSuffix(path, ".*") {
		path = path[:len(path)-2]
	}

	return path
}

var (
	goAttrRE  = regexp.MustCompile(`(?s)#\[go\(([^\]]*?)\)\]`)
	goNameRE  = regexp.MustCompile(`\bname\s*=\s*"([^"]+)"`)
	structRE  = regexp.MustCompile(`^\s*(?:#\[[^\n]*\]\s*|///[^\n]*\n\s*)*pub struct \w+\s*\{`)
	yamlKeyRE = regexp.MustCompile(`yaml\s*=\s*"([^"]+)"`)
)

// rustStructKeys reads the crate's derived types: Go type name → the YAML keys of its own
// (non-inline) fields.
func rustStructKeys(dir string) map[string][]string {
	out := map[string][]string{}

	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".rs") {
			return err
		}

		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}

		text := string(raw)

		for _, attr := range goAttrRE.FindAllStringSubmatchIndex(text, -1) {
			name := goNameRE.FindStringSubmatch(text[attr[2]:attr[3]])
			if name == nil {
				continue // a field attribute
			}

			rest := text[attr[1]:]

			loc := structRE.FindStringIndex(rest)
			if loc == nil {
				continue // not a struct with named fields
			}

			body := rest[loc[1]:]
			depth := 1

			for i, c := range body {
				switch c {
				case '{':
					depth++
				case '}':
					depth--
				}

				if depth == 0 {
					body = body[:i]

					break
				}
			}

			for _, key := range yamlKeyRE.FindAllStringSubmatch(body, -1) {
				out[name[1]] = append(out[name[1]], key[1])
			}
		}

		return nil
	})
	if err != nil {
		fail("%v", err)
	}

	return out
}

// rc1Fields: the fields the crate's types have and the newest dump's same-named Go types lack.
func rc1Fields(dir string, newest dump, since release) []entry {
	rust := rustStructKeys(dir)
	if len(rust) == 0 {
		fail("no #[go(name = ...)] structs under %s", dir)
	}

	var out []entry

	for _, doc := range newest.Documents {
		paths := make([]string, 0, len(doc.Structs))
		for path := range doc.Structs {
			paths = append(paths, path)
		}

		sort.Strings(paths)

		for _, path := range paths {
			for _, goType := range doc.Structs[path] {
				for _, key := range rust[goType] {
					field := path + "." + key
					if _, ok := doc.Fields[field]; ok {
						continue
					}

					dup := false
					for _, e := range out {
						dup = dup || (e.kind == doc.Kind && e.path == field)
					}

					if !dup {
						fmt.Fprintf(os.Stderr, "combine: %s %s: in the crate's %s, not in %s: rc.1 (%s)\n",
							doc.Kind, field, goType, newest.Version, since)
						out = append(out, entry{doc.Kind, field, since})
					}
				}
			}
		}
	}

	return out
}

func render(versions []string, releases []release, kinds []string, kindFirst map[string]int, entries []entry) string {
	var b strings.Builder

	b.WriteString(`//! Which Talos release introduced each configuration kind and field.
//!
//! GENERATED by conformance/since/generate — do not edit. Regenerate with
//! ` + "`conformance/since/generate`" + ` (needs Go and the Go module proxy).
//!
//! Source: the YAML field paths of the legacy ` + "`v1alpha1.Config`" + ` and of every registered
//! kind in each pkg/machinery release of [` + "`RELEASES`" + `] (the newest patch of each line, read
//! by reflection), plus the fields v1.14.0-rc.1 added to kinds v1.14.0-alpha.2 has (found in
//! this crate's own types). Kinds only rc.1 has are not listed: their fields are as old as
//! they are.
//!
//! Paths are YAML paths: ` + "`.key`" + ` for a field, ` + "`[]`" + ` for a list element, ` + "`.*`" + ` for a map
//! value. A field is listed only when it is newer than its kind.

pub use crate::version::FieldSince;
use crate::version::TalosVersion;

`)

	b.WriteString("/// The pkg/machinery releases the table was built from, oldest first.\n")
	b.WriteString("pub static RELEASES: &[&str] = &[\n")

	for _, v := range versions {
		fmt.Fprintf(&b, "    %q,\n", v)
	}

	b.WriteString("];\n\n")

	used := map[release]bool{}
	for _, k := range kinds {
		used[releases[kindFirst[k]]] = true
	}

	for _, e := range entries {
		used[e.since] = true
	}

	for _, r := range releases {
		if used[r] {
			fmt.Fprintf(&b, "const V%d_%d: TalosVersion = TalosVersion::new(%d, %d);\n", r.major, r.minor, r.major, r.minor)
		}
	}

	b.WriteString("\n/// The first release of every kind (`v1alpha1`: the oldest release read), sorted by kind.\n")
	b.WriteString("pub static KINDS: &[(&str, TalosVersion)] = &[\n")

	for _, k := range kinds {
		r := releases[kindFirst[k]]
		fmt.Fprintf(&b, "    (%q, V%d_%d),\n", k, r.major, r.minor)
	}

	b.WriteString("];\n\n")
	b.WriteString("/// Every field newer than its kind, sorted by kind, then path.\n")
	b.WriteString("#[rustfmt::skip]\npub static FIELDS: &[FieldSince] = &[\n")

	for _, e := range entries {
		fmt.Fprintf(&b, "    FieldSince::new(%q, %q, V%d_%d),\n", e.kind, e.path, e.since.major, e.since.minor)
	}

	b.WriteString("];\n")

	return b.String()
}
