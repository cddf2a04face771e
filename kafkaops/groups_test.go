package kafkaops_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"kscope/kafkaops"
)

// newGroupReader returns a kafka-go consumer in group id, closed at the
// end of the test. CommitInterval 0 makes ReadMessage commit before it
// returns.
func newGroupReader(t *testing.T, addr, topic, id string) *kafka.Reader {
	t.Helper()
	r := kafka.NewReader(kafka.ReaderConfig{
		Brokers: []string{addr}, GroupID: id, Topic: topic,
		StartOffset: kafka.FirstOffset, MinBytes: 1, MaxBytes: 1 << 20,
		MaxWait: 200 * time.Millisecond, HeartbeatInterval: 200 * time.Millisecond,
	})
	t.Cleanup(func() { r.Close() })
	return r
}

func TestDescribeGroupLag(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	ctx := testCtx(t)
	mustCreate(t, c, "lag", 2)
	for i := range 6 {
		mustProduce(t, c, kafkaops.ProduceRequest{Topic: "lag", Value: []byte(fmt.Sprint(i)), Partition: i % 2})
	}
	r := newGroupReader(t, b.Addr(), "lag", "readers")
	const read = 4
	for range read {
		rctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		_, err := r.ReadMessage(rctx)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
	}

	g, err := c.DescribeGroup(ctx, "readers")
	if err != nil {
		t.Fatal(err)
	}
	if g.State != "Stable" || g.ProtocolType != "consumer" || len(g.Members) != 1 {
		t.Fatalf("group = %+v, want one stable consumer member", g)
	}
	m := g.Members[0]
	if m.ClientID == "" || m.ClientHost == "" || len(m.Assigned) != 2 || len(m.Subscribed) != 1 || m.Subscribed[0] != "lag" {
		t.Errorf("member = %+v, want client id, host, both partitions of lag", m)
	}
	if len(g.Lag) != 2 {
		t.Fatalf("lag = %+v, want both partitions", g.Lag)
	}
	var committed, lag int64
	for _, l := range g.Lag {
		if !l.HasCommitted || l.LogEnd != 3 || l.MemberID != m.MemberID {
			t.Errorf("partition lag %+v, want committed, log end 3, owned by %s", l, m.MemberID)
		}
		committed += l.Committed
		lag += l.Lag()
	}
	if committed != read || lag != 6-read {
		t.Errorf("committed %d lag %d, want %d and %d (produced minus committed)", committed, lag, read, 6-read)
	}

	groups, err := c.ListGroups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) != 1 || groups[0].ID != "readers" || groups[0].State != "Stable" || groups[0].ProtocolType != "consumer" || groups[0].Coordinator != g.Coordinator {
		t.Errorf("groups = %+v", groups)
	}
}

// A member that fetched without committing: kfake answers its offset
// fetch with error 69, which must read as "nothing committed", not lag 0.
func TestDescribeGroupNeverCommitted(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	ctx := testCtx(t)
	mustCreate(t, c, "idle", 1)
	mustProduce(t, c, kafkaops.ProduceRequest{Topic: "idle", Value: []byte("x"), Partition: 0})
	mustProduce(t, c, kafkaops.ProduceRequest{Topic: "idle", Value: []byte("y"), Partition: 0})
	r := newGroupReader(t, b.Addr(), "idle", "lurkers")
	rctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if _, err := r.FetchMessage(rctx); err != nil { // fetch, no commit
		t.Fatal(err)
	}
	g, err := c.DescribeGroup(ctx, "lurkers")
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Members) != 1 || len(g.Lag) != 1 {
		t.Fatalf("group = %+v, want one member and one partition", g)
	}
	l := g.Lag[0]
	if l.HasCommitted || l.Committed != -1 || l.Lag() != -1 || l.LogEnd != 2 || l.MemberID != g.Members[0].MemberID {
		t.Errorf("lag = %+v, want nothing committed, log end 2, owned by the member", l)
	}
}

func TestDescribeGroupUnknown(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	_, err := c.DescribeGroup(testCtx(t), "ghosts")
	if !kafkaops.IsNotFound(err) {
		t.Errorf("err = %v, want not found", err)
	}
	groups, err := c.ListGroups(testCtx(t))
	if err != nil || len(groups) != 0 {
		t.Errorf("groups = %v, %v; want none", groups, err)
	}
}
