package broker

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// interfaceMethods returns the methods of the named interfaces in a Go
// file, each as "Iface.Method(params) results" with parameter names
// dropped and type names renamed by rename, plus embedded interfaces.
func interfaceMethods(t *testing.T, path string, rename map[string]string) []string {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, 0)
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSpec)
		if !ok {
			return true
		}
		it, ok := ts.Type.(*ast.InterfaceType)
		iface, wanted := rename[ts.Name.Name]
		if !ok || !wanted {
			return true
		}
		for _, m := range it.Methods.List {
			ft, isFunc := m.Type.(*ast.FuncType)
			if !isFunc {
				out = append(out, iface+" embeds "+render(t, fset, m.Type, rename))
				continue
			}
			sig := "(" + types(t, fset, ft.Params, rename) + ") (" + types(t, fset, ft.Results, rename) + ")"
			out = append(out, iface+"."+m.Names[0].Name+sig)
		}
		return false
	})
	slices.Sort(out)
	return out
}

// types renders the types of a parameter or result list, one per value
// ("a, b string" is "string, string"), without names.
func types(t *testing.T, fset *token.FileSet, list *ast.FieldList, rename map[string]string) string {
	t.Helper()
	if list == nil {
		return ""
	}
	var ts []string
	for _, f := range list.List {
		typ := render(t, fset, f.Type, rename)
		for range max(1, len(f.Names)) {
			ts = append(ts, typ)
		}
	}
	return strings.Join(ts, ", ")
}

func render(t *testing.T, fset *token.FileSet, n ast.Node, rename map[string]string) string {
	t.Helper()
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if to, ok := rename[id.Name]; ok {
				id.Name = to
			}
		}
		return true
	})
	var b bytes.Buffer
	if err := printer.Fprint(&b, fset, n); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// kscope hands kfake an lruFS through a linkname to kfake's unexported
// withFS; nothing checks at build time that kfakeFS and kfakeFile still
// match kfake's fs and file, so this reads kfake's source and compares.
func TestKfakeFSSeam(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/twmb/franz-go/pkg/kfake").Output()
	if err != nil {
		t.Fatalf("go list -m kfake: %v", err)
	}
	dir := strings.TrimSpace(string(out))
	theirs := interfaceMethods(t, filepath.Join(dir, "persist_fs.go"), map[string]string{"fs": "FS", "file": "File"})
	ours := interfaceMethods(t, "kfakefs.go", map[string]string{"kfakeFS": "FS", "kfakeFile": "File"})
	if len(theirs) < 10 {
		t.Fatalf("found only %d methods of kfake's fs and file in %s: %q", len(theirs), dir, theirs)
	}
	if !slices.Equal(theirs, ours) {
		t.Errorf("kfake's fs/file interfaces changed; kfakefs.go must match them again.\nkfake:  %q\nkscope: %q", theirs, ours)
	}
	cfg, err := parser.ParseFile(token.NewFileSet(), filepath.Join(dir, "config.go"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, d := range cfg.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "withFS" && fd.Recv == nil &&
			len(fd.Type.Params.List) == 1 && len(fd.Type.Params.List[0].Names) == 1 {
			if id, ok := fd.Type.Params.List[0].Type.(*ast.Ident); ok && id.Name == "fs" {
				found = true
			}
		}
	}
	if !found {
		t.Error("kfake no longer has func withFS(f fs) Opt in config.go")
	}
}
