package cli

import (
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// TestHelpPrintsOneDefault checks that no flag's help line carries its
// default twice: in words ("default: all") and again from pflag
// ("(default -1)").
func TestHelpPrintsOneDefault(t *testing.T) {
	twice := regexp.MustCompile(`default[: ].*\(default `)
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, line := range strings.Split(c.LocalFlags().FlagUsages()+c.InheritedFlags().FlagUsages(), "\n") {
			if twice.MatchString(line) {
				t.Errorf("%s --help: %s", c.CommandPath(), strings.TrimSpace(line))
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(NewRootCommand())
}

// TestMissingArgumentIsNamed checks that a command run without its one
// argument names it, as its usage line does.
func TestMissingArgumentIsNamed(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"tail"}, "kscope: tail needs TOPIC (usage: kscope tail TOPIC [flags])\n"},
		{[]string{"tail", "a", "b"}, `kscope: tail takes one TOPIC, got 2: "a" "b" (usage: kscope tail TOPIC [flags])` + "\n"},
		{[]string{"consume"}, "kscope: consume needs TOPIC (usage: kscope consume TOPIC [flags])\n"},
		{[]string{"groups", "describe"}, "kscope: groups describe needs GROUP (usage: kscope groups describe GROUP [flags])\n"},
	}
	for _, tc := range tests {
		r := runKscope(t, "", tc.args...)
		if r.stderr != tc.want || r.code != exitUsage {
			t.Errorf("%v: stderr %q exit %d, want %q exit %d", tc.args, r.stderr, r.code, tc.want, exitUsage)
		}
	}
}
