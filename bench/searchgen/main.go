// Command searchgen is the helper of bench/search.sh: it fills a topic of
// a running `kscope broker` with records of 100 bytes of which one in
// 10,000 holds "needle-N", and it times a whole-topic search through
// kafkaops.Scan, sampling the heap while it runs.
//
//	searchgen fill -brokers ADDR -topic T -records 10000000 -partitions 8
//	searchgen search -brokers ADDR -topic T -query 're:needle-[0-9]+'
//
// It is a benchmark tool, not part of kscope, and is not run in CI.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"

	"kscope/kafkaops"
)

// valueSize is the size of every record's value.
const valueSize = 100

// matchEvery is how often a record matches: one in 10,000 is 0.01%.
const matchEvery = 10_000

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: searchgen fill|search [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "fill":
		err = fill(os.Args[2:])
	case "search":
		err = search(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q: want fill or search", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "searchgen:", err)
		os.Exit(1)
	}
}

func client(addr string) (*kafkaops.Client, error) {
	return kafkaops.New(kafkaops.Config{Brokers: []string{addr}, RequestTimeout: time.Minute})
}

// value is record i's value: 100 bytes, "needle-i" inside for one record
// in matchEvery, digits and a fixed text otherwise.
func value(i int) []byte {
	v := fmt.Appendf(make([]byte, 0, valueSize), "record %012d ", i)
	if i%matchEvery == 0 {
		v = fmt.Appendf(v, "needle-%d ", i)
	}
	for len(v) < valueSize {
		v = append(v, "lorem ipsum dolor sit amet "[len(v)%27])
	}
	return v[:valueSize]
}

// fill creates the topic and writes the records, 5,000 a request, two
// requests in flight.
func fill(args []string) error {
	fs := flag.NewFlagSet("fill", flag.ExitOnError)
	addr := fs.String("brokers", "127.0.0.1:9092", "bootstrap address")
	topic := fs.String("topic", "search", "topic to create and fill")
	records := fs.Int("records", 10_000_000, "records to write")
	partitions := fs.Int("partitions", 8, "partitions of the topic")
	_ = fs.Parse(args)
	c, err := client(*addr)
	if err != nil {
		return err
	}
	defer c.Close()
	ctx := context.Background()
	if err := c.CreateTopic(ctx, kafkaops.NewTopic{Name: *topic, Partitions: *partitions, ReplicationFactor: 1}); err != nil {
		return err
	}
	start := time.Now()
	const batch = 5000
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for range 2 {
		wg.Go(func() {
			rs := make([]kafkaops.ProduceRequest, 0, batch)
			for {
				from := int(next.Add(batch)) - batch
				if from >= *records {
					return
				}
				rs = rs[:0]
				for i := from; i < min(from+batch, *records); i++ {
					rs = append(rs, kafkaops.ProduceRequest{Topic: *topic, Value: value(i), Partition: i % *partitions})
				}
				if _, err := c.ProduceBatch(ctx, rs); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return err
	}
	fmt.Printf("filled %s with %d records of %d B on %d partitions in %.1f s\n", *topic, *records, valueSize, *partitions, time.Since(start).Seconds())
	return nil
}

// search scans the whole topic with the query and prints the figures.
func search(args []string) error {
	fs := flag.NewFlagSet("search", flag.ExitOnError)
	addr := fs.String("brokers", "127.0.0.1:9092", "bootstrap address")
	topic := fs.String("topic", "search", "topic to search")
	query := fs.String("query", "re:needle-[0-9]+", "filter query")
	_ = fs.Parse(args)
	f, err := kafkaops.ParseFilter(*query)
	if err != nil {
		return err
	}
	c, err := client(*addr)
	if err != nil {
		return err
	}
	defer c.Close()
	runtime.GC()
	peak, stop := sampleHeap()
	start := time.Now()
	ch, err := c.Scan(context.Background(), kafkaops.ScanRequest{Topic: *topic, From: kafkaops.ScanFromBeginning, Filter: f, ProgressEvery: -1})
	if err != nil {
		return err
	}
	var last kafkaops.ScanEvent
	kept := 0
	for ev := range ch {
		if ev.Err != nil {
			return ev.Err
		}
		kept += len(ev.Matches)
		last = ev
	}
	took := time.Since(start)
	stop()
	p := last.Progress
	fmt.Printf("search %q: %d matches (%d kept) of %d records in %.2f s, %.0f records/s, %.0f MB/s, peak heap %.1f MB\n",
		*query, p.Matched, kept, p.Scanned, took.Seconds(), float64(p.Scanned)/took.Seconds(),
		float64(p.Bytes)/(1<<20)/took.Seconds(), float64(peak.Load())/(1<<20))
	return nil
}

// sampleHeap records the largest in-use heap (HeapInuse: objects plus
// the unused part of their spans) seen every 10 ms until stop. It reads
// runtime/metrics, which does not stop the world as ReadMemStats does: a
// hundred pauses a second weighed on the scan being measured.
func sampleHeap() (*atomic.Uint64, func()) {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/heap/unused:bytes"}}
		for {
			metrics.Read(samples)
			if inuse := samples[0].Value.Uint64() + samples[1].Value.Uint64(); inuse > peak.Load() {
				peak.Store(inuse)
			}
			select {
			case <-t.C:
			case <-done:
				return
			}
		}
	})
	return &peak, func() { close(done); wg.Wait() }
}
