package broker

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// BenchmarkProduceFsync measures what --fsync costs: records of 100 bytes
// produced with acks=all to a one-partition topic in a data dir on disk
// (the test's temp dir), with and without kfake's SyncWrites.
//
//   - one-at-a-time: each record waits for its acknowledgement before the
//     next is sent (an application that flushes after every send); each
//     acknowledgement costs one fsync with --fsync.
//   - pipelined: kgo batches and keeps requests in flight, as a producer
//     does by default; an fsync covers a whole batch.
//
// Run: go test ./broker/ -run '^$' -bench ProduceFsync -benchtime 3s
func BenchmarkProduceFsync(b *testing.B) {
	for _, fsync := range []bool{false, true} {
		for _, mode := range []string{"one-at-a-time", "pipelined"} {
			b.Run(fmt.Sprintf("fsync=%v/%s", fsync, mode), func(b *testing.B) {
				benchProduceFsync(b, fsync, mode == "pipelined")
			})
		}
	}
}

func benchProduceFsync(b *testing.B, fsync, pipelined bool) {
	br, err := Start(Options{Listen: "127.0.0.1:0", DataDir: b.TempDir(), Fsync: fsync})
	if err != nil {
		b.Fatal(err)
	}
	defer br.Close()
	cl, err := kgo.NewClient(
		kgo.SeedBrokers(br.Addr()),
		kgo.DefaultProduceTopic("bench"),
		kgo.RequiredAcks(kgo.AllISRAcks()),
		kgo.AllowAutoTopicCreation(),
	)
	if err != nil {
		b.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	value := make([]byte, 100)
	if err := cl.ProduceSync(ctx, &kgo.Record{Value: value}).FirstErr(); err != nil {
		b.Fatal(err) // creates the topic outside the timing
	}

	b.ResetTimer()
	start := time.Now()
	if pipelined {
		var wg sync.WaitGroup
		var mu sync.Mutex
		var firstErr error
		for range b.N {
			wg.Add(1)
			cl.Produce(ctx, &kgo.Record{Value: value}, func(_ *kgo.Record, err error) {
				defer wg.Done()
				if err != nil {
					mu.Lock()
					firstErr = err
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if firstErr != nil {
			b.Fatal(firstErr)
		}
	} else {
		for range b.N {
			if err := cl.ProduceSync(ctx, &kgo.Record{Value: value}).FirstErr(); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "records/s")
}
