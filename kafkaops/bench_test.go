package kafkaops_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"kscope/kafkaops"
)

const benchValueSize = 100

// BenchmarkProduceOne measures Service.Produce, one record per call and
// round trip, as the produce form uses it.
func BenchmarkProduceOne(b *testing.B) {
	br := startBroker(b)
	c := newClient(b, br.Addr())
	mustCreate(b, c, "bench-one", 4)
	ctx := context.Background()
	value := make([]byte, benchValueSize)
	start := time.Now()
	for i := 0; b.Loop(); i++ {
		if _, err := c.Produce(ctx, kafkaops.ProduceRequest{Topic: "bench-one", Value: value, Partition: i % 4}); err != nil {
			b.Fatal(err)
		}
	}
	reportRate(b, b.N, time.Since(start))
}

// BenchmarkProduceBatch measures ProduceBatch with 1,000 records a call
// spread over 4 partitions (one request per call on one broker).
func BenchmarkProduceBatch(b *testing.B) {
	br := startBroker(b)
	c := newClient(b, br.Addr())
	mustCreate(b, c, "bench-batch", 4)
	ctx := context.Background()
	rs := benchRecords("bench-batch", 1000)
	start := time.Now()
	n := 0
	for b.Loop() {
		if _, err := c.ProduceBatch(ctx, rs); err != nil {
			b.Fatal(err)
		}
		n += len(rs)
	}
	reportRate(b, n, time.Since(start))
}

// BenchmarkTailDrain measures reading 200,000 records of 100 bytes from a
// 4-partition topic from the beginning through Tail.
func BenchmarkTailDrain(b *testing.B) {
	const total = 200_000
	br := startBroker(b)
	c := newClient(b, br.Addr())
	mustCreate(b, c, "bench-tail", 4)
	rs := benchRecords("bench-tail", 2000)
	for range total / len(rs) {
		if _, err := c.ProduceBatch(context.Background(), rs); err != nil {
			b.Fatal(err)
		}
	}
	start := time.Now()
	for b.Loop() {
		drain(b, c, "bench-tail", total)
	}
	reportRate(b, total*b.N, time.Since(start))
}

func drain(b *testing.B, c *kafkaops.Client, topic string, total int) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, err := c.Tail(ctx, kafkaops.TailRequest{Topic: topic, Start: kafkaops.StartBeginning})
	if err != nil {
		b.Fatal(err)
	}
	for n := 0; n < total; {
		batch, ok := <-ch
		if !ok || batch.Err != nil {
			b.Fatalf("tail ended after %d records: %v", n, batch.Err)
		}
		n += len(batch.Records)
	}
}

func benchRecords(topic string, n int) []kafkaops.ProduceRequest {
	rs := make([]kafkaops.ProduceRequest, n)
	for i := range rs {
		v := []byte(fmt.Sprintf("%0*d", benchValueSize, i))
		rs[i] = kafkaops.ProduceRequest{Topic: topic, Value: v, Partition: i % 4}
	}
	return rs
}

func reportRate(b *testing.B, records int, took time.Duration) {
	s := took.Seconds()
	b.ReportMetric(float64(records)/s, "records/s")
	b.ReportMetric(float64(records*benchValueSize)/s/1e6, "MB/s")
}
