// Package tailview benchmarks the whole live-tail pipeline: Service.Tail
// on the bundled broker, the tail view's Update, and a rendered frame
// (View) after every message, as Bubble Tea's loop does, against kcat on
// the same topic in the same run. Run it with bench/tailview.sh; it is not
// part of CI.
package tailview

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"kscope/broker"
	"kscope/internal/benchutil"
	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
	"kscope/views/tail"
)

// defaultValueSize is the size of every record's value unless
// KSCOPE_TAIL_VALUE says otherwise (1048576: the issue 17 case of 1,000
// records of 1 MB).
const defaultValueSize = 100

// BenchmarkTailView drains KSCOPE_TAIL_RECORDS records (default
// 1,000,000) of KSCOPE_TAIL_VALUE bytes (default 100) from a KSCOPE_TAIL_PARTITIONS-partition
// topic (default 4) from the beginning to the end, through the tail view
// with StopAtEnd, rendering a frame after every message, while keys are
// pressed mid-flood. It reports the drain time, kcat's best of 3 and the
// ratio, frames rendered and per second, peak heap and the slowest key's
// latency (from sending it to the end of its Update and frame).
func BenchmarkTailView(b *testing.B) {
	total := benchutil.EnvInt(b, "KSCOPE_TAIL_RECORDS", 1_000_000)
	partitions := benchutil.EnvInt(b, "KSCOPE_TAIL_PARTITIONS", 4)
	valueSize := benchutil.EnvInt(b, "KSCOPE_TAIL_VALUE", defaultValueSize)
	addr := os.Getenv("KSCOPE_TAIL_BROKER")
	if addr == "" {
		br, err := broker.Start(broker.Options{Listen: "127.0.0.1:0", InMemory: true})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(br.Close)
		addr = br.Addr()
	}
	c, err := kafkaops.New(kafkaops.Config{Brokers: []string{addr}, DialTimeout: 2 * time.Second, RequestTimeout: 10 * time.Second})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close() })
	topic := fmt.Sprintf("bench-tailview-%d-%d", partitions, time.Now().UnixNano())
	if err := c.CreateTopic(context.Background(), kafkaops.NewTopic{Name: topic, Partitions: partitions, ReplicationFactor: 1}); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = c.DeleteTopic(context.Background(), topic) })
	benchutil.Fill(b, c, topic, partitions, total, valueSize)
	// Hand the fill's buffers back to the OS, so that the peak RSS below
	// is the drain's, not the producer's.
	debug.FreeOSMemory()

	st := theme.New(true, false)
	var worst runResult
	heap := startHeapSampler()
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		r := drain(b, c, st, topic, total)
		worst.frames += r.frames
		worst.keyLatency = max(worst.keyLatency, r.keyLatency)
		worst.deliveries += r.deliveries
	}
	took := time.Since(start)
	b.StopTimer()
	peak, peakRSS := heap.stop()
	per := took / time.Duration(b.N)
	b.ReportMetric(float64(total)/per.Seconds(), "records/s")
	b.ReportMetric(float64(worst.frames)/float64(b.N), "frames/op")
	b.ReportMetric(float64(worst.frames)/took.Seconds(), "frames/s")
	b.ReportMetric(float64(worst.deliveries)/took.Seconds(), "deliveries/s")
	b.ReportMetric(float64(worst.keyLatency.Microseconds())/1000, "max-key-ms")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	if peakRSS > 0 {
		b.ReportMetric(float64(peakRSS)/(1<<10), "peak-rss-MB")
	}

	kcat, err := exec.LookPath("kcat")
	if err != nil || os.Getenv("KSCOPE_TAIL_KCAT") == "0" {
		b.Logf("no kcat comparison (%v)", err)
		return
	}
	var best time.Duration
	for range 3 {
		d, n := benchutil.RunKcat(b, kcat, addr, topic)
		if n != total {
			b.Fatalf("kcat read %d records, want %d", n, total)
		}
		if best == 0 || d < best {
			best = d
		}
	}
	b.ReportMetric(float64(best.Milliseconds()), "kcat-ms")
	b.ReportMetric(per.Seconds()/best.Seconds(), "ratio")
}

