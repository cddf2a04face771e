package broker

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// everyTopic asks for every topic's metadata at the client's newest
// version (kgo asks at that whatever version the request is set to) and
// returns topic -> leaders by partition, and the broker ids listed.
func everyTopic(t *testing.T, cl *kgo.Client) (map[string][]int32, []int32) {
	t.Helper()
	resp, err := kmsg.NewPtrMetadataRequest().RequestWith(testContext(t, 10*time.Second), cl)
	if err != nil {
		t.Fatalf("every-topic metadata: %v", err)
	}
	return leadersOf(resp)
}

// everyTopicAt asks the broker at addr for every topic's metadata at
// version, on a connection of its own, and reads the answer like
// everyTopic.
func everyTopicAt(t *testing.T, addr string, version int16) (map[string][]int32, []int32) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	req := kmsg.NewPtrMetadataRequest()
	req.SetVersion(version)
	req.Topics = nil
	if _, err := conn.Write(kmsg.NewRequestFormatter(kmsg.FormatterClientID("test")).AppendRequest(nil, req, 7)); err != nil {
		t.Fatalf("every-topic metadata v%d: %v", version, err)
	}
	var size [4]byte
	if _, err := io.ReadFull(conn, size[:]); err != nil {
		t.Fatalf("every-topic metadata v%d: %v", version, err)
	}
	frame := make([]byte, binary.BigEndian.Uint32(size[:]))
	if _, err := io.ReadFull(conn, frame); err != nil {
		t.Fatalf("every-topic metadata v%d: %v", version, err)
	}
	resp := req.ResponseKind().(*kmsg.MetadataResponse)
	body := frame[4:] // after the correlation id
	if resp.IsFlexible() {
		body = body[1:] // the header's empty tagged fields
	}
	if err := resp.ReadFrom(body); err != nil {
		t.Fatalf("every-topic metadata v%d: cannot read the answer: %v", version, err)
	}
	return leadersOf(resp)
}

// leadersOf returns topic -> leaders by partition, and the broker ids, of
// a Metadata answer.
func leadersOf(resp *kmsg.MetadataResponse) (map[string][]int32, []int32) {
	out := map[string][]int32{}
	for _, tp := range resp.Topics {
		if tp.Topic == nil || tp.ErrorCode != 0 {
			continue
		}
		leaders := make([]int32, len(tp.Partitions))
		for _, p := range tp.Partitions {
			leaders[p.Partition] = p.Leader
		}
		out[*tp.Topic] = leaders
	}
	var brokers []int32
	for _, b := range resp.Brokers {
		brokers = append(brokers, b.NodeID)
	}
	slices.Sort(brokers)
	return out, brokers
}

func (m *metaCache) hitCount() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.hits
}

