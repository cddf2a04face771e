package kafkaops_test

import (
	"errors"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"kscope/kafkaops"
)

func TestCloneTopicWithData(t *testing.T) {
	b := startCluster(t, 3)
	c := newClient(t, b.Addr())
	out := outside(t, b.Addr())
	ctx := testCtx(t)
	src := kafkaops.NewTopic{Name: "src", Partitions: 3, ReplicationFactor: 2, Configs: map[string]string{"retention.ms": "86400000", "cleanup.policy": "delete"}}
	if err := c.CreateTopic(ctx, src); err != nil {
		t.Fatal(err)
	}
	stamp := time.Now().Add(-time.Hour).Truncate(time.Millisecond)
	for p := range 3 {
		mustProduce(t, c, kafkaops.ProduceRequest{Topic: "src", Partition: p, Key: []byte{byte('a' + p)}, Value: []byte("v"),
			Headers: []kafkaops.Header{{Key: "h", Value: []byte{byte(p)}}}, Timestamp: stamp})
	}
	plan, err := c.PlanClone(ctx, "src", "dst")
	if err != nil {
		t.Fatal(err)
	}
	if plan.Partitions != 3 || plan.ReplicationFactor != 2 || plan.Configs["retention.ms"] != "86400000" || plan.Configs["cleanup.policy"] != "delete" {
		t.Fatalf("plan = %+v, want 3 partitions, RF 2 and both overrides", plan)
	}
	if err := c.CreateTopic(ctx, plan); err != nil {
		t.Fatal(err)
	}
	events, err := c.Copy(ctx, kafkaops.CloneCopy("src", "dst"))
	if err != nil {
		t.Fatal(err)
	}
	var last kafkaops.CopyEvent
	for ev := range events {
		last = ev
	}
	if last.Err != nil || last.Copied != 3 {
		t.Fatalf("copy ended with %+v, want 3 copied", last)
	}
	if got := outsideTopicConfigs(t, out, kmsg.ConfigResourceTypeTopic, "dst"); got["retention.ms"] != "86400000" {
		t.Fatalf("outside client: dst overrides %v", got)
	}
	cons := outside(t, b.Addr(), kgo.ConsumeTopics("dst"), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	var recs []*kgo.Record
	for len(recs) < 3 {
		fs := cons.PollFetches(outsideCtx(t))
		if err := fs.Err0(); err != nil {
			t.Fatal(err)
		}
		recs = append(recs, fs.Records()...)
	}
	for _, r := range recs {
		if r.Key[0] != byte('a'+r.Partition) || len(r.Headers) != 1 || r.Headers[0].Value[0] != byte(r.Partition) || !r.Timestamp.Equal(stamp) {
			t.Fatalf("outside client reads %+v in dst: want key, header and timestamp of partition %d kept", r, r.Partition)
		}
	}
	if _, err := c.PlanClone(ctx, "src", "src"); !errors.Is(err, kafkaops.ErrInvalid) {
		t.Fatalf("clone onto itself: %v, want ErrInvalid", err)
	}
}
