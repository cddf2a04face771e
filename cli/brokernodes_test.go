package cli

import (
	"strings"
	"testing"

	"kscope/broker"
)

func TestNodeCommands(t *testing.T) {
	b, err := broker.Start(broker.Options{Nodes: 3, InMemory: true, Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	steps := []struct{ line, want string }{
		{"stop 2", "node 2 stopped"},
		{"nodes", "node 2 on " + b.Nodes()[2].Addr + ": stopped"},
		{"stop 2", "already stopped"},
		{"start 2", "node 2 started"},
		{"start x", "not a node id"},
		{"reboot", "unknown command"},
	}
	for _, s := range steps {
		if got := runNodeCommand(b, s.line); !strings.Contains(got, s.want) {
			t.Errorf("%q: got %q, want it to contain %q", s.line, got, s.want)
		}
	}
	if len(b.Addrs()) != 3 {
		t.Fatalf("after stop and start: %v, want 3 running nodes", b.Addrs())
	}
}
