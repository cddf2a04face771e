package cli

import (
	"strings"
	"testing"

	"kscope/ui"
)

// parseTail parses a command line the way Execute would, without running it.
func parseTail(t *testing.T, args ...string) (*ui.Options, error) {
	t.Helper()
	root := NewRootCommand()
	cmd, rest, err := root.Find(args)
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.ParseFlags(rest); err != nil {
		return nil, err
	}
	if _, err := tailCommand(cmd); err != nil {
		return nil, err
	}
	var opts ui.Options
	applyTail(cmd, &opts)
	return &opts, nil
}

func TestTailCommandRoute(t *testing.T) {
	tests := []struct {
		args []string
		want string
		buf  int
	}{
		{[]string{"tail", "bankbranch"}, "tail bankbranch end", ui.DefaultTailBuffer},
		{[]string{"tail", "bankbranch", "--from", "beginning", "--partition", "1", "--local"},
			"tail bankbranch beginning partition 1", ui.DefaultTailBuffer},
		{[]string{"tail", "--from=-5", "-p", "0", "payments", "--tail-buffer", "500"},
			"tail payments -5 partition 0", 500},
		{[]string{"tail", "t", "--from", "@42", "--brokers", "h:9092"}, "tail t @42", ui.DefaultTailBuffer},
		{[]string{"--tail-buffer", "20000"}, "", 20000},
	}
	for _, tc := range tests {
		opts, err := parseTail(t, tc.args...)
		if err != nil {
			t.Errorf("%q: %v", tc.args, err)
			continue
		}
		if opts.Initial != tc.want || opts.TailBuffer != tc.buf {
			t.Errorf("%q: initial %+v buffer %d, want %+v %d", tc.args, opts.Initial, opts.TailBuffer, tc.want, tc.buf)
		}
	}
}

func TestTailCommandErrors(t *testing.T) {
	for args, want := range map[string]string{
		"tail bankbranch --from yesterday": "--from: cannot read start",
		"tail bankbranch --from 42":        "write @42 for an offset",
		"tail bankbranch --partition -2":   "--partition must be 0 or more",
	} {
		_, err := parseTail(t, strings.Fields(args)...)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want an error containing %q", args, err, want)
		}
	}
	root := NewRootCommand()
	root.SetArgs([]string{"tail"})
	if err := root.Execute(); err == nil || !strings.Contains(err.Error(), "tail needs TOPIC") {
		t.Errorf("tail without a topic: %v", err)
	}
}
