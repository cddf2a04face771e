package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// TestBrokerLogWritesTheFileAndNotices: every line goes to broker.log in
// the data dir and to the debug log; the first of a burst becomes a
// notice at once, the next after noticeEvery counts those in between; a
// notice the UI has not taken never blocks the broker.
func TestBrokerLogWritesTheFileAndNotices(t *testing.T) {
	dir := t.TempDir()
	var debug bytes.Buffer
	l := newBrokerLog(&debug)
	now := time.Unix(1700000000, 0)
	l.now = func() time.Time { return now }
	l.setDir(dir)
	l.Write([]byte("12:00:00.000 WARN the data dir has only 90MiB free\n12:00:00.100 WARN refused to create topic "))
	l.Write([]byte("\"a b\": invalid name\n"))
	if got := <-l.notices; got != "broker warning (in broker.log): the data dir has only 90MiB free" {
		t.Errorf("first notice %q", got)
	}
	select {
	case got := <-l.notices:
		t.Errorf("a second notice within %s: %q", noticeEvery, got)
	default:
	}
	now = now.Add(noticeEvery)
	l.Write([]byte("12:00:10.000 ERROR persist to disk failed\n"))
	l.Write([]byte("12:00:10.000 WARN not taken by the UI: waits in the log\n")) // must not block
	if got := <-l.notices; got != "broker error (in broker.log): persist to disk failed (+1 earlier)" {
		t.Errorf("second notice %q", got)
	}
	data, err := os.ReadFile(filepath.Join(dir, brokerLogName))
	if err != nil || strings.Count(string(data), "\n") != 4 || !strings.Contains(string(data), `"a b": invalid name`) {
		t.Errorf("broker.log (%v):\n%s", err, data)
	}
	if debug.String() != string(data) {
		t.Errorf("the debug copy differs:\n%s", debug.String())
	}
	if got := l.Close(); !strings.Contains(got, "logged 4 warning(s) or error(s): "+filepath.Join(dir, brokerLogName)) {
		t.Errorf("exit line %q", got)
	}
}

// TestLocalBrokerLogsIntoItsDataDir: a request the explorer's bundled
// broker refuses (a topic named "bad name!", from another client) is
// written to broker.log in its data dir and handed out as a notice.
func TestLocalBrokerLogsIntoItsDataDir(t *testing.T) {
	dir := t.TempDir()
	l := &localBroker{listen: "127.0.0.1:0", dataDir: dir, log: newBrokerLog(nil)}
	addr, _, err := l.start()
	if err != nil {
		t.Fatal(err)
	}
	defer l.close()
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	req := kmsg.NewPtrCreateTopicsRequest()
	topic := kmsg.NewCreateTopicsRequestTopic()
	topic.Topic, topic.NumPartitions, topic.ReplicationFactor = "bad name!", 1, 1
	req.Topics = append(req.Topics, topic)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := req.RequestWith(ctx, cl); err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-l.log.notices:
		if !strings.HasPrefix(got, "broker warning (in broker.log): refused to create topic") {
			t.Errorf("notice %q", got)
		}
	case <-ctx.Done():
		t.Fatal("no notice of the refusal")
	}
	data, err := os.ReadFile(filepath.Join(dir, brokerLogName))
	if err != nil || !strings.Contains(string(data), "WARN refused to create topic") {
		t.Errorf("broker.log (%v):\n%s", err, data)
	}
}
