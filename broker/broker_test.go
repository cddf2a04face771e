package broker

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// TestRestartKeepsTopicsRecordsAndOffsets closes a broker and starts a new
// one on the same data dir: topics keep their partition count, records
// read back with the same values in the same order, and a consumer group's
// committed offsets are still there.
func TestRestartKeepsTopicsRecordsAndOffsets(t *testing.T) {
	dir := t.TempDir()
	const topic, group = "orders", "billing"
	// A different count per partition, so that a mixed-up partition shows.
	want := map[int32][]string{}
	total := 0
	for p := range int32(3) {
		for i := range 4 + int(p)*3 {
			want[p] = append(want[p], fmt.Sprintf("order-%d-%d", p, i))
			total++
		}
	}

	b1, err := Start(Options{Listen: "127.0.0.1:0", DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b1.Close)
	cl := manualProducer(t, b1.Addr())
	createTopic(t, cl, topic, 3, nil)
	for p, values := range want {
		produce(t, cl, topic, p, values...)
	}
	if got := consumeAll(t, b1.Addr(), topic, total); !mapsEqual(got, want) {
		t.Fatalf("before restart: records = %v, want %v", got, want)
	}
	commitAll(t, b1.Addr(), group, topic, total)
	wantCommitted := map[string]int64{}
	for p, values := range want {
		wantCommitted[fmt.Sprintf("%s/%d", topic, p)] = int64(len(values))
	}
	if got := committedOffsets(t, cl, group); !mapsEqual(got, wantCommitted) {
		t.Fatalf("before restart: committed = %v, want %v", got, wantCommitted)
	}
	cl.Close()
	b1.Close()

	b2, err := Start(Options{Listen: "127.0.0.1:0", DataDir: dir})
	if err != nil {
		t.Fatalf("restart on %s: %v", dir, err)
	}
	t.Cleanup(b2.Close)
	cl2 := newClient(t, b2.Addr())
	if n := topicPartitions(t, cl2, topic); n != 3 {
		t.Errorf("after restart: %s has %d partitions, want 3", topic, n)
	}
	if got := consumeAll(t, b2.Addr(), topic, total); !mapsEqual(got, want) {
		t.Errorf("after restart: records = %v, want %v", got, want)
	}
	if got := committedOffsets(t, cl2, group); !mapsEqual(got, wantCommitted) {
		t.Errorf("after restart: committed = %v, want %v", got, wantCommitted)
	}
}

// commitAll joins group, consumes total records of topic and commits them.
func commitAll(t *testing.T, addr, group, topic string, total int) {
	t.Helper()
	cl := newClient(t, addr,
		kgo.ConsumerGroup(group),
		kgo.ConsumeTopics(topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
		kgo.DisableAutoCommit(),
		kgo.FetchMaxWait(200*time.Millisecond),
	)
	defer cl.Close()
	ctx := testContext(t, 20*time.Second)
	n := 0
	for n < total {
		fs := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			t.Fatalf("group %s: consumed %d of %d records before the deadline", group, n, total)
		}
		if err := fs.Err0(); err != nil {
			t.Fatalf("group %s: %v", group, err)
		}
		n += fs.NumRecords()
	}
	if err := cl.CommitUncommittedOffsets(ctx); err != nil {
		t.Fatalf("group %s: commit: %v", group, err)
	}
}

func mapsEqual[K comparable, V any](a, b map[K]V) bool {
	return fmt.Sprint(a) == fmt.Sprint(b) && len(a) == len(b)
}

// TestPortInUse checks that a taken port gives one line that says so and
// points at --listen.
func TestPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	b, err := Start(Options{Listen: ln.Addr().String(), InMemory: true})
	if err == nil {
		b.Close()
		t.Fatalf("Start on taken port %s succeeded", ln.Addr())
	}
	msg := err.Error()
	for _, want := range []string{ln.Addr().String(), "already in use", "--listen"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}
	assertOneLine(t, msg)
}

// TestDataDirCannotBeCreated puts the data dir under a regular file.
func TestDataDirCannotBeCreated(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(file, "broker")
	b, err := Start(Options{Listen: "127.0.0.1:0", DataDir: dir})
	if err == nil {
		b.Close()
		t.Fatalf("Start with data dir %s under a regular file succeeded", dir)
	}
	msg := err.Error()
	for _, want := range []string{dir, "cannot be created", "not a directory"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}
	assertOneLine(t, msg)
}

// TestDataDirNotWritable needs a non-root user: root ignores permissions.
func TestDataDirNotWritable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root, which ignores directory permissions: cannot test a read-only data dir")
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	b, err := Start(Options{Listen: "127.0.0.1:0", DataDir: dir})
	if err == nil {
		b.Close()
		t.Fatalf("Start with read-only data dir %s succeeded", dir)
	}
	msg := err.Error()
	for _, want := range []string{dir, "not writable", "permission denied"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}
	assertOneLine(t, msg)
}

