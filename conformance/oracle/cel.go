// CEL expressions as Talos parses, checks and evaluates them (pkg/machinery/cel and celenv).
//
//	cel.check     {"expression": s, "env": "disk"|"volume"|"link"|"oom_trigger"|"oom_scoring"|"empty",
//	               "output": "bool"|"double"}
//	              → {"error": s} (empty when accepted)
//	cel.eval_disk {"expression": s, "disk": {DiskSpec fields, snake_case}, "system_disk": bool}
//	              → {"result": bool, "error": s}
//	cel.env_dump  {"env": ...}
//	              → the environment's declarations: functions with their overloads in
//	                resolution order, variables and constants, and the protobuf message
//	                types, fields and enum values its type provider knows
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"

	celgo "github.com/google/cel-go/cel"
	"github.com/google/cel-go/checker"
	"github.com/google/cel-go/common/types"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/siderolabs/talos/pkg/machinery/api/resource/definitions/block"
	talOSCEL "github.com/siderolabs/talos/pkg/machinery/cel"
	"github.com/siderolabs/talos/pkg/machinery/cel/celenv"
)

func init() {
	register("cel.check", celCheckOp)
	register("cel.eval_disk", celEvalDiskOp)
	register("cel.env_dump", celEnvDumpOp)
}

func celEnv(name string) (*celgo.Env, error) {
	switch name {
	case "disk":
		return celenv.DiskLocator(), nil
	case "volume":
		return celenv.VolumeLocator(), nil
	case "link":
		return celenv.LinkLocator(), nil
	case "oom_trigger":
		return celenv.OOMTrigger(), nil
	case "oom_scoring":
		return celenv.OOMCgroupScoring(), nil
	case "empty":
		return celenv.Empty(), nil
	default:
		return nil, fmt.Errorf("unknown CEL environment %q", name)
	}
}

type celCheckArgs struct {
	Expression string `json:"expression"`
	Env        string `json:"env"`
	Output     string `json:"output"`
}

type celCheckResult struct {
	Error string `json:"error"`
}

func celCheckOp(raw json.RawMessage) (any, error) {
	var args celCheckArgs
	if err := json.Unmarshal(raw, &args); err != nil {
		return nil, err
	}

	env, err := celEnv(args.Env)
	if err != nil {
		return nil, err
	}

	switch args.Output {
	case "", "bool":
		_, err = talOSCEL.ParseBooleanExpression(args.Expression, env)
	case "double":
		_, err = talOSCEL.ParseDoubleExpression(args.Expression, env)
	default:
		return nil, fmt.Errorf("unknown output type %q", args.Output)
	}

	var result celCheckResult
	if err != nil {
		result.Error = err.Error()
	}

	return result, nil
}

type celEvalDiskArgs struct {
	Expression string          `json:"expression"`
	Disk       json.RawMessage `json:"disk"`
	SystemDisk bool            `json:"system_disk"`
}

type celEvalDiskResult struct {
	Result bool   `json:"result"`
	Error  string `json:"error"`
}

func celEvalDiskOp(raw json.RawMessage) (any, error) {
	var args celEvalDiskArgs
	if err := json.Unmarshal(raw, &args); err != nil {
		return nil, err
	}

	var disk block.DiskSpec

	if len(args.Disk) > 0 {
		dec := json.NewDecoder(bytes.NewReader(args.Disk))
		dec.DisallowUnknownFields()

		if err := dec.Decode(&disk); err != nil {
			return nil, fmt.Errorf("disk: %w", err)
		}
	}

	var result celEvalDiskResult

	expr, err := talOSCEL.ParseBooleanExpression(args.Expression, celenv.DiskLocator())
	if err != nil {
		result.Error = err.Error()

		return result, nil
	}

	result.Result, err = expr.EvalBool(celenv.DiskLocator(), map[string]any{
		"disk":        &disk,
		"system_disk": args.SystemDisk,
	})
	if err != nil {
		result.Error = err.Error()
	}

	return result, nil
}

type celEnvDumpArgs struct {
	Env string `json:"env"`
}

type celOverloadDump struct {
	ID         string   `json:"id"`
	Member     bool     `json:"member"`
	Args       []string `json:"args"`
	Result     string   `json:"result"`
	TypeParams []string `json:"type_params"`
}

type celFunctionDump struct {
	Name      string            `json:"name"`
	Overloads []celOverloadDump `json:"overloads"`
}

type celVariableDump struct {
	Name  string `json:"name"`
	Type  string `json:"type"`
	Value string `json:"value,omitempty"`
}

type celFieldDump struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

type celMessageDump struct {
	Name   string         `json:"name"`
	Fields []celFieldDump `json:"fields"`
}

