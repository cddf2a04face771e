package broker

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// BenchmarkCheckDataDir measures the start-up check on an intact data dir
// of 4 partitions holding 64 MB of 1 KB records: the time it adds to
// every start, before kfake loads the same files.
//
// Run: go test ./broker/ -run '^$' -bench CheckDataDir
func BenchmarkCheckDataDir(b *testing.B) {
	dir := b.TempDir()
	br, err := Start(Options{Listen: "127.0.0.1:0", DataDir: dir})
	if err != nil {
		b.Fatal(err)
	}
	cl, err := kgo.NewClient(kgo.SeedBrokers(br.Addr()), kgo.DefaultProduceTopic("fill"), kgo.AllowAutoTopicCreation())
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	createTopicB(b, cl, "fill", 4)
	value := make([]byte, 1024)
	const total = 64 << 10
	recs := make([]*kgo.Record, 0, 4096)
	for i := range total {
		recs = append(recs, &kgo.Record{Value: value, Partition: int32(i % 4)})
		if len(recs) == cap(recs) {
			if err := cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
				b.Fatal(err)
			}
			recs = recs[:0]
		}
	}
	cl.Close()
	br.Close()

	b.SetBytes(total * 1024)
	b.ResetTimer()
	for range b.N {
		if _, err := checkDataDir(dir, false, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// createTopicB creates a topic in a benchmark.
func createTopicB(b *testing.B, cl *kgo.Client, topic string, partitions int32) {
	b.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req := kmsg.NewPtrCreateTopicsRequest()
	rt := kmsg.NewCreateTopicsRequestTopic()
	rt.Topic, rt.NumPartitions, rt.ReplicationFactor = topic, partitions, 1
	req.Topics = append(req.Topics, rt)
	resp, err := req.RequestWith(ctx, cl)
	if err != nil || len(resp.Topics) != 1 || resp.Topics[0].ErrorCode != 0 {
		b.Fatalf("create topic %s: %v %+v", topic, err, resp)
	}
}