// TestDataDirCorrupt damages the state file of a data dir that a broker
// wrote and checks that the next start fails with one clear line, and
// releases its port.
func TestDataDirCorrupt(t *testing.T) {
	dir := t.TempDir()
	b := startTestBroker(t, Options{DataDir: dir})
	createTopic(t, newClient(t, b.Addr()), "t", 1, nil)
	b.Close()

	meta := filepath.Join(dir, "meta.json")
	if _, err := os.Stat(meta); err != nil {
		t.Fatalf("kfake no longer writes %s (the test corrupts it): %v", meta, err)
	}
	if err := os.WriteFile(meta, []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	b2, err := Start(Options{Listen: addr, DataDir: dir})
	if err == nil {
		b2.Close()
		t.Fatalf("Start on a data dir with a corrupt meta.json succeeded")
	}
	msg := err.Error()
	for _, want := range []string{"cannot load data dir", dir, "meta.json"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}
	assertOneLine(t, msg)

	// The failed start must not keep the port: a good broker can take it.
	b3, err := Start(Options{Listen: addr, InMemory: true})
	if err != nil {
		t.Fatalf("port %s still taken after a failed start: %v", addr, err)
	}
	b3.Close()
}

func assertOneLine(t *testing.T, msg string) {
	t.Helper()
	if strings.Contains(msg, "\n") {
		t.Errorf("error is not one line: %q", msg)
	}
	if strings.Contains(msg, "goroutine ") || strings.Contains(msg, ".go:") {
		t.Errorf("error looks like a stack trace: %q", msg)
	}
}

// TestRetentionAppliesToEveryTopic checks that the broker-wide retention
// trims a topic that set no retention of its own, and leaves alone a topic
// whose own retention.ms is longer.
func TestRetentionAppliesToEveryTopic(t *testing.T) {
	b := startTestBroker(t, Options{Retention: time.Second, RetentionCheck: 50 * time.Millisecond})
	cl := manualProducer(t, b.Addr())
	createTopic(t, cl, "short", 2, nil)
	createTopic(t, cl, "long", 1, map[string]string{"retention.ms": "3600000"})
	produce(t, cl, "short", 0, "a", "b", "c")
	produce(t, cl, "short", 1, "d", "e")
	produce(t, cl, "long", 0, "x", "y")

	wantStart := []int64{3, 2}
	var starts []int64
	if !pollUntil(10*time.Second, func() bool {
		starts = listOffsets(t, cl, "short", 2, earliest)
		return slices.Equal(starts, wantStart)
	}) {
		t.Fatalf("short: log start offsets = %v after 10s, want %v (retention 1s not applied)", starts, wantStart)
	}
	if hw := listOffsets(t, cl, "short", 2, latest); !slices.Equal(hw, wantStart) {
		t.Errorf("short: high watermarks = %v, want %v", hw, wantStart)
	}

	// By now the records in "long" are well past the broker-wide second.
	b.ApplyRetention()
	if got := listOffsets(t, cl, "long", 1, earliest); got[0] != 0 {
		t.Errorf("long (retention.ms=1h): log start offset = %d, want 0", got[0])
	}
	if got := consumeAll(t, b.Addr(), "long", 2); !slices.Equal(got[0], []string{"x", "y"}) {
		t.Errorf("long: records = %v, want [x y]", got[0])
	}
}

// TestRetentionFlagWinsOverPersisted checks that --retention given at
// start replaces the value kfake persisted in the data dir on an earlier
// run: a short retention from yesterday must not delete today's data once
// the user asks for a long one.
func TestRetentionFlagWinsOverPersisted(t *testing.T) {
	dir := t.TempDir()
	// Retention 1s, but never checked during this run.
	b1 := startTestBroker(t, Options{DataDir: dir, Retention: time.Second, RetentionCheck: time.Hour})
	cl := manualProducer(t, b1.Addr())
	createTopic(t, cl, "keep", 1, nil)
	produce(t, cl, "keep", 0, "1", "2", "3")
	produced := time.Now()
	cl.Close()
	b1.Close()

	if persisted := persistedBrokerConfig(t, dir, "log.retention.ms"); persisted != "1000" {
		t.Logf("kfake persisted log.retention.ms = %q (want 1000 if it still persists broker configs)", persisted)
	}

	b2 := startTestBroker(t, Options{DataDir: dir, Retention: time.Hour, RetentionCheck: 50 * time.Millisecond})
	cl2 := newClient(t, b2.Addr())
	if got := describeConfigs(t, cl2, kmsg.ConfigResourceTypeBroker, "0")["log.retention.ms"]; got != "3600000" {
		t.Errorf("after restart with Retention 1h: broker log.retention.ms = %q, want 3600000", got)
	}
	if wait := time.Second - time.Since(produced); wait > 0 {
		time.Sleep(wait) // the records must be older than the old retention
	}
	b2.ApplyRetention()
	if got := listOffsets(t, cl2, "keep", 1, earliest); got[0] != 0 {
		t.Errorf("after restart with Retention 1h: log start offset = %d, want 0 (old 1s retention applied)", got[0])
	}
	if got := consumeAll(t, b2.Addr(), "keep", 3); !slices.Equal(got[0], []string{"1", "2", "3"}) {
		t.Errorf("records = %v, want [1 2 3]", got[0])
	}
}

// persistedBrokerConfig reads one key of kfake's broker_configs.json, or
// "" when the file or key is missing.
func persistedBrokerConfig(t *testing.T, dir, key string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "broker_configs.json"))
	if err != nil {
		return ""
	}
	var f struct {
		Configs map[string]string `json:"configs"`
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatalf("broker_configs.json: %v", err)
	}
	return f.Configs[key]
}

