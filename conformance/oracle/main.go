// Command oracle answers questions about Talos data formats with the real Go libraries.
//
// Protocol: one JSON request per line on stdin, one JSON response per line on stdout.
//
//	request:  {"op": "meta.values.encode", "args": {...}}
//	response: {"ok": true, "result": {...}} or {"ok": false, "error": "message"}
//
// Byte strings travel as standard base64 (Go's []byte JSON form). Areas register their
// operations from init functions in their own files (meta.go, discovery.go, ...), so a new
// area plugs in without touching this file.
//
// The special op "bench" times a registered benchmark: {"op":"bench","args":{"name":...,
// "args":{...},"min_time_ms":N}} → {"ns_per_op": f, "iterations": n}.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"time"
)

type handler func(args json.RawMessage) (any, error)

// benchSetup prepares inputs once and returns the operation to time.
type benchSetup func(args json.RawMessage) (func() error, error)

var (
	handlers = map[string]handler{}
	benches  = map[string]benchSetup{}
)

func register(op string, h handler) {
	if _, dup := handlers[op]; dup {
		panic("duplicate op " + op)
	}

	handlers[op] = h
}

func registerBench(name string, b benchSetup) {
	if _, dup := benches[name]; dup {
		panic("duplicate bench " + name)
	}

	benches[name] = b
}

type request struct {
	Op   string          `json:"op"`
	Args json.RawMessage `json:"args"`
}

type response struct {
	OK     bool   `json:"ok"`
	Result any    `json:"result,omitempty"`
	Error  string `json:"error,omitempty"`
}

type benchArgs struct {
	Name      string          `json:"name"`
	Args      json.RawMessage `json:"args"`
	MinTimeMs int64           `json:"min_time_ms"`
}

type benchResult struct {
	NsPerOp    float64 `json:"ns_per_op"`
	Iterations int64   `json:"iterations"`
}

func init() {
	register("ops", func(json.RawMessage) (any, error) {
		names := make([]string, 0, len(handlers))
		for name := range handlers {
			names = append(names, name)
		}

		sort.Strings(names)

		return names, nil
	})

	register("bench", runBench)
}

// runBench doubles the iteration count until one batch takes at least min_time_ms.
func runBench(raw json.RawMessage) (any, error) {
	var args benchArgs
	if err := json.Unmarshal(raw, &args); err != nil {
		return nil, err
	}

	setup, ok := benches[args.Name]
	if !ok {
		return nil, fmt.Errorf("unknown bench %q", args.Name)
	}

	op, err := setup(args.Args)
	if err != nil {
		return nil, err
	}

	minTime := time.Duration(max(args.MinTimeMs, 1)) * time.Millisecond

	for n := int64(1); ; n *= 2 {
		start := time.Now()

		for range n {
			if err := op(); err != nil {
				return nil, err
			}
		}

		if elapsed := time.Since(start); elapsed >= minTime {
			return benchResult{NsPerOp: float64(elapsed.Nanoseconds()) / float64(n), Iterations: n}, nil
		}
	}
}

func answer(line []byte) (resp response) {
	defer func() {
		if r := recover(); r != nil {
			resp = response{Error: fmt.Sprintf("panic: %v", r)}
		}
	}()

	var req request
	if err := json.Unmarshal(line, &req); err != nil {
		return response{Error: "bad request: " + err.Error()}
	}

	h, ok := handlers[req.Op]
	if !ok {
		return response{Error: fmt.Sprintf("unknown op %q", req.Op)}
	}

	result, err := h(req.Args)
	if err != nil {
		return response{Error: err.Error()}
	}

	return response{OK: true, Result: result}
}

func main() {
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)

	for {
		line, err := in.ReadBytes('\n')
		if len(line) > 0 {
			if encErr := enc.Encode(answer(line)); encErr != nil {
				fmt.Fprintln(os.Stderr, "oracle:", encErr)
				os.Exit(1)
			}

			if flushErr := out.Flush(); flushErr != nil {
				os.Exit(1)
			}
		}

		if err != nil {
			return
		}
	}
}