type celEnumValueDump struct {
	Name  string `json:"name"`
	Value int64  `json:"value"`
}

type celEnvDump struct {
	Functions  []celFunctionDump  `json:"functions"`
	Variables  []celVariableDump  `json:"variables"`
	Messages   []celMessageDump   `json:"messages"`
	EnumValues []celEnumValueDump `json:"enum_values"`
	TypeIdents []celVariableDump  `json:"type_idents"`
}

func celEnvDumpOp(raw json.RawMessage) (any, error) {
	var args celEnvDumpArgs
	if err := json.Unmarshal(raw, &args); err != nil {
		return nil, err
	}

	env, err := celEnv(args.Env)
	if err != nil {
		return nil, err
	}

	var dump celEnvDump

	for name, fn := range env.Functions() {
		fd := celFunctionDump{Name: name}

		for _, o := range fn.OverloadDecls() {
			od := celOverloadDump{
				ID:         o.ID(),
				Member:     o.IsMemberFunction(),
				Result:     checker.FormatCELType(o.ResultType()),
				TypeParams: o.TypeParams(),
				Args:       []string{},
			}

			for _, a := range o.ArgTypes() {
				od.Args = append(od.Args, checker.FormatCELType(a))
			}

			fd.Overloads = append(fd.Overloads, od)
		}

		dump.Functions = append(dump.Functions, fd)
	}

	sort.Slice(dump.Functions, func(i, j int) bool { return dump.Functions[i].Name < dump.Functions[j].Name })

	for _, v := range env.Variables() {
		vd := celVariableDump{Name: v.Name(), Type: checker.FormatCELType(v.Type())}
		if v.Value() != nil {
			vd.Value = fmt.Sprint(v.Value().Value())
		}

		dump.Variables = append(dump.Variables, vd)
	}

	sort.Slice(dump.Variables, func(i, j int) bool { return dump.Variables[i].Name < dump.Variables[j].Name })

	provider := env.CELTypeProvider()

	var walkMessages func(msgs protoreflect.MessageDescriptors)

	var walkEnums func(enums protoreflect.EnumDescriptors)

	walkEnums = func(enums protoreflect.EnumDescriptors) {
		for i := range enums.Len() {
			e := enums.Get(i)

			for j := range e.Values().Len() {
				name := string(e.FullName()) + "." + string(e.Values().Get(j).Name())
				if v := provider.EnumValue(name); v.Type() == types.IntType {
					dump.EnumValues = append(dump.EnumValues, celEnumValueDump{Name: name, Value: int64(v.(types.Int))})
				}
			}
		}
	}

	walkMessages = func(msgs protoreflect.MessageDescriptors) {
		for i := range msgs.Len() {
			m := msgs.Get(i)
			name := string(m.FullName())

			if _, found := provider.FindStructType(name); found {
				md := celMessageDump{Name: name, Fields: []celFieldDump{}}

				fields := m.Fields()
				for j := range fields.Len() {
					fname := string(fields.Get(j).Name())

					ft, ok := provider.FindStructFieldType(name, fname)
					if !ok {
						continue
					}

					md.Fields = append(md.Fields, celFieldDump{Name: fname, Type: checker.FormatCELType(ft.Type)})
				}

				dump.Messages = append(dump.Messages, md)
			}

			walkMessages(m.Messages())
			walkEnums(m.Enums())
		}
	}

	protoregistry.GlobalFiles.RangeFiles(func(fd protoreflect.FileDescriptor) bool {
		walkMessages(fd.Messages())
		walkEnums(fd.Enums())

		return true
	})

	sort.Slice(dump.Messages, func(i, j int) bool { return dump.Messages[i].Name < dump.Messages[j].Name })
	sort.Slice(dump.EnumValues, func(i, j int) bool { return dump.EnumValues[i].Name < dump.EnumValues[j].Name })

	for _, name := range []string{
		"bool", "bytes", "double", "duration", "int", "list", "map", "null_type", "string",
		"timestamp", "type", "uint", "dyn", "any", "optional_type", "error", "unknown",
		"google.protobuf.Duration", "google.protobuf.Timestamp", "google.protobuf.Any",
		"google.protobuf.Value", "google.protobuf.Struct", "google.protobuf.ListValue",
		"google.protobuf.NullValue", "google.protobuf.Int64Value", "google.protobuf.BoolValue",
	} {
		if v, found := provider.FindIdent(name); found {
			if t, ok := v.(*types.Type); ok {
				dump.TypeIdents = append(dump.TypeIdents, celVariableDump{Name: name, Type: checker.FormatCELType(t)})
			}
		}
	}

	return dump, nil
}
