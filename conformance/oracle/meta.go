package main

// META: go-adv (Talos and syslinux ADV) and pkg/machinery/meta (the Values encoding).

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"

	"github.com/siderolabs/go-adv/adv/syslinux"
	"github.com/siderolabs/go-adv/adv/talos"
	"github.com/siderolabs/talos/pkg/machinery/meta"
)

type metaTag struct {
	Key   uint8  `json:"key"`
	Value []byte `json:"value"`
}

func init() {
	register("meta.adv.read", metaAdvRead)
	register("meta.adv.write", metaAdvWrite)
	register("meta.syslinux.read", metaSyslinuxRead)
	register("meta.syslinux.edit", metaSyslinuxEdit)
	register("meta.values.encode", metaValuesEncode)
	register("meta.values.decode", metaValuesDecode)

	registerBench("meta.adv.read", benchAdvRead)
	registerBench("meta.adv.write", benchAdvWrite)
	registerBench("meta.values.encode", benchValuesEncode)
	registerBench("meta.values.decode", benchValuesDecode)
}

func decodeArgs[T any](raw json.RawMessage) (T, error) {
	var args T

	err := json.Unmarshal(raw, &args)

	return args, err
}

// openPathArg opens the file named by {"path": ...} for reading.
func openPathArg(raw json.RawMessage) (*os.File, error) {
	args, err := decodeArgs[struct {
		Path string `json:"path"`
	}](raw)
	if err != nil {
		return nil, err
	}

	return os.Open(args.Path)
}

func sortedTags(adv *talos.ADV) []metaTag {
	tags := []metaTag{}

	for _, key := range adv.ListTags() {
		value, _ := adv.ReadTagBytes(key)
		tags = append(tags, metaTag{Key: key, Value: value})
	}

	slices.SortFunc(tags, func(a, b metaTag) int { return int(a.Key) - int(b.Key) })

	return tags
}

type advReadResult struct {
	// Fatal is set when go-adv returned no ADV at all (short read): Talos fails to load META.
	Fatal bool `json:"fatal"`
	// Error is go-adv's error when both copies are invalid (Talos then uses the empty ADV).
	Error string    `json:"error,omitempty"`
	Tags  []metaTag `json:"tags"`
}

// metaAdvRead reads the Talos ADV from the start of a file exactly as Talos does.
func metaAdvRead(raw json.RawMessage) (any, error) {
	f, err := openPathArg(raw)
	if err != nil {
		return nil, err
	}

	defer f.Close() //nolint:errcheck

	adv, err := talos.NewADV(f)
	if adv == nil {
		return advReadResult{Fatal: true, Error: err.Error(), Tags: []metaTag{}}, nil
	}

	result := advReadResult{Tags: sortedTags(adv)}
	if err != nil {
		result.Error = err.Error()
	}

	return result, nil
}

// metaAdvWrite sets the tags in order on an empty ADV and writes both copies at offset 0.
func metaAdvWrite(raw json.RawMessage) (any, error) {
	args, err := decodeArgs[struct {
		Path string    `json:"path"`
		Tags []metaTag `json:"tags"`
	}](raw)
	if err != nil {
		return nil, err
	}

	adv, err := talos.NewADV(nil)
	if err != nil {
		return nil, err
	}

	for _, tag := range args.Tags {
		if !adv.SetTagBytes(tag.Key, tag.Value) {
			return nil, fmt.Errorf("SetTagBytes(%d) refused", tag.Key)
		}
	}

	image, err := adv.Bytes()
	if err != nil {
		return nil, err
	}

	f, err := os.OpenFile(args.Path, os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}

	if _, err = f.WriteAt(image, 0); err != nil {
		f.Close() //nolint:errcheck

		return nil, err
	}

	return struct{}{}, f.Close()
}

type syslinuxView struct {
	Tags   []uint8   `json:"tags"`
	Values []metaTag `json:"values"`
}

func viewSyslinux(adv syslinux.ADV) syslinuxView {
	view := syslinuxView{Tags: adv.ListTags(), Values: []metaTag{}}
	if view.Tags == nil {
		view.Tags = []uint8{}
	}

	for key := 1; key <= 255; key++ {
		if value, ok := adv.ReadTagBytes(uint8(key)); ok {
			view.Values = append(view.Values, metaTag{Key: uint8(key), Value: bytes.Clone(value)})
		}
	}

	return view
}

