package reassign

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

// planFake is a three-broker cluster with orders: three partitions of
// replication factor 1, partition 2 under-replicated? no: one replica
// each, leaders 0, 1 and 2.
func planFake() *kafkaopstest.AdminFake {
	f := kafkaopstest.NewAdminFake(kafkaops.Topic{Name: "orders", Partitions: 3, ReplicationFactor: 1})
	f.Cluster = kafkaops.ClusterInfo{ClusterID: "local", ControllerID: 0, Brokers: []kafkaops.Broker{
		{ID: 2, Host: "127.0.0.1", Port: 9094}, {ID: 0, Host: "127.0.0.1", Port: 9092}, {ID: 1, Host: "127.0.0.1", Port: 9093},
	}}
	f.Details = map[string]kafkaops.TopicDetail{"orders": {
		Topic: f.Topics[0],
		PartitionList: []kafkaops.Partition{
			{ID: 0, Leader: 0, Replicas: []int32{0}, ISR: []int32{0}},
			{ID: 1, Leader: 1, Replicas: []int32{1}, ISR: []int32{1}},
			{ID: 2, Leader: 2, Replicas: []int32{2}, ISR: []int32{2}},
		},
	}}
	return f
}

func mustShow(t *testing.T, s kit.Screen, wants ...string) {
	t.Helper()
	v := kittest.Plain(s)
	for _, w := range wants {
		if !strings.Contains(v, w) {
			t.Errorf("view lacks %q:\n%s", w, v)
		}
	}
}

func startPlan(t *testing.T, f kafkaops.Service) kit.Screen {
	t.Helper()
	s, _ := kittest.Start(t, NewPlan(f, kittest.TestStyles(), "orders"), 80, 24)
	return s
}

func TestPlanRaisesFactorReviewsAndApplies(t *testing.T) {
	f := planFake()
	s := startPlan(t, f)
	mustShow(t, s, "orders · 3 partitions · RF 1 · brokers 0,1,2", "LEADER", "REPLICAS", "NEW")
	kittest.Golden(t, "plan.golden", kittest.Plain(s))
	s, _ = kittest.Press(s, "f")
	if !s.Capturing() {
		t.Fatal("f did not open the factor input")
	}
	mustShow(t, s, "Replication factor for every partition (1-3):")
	s, _ = kittest.Press(s, "4", "enter")
	mustShow(t, s, "✗ the replication factor cannot pass the broker count (3)")
	s, _ = kittest.KeysAll(s, "backspace", "3", "enter")
	if s.Capturing() {
		t.Fatalf("the factor was not accepted:\n%s", kittest.Plain(s))
	}
	mustShow(t, s, "3 partitions change", "→ 0,1,2", "→ 1,0,2", "→ 2,0,1")
	kittest.Golden(t, "plan_rf3.golden", kittest.Plain(s))
	s, _ = kittest.Press(s, "enter")
	mustShow(t, s, "Reassign 3 partitions of orders", "partition 0    0 → 0,1,2", "partition 2    2 → 2,0,1", "y starts it")
	kittest.Golden(t, "plan_review.golden", kittest.Plain(s))
	if len(f.Reassigned) != 0 {
		t.Fatal("the review started the reassignment")
	}
	_, msgs := kittest.Press(s, "y")
	want := []kafkaops.Reassignment{
		{Topic: "orders", Partition: 0, Replicas: []int32{0, 1, 2}},
		{Topic: "orders", Partition: 1, Replicas: []int32{1, 0, 2}},
		{Topic: "orders", Partition: 2, Replicas: []int32{2, 0, 1}},
	}
	if !slices.EqualFunc(f.Reassigned, want, func(a, b kafkaops.Reassignment) bool {
		return a.Topic == b.Topic && a.Partition == b.Partition && slices.Equal(a.Replicas, b.Replicas)
	}) {
		t.Fatalf("reassigned %+v, want %+v", f.Reassigned, want)
	}
	nav := kittest.Navigations(msgs)
	if !kittest.HasPop(msgs) || len(nav) != 1 || nav[0].Kind != kit.RouteReassignments {
		t.Errorf("after y: %v, want the plan closed and the watch opened", msgs)
	}
}

func TestPlanEditsOnePartition(t *testing.T) {
	f := planFake()
	s := startPlan(t, f)
	s, _ = kittest.Press(s, "down", "e")
	mustShow(t, s, "Replicas of partition 1 (leader first): 1")
	s, _ = kittest.KeysAll(s, "backspace", "1,1", "enter")
	mustShow(t, s, "✗ broker 1 is named twice")
	s, _ = kittest.KeysAll(s, "backspace", "7", "enter")
	mustShow(t, s, "✗ the cluster has no broker 7")
	s, _ = kittest.KeysAll(s, "backspace", "2", "enter")
	mustShow(t, s, "1 partition change", "→ 1,2")
	// esc leaves the review, not the screen; u undoes everything.
	s, _ = kittest.Press(s, "enter")
	mustShow(t, s, "partition 1    1 → 1,2")
	s, msgs := kittest.Press(s, "esc")
	if kittest.HasPop(msgs) || strings.Contains(kittest.Plain(s), "Reassign 1 partition") {
		t.Fatalf("esc in the review: %v\n%s", msgs, kittest.Plain(s))
	}
	s, _ = kittest.Press(s, "u", "enter")
	mustShow(t, s, "✗ nothing changes yet")
}

func TestPlanShowsKafkaRefusalAndKeepsThePlan(t *testing.T) {
	f := planFake()
	s := startPlan(t, f)
	s, _ = kittest.Press(s, "e")
	s, _ = kittest.KeysAll(s, "backspace", "1", "enter", "enter")
	f.Err = errors.New("[39] Invalid Replica Assignment: broker 1 is offline")
	s, _ = kittest.Press(s, "y")
	mustShow(t, s, "Kafka refused the reassignment", "Invalid Replica Assignment", "partition 0    0 → 1")
}

func TestPlanLoadError(t *testing.T) {
	f := planFake()
	f.DescribeErr = kafkaops.ErrNotFound
	s := startPlan(t, f)
	mustShow(t, s, "Could not describe the topic")
	s, msgs := kittest.Press(s, "f")
	if s.Capturing() || len(msgs) != 0 {
		t.Errorf("f acted on a topic that did not load")
	}
}
