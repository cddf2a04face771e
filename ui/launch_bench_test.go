package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"kscope/broker"
	"kscope/kafkaops"
)

// launchBenchTopics is how many topics BenchmarkLaunch lists; set
// KSCOPE_BENCH_TOPICS to change it.
func launchBenchTopics() int {
	if n, err := strconv.Atoi(os.Getenv("KSCOPE_BENCH_TOPICS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

// launchBenchBroker starts the bundled broker on a data dir holding n
// topics of one partition, creating them the first time only: the dir
// (KSCOPE_BENCH_DATA, else kscope-bench-N in the temp dir) is kept for
// the next run, since creating 100,000 topics takes about a minute.
func launchBenchBroker(b *testing.B, n int) *broker.Broker {
	b.Helper()
	dir := os.Getenv("KSCOPE_BENCH_DATA")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), fmt.Sprintf("kscope-bench-%d", n))
	}
	br, err := broker.Start(broker.Options{Listen: "127.0.0.1:0", DataDir: dir})
	if err != nil {
		b.Fatalf("start broker on %s: %v", dir, err)
	}
	b.Cleanup(br.Close)
	marker := filepath.Join(dir, "bench-topics-created")
	if _, err := os.Stat(marker); err != nil {
		began := time.Now()
		if err := createBenchTopics(br.Addr(), n); err != nil {
			b.Fatal(err)
		}
		b.Logf("created %d topics in %s (kept in %s)", n, time.Since(began).Round(time.Millisecond), dir)
		if err := os.WriteFile(marker, nil, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return br
}

// createBenchTopics creates bench-topic-00000... in CreateTopics requests
// of 500.
func createBenchTopics(addr string, n int) error {
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr))
	if err != nil {
		return err
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	for i := 0; i < n; i += 500 {
		req := kmsg.NewPtrCreateTopicsRequest()
		req.TimeoutMillis = 60000
		for j := i; j < min(i+500, n); j++ {
			rt := kmsg.NewCreateTopicsRequestTopic()
			rt.Topic = fmt.Sprintf("bench-topic-%05d", j)
			rt.NumPartitions, rt.ReplicationFactor = 1, 1
			req.Topics = append(req.Topics, rt)
		}
		if _, err := req.RequestWith(ctx, cl); err != nil {
			return fmt.Errorf("create topics from %d: %w", i, err)
		}
	}
	return nil
}

// launchOnce opens the explorer on svc at 120x40 and runs its commands
// until the topic browser shows every topic with the rows on screen
// counted, then renders that frame. Timers (the refresh, the settle
// reload) are left waiting: the launch is done by then.
func launchOnce(b *testing.B, svc kafkaops.Service, addr string, n int) *Model {
	m := New(Options{Service: svc, Addr: addr, Refresh: time.Hour})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	msgs := make(chan tea.Msg, 64)
	run := func(cmd tea.Cmd) {
		if cmd != nil {
			go func() { msgs <- cmd() }()
		}
	}
	run(m.check())
	want := fmt.Sprintf("Topics (%d/%d)", n, n)
	deadline := time.After(2 * time.Minute)
	for {
		select {
		case msg := <-msgs:
			if batch, ok := msg.(tea.BatchMsg); ok {
				for _, c := range batch {
					run(c)
				}
				continue
			}
			_, cmd := m.Update(msg)
			run(cmd)
			if l, ok := m.top().(loadedScreen); ok && l.Loaded() && m.top().Title() == want {
				if v := m.View(); !strings.Contains(v.Content, "bench-topic-00000") {
					b.Fatalf("the first full frame lacks the first topic:\n%s", v.Content)
				}
				return m
			}
		case <-deadline:
			b.Fatalf("no full list after 2 minutes; title %q", m.top().Title())
		}
	}
}

// launchWith launches the explorer with a new client of addr, hands the
// open explorer to done, then closes the client.
func launchWith(b *testing.B, addr string, n int, done func(*Model)) {
	c, err := kafkaops.New(kafkaops.Config{Brokers: []string{addr}, DialTimeout: 5 * time.Second, RequestTimeout: 60 * time.Second})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	done(launchOnce(b, c, addr, n))
}

// BenchmarkLaunch measures the explorer's launch against the bundled
// broker holding 100,000 topics (KSCOPE_BENCH_TOPICS): from the
// connection check's Metadata request to the first frame of the topic
// browser listing every topic, with a new client each time. It reports
// the heap the open explorer keeps (live-MB, after a GC) besides time;
// B/op and allocs/op include the in-process broker's share. Profile with
// -cpuprofile/-memprofile to see client, conversion and broker apart.
// Issue 17's targets: under 0.5 s, under 100 MB RSS.
func BenchmarkLaunch(b *testing.B) {
	n := launchBenchTopics()
	br := launchBenchBroker(b, n)
	// One launch first, untimed: the broker's start-up work (it saves
	// every partition's state once) must not be counted as the explorer's.
	launchWith(b, br.Addr(), n, func(*Model) {})
	var live uint64
	for b.Loop() {
		began := time.Now()
		var before runtime.MemStats
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&before)
		b.StartTimer()
		launchWith(b, br.Addr(), n, func(m *Model) {
			b.StopTimer()
			b.Logf("launch %s", time.Since(began).Round(time.Millisecond))
			var after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&after)
			live = max(live, after.HeapAlloc-min(before.HeapAlloc, after.HeapAlloc))
			runtime.KeepAlive(m)
			b.StartTimer()
		})
	}
	b.ReportMetric(float64(live)/1e6, "live-MB")
}
