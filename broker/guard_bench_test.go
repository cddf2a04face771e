package broker

import (
	"context"
	"fmt"
	"testing"

	"github.com/twmb/franz-go/pkg/kgo"
)

// BenchmarkProduceThroughGuard measures what the guard's checks (a control
// function and a statfs per Produce request) cost a producer, against the
// same broker with no guard: 100-byte records, acks=all, 1 or 1,000 per
// sync produce (one request each), persisted to a data dir.
func BenchmarkProduceThroughGuard(b *testing.B) {
	for _, per := range []int{1, 1000} {
		for _, guarded := range []bool{false, true} {
			b.Run(fmt.Sprintf("records=%d/guard=%v", per, guarded), func(b *testing.B) { benchProduce(b, per, guarded) })
		}
	}
}

func benchProduce(b *testing.B, per int, guarded bool) {
	{
		{
			br, err := Start(Options{Listen: "127.0.0.1:0", DataDir: b.TempDir(), noGuard: !guarded})
			if err != nil {
				b.Fatal(err)
			}
			defer br.Close()
			cl, err := kgo.NewClient(kgo.SeedBrokers(br.Addr()), kgo.DefaultProduceTopic("bench"),
				kgo.AllowAutoTopicCreation(), kgo.ProducerLinger(0))
			if err != nil {
				b.Fatal(err)
			}
			defer cl.Close()
			ctx := context.Background()
			value := make([]byte, 100)
			batch := make([]*kgo.Record, per)
			for i := range batch {
				batch[i] = &kgo.Record{Value: value}
			}
			if err := cl.ProduceSync(ctx, batch[:1]...).FirstErr(); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(value)))
			b.ResetTimer()
			for done := 0; done < b.N; done += len(batch) {
				n := min(len(batch), b.N-done)
				recs := make([]*kgo.Record, n)
				for i := range recs {
					recs[i] = &kgo.Record{Value: value}
				}
				if err := cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
}
