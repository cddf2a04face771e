package kafkaops_test

import (
	"fmt"
	"maps"
	"testing"

	"kscope/kafkaops"
)

// TestListTopicNamesAndTopicOffsets checks the refresh's two cheap calls:
// the names cost one metadata request and no list-offsets; the counts of
// a few topics cost one metadata request and one list-offsets request per
// timestamp on the one broker, and say the right counts.
func TestListTopicNamesAndTopicOffsets(t *testing.T) {
	b := startBroker(t)
	rc := newRequestCounter()
	c := newClient(t, b.Addr(), func(cfg *kafkaops.Config) { cfg.Dial = rc.dial })
	ctx := testCtx(t)
	for i := range 40 {
		mustCreate(t, c, fmt.Sprintf("t-%02d", i), 2)
	}
	for i, p := range []int{0, 1, 1} {
		mustProduce(t, c, kafkaops.ProduceRequest{Topic: "t-07", Value: []byte(fmt.Sprint(i)), Partition: p})
	}
	mustProduce(t, c, kafkaops.ProduceRequest{Topic: "t-31", Value: []byte("x")})

	rc.reset()
	topics, err := c.ListTopicNames(ctx)
	if err != nil {
		t.Fatal(err)
	}
	names := rc.snapshot()
	if len(topics) < 40 {
		t.Fatalf("listed %d topics, want 40", len(topics))
	}
	for i, tp := range topics {
		if tp.Messages != 0 {
			t.Errorf("%s: Messages = %d from a metadata-only listing", tp.Name, tp.Messages)
		}
		if i > 0 && topics[i-1].Name >= tp.Name {
			t.Errorf("not sorted: %q before %q", topics[i-1].Name, tp.Name)
		}
	}
	if got := findTopic(topics, "t-07"); got == nil || got.Partitions != 2 || got.ReplicationFactor != 1 {
		t.Errorf("t-07 listed as %+v", got)
	}
	if names[keyMetadata] != 1 || names[keyListOffsets] != 0 {
		t.Errorf("ListTopicNames sent %v, want one metadata request and no list-offsets", names)
	}

	rc.reset()
	counts, err := c.TopicOffsets(ctx, []string{"t-07", "t-31", "t-02", "no-such-topic"})
	if err != nil {
		t.Fatal(err)
	}
	offs := rc.snapshot()
	want := map[string]int64{"t-07": 3, "t-31": 1, "t-02": 0}
	if !maps.Equal(counts, want) {
		t.Errorf("TopicOffsets = %v, want %v", counts, want)
	}
	if offs[keyMetadata] != 1 || offs[keyListOffsets] != 2 {
		t.Errorf("TopicOffsets sent %v, want one metadata and two list-offsets requests", offs)
	}

	rc.reset()
	if counts, err := c.TopicOffsets(ctx, nil); err != nil || len(counts) != 0 {
		t.Errorf("TopicOffsets(nil) = %v, %v; want an empty map", counts, err)
	}
	if got := rc.snapshot(); len(got) != 0 {
		t.Errorf("TopicOffsets(nil) sent %v, want nothing", got)
	}
}