func TestMetaCacheServesUntilTheClusterChanges(t *testing.T) {
	b := startTestBroker(t, Options{InMemory: true})
	if b.meta == nil {
		t.Fatal("the metadata cache is off on a plain broker")
	}
	cl := newClient(t, b.Addr())
	admin := newClient(t, b.Addr())
	createTopic(t, admin, "a", 2, nil)

	first, _ := everyTopic(t, cl)
	hits := b.meta.hitCount()
	again, _ := everyTopic(t, cl)
	if b.meta.hitCount() != hits+1 {
		t.Fatalf("second every-topic request: %d hits, want %d (served from the cache)", b.meta.hitCount(), hits+1)
	}
	if fmt.Sprint(first) != fmt.Sprint(again) {
		t.Fatalf("cached answer %v differs from kfake's %v", again, first)
	}
	// Another version is another answer.
	if v1, _ := everyTopicAt(t, b.Addr(), 1); len(v1["a"]) != 2 {
		t.Fatalf("v1 every-topic answer = %v, want topic a of 2 partitions", v1)
	}

	steps := []struct {
		what   string
		change func()
		check  func(map[string][]int32) bool
	}{
		{"create topic b", func() { createTopic(t, admin, "b", 1, nil) },
			func(m map[string][]int32) bool { return len(m["b"]) == 1 }},
		{"add partitions to a", func() {
			resp, err := kadmPartitions(testContext(t, 10*time.Second), admin, "a", 3)
			if err != nil || resp != 0 {
				t.Fatalf("create partitions: %v (code %d)", err, resp)
			}
		}, func(m map[string][]int32) bool { return len(m["a"]) == 3 }},
		{"auto-create c by a named Metadata request", func() {
			req := kmsg.NewPtrMetadataRequest()
			rt := kmsg.NewMetadataRequestTopic()
			rt.Topic = kmsg.StringPtr("c")
			req.Topics = []kmsg.MetadataRequestTopic{rt}
			req.AllowAutoTopicCreation = true
			if _, err := req.RequestWith(testContext(t, 10*time.Second), admin); err != nil {
				t.Fatal(err)
			}
		}, func(m map[string][]int32) bool { _, ok := m["c"]; return ok }},
		{"delete topic b", func() {
			req := kmsg.NewPtrDeleteTopicsRequest()
			req.TopicNames = []string{"b"}
			rt := kmsg.NewDeleteTopicsRequestTopic()
			rt.Topic = kmsg.StringPtr("b")
			req.Topics = []kmsg.DeleteTopicsRequestTopic{rt}
			if _, err := req.RequestWith(testContext(t, 10*time.Second), admin); err != nil {
				t.Fatal(err)
			}
		}, func(m map[string][]int32) bool { _, ok := m["b"]; return !ok }},
	}
	for _, s := range steps {
		everyTopic(t, cl) // kept
		s.change()
		if got, _ := everyTopic(t, cl); !s.check(got) {
			t.Fatalf("after %s the every-topic answer is %v: stale", s.what, got)
		}
		// And the fresh answer is kept in turn.
		hits := b.meta.hitCount()
		if got, _ := everyTopic(t, cl); !s.check(got) || b.meta.hitCount() != hits+1 {
			t.Fatalf("after %s: answer %v, %d new hits, want the fresh answer served from the cache", s.what, got, b.meta.hitCount()-hits)
		}
	}
}

// kadmPartitions raises topic's partition count to n and returns the
// topic's error code.
func kadmPartitions(ctx context.Context, cl *kgo.Client, topic string, n int32) (int16, error) {
	req := kmsg.NewPtrCreatePartitionsRequest()
	rt := kmsg.NewCreatePartitionsRequestTopic()
	rt.Topic, rt.Count = topic, n
	req.Topics = []kmsg.CreatePartitionsRequestTopic{rt}
	req.TimeoutMillis = 5000
	resp, err := req.RequestWith(ctx, cl)
	if err != nil {
		return 0, err
	}
	return resp.Topics[0].ErrorCode, nil
}

