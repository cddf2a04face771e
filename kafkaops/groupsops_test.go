package kafkaops_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"kscope/kafkaops"
)

// readN reads n records with r (committing each) and returns their
// offsets per partition read.
func readN(t *testing.T, r *kafka.Reader, n int) []kafka.Message {
	t.Helper()
	var out []kafka.Message
	for range n {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		m, err := r.ReadMessage(ctx)
		cancel()
		if err != nil {
			t.Fatalf("read %d of %d: %v", len(out)+1, n, err)
		}
		out = append(out, m)
	}
	return out
}

// awaitEmpty waits until the group has no members (a closed reader leaves
// the group).
func awaitEmpty(t *testing.T, c *kafkaops.Client, id string) {
	t.Helper()
	eventually(t, "group "+id+" empty", func() bool {
		g, err := c.DescribeGroup(context.Background(), id)
		return err == nil && len(g.Members) == 0 && g.State == "Empty"
	})
}

func produceN(t *testing.T, c *kafkaops.Client, topic string, partitions, n int) {
	t.Helper()
	for i := range n {
		mustProduce(t, c, kafkaops.ProduceRequest{Topic: topic, Value: []byte(fmt.Sprint(i)), Partition: i % partitions})
	}
}

func TestGroupOverviewsAndTopicGroups(t *testing.T) {
	b := startBroker(t)
	rc := newRequestCounter()
	c := newClient(t, b.Addr(), func(cfg *kafkaops.Config) { cfg.Dial = rc.dial })
	ctx := testCtx(t)
	mustCreate(t, c, "orders", 2)
	mustCreate(t, c, "other", 1)
	produceN(t, c, "orders", 2, 10)
	produceN(t, c, "other", 1, 3)

	r := newGroupReader(t, b.Addr(), "orders", "billing")
	readN(t, r, 7)
	// An admin-made group: committed on "orders" with no members.
	if _, err := c.ResetOffsets(ctx, kafkaops.ResetRequest{Group: "audit", Topic: "orders", Partition: kafkaops.AllPartitions, Kind: kafkaops.ResetOffset, Offset: 1}); err != nil {
		t.Fatal(err)
	}
	// A member that never committed.
	lurk := newGroupReader(t, b.Addr(), "other", "lurkers")
	fctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	if _, err := lurk.FetchMessage(fctx); err != nil {
		t.Fatal(err)
	}
	cancel()

	rc.reset()
	ovs, err := c.GroupOverviews(ctx)
	if err != nil {
		t.Fatal(err)
	}
	counts := rc.snapshot()
	if len(ovs) != 3 {
		t.Fatalf("overviews = %+v, want 3 groups", ovs)
	}
	byID := map[string]kafkaops.GroupOverview{}
	for _, o := range ovs {
		byID[o.ID] = o
	}
	bill := byID["billing"]
	if bill.State != "Stable" || bill.Members != 1 || bill.Protocol == "" || !slices.Equal(bill.Topics, []string{"orders"}) ||
		bill.Partitions != 2 || bill.Committed != 2 || !bill.HasLag() || bill.Lag != 10-7 {
		t.Errorf("billing = %+v, want stable, 1 member, lag 3 on orders", bill)
	}
	audit := byID["audit"]
	if audit.State != "Empty" || audit.Members != 0 || audit.Committed != 2 || audit.Lag != 10-2 {
		t.Errorf("audit = %+v, want empty, lag 8 (offset 1 on both partitions)", audit)
	}
	lurkers := byID["lurkers"]
	if lurkers.Members != 1 || lurkers.HasLag() || lurkers.Partitions != 1 || !slices.Equal(lurkers.Topics, []string{"other"}) {
		t.Errorf("lurkers = %+v, want a member, nothing committed", lurkers)
	}
	// Batched: one describe-groups per broker (one broker here), one
	// offset-fetch per group, one list-offsets for every group's ends.
	const describeGroups, offsetFetch, listOffsets = 15, 9, 2
	if counts[describeGroups] != 1 || counts[offsetFetch] != 3 || counts[listOffsets] != 1 {
		t.Errorf("requests by api key = %v, want 1 describe-groups, 3 offset-fetch, 1 list-offsets", counts)
	}

	tg, err := c.TopicGroups(ctx, "orders")
	if err != nil {
		t.Fatal(err)
	}
	want := []kafkaops.TopicGroupLag{
		{Group: "audit", State: "Empty", Partitions: 2, Lag: 8},
		{Group: "billing", State: "Stable", Members: 1, Partitions: 2, Lag: 3},
	}
	if !slices.Equal(tg, want) {
		t.Errorf("topic groups = %+v, want %+v", tg, want)
	}
	if tg, err := c.TopicGroups(ctx, "other"); err != nil || len(tg) != 0 {
		t.Errorf("groups of other = %+v, %v; want none (lurkers never committed)", tg, err)
	}
}

