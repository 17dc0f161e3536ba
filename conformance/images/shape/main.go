// Command shape reads one release's cmd/talosctl/cmd/talos/image.go (go/ast, no build) and
// prints, as JSON, how its `images default` command works: the images.Versions fields it
// prints in order, the pkg/images function it calls, and its version flags (the option each
// feeds, the flag's name and its default expression).
//
//	shape <path to image.go>
package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strconv"
)

// Flag is one flag registered on the command.
type Flag struct {
	Name    string `json:"name"`              // CLI name, e.g. k8s-version
	Field   string `json:"field,omitempty"`   // field of the flags struct, e.g. k8sVersion
	Default string `json:"default,omitempty"` // e.g. flags.Semver(constants.DefaultKubernetesVersion)
}

// Shape is the command's behaviour as read from the source.
type Shape struct {
	Command string            `json:"command"` // Use
	Aliases []string          `json:"aliases"`
	Lister  string            `json:"lister"`  // images.List or images.ListWithOptions
	Printed []string          `json:"printed"` // images.Versions fields, in print order
	Options map[string]string `json:"options"` // VersionsListOptions field → flags struct field
	Flags   []Flag            `json:"flags"`
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: shape <image.go>")
		os.Exit(2)
	}

	shape, err := read(os.Args[1])
	if err != nil {
		fmt.Fprintf(os.Stderr, "shape: %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}

	if err := json.NewEncoder(os.Stdout).Encode(shape); err != nil {
		panic(err)
	}
}

func str(e ast.Expr) string {
	if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
		s, err := strconv.Unquote(lit.Value)
		if err == nil {
			return s
		}
	}

	return ""
}

// selector renders a.b.c chains (and calls, as x()) for reporting.
func render(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return render(e.X) + "." + e.Sel.Name
	case *ast.CallExpr:
		args := ""
		for i, a := range e.Args {
			if i > 0 {
				args += ", "
			}
			args += render(a)
		}

		return render(e.Fun) + "(" + args + ")"
	case *ast.BasicLit:
		return e.Value
	case *ast.UnaryExpr:
		return e.Op.String() + render(e.X)
	case *ast.CompositeLit:
		return render(e.Type) + "{…}"
	case *ast.BinaryExpr:
		return render(e.X) + " " + e.Op.String() + " " + render(e.Y)
	default:
		return fmt.Sprintf("%T", e)
	}
}

