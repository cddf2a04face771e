package kafkaops_test

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"kscope/kafkaops"
)

// API keys of the requests ListTopics may send.
const (
	keyProduce     = 0
	keyListOffsets = 2
	keyMetadata    = 3
	keyApiVersions = 18
)

func TestClusterInfo(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	info, err := c.ClusterInfo(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	if info.ClusterID != "kscope-local" {
		t.Errorf("cluster id = %q, want kscope-local", info.ClusterID)
	}
	if len(info.Brokers) != 1 || info.Brokers[0].Addr() != b.Addr() {
		t.Fatalf("brokers = %+v, want one at %s", info.Brokers, b.Addr())
	}
	if info.ControllerID != info.Brokers[0].ID {
		t.Errorf("controller = %d, want %d", info.ControllerID, info.Brokers[0].ID)
	}
}

func TestCreateListDescribeDelete(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	ctx := testCtx(t)
	mustCreate(t, c, "orders", 2)

	// 3 records on partition 0, 2 on partition 1.
	for i, p := range []int{0, 0, 1, 0, 1} {
		mustProduce(t, c, kafkaops.ProduceRequest{Topic: "orders", Value: []byte(fmt.Sprint(i)), Partition: p})
	}
	topics, err := c.ListTopics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := findTopic(topics, "orders")
	if got == nil {
		t.Fatalf("orders not listed in %+v", topics)
	}
	want := kafkaops.Topic{Name: "orders", Partitions: 2, ReplicationFactor: 1, Messages: 5}
	if *got != want {
		t.Errorf("listed %+v, want %+v", *got, want)
	}

	d, err := c.DescribeTopic(ctx, "orders")
	if err != nil {
		t.Fatal(err)
	}
	if d.Topic != want || len(d.PartitionList) != 2 {
		t.Fatalf("described %+v", d)
	}
	for i, wantHigh := range []int64{3, 2} {
		p := d.PartitionList[i]
		if p.ID != i || p.Low != 0 || p.High != wantHigh || p.Leader < 0 || len(p.Replicas) != 1 || len(p.ISR) != 1 {
			t.Errorf("partition %d = %+v, want high %d", i, p, wantHigh)
		}
	}

	if err := c.DeleteTopic(ctx, "orders"); err != nil {
		t.Fatal(err)
	}
	topics, err = c.ListTopics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if findTopic(topics, "orders") != nil {
		t.Errorf("orders still listed right after delete")
	}
}

func TestListTopicsHidesNothing(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	names := []string{"a", "b.c", "z_z", "with-dash", "__internal_like"}
	for _, n := range names {
		mustCreate(t, c, n, 1)
	}
	topics, err := c.ListTopics(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if findTopic(topics, n) == nil {
			t.Errorf("%s not listed", n)
		}
	}
	for i := 1; i < len(topics); i++ {
		if topics[i-1].Name >= topics[i].Name {
			t.Errorf("not sorted: %q before %q", topics[i-1].Name, topics[i].Name)
		}
	}
}

// TestListTopicsConstantRequests checks DESIGN.md's contract: listing N
// topics costs one metadata request and one list-offsets request per
// broker and timestamp, whatever N.
func TestListTopicsConstantRequests(t *testing.T) {
	b := startBroker(t)
	rc := newRequestCounter()
	c := newClient(t, b.Addr(), func(cfg *kafkaops.Config) { cfg.Dial = rc.dial })
	ctx := testCtx(t)

	count := func() map[int16]int {
		rc.reset()
		if _, err := c.ListTopics(ctx); err != nil {
			t.Fatal(err)
		}
		return rc.snapshot()
	}
	for i := range 3 {
		mustCreate(t, c, fmt.Sprintf("few-%d", i), 2)
	}
	few := count()
	for i := range 300 {
		mustCreate(t, c, fmt.Sprintf("many-%03d", i), 2)
	}
	many := count()
	t.Logf("requests by API key: 3 topics %v, 303 topics %v", few, many)
	topics, _ := c.ListTopics(ctx)
	if len(topics) < 303 {
		t.Fatalf("listed %d topics, want 303", len(topics))
	}
	want := map[int16]int{keyMetadata: 1, keyListOffsets: 2}
	for key, n := range want {
		if few[key] != n || many[key] != n {
			t.Errorf("api %d: %d requests for 3 topics, %d for 303; want %d", key, few[key], many[key], n)
		}
	}
	total := func(m map[int16]int) (n int) {
		for k, v := range m {
			if k != keyApiVersions { // new pooled connections negotiate once
				n += v
			}
		}
		return n
	}
	if total(many) != 3 {
		t.Errorf("requests for 303 topics = %v, want only %v", many, want)
	}
}

func TestCreateTopicErrors(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	ctx := testCtx(t)
	mustCreate(t, c, "dup", 1)

	err := c.CreateTopic(ctx, kafkaops.NewTopic{Name: "dup", Partitions: 1, ReplicationFactor: 1})
	if !errors.Is(err, kafka.TopicAlreadyExists) || !kafkaops.IsAlreadyExists(err) {
		t.Fatalf("duplicate: err = %v, want TopicAlreadyExists", err)
	}
	var ke kafka.Error
	if !errors.As(err, &ke) || ke != kafka.TopicAlreadyExists {
		t.Errorf("errors.As kafka.Error = %v", ke)
	}
	if d := kafkaops.Describe(err); !strings.HasPrefix(d, `create topic "dup": [36] Topic Already Exists`) {
		t.Errorf("Describe = %q", d)
	}
	if got := kafkaops.ErrorTitle(err); got != "[36] Topic Already Exists" {
		t.Errorf("ErrorTitle = %q", got)
	}

	bad := []kafkaops.NewTopic{
		{Name: "rf2", Partitions: 1, ReplicationFactor: 2},
		{Name: "rf0", Partitions: 1, ReplicationFactor: 0},
		{Name: "p0", Partitions: 0, ReplicationFactor: 1},
		{Name: "a b", Partitions: 1, ReplicationFactor: 1},
	}
	for _, nt := range bad {
		err := c.CreateTopic(ctx, nt)
		if !errors.Is(err, kafkaops.ErrInvalid) {
			t.Errorf("%+v: err = %v, want ErrInvalid", nt, err)
		}
	}
	if !strings.Contains(kafkaops.Describe(c.CreateTopic(ctx, bad[0])), "replication factor 2 is more than the 1 broker") {
		t.Errorf("rf2 message: %s", kafkaops.Describe(c.CreateTopic(ctx, bad[0])))
	}
	topics, _ := c.ListTopics(ctx)
	for _, nt := range bad {
		if findTopic(topics, nt.Name) != nil {
			t.Errorf("%s was created despite failing validation", nt.Name)
		}
	}
}

func TestCreateTopicWithConfigs(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	ctx := testCtx(t)
	err := c.CreateTopic(ctx, kafkaops.NewTopic{Name: "cfg", Partitions: 3, ReplicationFactor: 1,
		Configs: map[string]string{"retention.ms": "123456", "cleanup.policy": "compact"}})
	if err != nil {
		t.Fatal(err)
	}
	entries, err := c.TopicConfigs(ctx, "cfg")
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]kafkaops.ConfigEntry{}
	for _, e := range entries {
		byName[e.Name] = e
	}
	for name, value := range map[string]string{"retention.ms": "123456", "cleanup.policy": "compact"} {
		e, ok := byName[name]
		if !ok || e.Value != value || e.Source != kafkaops.SourceTopic || e.Default {
			t.Errorf("%s = %+v, want %s set on the topic", name, e, value)
		}
	}
	if e, ok := byName["max.message.bytes"]; !ok || !e.Default || e.Source == kafkaops.SourceTopic {
		t.Errorf("max.message.bytes = %+v, want an inherited default", e)
	}
}