type runResult struct {
	frames, deliveries int
	keyLatency         time.Duration
}

// keyMsg is a key press with the time it was sent.
type keyMsg struct {
	key  tea.KeyPressMsg
	sent time.Time
}

// drain runs one tail view to the end of the topic in a minimal Bubble
// Tea loop: one goroutine owns the model and handles messages in order,
// calling View after every Update; commands run in their own goroutines
// and send their messages back.
func drain(b *testing.B, c *kafkaops.Client, st *theme.Styles, topic string, total int) runResult {
	t := tail.NewTail(c, st, tail.TailOptions{Topic: topic, Args: "beginning", StopAtEnd: true})
	t.SetSize(160, 43)
	msgs := make(chan tea.Msg, 64)
	var run func(tea.Cmd)
	run = func(cmd tea.Cmd) {
		if cmd == nil {
			return
		}
		go func() {
			switch m := cmd().(type) {
			case nil:
			case tea.BatchMsg:
				for _, c := range m {
					run(c)
				}
			case kit.AddressedMsg:
				// The root delivers it to the screen that asked: here
				// the only one.
				msgs <- m.Msg
			default:
				msgs <- m
			}
		}()
	}
	var received atomic.Uint64
	// Press keys once a third of the records are in: scroll up, follow
	// again, pause and resume; each goes through the same queue as the
	// records.
	go func() {
		for received.Load() < uint64(total/3) {
			time.Sleep(time.Millisecond)
		}
		for _, k := range []tea.KeyPressMsg{{Code: tea.KeyUp}, {Code: 'G', Text: "G"}, {Code: tea.KeySpace, Text: " "}, {Code: tea.KeySpace, Text: " "}} {
			msgs <- keyMsg{key: k, sent: time.Now()}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	run(t.Init())
	var res runResult
	_ = t.View()
	res.frames++
	deadline := time.After(2 * time.Minute)
	for {
		var msg tea.Msg
		select {
		case msg = <-msgs:
		case <-deadline:
			b.Fatalf("the tail did not end: %+v", t.Stats())
		}
		var sent time.Time
		if k, ok := msg.(keyMsg); ok {
			msg, sent = k.key, k.sent
		}
		if _, ok := msg.(kit.StatusMsg); ok {
			continue
		}
		s, cmd := t.Update(msg)
		t = s.(*tail.Tail)
		_ = t.View()
		res.frames++
		if !sent.IsZero() {
			res.keyLatency = max(res.keyLatency, time.Since(sent))
		}
		run(cmd)
		stats := t.Stats()
		// Read, not Received: from the beginning the records are held
		// (backfill) until every partition caught up, so Received would
		// reach a third only at the end and the keys would come too late.
		received.Store(stats.Read)
		if stats.Ended {
			if stats.Received != uint64(total) {
				b.Fatalf("received %d records, want %d", stats.Received, total)
			}
			res.deliveries = stats.Deliveries
			t.Close()
			return res
		}
	}
}

// heapSampler records the peaks of HeapInuse and of the process's
// resident memory (VmRSS, issue 17's measure) every 10 ms.
type heapSampler struct {
	done    chan struct{}
	wg      sync.WaitGroup
	peak    uint64
	peakRSS uint64 // kB; 0 where /proc is not there
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
			h.peakRSS = max(h.peakRSS, residentKB())
			select {
			case <-t.C:
			case <-h.done:
				return
			}
		}
	})
	return h
}

// stop ends the sampling and returns the peak heap in bytes and the
// peak resident memory in kB.
func (h *heapSampler) stop() (uint64, uint64) {
	close(h.done)
	h.wg.Wait()
	return h.peak, h.peakRSS
}

// residentKB reads VmRSS from /proc/self/status: 0 if it cannot.
func residentKB() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				n, _ := strconv.ParseUint(f[0], 10, 64)
				return n
			}
		}
	}
	return 0
}
