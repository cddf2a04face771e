package kafkaops_test

import (
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"kscope/kafkaops"
)

// silentListener accepts connections on loopback and reads whatever is
// sent, but never answers: a wedged broker or a port that is not Kafka.
func silentListener(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				_, _ = io.Copy(io.Discard, c)
			}()
		}
	}()
	return ln.Addr().String()
}

// hangUpListener accepts connections and closes each at once, the way a
// TLS listener drops a plaintext hello.
func hangUpListener(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			buf := make([]byte, 64)
			_, _ = c.Read(buf)
			c.Close()
		}
	}()
	return ln.Addr().String()
}

// TestSilentListenerTimesOutWithoutATLSHint: a port that takes the
// connection but never answers fails in DialTimeout as unreachable, and
// the message says nothing answered; the "does it expect TLS?" hint is
// for a broker that hung up, not for one that kept silent.
func TestSilentListenerTimesOutWithoutATLSHint(t *testing.T) {
	const dialTimeout = 500 * time.Millisecond
	addr := silentListener(t)
	c := newClient(t, addr, func(cfg *kafkaops.Config) {
		cfg.DialTimeout = dialTimeout
		cfg.RequestTimeout = 10 * time.Second
	})
	start := time.Now()
	_, err := c.ClusterInfo(testCtx(t))
	took := time.Since(start)
	if err == nil {
		t.Fatal("no error from a silent listener")
	}
	if !kafkaops.IsUnreachable(err) || kafkaops.IsAuthFailed(err) {
		t.Errorf("IsUnreachable=%v IsAuthFailed=%v for %v", kafkaops.IsUnreachable(err), kafkaops.IsAuthFailed(err), err)
	}
	if took > dialTimeout+500*time.Millisecond || took < dialTimeout*9/10 {
		t.Errorf("took %s, want about the dial timeout %s", took, dialTimeout)
	}
	msg := kafkaops.Describe(err)
	if strings.Contains(msg, "TLS") || strings.Contains(msg, "closed the connection") {
		t.Errorf("a timeout is described as a hang-up: %q", msg)
	}
	for _, want := range []string{"cannot reach " + addr, "no answer to the first request within 500ms", "timeout"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	t.Logf("%s after %s", msg, took.Round(time.Millisecond))
}

// TestHangUpAtFirstRequestHintsAtTLS: a listener that closes the
// connection at the first request is likely a TLS one.
func TestHangUpAtFirstRequestHintsAtTLS(t *testing.T) {
	addr := hangUpListener(t)
	c := newClient(t, addr)
	start := time.Now()
	_, err := c.ClusterInfo(testCtx(t))
	if err == nil || !kafkaops.IsUnreachable(err) {
		t.Fatalf("err = %v, want unreachable", err)
	}
	if msg := kafkaops.Describe(err); !strings.Contains(msg, "does it expect TLS?") {
		t.Errorf("message %q lacks the TLS hint", msg)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("a hang-up took %s to report", took)
	}
}

// TestDescribeDropsARepeatedContext: the topic list's error, shown by a
// screen that says "list topics: " itself, or wrapped twice on the way,
// names the operation once.
func TestDescribeDropsARepeatedContext(t *testing.T) {
	c := newClient(t, "127.0.0.1:1", func(cfg *kafkaops.Config) { cfg.DialTimeout = 200 * time.Millisecond })
	_, err := c.ListTopics(testCtx(t))
	if err == nil {
		t.Fatal("no error from a closed port")
	}
	once := kafkaops.Describe(err)
	if !strings.HasPrefix(once, "list topics: cannot reach 127.0.0.1:1: ") || strings.Contains(once, "any broker") {
		t.Errorf("Describe = %q, want it to start with the operation, then the address", once)
	}
	if got := kafkaops.Describe(fmt.Errorf("list topics: %w", err)); got != once {
		t.Errorf("wrapped twice: Describe = %q, want %q", got, once)
	}
	if got := kafkaops.CollapseContext("list topics: " + once); got != once {
		t.Errorf("CollapseContext = %q, want %q", got, once)
	}
	for in, want := range map[string]string{
		"refresh topics: list topics: boom": "refresh topics: list topics: boom",
		"a: a: a: b: b":                     "a: b",
		"no context":                        "no context",
		"cluster info: cluster info: x":     "cluster info: x",
	} {
		if got := kafkaops.CollapseContext(in); got != want {
			t.Errorf("CollapseContext(%q) = %q, want %q", in, got, want)
		}
	}
	if got := kafkaops.Describe(errors.New("x: x")); got != "x" {
		t.Errorf("Describe(x: x) = %q", got)
	}
}
