// Package layers holds the test that keeps kscope's import rules true.
package layers

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

// pkg is what go list says of one package.
type pkg struct {
	ImportPath  string
	Imports     []string
	TestImports []string
}

// listPackages runs go list over the module.
func listPackages(t *testing.T) []pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-json", "kscope/...")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var ps []pkg
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	if len(ps) < 10 {
		t.Fatalf("go list found %d packages; the module has more", len(ps))
	}
	return ps
}

// feature returns the feature family of a views package ("topics"), or ""
// for the kit and anything outside views.
func feature(path string) string {
	rest, ok := strings.CutPrefix(path, "kscope/views/")
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(rest, "/")
	if name == "kit" {
		return ""
	}
	return name
}

// under reports whether path is prefix or a package below it.
func under(path, prefix string) bool {
	return path == prefix || strings.HasPrefix(path, prefix+"/")
}

// rule is one import rule: pkg may not import imp (checked over the
// non-test imports, or over test imports too when tests is set).
type rule struct {
	name  string
	tests bool
	check func(pkg, imp string) bool // true: forbidden
}

var rules = []rule{
	{"a feature package imports another feature package", true, func(p, i string) bool {
		return feature(p) != "" && feature(i) != "" && feature(p) != feature(i)
	}},
	{"the kit imports a feature package", true, func(p, i string) bool {
		return under(p, "kscope/views/kit") && feature(i) != ""
	}},
	{"a screen package imports ui, cli, broker or config", true, func(p, i string) bool {
		return under(p, "kscope/views") && (under(i, "kscope/ui") || under(i, "kscope/cli") || under(i, "kscope/broker") || under(i, "kscope/config"))
	}},
	{"a package other than kafkaops imports kafka-go", false, func(p, i string) bool {
		return under(i, "github.com/segmentio/kafka-go") && !under(p, "kscope/kafkaops")
	}},
	{"a package other than broker imports kfake", false, func(p, i string) bool {
		return under(i, "github.com/twmb/franz-go/pkg/kfake") && !under(p, "kscope/broker")
	}},
	{"config or theme imports a kscope package", true, func(p, i string) bool {
		return (under(p, "kscope/config") || under(p, "kscope/theme")) && strings.HasPrefix(i, "kscope/") && !under(i, "kscope/internal")
	}},
	{"cli imports a views package", true, func(p, i string) bool {
		return under(p, "kscope/cli") && under(i, "kscope/views")
	}},
	{"kafkaops imports ui, views, theme, cli or broker", false, func(p, i string) bool {
		return under(p, "kscope/kafkaops") && (under(i, "kscope/ui") || under(i, "kscope/views") || under(i, "kscope/theme") || under(i, "kscope/cli") || under(i, "kscope/broker"))
	}},
	{"schema or registry imports a kscope package other than schema", true, func(p, i string) bool {
		return (under(p, "kscope/schema") || under(p, "kscope/registry")) && strings.HasPrefix(i, "kscope/") && !under(i, "kscope/schema") && !under(i, "kscope/internal")
	}},
}

// TestImportRules enforces DESIGN.md's arrows: main -> cli -> ui ->
// views/<feature> -> views/kit, kafkaops, theme; no feature package
// imports another; only kafkaops imports kafka-go and only broker kfake;
// config and theme import no kscope package; cli imports no screen.
func TestImportRules(t *testing.T) {
	for _, p := range listPackages(t) {
		for _, r := range rules {
			imps := p.Imports
			if r.tests {
				imps = append(append([]string(nil), imps...), p.TestImports...)
			}
			for _, i := range imps {
				if r.check(p.ImportPath, i) {
					t.Errorf("%s: %s imports %s", r.name, p.ImportPath, i)
				}
			}
		}
	}
}

// TestRulesCatchViolations feeds each rule an import it must refuse, so
// a rule that can never fire is caught.
func TestRulesCatchViolations(t *testing.T) {
	bad := map[string][2]string{
		"a feature package imports another feature package":             {"kscope/views/topics", "kscope/views/tail"},
		"the kit imports a feature package":                             {"kscope/views/kit", "kscope/views/groups"},
		"a screen package imports ui, cli, broker or config":            {"kscope/views/tail", "kscope/ui"},
		"a package other than kafkaops imports kafka-go":                {"kscope/ui", "github.com/segmentio/kafka-go/protocol"},
		"a package other than broker imports kfake":                     {"kscope/kafkaops", "github.com/twmb/franz-go/pkg/kfake"},
		"config or theme imports a kscope package":                      {"kscope/config", "kscope/kafkaops"},
		"cli imports a views package":                                   {"kscope/cli", "kscope/views/kit"},
		"kafkaops imports ui, views, theme, cli or broker":              {"kscope/kafkaops", "kscope/theme"},
		"schema or registry imports a kscope package other than schema": {"kscope/schema", "kscope/views/kit"},
	}
	for _, r := range rules {
		c, ok := bad[r.name]
		if !ok {
			t.Errorf("rule %q has no violation to check", r.name)
			continue
		}
		if !r.check(c[0], c[1]) {
			t.Errorf("rule %q lets %s import %s", r.name, c[0], c[1])
		}
	}
}
