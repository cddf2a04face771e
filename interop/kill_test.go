package interop

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// ackedRecord is where the broker said a record landed.
type ackedRecord struct {
	partition int32
	offset    int64
}

// TestKill9KeepsAcknowledgedRecords commits a group offset, produces with
// acks=all in a loop, kill -9s the broker process in the middle of it,
// restarts it on the same data dir and checks that every record the
// broker acknowledged is there, at the partition and offset of its
// acknowledgement, and that the committed offset is too.
func TestKill9KeepsAcknowledgedRecords(t *testing.T) {
	const topic = "acked"
	dir := t.TempDir()
	b := startBroker(t, dir)

	cl, err := kgo.NewClient(
		kgo.SeedBrokers(b.Addr),
		kgo.DefaultProduceTopic(topic),
		kgo.RequiredAcks(kgo.AllISRAcks()),
		kgo.ProducerLinger(0),
		kgo.MaxBufferedRecords(2000),
		kgo.RecordPartitioner(kgo.RoundRobinPartitioner()),
		kgo.RecordDeliveryTimeout(5*time.Second),
	)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	topicID := createTopic(t, cl, topic, 2)
	// A committed group offset must survive the kill as well.
	commitOffsets(t, cl, "survivor", topic, topicID, map[int32]int64{0: 7, 1: 11})

	var (
		mu      sync.Mutex
		acked   = map[string]ackedRecord{}
		failed  int
		pending sync.WaitGroup
	)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	stop := make(chan struct{})
	loopDone := make(chan int)
	go func() {
		n := 0
		for {
			select {
			case <-stop:
				loopDone <- n
				return
			default:
			}
			value := fmt.Sprintf("rec-%07d", n)
			n++
			pending.Add(1)
			cl.Produce(ctx, &kgo.Record{Value: []byte(value)}, func(r *kgo.Record, err error) {
				defer pending.Done()
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					failed++
					return
				}
				acked[value] = ackedRecord{r.Partition, r.Offset}
			})
		}
	}()

	// Let the loop run for about a second, and be sure it is producing
	// successfully when the kill comes.
	time.Sleep(time.Second)
	mu.Lock()
	before := len(acked)
	mu.Unlock()
	if before == 0 {
		t.Fatal("no record acknowledged after 1s of producing")
	}
	b.kill()
	close(stop)
	// Cancelling fails the buffered records and unblocks a Produce call
	// waiting for buffer space; records in flight fail when the client
	// closes. No acknowledgement can come from a dead broker.
	cancel()
	sent := <-loopDone
	cl.Close()
	waitGroupOrFatal(t, &pending, 15*time.Second, "callbacks of in-flight records")
	t.Logf("sent %d records, %d acknowledged (%d before the kill began), %d failed", sent, len(acked), before, failed)

	b2 := startBroker(t, dir)
	rcl := newKgo(t, b2.Addr)
	hw := highWatermarks(t, rcl, topic, 2)
	stored := readAll(t, b2.Addr, topic, hw)
	lost := 0
	for value, at := range acked {
		if got, ok := stored[at]; !ok || got != value {
			lost++
			if lost <= 10 {
				t.Errorf("acknowledged %s at %d/%d; after restart there: %q (present: %v)", value, at.partition, at.offset, got, ok)
			}
		}
	}
	if lost > 0 {
		t.Errorf("%d of %d acknowledged records lost or changed by kill -9 (high watermarks after restart %v)", lost, len(acked), hw)
	}
	if got := fetchOffsets(t, rcl, "survivor", topic); fmt.Sprint(got) != "map[0:7 1:11]" {
		t.Errorf("committed offsets of group survivor after kill -9 = %v, want map[0:7 1:11]", got)
	}
	t.Logf("after restart: %d records stored, high watermarks %v", len(stored), hw)
	// A kill -9 leaves nothing for the start-up check to repair.
	if out := b2.output.String(); strings.Contains(out, "data dir check") {
		t.Errorf("the start after kill -9 found damage in the data dir:\n%s", out)
	}
}

func waitGroupOrFatal(t *testing.T, wg *sync.WaitGroup, d time.Duration, what string) {
	t.Helper()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s did not finish within %s", what, d)
	}
}

func newKgo(t *testing.T, addr string, extra ...kgo.Opt) *kgo.Client {
	t.Helper()
	cl, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(addr)}, extra...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return cl
}

// createTopic creates topic and returns its topic ID.
func createTopic(t *testing.T, cl *kgo.Client, topic string, partitions int32) [16]byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req := kmsg.NewPtrCreateTopicsRequest()
	rt := kmsg.NewCreateTopicsRequestTopic()
	rt.Topic = topic
	rt.NumPartitions = partitions
	rt.ReplicationFactor = 1
	req.Topics = append(req.Topics, rt)
	resp, err := req.RequestWith(ctx, cl)
	if err == nil {
		err = kerr.ErrorForCode(resp.Topics[0].ErrorCode)
	}
	if err != nil {
		t.Fatalf("create topic %s: %v", topic, err)
	}
	return resp.Topics[0].TopicID
}

