package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// argsNamed checks that a command got exactly one argument and, when not,
// names it as the command's usage line does ("kscope tail needs TOPIC"),
// rather than cobra's "accepts 1 arg(s), received 0".
func argsNamed(cmd *cobra.Command, args []string) error {
	name := argName(cmd)
	what := strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()+" ")
	switch {
	case len(args) == 0:
		return usagef("%s needs %s (usage: %s)", what, name, cmd.UseLine())
	case len(args) > 1:
		return usagef("%s takes one %s, got %d: %s (usage: %s)", what, name, len(args), strings.Join(quoteAll(args), " "), cmd.UseLine())
	}
	return nil
}

// argName is the argument's name in the command's Use ("TOPIC" in
// "tail TOPIC"), or "an argument".
func argName(cmd *cobra.Command) string {
	if f := strings.Fields(cmd.Use); len(f) > 1 {
		return f[1]
	}
	return "an argument"
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

// hideRepeatedDefaults keeps --help from printing a default twice: a flag
// whose usage already says its default in words ("default: all") gets no
// "(default -1)" from pflag after it. pflag prints no default for a flag
// whose DefValue reads as the type's zero value.
func hideRepeatedDefaults(root *cobra.Command) {
	hide := func(f *pflag.Flag) {
		if !strings.Contains(f.Usage, "default:") && !strings.Contains(f.Usage, "(default ") {
			return
		}
		switch f.Value.Type() {
		case "string":
			f.DefValue = ""
		case "stringSlice", "stringArray", "intSlice":
			f.DefValue = "[]"
		case "duration":
			f.DefValue = "0s"
		case "bool":
			f.DefValue = "false"
		default:
			f.DefValue = "0"
		}
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.LocalFlags().VisitAll(hide)
		c.PersistentFlags().VisitAll(hide)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}