// TestDemo checks the demo topic and that its records are ATM transactions.
func TestDemo(t *testing.T) {
	b := startTestBroker(t, Options{InMemory: true, Demo: true, DemoInterval: 10 * time.Millisecond})
	cl := newClient(t, b.Addr())
	if n := topicPartitions(t, cl, DemoTopic); n != DemoPartitions {
		t.Fatalf("%s has %d partitions, want %d", DemoTopic, n, DemoPartitions)
	}
	const n = 20
	got, _ := consumeAtLeast(t, b.Addr(), DemoTopic, n)
	seen := map[float64]bool{}
	for p, values := range got {
		for _, v := range values {
			var tx map[string]any
			if err := json.Unmarshal([]byte(v), &tx); err != nil {
				t.Fatalf("partition %d: value %q is not JSON: %v", p, v, err)
			}
			if keys := sortedKeys(tx); !slices.Equal(keys, []string{"amount", "atmid", "timestamp", "transid", "type"}) {
				t.Errorf("value %s has fields %v", v, keys)
				continue
			}
			atm, _ := tx["atmid"].(float64)
			if atm < 1 || atm > 5 {
				t.Errorf("value %s: atmid %v is not 1..5", v, tx["atmid"])
			}
			id, ok := tx["transid"].(float64)
			if !ok || id < 100 || seen[id] {
				t.Errorf("value %s: transid %v is not a new number >= 100", v, tx["transid"])
			}
			seen[id] = true
			amount, ok := tx["amount"].(float64)
			typ, _ := tx["type"].(string)
			if !ok || amount < 0 || (typ == "balance") != (amount == 0) {
				t.Errorf("value %s: amount %v does not fit type %q", v, tx["amount"], typ)
			}
			if !slices.Contains(transactionTypes, typ) {
				t.Errorf("value %s: type %q is not one of %v", v, typ, transactionTypes)
			}
			ts, _ := tx["timestamp"].(string)
			if when, err := time.Parse(time.RFC3339Nano, ts); err != nil || time.Since(when) > time.Minute || time.Since(when) < 0 {
				t.Errorf("value %s: timestamp %q is not a recent RFC 3339 time (%v)", v, ts, err)
			}
		}
	}
}

// TestDemoKeepsExistingTopic restarts a demo broker on its data dir: the
// topic is reused and transaction ids continue rather than start over.
func TestDemoKeepsExistingTopic(t *testing.T) {
	dir := t.TempDir()
	b1 := startTestBroker(t, Options{DataDir: dir})
	cl := manualProducer(t, b1.Addr())
	createTopic(t, cl, DemoTopic, 2, nil)
	produce(t, cl, DemoTopic, 0, `{"atmid":1,"transid":100}`, `{"atmid":2,"transid":101}`)
	cl.Close()
	b1.Close()

	b2 := startTestBroker(t, Options{DataDir: dir, Demo: true, DemoInterval: 10 * time.Millisecond})
	got, _ := consumeAtLeast(t, b2.Addr(), DemoTopic, 6)
	if !slices.Equal(got[0][:2], []string{`{"atmid":1,"transid":100}`, `{"atmid":2,"transid":101}`}) {
		t.Fatalf("earlier records lost: partition 0 = %v", got[0])
	}
	for p, values := range got {
		for i, v := range values {
			if p == 0 && i < 2 {
				continue
			}
			var tx Transaction
			if err := json.Unmarshal([]byte(v), &tx); err != nil {
				t.Fatalf("value %q: %v", v, err)
			}
			if tx.TransID < 102 {
				t.Errorf("demo after restart reused transid %d (value %s)", tx.TransID, v)
			}
		}
	}
}

