package broker

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// A partition whose records were all deleted keeps its offsets across
// restarts, as in Kafka: before, kfake loaded it at offset 0 and the next
// record reused offset 0. Partition 1, never written, stays at 0, and
// its saved snapshot is not rewritten at every stop.
func TestEmptiedPartitionKeepsItsOffsets(t *testing.T) {
	dir := t.TempDir()
	const topic = "emptied"
	b := startTestBroker(t, Options{DataDir: dir})
	cl := manualProducer(t, b.Addr())
	createTopic(t, cl, topic, 2, nil)
	produce(t, cl, topic, 0, "a", "b", "c")
	req := kmsg.NewPtrDeleteRecordsRequest()
	rt := kmsg.NewDeleteRecordsRequestTopic()
	rt.Topic = topic
	rp := kmsg.NewDeleteRecordsRequestTopicPartition()
	rp.Partition, rp.Offset = 0, 3
	rt.Partitions = append(rt.Partitions, rp)
	req.Topics = append(req.Topics, rt)
	resp, err := req.RequestWith(testContext(t, 10*time.Second), cl)
	if err != nil {
		t.Fatal(err)
	}
	if err := kerr.ErrorForCode(resp.Topics[0].Partitions[0].ErrorCode); err != nil {
		t.Fatalf("delete records: %v", err)
	}
	cl.Close()
	b.Close()
	unwritten := filepath.Join(dir, "partitions", topic+"-1", "snapshot.json")
	before, err := os.Stat(unwritten)
	if err != nil {
		t.Fatal(err)
	}

	for restart := 1; restart <= 2; restart++ {
		b := startTestBroker(t, Options{DataDir: dir})
		cl := manualProducer(t, b.Addr())
		low, high := listOffsets(t, cl, topic, 2, -2), listOffsets(t, cl, topic, 2, -1)
		if low[0] != 3 || high[0] != 3 || low[1] != 0 || high[1] != 0 {
			t.Fatalf("restart %d: offsets [%d, %d) and [%d, %d), want [3, 3) and [0, 0)", restart, low[0], high[0], low[1], high[1])
		}
		cl.Close()
		b.Close()
	}
	if after, err := os.Stat(unwritten); err != nil || !after.ModTime().Equal(before.ModTime()) {
		t.Errorf("the unwritten partition's snapshot was rewritten (%v, %v → %v)", err, before.ModTime(), after.ModTime())
	}

	b = startTestBroker(t, Options{DataDir: dir})
	cl = manualProducer(t, b.Addr())
	produce(t, cl, topic, 0, "d")
	if high := listOffsets(t, cl, topic, 2, -1); high[0] != 4 {
		t.Fatalf("after a new record the end offset is %d, want 4", high[0])
	}
	cl.Close()
	b.Close()
	b = startTestBroker(t, Options{DataDir: dir})
	got := consumeAll(t, b.Addr(), topic, 1)
	if len(got[0]) != 1 || got[0][0] != "d" {
		t.Errorf("after a restart the topic holds %v, want d alone", got)
	}
	cl = newClient(t, b.Addr())
	if low := listOffsets(t, cl, topic, 2, -2); low[0] != 3 {
		t.Errorf("after a restart partition 0 starts at %d, want 3", low[0])
	}
}