// metaSyslinuxRead reads the legacy ADV from the end of a file as Talos does.
func metaSyslinuxRead(raw json.RawMessage) (any, error) {
	f, err := openPathArg(raw)
	if err != nil {
		return nil, err
	}

	defer f.Close() //nolint:errcheck

	adv, err := syslinux.NewADV(f)
	if err != nil {
		return nil, err
	}

	return viewSyslinux(adv), nil
}

type syslinuxOp struct {
	Delete bool   `json:"delete"`
	Key    uint8  `json:"key"`
	Value  []byte `json:"value"`
}

// metaSyslinuxEdit applies set/delete operations to 1024 raw legacy bytes.
func metaSyslinuxEdit(raw json.RawMessage) (any, error) {
	args, err := decodeArgs[struct {
		Raw []byte       `json:"raw"`
		Ops []syslinuxOp `json:"ops"`
	}](raw)
	if err != nil {
		return nil, err
	}

	if len(args.Raw) != 2*syslinux.AdvSize {
		return nil, errors.New("raw must be 1024 bytes")
	}

	adv := syslinux.ADV(args.Raw)
	results := make([]bool, 0, len(args.Ops))

	for _, op := range args.Ops {
		if op.Delete {
			results = append(results, adv.DeleteTag(op.Key))
		} else {
			results = append(results, adv.SetTagBytes(op.Key, op.Value))
		}
	}

	return struct {
		Raw     []byte       `json:"raw"`
		Results []bool       `json:"results"`
		View    syslinuxView `json:"view"`
	}{Raw: adv, Results: results, View: viewSyslinux(adv)}, nil
}

type valuesArgs struct {
	Values []metaTag `json:"values"`
	Gzip   bool      `json:"gzip"`
}

func toValues(tags []metaTag) meta.Values {
	values := make(meta.Values, 0, len(tags))
	for _, tag := range tags {
		values = append(values, meta.Value{Key: tag.Key, Value: string(tag.Value)})
	}

	return values
}

func metaValuesEncode(raw json.RawMessage) (any, error) {
	args, err := decodeArgs[valuesArgs](raw)
	if err != nil {
		return nil, err
	}

	return toValues(args.Values).Encode(args.Gzip), nil
}

func metaValuesDecode(raw json.RawMessage) (any, error) {
	args, err := decodeArgs[struct {
		Text []byte `json:"text"`
	}](raw)
	if err != nil {
		return nil, err
	}

	values, err := meta.DecodeValues(string(args.Text))
	if err != nil {
		return nil, err
	}

	out := []metaTag{}
	for _, v := range values {
		out = append(out, metaTag{Key: v.Key, Value: []byte(v.Value)})
	}

	return out, nil
}

func benchAdvRead(raw json.RawMessage) (func() error, error) {
	args, err := decodeArgs[struct {
		Path string `json:"path"`
	}](raw)
	if err != nil {
		return nil, err
	}

	image, err := os.ReadFile(args.Path)
	if err != nil {
		return nil, err
	}

	return func() error {
		adv, err := talos.NewADV(bytes.NewReader(image))
		if adv == nil {
			return err
		}

		return nil
	}, nil
}

func benchAdvWrite(raw json.RawMessage) (func() error, error) {
	args, err := decodeArgs[struct {
		Tags []metaTag `json:"tags"`
	}](raw)
	if err != nil {
		return nil, err
	}

	return func() error {
		adv, err := talos.NewADV(nil)
		if err != nil {
			return err
		}

		for _, tag := range args.Tags {
			adv.SetTagBytes(tag.Key, tag.Value)
		}

		_, err = adv.Bytes()

		return err
	}, nil
}

func benchValuesEncode(raw json.RawMessage) (func() error, error) {
	args, err := decodeArgs[valuesArgs](raw)
	if err != nil {
		return nil, err
	}

	values := toValues(args.Values)

	return func() error {
		values.Encode(args.Gzip)

		return nil
	}, nil
}

func benchValuesDecode(raw json.RawMessage) (func() error, error) {
	args, err := decodeArgs[struct {
		Text []byte `json:"text"`
	}](raw)
	if err != nil {
		return nil, err
	}

	text := string(args.Text)

	return func() error {
		_, err := meta.DecodeValues(text)

		return err
	}, nil
}
