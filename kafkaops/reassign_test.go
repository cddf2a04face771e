package kafkaops_test

import (
	"errors"
	"testing"

	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"kscope/kafkaops"
)

// outsideLeaders returns each partition's leader as the outside client's
// Metadata request sees it.
func outsideLeaders(t *testing.T, cl *kgo.Client, topic string) map[int32]int32 {
	t.Helper()
	req := kmsg.NewPtrMetadataRequest()
	rt := kmsg.NewMetadataRequestTopic()
	rt.Topic = kmsg.StringPtr(topic)
	req.Topics = append(req.Topics, rt)
	resp, err := req.RequestWith(outsideCtx(t), cl)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int32]int32{}
	for _, p := range resp.Topics[0].Partitions {
		out[p.Partition] = p.Leader
	}
	return out
}

func TestReassignPartitionsOnThreeNodes(t *testing.T) {
	b := startCluster(t, 3)
	c := newClient(t, b.Addr())
	out := outside(t, b.Addr())
	ctx := testCtx(t)
	if err := c.CreateTopic(ctx, kafkaops.NewTopic{Name: "moving", Partitions: 2, ReplicationFactor: 3}); err != nil {
		t.Fatal(err)
	}
	target := (outsideLeaders(t, out, "moving")[0] + 1) % 3
	if err := c.ReassignPartitions(ctx, []kafkaops.Reassignment{{Topic: "moving", Partition: 0, Replicas: []int32{target, (target + 1) % 3, (target + 2) % 3}}}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "partition 0 led by the first new replica", func() bool { return outsideLeaders(t, out, "moving")[0] == target })

	inProgress, err := c.ListReassignments(ctx)
	if err != nil || len(inProgress) != 0 {
		t.Fatalf("ListReassignments = %+v (%v), want none in progress (kfake finishes at once)", inProgress, err)
	}
	if err := c.CancelReassignment(ctx, "moving", 0); !errors.Is(err, kafka.NoReassignmentInProgress) {
		t.Fatalf("cancel with nothing in progress: %v, want NO_REASSIGNMENT_IN_PROGRESS", err)
	}
	err = c.ReassignPartitions(ctx, []kafkaops.Reassignment{{Topic: "moving", Partition: 9, Replicas: []int32{0}}})
	if !kafkaops.IsNotFound(err) {
		t.Fatalf("unknown partition: %v, want not found", err)
	}
	err = c.ReassignPartitions(ctx, []kafkaops.Reassignment{{Topic: "moving", Partition: 0, Replicas: []int32{1, 1}}})
	if !errors.Is(err, kafkaops.ErrInvalid) {
		t.Fatalf("duplicate broker: %v, want ErrInvalid", err)
	}
}
