package kafkaops

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// tickRequests counts what a kfake cluster is asked, by kind.
type tickRequests struct {
	mu                sync.Mutex
	metadata, logDirs int
	latest, earliest  int
}

func (r *tickRequests) take() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := fmt.Sprintf("metadata %d, latest %d, earliest %d, log dirs %d", r.metadata, r.latest, r.earliest, r.logDirs)
	r.metadata, r.latest, r.earliest, r.logDirs = 0, 0, 0, 0
	return s
}

// countTickRequests has c count the requests a tick sends; named metadata
// requests only (not the client's own empty ones).
func countTickRequests(c *kfake.Cluster) *tickRequests {
	r := &tickRequests{}
	c.ControlKey(int16(kmsg.Metadata), func(req kmsg.Request) (kmsg.Response, error, bool) {
		c.KeepControl()
		if len(req.(*kmsg.MetadataRequest).Topics) > 0 {
			r.mu.Lock()
			r.metadata++
			r.mu.Unlock()
		}
		return nil, nil, false
	})
	c.ControlKey(int16(kmsg.ListOffsets), func(req kmsg.Request) (kmsg.Response, error, bool) {
		c.KeepControl()
		r.mu.Lock()
		defer r.mu.Unlock()
		// A request asks one kind of offset for all its partitions.
		if ts := req.(*kmsg.ListOffsetsRequest).Topics; len(ts) > 0 && len(ts[0].Partitions) > 0 {
			if ts[0].Partitions[0].Timestamp == earliestOffset {
				r.earliest++
			} else {
				r.latest++
			}
		}
		return nil, nil, false
	})
	c.ControlKey(int16(kmsg.DescribeLogDirs), func(kmsg.Request) (kmsg.Response, error, bool) {
		c.KeepControl()
		r.mu.Lock()
		r.logDirs++
		r.mu.Unlock()
		return nil, nil, false
	})
	return r
}

// kfakeClient starts a kfake cluster of nodes brokers on free ports with
// opts, and a Client on it, both closed when the test ends, and returns a
// context for the test's calls.
func kfakeClient(t *testing.T, nodes int, opts ...kfake.Opt) (*kfake.Cluster, *Client, context.Context) {
	t.Helper()
	c, err := kfake.NewCluster(append([]kfake.Opt{kfake.NumBrokers(nodes), kfake.Ports(make([]int, nodes)...)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	cl, err := New(Config{Brokers: c.ListenAddrs()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cl.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return c, cl, ctx
}

// tick counts and sizes names as the topic browser's tick does.
func tick(t *testing.T, ctx context.Context, cl *Client, names ...string) (map[string]int64, map[string]TopicSize) {
	t.Helper()
	counts, err := cl.TopicOffsets(ctx, names)
	if err != nil {
		t.Fatalf("TopicOffsets: %v", err)
	}
	sizes, err := cl.TopicSizes(ctx, names...)
	if err != nil {
		t.Fatalf("TopicSizes: %v", err)
	}
	return counts, sizes
}

// Issue 17: an idle topic browser's tick asks the high watermarks only;
// the log starts, the sizes and the layouts are asked again when a high
// watermark moved (or they are old), and a purge through the client shows
// at once.
func TestIdleTickAsksOnlyWhatMoved(t *testing.T) {
	c, cl, ctx := kfakeClient(t, 1, kfake.SeedTopics(2, "a", "b"))
	for i := range 3 {
		if _, err := cl.Produce(ctx, ProduceRequest{Topic: "a", Partition: 0, Value: fmt.Appendf(nil, "v%d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	reqs := countTickRequests(c)

	counts, sizes := tick(t, ctx, cl, "a", "b")
	if counts["a"] != 3 || counts["b"] != 0 || sizes["a"].Bytes == 0 {
		t.Fatalf("first tick: counts %v, sizes %v; want a 3 (with bytes), b 0", counts, sizes)
	}
	first := sizes["a"].Bytes
	// The producer's layout is cached, b's is not: one metadata request.
	if got, want := reqs.take(), "metadata 1, latest 1, earliest 1, log dirs 1"; got != want {
		t.Errorf("first tick asked %s, want %s", got, want)
	}

	counts, sizes = tick(t, ctx, cl, "a", "b")
	if counts["a"] != 3 || counts["b"] != 0 || sizes["a"].Bytes != first {
		t.Fatalf("idle tick: counts %v, sizes %v; want the first tick's", counts, sizes)
	}
	if got, want := reqs.take(), "metadata 0, latest 1, earliest 0, log dirs 0"; got != want {
		t.Errorf("idle tick asked %s, want %s", got, want)
	}

	if _, err := cl.Produce(ctx, ProduceRequest{Topic: "a", Partition: 1, Value: []byte("moved")}); err != nil {
		t.Fatal(err)
	}
	reqs.take()
	counts, sizes = tick(t, ctx, cl, "a", "b")
	if counts["a"] != 4 || sizes["a"].Bytes <= first || sizes["a"].Partitions[1] == 0 {
		t.Fatalf("tick after a produce: counts %v, sizes %v; want a 4 and bigger", counts, sizes)
	}
	// Only a's partition 1 moved: its log start and a's size are asked.
	if got, want := reqs.take(), "metadata 0, latest 1, earliest 1, log dirs 1"; got != want {
		t.Errorf("tick after a produce asked %s, want %s", got, want)
	}

	plan, err := cl.PlanPurge(ctx, PurgeRequest{Topic: "a", BeforeOffset: PurgeAll})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cl.Purge(ctx, plan); err != nil {
		t.Fatal(err)
	}
	counts, _ = tick(t, ctx, cl, "a", "b")
	if counts["a"] != 0 {
		t.Errorf("tick after a purge: a counts %d, want 0 at once", counts["a"])
	}
}

// A leader that moved since the layout was cached refuses its partitions;
// the count asks metadata again rather than count them zero.
func TestTickFollowsAMovedLeader(t *testing.T) {
	c, cl, ctx := kfakeClient(t, 2, kfake.SeedTopics(1, "m"))
	for range 2 {
		if _, err := cl.Produce(ctx, ProduceRequest{Topic: "m", Partition: 0, Value: []byte("x")}); err != nil {
			t.Fatal(err)
		}
	}
	if counts, _ := tick(t, ctx, cl, "m"); counts["m"] != 2 {
		t.Fatalf("count %d, want 2", counts["m"])
	}
	leader := c.LeaderFor("m", 0)
	if err := c.MoveTopicPartition("m", 0, 1-leader); err != nil {
		t.Fatal(err)
	}
	reqs := countTickRequests(c)
	counts, _ := tick(t, ctx, cl, "m")
	if counts["m"] != 2 {
		t.Errorf("count after the leader moved = %d, want 2", counts["m"])
	}
	if got := reqs.take(); got[:10] != "metadata 1" {
		t.Errorf("after the leader moved the tick asked %s, want one metadata request", got)
	}
}