// TestMetaCacheNeverStaleUnderConcurrentCreates creates topics from
// several clients while others list every topic: once a create has been
// answered, every listing asked for after it shows the topic.
func TestMetaCacheNeverStaleUnderConcurrentCreates(t *testing.T) {
	b := startTestBroker(t, Options{InMemory: true})
	addr := b.Addr()
	ctx := testContext(t, time.Minute)
	var (
		mu      sync.Mutex
		created []string
		wg      sync.WaitGroup
		errs    = make(chan error, 16)
	)
	for w := range 3 {
		cl := newClient(t, addr)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 25 {
				name := fmt.Sprintf("w%d-%d", w, i)
				req := kmsg.NewPtrCreateTopicsRequest()
				rt := kmsg.NewCreateTopicsRequestTopic()
				rt.Topic, rt.NumPartitions, rt.ReplicationFactor = name, 1, 1
				req.Topics = []kmsg.CreateTopicsRequestTopic{rt}
				req.TimeoutMillis = 5000
				resp, err := req.RequestWith(ctx, cl)
				if err == nil && resp.Topics[0].ErrorCode != 0 {
					err = fmt.Errorf("create %s: code %d", name, resp.Topics[0].ErrorCode)
				}
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				created = append(created, name)
				mu.Unlock()
			}
		}()
	}
	done := make(chan struct{})
	var lists sync.WaitGroup
	for range 3 {
		cl := newClient(t, addr)
		lists.Add(1)
		go func() {
			defer lists.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				mu.Lock()
				before := slices.Clone(created)
				mu.Unlock()
				req := kmsg.NewPtrMetadataRequest()
				resp, err := req.RequestWith(ctx, cl)
				if err != nil {
					errs <- err
					return
				}
				have := map[string]bool{}
				for _, tp := range resp.Topics {
					if tp.Topic != nil {
						have[*tp.Topic] = true
					}
				}
				for _, n := range before {
					if !have[n] {
						errs <- fmt.Errorf("topic %s, created before the listing was asked for, is missing from it", n)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(done)
	lists.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if b.meta.hitCount() == 0 {
		t.Error("no listing was served from the cache: the test proves nothing")
	}
}

func TestMetaCacheFollowsNodesAndReassignments(t *testing.T) {
	b := startTestBroker(t, Options{Nodes: 3})
	cl := newClient(t, b.Addr())
	createReplicatedTopic(t, cl, "r", 3, 3)
	_, brokers := everyTopic(t, cl)
	everyTopic(t, cl)
	if err := b.StopNode(2); err != nil {
		t.Fatal(err)
	}
	cl2 := newClient(t, b.Nodes()[0].Addr)
	if _, got := everyTopic(t, cl2); !slices.Equal(got, []int32{0, 1}) {
		t.Fatalf("brokers after stopping node 2 = %v (before %v), want [0 1]", got, brokers)
	}
	if err := b.StartNode(2); err != nil {
		t.Fatal(err)
	}
	if _, got := everyTopic(t, cl2); !slices.Equal(got, []int32{0, 1, 2}) {
		t.Fatalf("brokers after starting node 2 = %v, want [0 1 2]", got)
	}

	// A reassignment moves partition 0's leader to the first new replica.
	leaders, _ := everyTopic(t, cl2)
	to := (leaders["r"][0] + 1) % 3
	req := kmsg.NewPtrAlterPartitionAssignmentsRequest()
	rt := kmsg.NewAlterPartitionAssignmentsRequestTopic()
	rt.Topic = "r"
	rp := kmsg.NewAlterPartitionAssignmentsRequestTopicPartition()
	rp.Partition, rp.Replicas = 0, []int32{to, (to + 1) % 3, (to + 2) % 3}
	rt.Partitions = []kmsg.AlterPartitionAssignmentsRequestTopicPartition{rp}
	req.Topics = []kmsg.AlterPartitionAssignmentsRequestTopic{rt}
	if _, err := req.RequestWith(testContext(t, 10*time.Second), cl2); err != nil {
		t.Fatal(err)
	}
	if !pollUntil(5*time.Second, func() bool { l, _ := everyTopic(t, cl2); return l["r"][0] == to }) {
		l, _ := everyTopic(t, cl2)
		t.Fatalf("partition 0's leader = %d after reassigning it to %d: the cached answer never followed", l["r"][0], to)
	}
}

func TestMetaCacheOffUnderSASLOrTLS(t *testing.T) {
	if newMetaCache(true, false) != nil || newMetaCache(false, true) != nil {
		t.Fatal("the metadata cache is on under SASL or TLS")
	}
	var m *metaCache // off: every method a no-op
	m.changed()
	if ln := m.wrap(nil); ln != nil {
		t.Fatal("an off cache wrapped a listener")
	}
}

// TestReqFramesSplitAnywhere feeds three request frames split at every
// byte boundary and checks each is seen once, whole when kept.
func TestReqFramesSplitAnywhere(t *testing.T) {
	frame := func(key int16, corr int32, body string) []byte {
		b := binary.BigEndian.AppendUint32(nil, uint32(8+len(body)))
		b = binary.BigEndian.AppendUint16(b, uint16(key))
		b = binary.BigEndian.AppendUint16(b, 9)
		b = binary.BigEndian.AppendUint32(b, uint32(corr))
		return append(b, body...)
	}
	frames := [][]byte{frame(3, 1, "metadata"), frame(0, 2, "a produce body"), frame(3, 3, "")}
	stream := bytes.Join(frames, nil)
	for cut := 0; cut <= len(stream); cut++ {
		var seen []string
		f := reqFrames{
			keep: func(h reqHeader) bool { return h.key == 3 },
			seen: func(h reqHeader, fr []byte) { seen = append(seen, fmt.Sprintf("%d/%d/%q", h.key, h.corr, fr)) },
		}
		f.observe(stream[:cut])
		f.observe(stream[cut:])
		want := []string{fmt.Sprintf("3/1/%q", frames[0]), `0/2/""`, fmt.Sprintf("3/3/%q", frames[2])}
		if !slices.Equal(seen, want) {
			t.Fatalf("split at %d: seen %v, want %v", cut, seen, want)
		}
	}
}
