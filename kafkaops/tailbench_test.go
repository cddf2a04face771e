package kafkaops_test

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"kscope/internal/benchutil"
	"kscope/kafkaops"
)

// Tail benchmarks. By default they fill an in-process, in-memory bundled
// broker with a few hundred thousand records so `go test -bench` stays
// short; bench/tail.sh runs the full comparison (1,000,000 records, 4 and
// 200 partitions) against a `kscope broker` process. Knobs:
//
//	KSCOPE_TAIL_RECORDS=1000000   records per topic (default 200000)
//	KSCOPE_TAIL_PARTITIONS=4,200  which sub-benchmarks to run (default both)
//	KSCOPE_TAIL_BROKER=host:port  use that broker instead of an in-process
//	                              one (then B/op, allocs/op and peak-heap-MB
//	                              are kscope's alone, not the broker's too)
//	KSCOPE_TAIL_KCAT=0            skip the kcat comparison
//
// Reported: records/s, MB/s of values, max-conns (most connections open at
// once during a drain, pooled and fetch), peak-heap-MB (HeapInuse sampled
// every 10 ms during the drains), and, when kcat is installed, kcat-ms (the
// best of 3 runs of `kcat -C -e -o beginning -q` on the same topic) and
// ratio (our ns/op over kcat's time).

// BenchmarkTailStopAtEnd drains a whole topic from the beginning with
// StopAtEnd, as `kscope tail --from beginning` exporting does.
func BenchmarkTailStopAtEnd(b *testing.B) {
	total := benchutil.EnvInt(b, "KSCOPE_TAIL_RECORDS", 200_000)
	parts := []int{4, 200}
	if s := os.Getenv("KSCOPE_TAIL_PARTITIONS"); s != "" {
		parts = nil
		for _, f := range bytes.Split([]byte(s), []byte(",")) {
			n, err := strconv.Atoi(string(f))
			if err != nil {
				b.Fatalf("KSCOPE_TAIL_PARTITIONS=%s: %v", s, err)
			}
			parts = append(parts, n)
		}
	}
	for _, np := range parts {
		b.Run(fmt.Sprintf("p%d", np), func(b *testing.B) {
			benchTail(b, np, total)
		})
	}
}

func benchTail(b *testing.B, partitions, total int) {
	addr := os.Getenv("KSCOPE_TAIL_BROKER")
	if addr == "" {
		addr = startBroker(b).Addr()
	}
	cc := &connCounter{}
	c := newClient(b, addr, func(cfg *kafkaops.Config) { cfg.Dial = cc.dial })
	topic := fmt.Sprintf("bench-tail-%d-%d-%d", partitions, total, time.Now().UnixNano())
	mustCreate(b, c, topic, partitions)
	b.Cleanup(func() { _ = c.DeleteTopic(context.Background(), topic) })
	benchutil.Fill(b, c, topic, partitions, total, benchValueSize)

	heap := startHeapSampler()
	cc.resetPeak()
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		if n := drainToEnd(b, c, topic); n != total {
			b.Fatalf("drained %d records, want %d", n, total)
		}
	}
	took := time.Since(start)
	b.StopTimer()
	peak := heap.stop()
	reportRate(b, total*b.N, took)
	b.ReportMetric(float64(cc.peak.Load()), "max-conns")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")

	if os.Getenv("KSCOPE_TAIL_KCAT") == "0" {
		return
	}
	kcat, err := exec.LookPath("kcat")
	if err != nil {
		b.Logf("kcat not installed: no comparison (%v)", err)
		return
	}
	best := time.Duration(0)
	for range 3 {
		d, n := benchutil.RunKcat(b, kcat, addr, topic)
		if n != total {
			b.Fatalf("kcat read %d records, want %d", n, total)
		}
		if best == 0 || d < best {
			best = d
		}
	}
	per := took / time.Duration(b.N)
	b.ReportMetric(float64(best.Milliseconds()), "kcat-ms")
	b.ReportMetric(per.Seconds()/best.Seconds(), "ratio")
}

// drainToEnd reads a topic from the beginning to the end offsets taken at
// start and returns how many records came, checking each partition's
// offsets increase by one with no gap or repeat.
func drainToEnd(b *testing.B, c *kafkaops.Client, topic string) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, err := c.Tail(ctx, kafkaops.TailRequest{Topic: topic, Start: kafkaops.StartBeginning, StopAtEnd: true})
	if err != nil {
		b.Fatal(err)
	}
	next := map[int]int64{}
	n, caught := 0, false
	for batch := range ch {
		if batch.Err != nil {
			b.Fatalf("tail ended after %d records: %v", n, batch.Err)
		}
		if batch.CaughtUp {
			caught = true
		}
		for i := range batch.Records {
			r := &batch.Records[i]
			if r.Offset != next[r.Partition] {
				b.Fatalf("partition %d: offset %d, want %d", r.Partition, r.Offset, next[r.Partition])
			}
			next[r.Partition] = r.Offset + 1
		}
		n += len(batch.Records)
	}
	if !caught {
		b.Fatal("the channel closed without a CaughtUp batch")
	}
	return n
}

// connCounter counts connections to the broker: dialled in all, open now
// and the most open at once.
type connCounter struct {
	dials, open, peak atomic.Int64
}

func (cc *connCounter) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	nc, err := (&net.Dialer{}).DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	cc.dials.Add(1)
	n := cc.open.Add(1)
	for p := cc.peak.Load(); n > p && !cc.peak.CompareAndSwap(p, n); p = cc.peak.Load() {
	}
	return &countedConn{Conn: nc, cc: cc}, nil
}

// resetPeak restarts the peak from the connections open now.
func (cc *connCounter) resetPeak() { cc.peak.Store(cc.open.Load()) }

type countedConn struct {
	net.Conn
	cc   *connCounter
	once sync.Once
}

func (c *countedConn) Close() error {
	c.once.Do(func() { c.cc.open.Add(-1) })
	return c.Conn.Close()
}

// heapSampler records the largest HeapInuse seen until stopped.
type heapSampler struct {
	done chan struct{}
	wg   sync.WaitGroup
	peak uint64
}

func startHeapSampler() *heapSampler {
	h := &heapSampler{done: make(chan struct{})}
	h.wg.Go(func() {
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			h.peak = max(h.peak, ms.HeapInuse)
			select {
			case <-t.C:
			case <-h.done:
				return
			}
		}
	})
	return h
}

func (h *heapSampler) stop() uint64 {
	close(h.done)
	h.wg.Wait()
	return h.peak
}
