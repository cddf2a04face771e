package kafkaops_test

import (
	"testing"
	"time"

	"kscope/broker"
	"kscope/kafkaops"
)

// TestTopicConfigDefaultFromTheBroker: against the bundled broker started
// with a retention of 2h, the value retention.ms falls back to once a
// topic's override is removed is 7200000, and the reset indeed leaves the
// topic at that value; an unknown config has no default to show.
func TestTopicConfigDefaultFromTheBroker(t *testing.T) {
	b, err := broker.Start(withRelease(broker.Options{Listen: "127.0.0.1:0", InMemory: true, Retention: 2 * time.Hour}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	c := newClient(t, b.Addr())
	ctx := testCtx(t)
	if err := c.CreateTopic(ctx, kafkaops.NewTopic{Name: "ledger", Partitions: 1, ReplicationFactor: 1, Configs: map[string]string{"retention.ms": "86400000"}}); err != nil {
		t.Fatal(err)
	}
	v, ok, err := kafkaops.TopicConfigDefault(ctx, c, "retention.ms")
	if err != nil || !ok || v != "7200000" {
		t.Fatalf("TopicConfigDefault(retention.ms) = %q, %v, %v; want 7200000", v, ok, err)
	}
	if err := c.AlterTopicConfigs(ctx, "ledger", kafkaops.ConfigAlter{Delete: []string{"retention.ms"}}); err != nil {
		t.Fatal(err)
	}
	cfgs, err := c.TopicConfigs(ctx, "ledger")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range cfgs {
		if e.Name == "retention.ms" && e.Value != v {
			t.Errorf("after the reset retention.ms = %q, the default said %q", e.Value, v)
		}
	}
	if _, ok, err := kafkaops.TopicConfigDefault(ctx, c, "no.such.config"); ok || err != nil {
		t.Errorf("an unknown config: ok %v, err %v; want neither", ok, err)
	}
}
