package cli

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe to read while the command writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestBrokerKafkaVersionFlag(t *testing.T) {
	root := NewRootCommand()
	root.SetArgs([]string{"broker", "--in-memory", "--listen", "127.0.0.1:0", "--kafka-version", "9.9"})
	root.SetOut(&bytes.Buffer{})
	root.SetErr(&bytes.Buffer{})
	if err := root.Execute(); err == nil || !strings.Contains(err.Error(), "want one of 2.8, 3.0") {
		t.Fatalf("--kafka-version 9.9: err = %v, want the list of releases", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &syncBuffer{}
	root = NewRootCommand()
	root.SetArgs([]string{"broker", "--in-memory", "--listen", "127.0.0.1:0", "--kafka-version", "4.0"})
	root.SetOut(out)
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), "answering as Apache Kafka 4.0") {
		if time.Now().After(deadline) {
			t.Fatalf("no line about the release within 10s; output:\n%s", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if first := strings.SplitN(out.String(), "\n", 2)[0]; !strings.HasPrefix(first, "kscope broker listening on 127.0.0.1:") {
		t.Errorf("first line %q, want the listening line unchanged", first)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("broker exited with %v", err)
	}
}
