package cli

import (
	"net"
	"strings"
	"testing"
)

func TestExplorerFlagErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--demo"}, "--demo needs --local"},
		{[]string{"--data-dir", "/tmp/x"}, "--data-dir needs --local"},
		{[]string{"--local-listen", "127.0.0.1:0"}, "--local-listen needs --local"},
		{[]string{"--local", "--brokers", "h:9092"}, "either --local or --brokers"},
		{[]string{"--refresh", "-1s"}, "--refresh must be 0 (off) or from 1s to 24h0m0s, got -1s"},
		{[]string{"--brokers", "no-port"}, "want host:port"},
	} {
		root := NewRootCommand()
		root.SetArgs(tc.args)
		root.SetOut(&strings.Builder{})
		err := root.Execute()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err = %v, want %q", tc.args, err, tc.want)
		}
	}
}

func TestAnswers(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if !answers(addr) {
		t.Errorf("a listening port does not answer")
	}
	l.Close()
	if answers(addr) {
		t.Errorf("a closed port answers")
	}
}