func TestResetToEarliestRereads(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	ctx := testCtx(t)
	mustCreate(t, c, "pay", 2)
	produceN(t, c, "pay", 2, 8)
	r := newGroupReader(t, b.Addr(), "pay", "settle")
	readN(t, r, 8)

	_, err := c.ResetOffsets(ctx, kafkaops.ResetRequest{Group: "settle", Partition: kafkaops.AllPartitions, Kind: kafkaops.ResetEarliest, DryRun: true})
	if !kafkaops.IsGroupActive(err) {
		t.Fatalf("reset with an active member: err = %v, want group active", err)
	}
	if err := c.DeleteGroup(ctx, "settle"); !kafkaops.IsGroupActive(err) {
		t.Fatalf("delete with an active member: err = %v, want group active", err)
	}
	r.Close()
	awaitEmpty(t, c, "settle")

	changes, err := c.ResetOffsets(ctx, kafkaops.ResetRequest{Group: "settle", Partition: kafkaops.AllPartitions, Kind: kafkaops.ResetEarliest, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []kafkaops.OffsetChange{
		{Topic: "pay", Partition: 0, Current: 4, HasCurrent: true, New: 0, LogStart: 0, LogEnd: 4},
		{Topic: "pay", Partition: 1, Current: 4, HasCurrent: true, New: 0, LogStart: 0, LogEnd: 4},
	}
	if !slices.Equal(changes, want) {
		t.Fatalf("dry run = %+v, want %+v", changes, want)
	}
	if changes[0].LagAfter() != 4 {
		t.Errorf("lag after = %d, want 4", changes[0].LagAfter())
	}
	g, err := c.DescribeGroup(ctx, "settle")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range g.Lag {
		if l.Lag() != 0 {
			t.Fatalf("dry run moved offsets: %+v", g.Lag)
		}
	}

	if _, err := c.ResetOffsets(ctx, kafkaops.ResetRequest{Group: "settle", Partition: kafkaops.AllPartitions, Kind: kafkaops.ResetEarliest}); err != nil {
		t.Fatal(err)
	}
	g, err = c.DescribeGroup(ctx, "settle")
	if err != nil {
		t.Fatal(err)
	}
	var lag int64
	for _, l := range g.Lag {
		lag += l.Lag()
	}
	if lag != 8 {
		t.Errorf("lag after reset = %d, want 8", lag)
	}
	// A consumer of the group reads everything again.
	r2 := newGroupReader(t, b.Addr(), "pay", "settle")
	got := readN(t, r2, 8)
	seen := map[[2]int64]bool{}
	for _, m := range got {
		seen[[2]int64{int64(m.Partition), m.Offset}] = true
	}
	if len(seen) != 8 || !seen[[2]int64{0, 0}] || !seen[[2]int64{1, 0}] {
		t.Errorf("re-read %v, want all 8 records from offset 0", seen)
	}
}

func TestResetKinds(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	ctx := testCtx(t)
	mustCreate(t, c, "ev", 1)
	produceN(t, c, "ev", 1, 3)
	time.Sleep(20 * time.Millisecond)
	mid := time.Now()
	time.Sleep(20 * time.Millisecond)
	produceN(t, c, "ev", 1, 3)

	reset := func(r kafkaops.ResetRequest) int64 {
		t.Helper()
		r.Group, r.Topic = "admin", "ev"
		ch, err := c.ResetOffsets(ctx, r)
		if err != nil {
			t.Fatalf("%v: %v", r.Kind, err)
		}
		if len(ch) != 1 {
			t.Fatalf("%v: changes %+v", r.Kind, ch)
		}
		return ch[0].New
	}
	steps := []struct {
		r    kafkaops.ResetRequest
		want int64
	}{
		{kafkaops.ResetRequest{Partition: 0, Kind: kafkaops.ResetOffset, Offset: 2}, 2},
		{kafkaops.ResetRequest{Partition: 0, Kind: kafkaops.ResetShift, Offset: 3}, 5},
		{kafkaops.ResetRequest{Partition: 0, Kind: kafkaops.ResetShift, Offset: 10}, 6}, // clamped to the end
		{kafkaops.ResetRequest{Partition: 0, Kind: kafkaops.ResetShift, Offset: -100}, 0},
		{kafkaops.ResetRequest{Partition: kafkaops.AllPartitions, Kind: kafkaops.ResetLatest}, 6},
		{kafkaops.ResetRequest{Partition: 0, Kind: kafkaops.ResetTime, Time: mid}, 3},
		{kafkaops.ResetRequest{Partition: 0, Kind: kafkaops.ResetTime, Time: time.Now().Add(time.Hour)}, 6},
		{kafkaops.ResetRequest{Partition: 0, Kind: kafkaops.ResetOffset, Offset: 99}, 6},
	}
	for _, s := range steps {
		if got := reset(s.r); got != s.want {
			t.Errorf("%v %d: new offset %d, want %d", s.r.Kind, s.r.Offset, got, s.want)
		}
	}
	g, err := c.DescribeGroup(ctx, "admin")
	if err != nil || len(g.Lag) != 1 || g.Lag[0].Committed != 6 {
		t.Errorf("group = %+v, %v; want committed 6", g, err)
	}

	_, err = c.ResetOffsets(ctx, kafkaops.ResetRequest{Group: "fresh", Partition: kafkaops.AllPartitions, Kind: kafkaops.ResetEarliest})
	if err == nil {
		t.Error("reset of all topics of a group that never committed: want an error")
	}
	_, err = c.ResetOffsets(ctx, kafkaops.ResetRequest{Group: "fresh", Topic: "ev", Partition: 7, Kind: kafkaops.ResetEarliest})
	if !kafkaops.IsNotFound(err) {
		t.Errorf("reset of a missing partition: err = %v, want not found", err)
	}
	_, err = c.ResetOffsets(ctx, kafkaops.ResetRequest{Group: "fresh", Topic: "ev", Partition: 0, Kind: kafkaops.ResetShift, Offset: 1})
	if err == nil {
		t.Error("shift without a committed offset: want an error")
	}
}

func TestDeleteGroup(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	ctx := testCtx(t)
	mustCreate(t, c, "logs", 1)
	produceN(t, c, "logs", 1, 2)
	r := newGroupReader(t, b.Addr(), "logs", "gone")
	readN(t, r, 2)
	r.Close()
	awaitEmpty(t, c, "gone")
	if err := c.DeleteGroup(ctx, "gone"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DescribeGroup(ctx, "gone"); !kafkaops.IsNotFound(err) {
		t.Errorf("describe after delete: err = %v, want not found", err)
	}
	groups, err := c.ListGroups(ctx)
	if err != nil || len(groups) != 0 {
		t.Errorf("groups after delete = %+v, %v", groups, err)
	}
	if err := c.DeleteGroup(ctx, "gone"); !kafkaops.IsNotFound(err) {
		t.Errorf("delete twice: err = %v, want not found", err)
	}
}