func TestBrokerConfigs(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	ctx := testCtx(t)
	info, err := c.ClusterInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := c.BrokerConfigs(ctx, info.Brokers[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range entries {
		if e.Sensitive && e.Value != kafkaops.SensitiveMask {
			t.Errorf("sensitive %s shown as %q", e.Name, e.Value)
		}
		if e.Name == "log.retention.ms" {
			found = true
			if e.Value != fmt.Sprint((7 * 24 * time.Hour).Milliseconds()) {
				t.Errorf("log.retention.ms = %+v", e)
			}
		}
	}
	if !found {
		t.Errorf("log.retention.ms not among %d broker configs", len(entries))
	}
	if _, err := c.BrokerConfigs(ctx, 4242); !kafkaops.IsNotFound(err) {
		t.Errorf("unknown broker: err = %v, want not found", err)
	}
}

func TestUnknownTopic(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	ctx := testCtx(t)
	checks := map[string]error{}
	_, checks["describe"] = c.DescribeTopic(ctx, "nope")
	_, checks["configs"] = c.TopicConfigs(ctx, "nope")
	checks["delete"] = c.DeleteTopic(ctx, "nope")
	_, checks["produce"] = c.Produce(ctx, kafkaops.ProduceRequest{Topic: "nope", Value: []byte("x"), Partition: kafkaops.AnyPartition})
	for op, err := range checks {
		if !kafkaops.IsNotFound(err) || !errors.Is(err, kafka.UnknownTopicOrPartition) {
			t.Errorf("%s: err = %v, want UnknownTopicOrPartition", op, err)
		}
		if !strings.Contains(kafkaops.Describe(err), `"nope"`) || !strings.Contains(kafkaops.Describe(err), "[3] Unknown Topic Or Partition") {
			t.Errorf("%s: Describe = %q", op, kafkaops.Describe(err))
		}
	}
	// Asking about a missing topic must not create it (the bundled broker
	// auto-creates topics for clients that ask it to).
	topics, err := c.ListTopics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if findTopic(topics, "nope") != nil {
		t.Errorf("looking up a missing topic created it")
	}
}

func TestDeadAddressFailsFast(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()

	c := newClient(t, addr, func(cfg *kafkaops.Config) { cfg.DialTimeout = time.Second })
	start := time.Now()
	_, err = c.ListTopics(testCtx(t))
	if err == nil || !kafkaops.IsUnreachable(err) {
		t.Fatalf("err = %v, want unreachable", err)
	}
	if took := time.Since(start); took > time.Second+500*time.Millisecond {
		t.Errorf("failed after %v, want within the 1s dial timeout", took)
	}
	if d := kafkaops.Describe(err); !strings.Contains(d, addr) {
		t.Errorf("Describe = %q, want the address", d)
	}
}

// A listener that accepts and never answers must not hang a call: the API
// version negotiation is bounded by the dial timeout too.
func TestSilentBrokerFailsWithinDialTimeout(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { conn.Close() })
		}
	}()
	c := newClient(t, ln.Addr().String(), func(cfg *kafkaops.Config) { cfg.DialTimeout = 500 * time.Millisecond })
	start := time.Now()
	_, err = c.ClusterInfo(testCtx(t))
	if !kafkaops.IsUnreachable(err) {
		t.Fatalf("err = %v, want unreachable", err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("failed after %v, want within the 500ms dial timeout", took)
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	for _, brokers := range [][]string{nil, {""}, {"no-port"}} {
		if _, err := kafkaops.New(kafkaops.Config{Brokers: brokers}); !errors.Is(err, kafkaops.ErrInvalid) {
			t.Errorf("brokers %q: err = %v, want ErrInvalid", brokers, err)
		}
	}
}

func findTopic(topics []kafkaops.Topic, name string) *kafkaops.Topic {
	for i := range topics {
		if topics[i].Name == name {
			return &topics[i]
		}
	}
	return nil
}