// highWatermarks returns the high watermark of each partition of topic.
func highWatermarks(t *testing.T, cl *kgo.Client, topic string, partitions int) []int64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req := kmsg.NewPtrListOffsetsRequest()
	rt := kmsg.NewListOffsetsRequestTopic()
	rt.Topic = topic
	for p := range partitions {
		rp := kmsg.NewListOffsetsRequestTopicPartition()
		rp.Partition = int32(p)
		rp.Timestamp = -1 // latest
		rt.Partitions = append(rt.Partitions, rp)
	}
	req.Topics = append(req.Topics, rt)
	resp, err := req.RequestWith(ctx, cl)
	if err != nil {
		t.Fatalf("list offsets %s: %v", topic, err)
	}
	hw := make([]int64, partitions)
	for _, rt := range resp.Topics {
		for _, rp := range rt.Partitions {
			if err := kerr.ErrorForCode(rp.ErrorCode); err != nil {
				t.Fatalf("list offsets %s[%d]: %v", topic, rp.Partition, err)
			}
			hw[rp.Partition] = rp.Offset
		}
	}
	return hw
}

// readAll reads every partition of topic from the start up to its high
// watermark and returns the values by partition and offset.
func readAll(t *testing.T, addr, topic string, hw []int64) map[ackedRecord]string {
	t.Helper()
	cl := newKgo(t, addr,
		kgo.ConsumeTopics(topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
		kgo.FetchMaxWait(200*time.Millisecond),
	)
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	next := make([]int64, len(hw))
	out := map[ackedRecord]string{}
	caughtUp := func() bool {
		for p := range hw {
			if next[p] < hw[p] {
				return false
			}
		}
		return true
	}
	for !caughtUp() {
		fs := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			t.Fatalf("reading %s: at offsets %v of %v when the deadline passed", topic, next, hw)
		}
		if err := fs.Err0(); err != nil {
			t.Fatalf("reading %s: %v", topic, err)
		}
		fs.EachRecord(func(r *kgo.Record) {
			out[ackedRecord{r.Partition, r.Offset}] = string(r.Value)
			next[r.Partition] = r.Offset + 1
		})
	}
	return out
}

// commitOffsets commits offsets for group outside any group generation,
// as admin tools do.
// OffsetCommit v10+ names topics by ID, which kgo does not fill in for a
// raw request, so the caller passes both.
func commitOffsets(t *testing.T, cl *kgo.Client, group, topic string, topicID [16]byte, offsets map[int32]int64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req := kmsg.NewPtrOffsetCommitRequest()
	req.Group = group
	req.Generation = -1
	rt := kmsg.NewOffsetCommitRequestTopic()
	rt.Topic = topic
	rt.TopicID = topicID
	for p, o := range offsets {
		rp := kmsg.NewOffsetCommitRequestTopicPartition()
		rp.Partition = p
		rp.Offset = o
		rt.Partitions = append(rt.Partitions, rp)
	}
	req.Topics = append(req.Topics, rt)
	resp, err := req.RequestWith(ctx, cl)
	if err != nil {
		t.Fatalf("commit offsets for %s: %v", group, err)
	}
	for _, rt := range resp.Topics {
		for _, rp := range rt.Partitions {
			if err := kerr.ErrorForCode(rp.ErrorCode); err != nil {
				t.Fatalf("commit offsets for %s %s[%d]: %v", group, rt.Topic, rp.Partition, err)
			}
		}
	}
}

// fetchOffsets returns group's committed offsets on topic by partition.
func fetchOffsets(t *testing.T, cl *kgo.Client, group, topic string) map[int32]int64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req := kmsg.NewPtrOffsetFetchRequest()
	rg := kmsg.NewOffsetFetchRequestGroup()
	rg.Group = group
	req.Groups = append(req.Groups, rg)
	resp, err := req.RequestWith(ctx, cl)
	if err != nil {
		t.Fatalf("fetch offsets of %s: %v", group, err)
	}
	out := map[int32]int64{}
	for _, g := range resp.Groups {
		if err := kerr.ErrorForCode(g.ErrorCode); err != nil {
			t.Fatalf("fetch offsets of %s: %v", group, err)
		}
		for _, rt := range g.Topics {
			if rt.Topic != topic {
				continue
			}
			for _, rp := range rt.Partitions {
				out[rp.Partition] = rp.Offset
			}
		}
	}
	return out
}
