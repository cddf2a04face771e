package broker

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
)

// captureLog is a kfake logger that keeps every line.
type captureLog struct{ buf syncBuffer }

func (c *captureLog) Logf(level kfake.LogLevel, msg string, args ...any) {
	fmt.Fprintf(&c.buf, "%s "+msg+"\n", append([]any{level}, args...)...)
}

// startBudgetedCluster starts kfake on dir through an lruFS with a load
// budget of budgetBytes and 8 open files at most.
func startBudgetedCluster(t *testing.T, dir string, budget *readBudget, log kfake.Logger) *kfake.Cluster {
	t.Helper()
	fsys := newLRUFS(fdLimits{open: 8, transient: 4}, budget)
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.Ports(0), kfake.DataDir(dir), withFS(fsys), kfake.WithLogger(log))
	if budget != nil {
		budget.finish()
	}
	if err != nil {
		t.Fatalf("start kfake on %s: %v", dir, err)
	}
	return c
}

// A load within a budget much smaller than the data reuses buffers between
// segments; a bug there would hand kfake bytes it cannot parse, and kfake
// truncates a segment at the first bad batch. Every record must survive,
// after a clean stop (snapshot load) and without snapshots (the replay
// kfake does after a crash, which holds a partition's segments together).
func TestBudgetedLoadKeepsEveryRecord(t *testing.T) {
	dir := t.TempDir()
	const partitions, perPartition = 4, 600
	log := &captureLog{}
	c := startBudgetedCluster(t, dir, nil, log)
	cl := newClient(t, c.ListenAddrs()[0], kgo.RecordPartitioner(kgo.ManualPartitioner()), kgo.ProducerLinger(0), kgo.ProducerBatchCompression(kgo.NoCompression()))
	createTopic(t, cl, "seg", partitions, map[string]string{"segment.bytes": "32768"})
	value := func(p int32, i int) []byte {
		return bytes.Repeat([]byte(fmt.Sprintf("p%d-r%d|", p, i)), 40)
	}
	for i := range perPartition {
		var recs []*kgo.Record
		for p := range int32(partitions) {
			recs = append(recs, &kgo.Record{Topic: "seg", Partition: p, Value: value(p, i)})
		}
		if err := cl.ProduceSync(testContext(t, 30*time.Second), recs...).FirstErr(); err != nil {
			t.Fatalf("produce round %d: %v", i, err)
		}
	}
	cl.Close()
	c.Close()
	segs, _ := filepath.Glob(filepath.Join(dir, "partitions", "seg-0", "*.dat"))
	if len(segs) < 4 {
		out, _ := exec.Command("ls", "-laR", filepath.Join(dir, "partitions")).CombinedOutput()
		t.Fatalf("partition 0 has %d segments, want several to exercise reuse\n%s", len(segs), out)
	}

	check := func(name string) {
		t.Helper()
		b := newReadBudget(80 << 10) // two segments of 32 KB
		b.maxWait = time.Minute      // the valve must not be what lets reads through
		began := time.Now()
		c := startBudgetedCluster(t, dir, b, log)
		defer c.Close()
		if d := time.Since(began); d > 30*time.Second {
			t.Errorf("%s: load took %s: reads waited for the valve", name, d)
		}
		offsets := map[string]map[int32]kgo.Offset{"seg": {}}
		for p := range int32(partitions) {
			offsets["seg"][p] = kgo.NewOffset().AtStart()
		}
		rd := newClient(t, c.ListenAddrs()[0], kgo.ConsumePartitions(offsets))
		ctx := testContext(t, time.Minute)
		next := make([]int, partitions)
		for n := 0; n < partitions*perPartition; {
			fs := rd.PollFetches(ctx)
			if ctx.Err() != nil {
				t.Fatalf("%s: read %d of %d records", name, n, partitions*perPartition)
			}
			fs.EachRecord(func(r *kgo.Record) {
				if want := value(r.Partition, next[r.Partition]); !bytes.Equal(r.Value, want) {
					t.Fatalf("%s: partition %d offset %d holds %.30q..., want %.30q...", name, r.Partition, r.Offset, r.Value, want)
				}
				next[r.Partition]++
				n++
			})
		}
		rd.Close()
	}
	check("snapshot load")
	snaps, _ := filepath.Glob(filepath.Join(dir, "partitions", "*", "snapshot.json"))
	for _, s := range snaps {
		if err := os.Remove(s); err != nil {
			t.Fatal(err)
		}
	}
	check("replay load")
	if bytes.Contains([]byte(log.buf.String()), []byte("truncat")) {
		t.Errorf("kfake truncated a segment while loading:\n%s", log.buf.String())
	}
}