// TestCloseIsIdempotentAndReleasesPort closes twice and then binds the
// same address again.
func TestCloseIsIdempotentAndReleasesPort(t *testing.T) {
	b, err := Start(Options{Listen: "127.0.0.1:0", DataDir: t.TempDir(), Demo: true, DemoInterval: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	addr := b.Addr()
	done := make(chan struct{})
	go func() {
		b.Close()
		b.Close()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not return within 10s")
	}
	b.Close()
	b2, err := Start(Options{Listen: addr, InMemory: true})
	if err != nil {
		t.Fatalf("address %s not released by Close: %v", addr, err)
	}
	b2.Close()
}

// TestListenHost checks that the broker binds the host it is given and
// advertises the bound address.
func TestListenHost(t *testing.T) {
	b := startTestBroker(t, Options{InMemory: true})
	host, port, err := net.SplitHostPort(b.Addr())
	if err != nil || host != "127.0.0.1" || port == "0" {
		t.Fatalf("Addr() = %q, want 127.0.0.1 with a real port (%v)", b.Addr(), err)
	}
	if b.DataDir() != "" {
		t.Errorf("in-memory broker: DataDir() = %q, want empty", b.DataDir())
	}
	// kgo asks for automatic creation only when told to, as Kafka's Java
	// client does; kafka-python and kcat always ask.
	cl := newClient(t, b.Addr(), kgo.AllowAutoTopicCreation(), kgo.RecordPartitioner(kgo.ManualPartitioner()))
	produce(t, cl, "auto", 0, "v")
	if n := topicPartitions(t, cl, "auto"); n != 1 {
		t.Errorf("auto-created topic has %d partitions, want 1", n)
	}
}

// TestDefaultPartitions checks that Partitions sets the partition count
// of automatically created topics.
func TestDefaultPartitions(t *testing.T) {
	b := startTestBroker(t, Options{InMemory: true, Partitions: 4})
	cl := newClient(t, b.Addr(), kgo.AllowAutoTopicCreation())
	if err := cl.ProduceSync(testContext(t, 10*time.Second), &kgo.Record{Topic: "auto4", Value: []byte("v")}).FirstErr(); err != nil {
		t.Fatal(err)
	}
	if n := topicPartitions(t, cl, "auto4"); n != 4 {
		t.Errorf("auto-created topic has %d partitions, want 4", n)
	}
}

// TestDataDirInUse starts a second broker on the data dir of a running
// one: it must refuse rather than write the same files, and the dir must
// be free again once the first broker is closed.
func TestDataDirInUse(t *testing.T) {
	dir := t.TempDir()
	b1 := startTestBroker(t, Options{DataDir: dir})
	b2, err := Start(Options{Listen: "127.0.0.1:0", DataDir: dir})
	if err == nil {
		b2.Close()
		t.Fatalf("second broker on %s started while the first one runs", dir)
	}
	msg := err.Error()
	for _, want := range []string{dir, "in use", "--data-dir"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}
	assertOneLine(t, msg)
	if !errors.Is(err, ErrDataDirInUse) {
		t.Errorf("error %q is not ErrDataDirInUse: kscope --local cannot tell it from another failure", msg)
	}
	b1.Close()
	b3, err := Start(Options{Listen: "127.0.0.1:0", DataDir: dir})
	if err != nil {
		t.Fatalf("data dir still locked after Close: %v", err)
	}
	b3.Close()
}

// TestListenAllInterfaces binds 0.0.0.0: the broker must advertise an
// address clients can dial, or every request after bootstrap fails.
func TestListenAllInterfaces(t *testing.T) {
	b := startTestBroker(t, Options{Listen: "0.0.0.0:0", InMemory: true})
	host, port, err := net.SplitHostPort(b.Addr())
	if err != nil || host != "127.0.0.1" || port == "0" {
		t.Fatalf("Addr() = %q, want 127.0.0.1:PORT", b.Addr())
	}
	cl := manualProducer(t, b.Addr())
	resp, err := kmsg.NewPtrMetadataRequest().RequestWith(testContext(t, 10*time.Second), cl)
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Brokers) != 1 || resp.Brokers[0].Host != "127.0.0.1" || fmt.Sprint(resp.Brokers[0].Port) != port {
		t.Fatalf("metadata advertises brokers %+v, want one at 127.0.0.1:%s", resp.Brokers, port)
	}
	createTopic(t, cl, "wide", 1, nil)
	produce(t, cl, "wide", 0, "v")
	if got := consumeAll(t, b.Addr(), "wide", 1); !slices.Equal(got[0], []string{"v"}) {
		t.Errorf("records = %v, want [v]", got[0])
	}
}
