package cli

import (
	"net"
	"strings"
	"testing"
)

// TestReadCommandsCheckTheFormatFirst: every command built by
// readCommand refuses an unknown -o with a usage error before it dials
// (the address is dead: dialling would exit 3), and prints nothing on
// stdout.
func TestReadCommandsCheckTheFormatFirst(t *testing.T) {
	addr := deadAddress(t)
	for _, args := range [][]string{{"topics", "list"}, {"topics", "describe", "t"}, {"groups", "list"},
		{"groups", "describe", "g"}, {"brokers"}} {
		r := runKscope(t, "", append(args, "-o", "yaml", "--brokers", addr, "--timeout", "5s")...)
		if r.code != exitUsage || r.stdout != "" || !strings.Contains(r.stderr, "-o yaml: want one of table, json") {
			t.Errorf("%v -o yaml: exit %d, stdout %q, stderr %q", args, r.code, r.stdout, r.stderr)
		}
	}
}

// deadAddress returns a 127.0.0.1 address where nothing listens, with
// the test's own config dir and no brokers from the environment.
func deadAddress(t *testing.T) string {
	t.Helper()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv(brokersEnv, "")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	return addr
}