//nolint:gocyclo,cyclop
func read(path string) (*Shape, error) {
	file, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		return nil, err
	}

	vars := map[string]ast.Expr{} // top-level var name → value

	for _, decl := range file.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.VAR {
			continue
		}

		for _, spec := range gen.Specs {
			vs := spec.(*ast.ValueSpec) //nolint:forcetypeassert
			for i, name := range vs.Names {
				if i < len(vs.Values) {
					vars[name.Name] = vs.Values[i]
				}
			}
		}
	}

	// The command: a &cobra.Command{…} whose Use or Aliases is "default".
	var (
		cmdVar string
		cmd    *ast.CompositeLit
		shape  = &Shape{Options: map[string]string{}}
	)

	for name, value := range vars {
		unary, ok := value.(*ast.UnaryExpr)
		if !ok {
			continue
		}

		lit, ok := unary.X.(*ast.CompositeLit)
		if !ok || render(lit.Type) != "cobra.Command" {
			continue
		}

		use, aliases := "", []string{}

		for _, elt := range lit.Elts {
			kv := elt.(*ast.KeyValueExpr) //nolint:forcetypeassert
			switch render(kv.Key) {
			case "Use":
				use = str(kv.Value)
			case "Aliases":
				if al, ok := kv.Value.(*ast.CompositeLit); ok {
					for _, a := range al.Elts {
						aliases = append(aliases, str(a))
					}
				}
			}
		}

		isDefault := use == "default"
		for _, a := range aliases {
			isDefault = isDefault || a == "default"
		}

		if isDefault {
			if cmd != nil {
				return nil, fmt.Errorf("two default commands: %s and %s", cmdVar, name)
			}

			cmdVar, cmd, shape.Command, shape.Aliases = name, lit, use, aliases
		}
	}

	if cmd == nil {
		return nil, fmt.Errorf("no cobra.Command with Use or alias \"default\"")
	}

	var runE *ast.FuncLit

	for _, elt := range cmd.Elts {
		if kv := elt.(*ast.KeyValueExpr); render(kv.Key) == "RunE" { //nolint:forcetypeassert
			runE, _ = kv.Value.(*ast.FuncLit)
		}
	}

	if runE == nil {
		return nil, fmt.Errorf("%s has no RunE func literal", cmdVar)
	}

	flagsVar := ""

	ast.Inspect(runE.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			fun := render(n.Fun)
			switch {
			case fun == "images.List" || fun == "images.ListWithOptions":
				if shape.Lister != "" {
					err = fmt.Errorf("%s calls both %s and %s", cmdVar, shape.Lister, fun)
				}

				shape.Lister = fun
			case fun == "fmt.Printf" || fun == "fmt.Println":
				arg := n.Args[len(n.Args)-1]
				if call, ok := arg.(*ast.CallExpr); ok && len(call.Args) == 0 { // images.X.String()
					if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "String" {
						arg = sel.X
					}
				}

				sel, ok := arg.(*ast.SelectorExpr)
				if !ok || render(sel.X) != "images" {
					err = fmt.Errorf("%s prints something other than an images field: %s", cmdVar, render(n))

					return false
				}

				if fun == "fmt.Printf" && (len(n.Args) != 2 || str(n.Args[0]) != "%s\n") {
					err = fmt.Errorf("%s prints with an unexpected format: %s", cmdVar, render(n))
				}

				shape.Printed = append(shape.Printed, sel.Sel.Name)
			}
		case *ast.CompositeLit:
			if render(n.Type) != "images.VersionsListOptions" {
				return true
			}

			for _, elt := range n.Elts {
				kv := elt.(*ast.KeyValueExpr) //nolint:forcetypeassert
				// imageK8sBundleCmdFlags.k8sVersion.String()
				call, ok := kv.Value.(*ast.CallExpr)
				if !ok {
					err = fmt.Errorf("option %s is %s", render(kv.Key), render(kv.Value))

					return false
				}

				field, ok := call.Fun.(*ast.SelectorExpr)
				if !ok || field.Sel.Name != "String" {
					err = fmt.Errorf("option %s is %s", render(kv.Key), render(kv.Value))

					return false
				}

				flag, ok := field.X.(*ast.SelectorExpr)
				if !ok {
					err = fmt.Errorf("option %s is %s", render(kv.Key), render(kv.Value))

					return false
				}

				flagsVar = render(flag.X)
				shape.Options[render(kv.Key)] = flag.Sel.Name
			}
		}

		return true
	})

	if err != nil {
		return nil, err
	}

	if shape.Lister == "" {
		return nil, fmt.Errorf("%s calls neither images.List nor images.ListWithOptions", cmdVar)
	}

	// Flag defaults: the flags struct literal (var X = struct{…}{field: default}).
	defaults := map[string]string{}

	if flagsVar != "" {
		lit, ok := vars[flagsVar].(*ast.CompositeLit)
		if !ok {
			return nil, fmt.Errorf("flags variable %s is not a composite literal", flagsVar)
		}

		for _, elt := range lit.Elts {
			kv := elt.(*ast.KeyValueExpr) //nolint:forcetypeassert
			defaults[render(kv.Key)] = render(kv.Value)
		}
	}

	// Flag names: <cmdVar>.PersistentFlags().Var(<flagsVar>.<field>, "<name>", …) or any
	// other XxxVar/Xxx registration on the command, anywhere in the file (init).
	ast.Inspect(file, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}

		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}

		recv, ok := sel.X.(*ast.CallExpr)
		if !ok {
			return true
		}

		r := render(recv.Fun)
		if r != cmdVar+".PersistentFlags" && r != cmdVar+".Flags" {
			return true
		}

		// the name is the first string literal argument
		flag := Flag{}

		for _, a := range call.Args {
			if s := str(a); s != "" {
				flag.Name = s

				break
			}
		}

		if len(call.Args) > 0 {
			if fs, ok := call.Args[0].(*ast.SelectorExpr); ok && render(fs.X) == flagsVar {
				flag.Field = fs.Sel.Name
				flag.Default = defaults[flag.Field]
			}
		}

		shape.Flags = append(shape.Flags, flag)

		return true
	})

	return shape, nil
}
