// Package schematail benchmarks a tail drain with schema decoding: the
// same KSCOPE_SCHEMA_RECORDS records (default 1,000,000; 8 fields, about
// 100 bytes as JSON) drained from the bundled broker through Service.Tail
// once as plain JSON and once as Confluent-framed Avro decoded to JSON
// through a registry session (bundled registry), in one run. Not in CI:
//
//	go test ./bench/schematail -run XXX -bench . -benchtime 1x
//
// KSCOPE_SCHEMA_BROKER=HOST:PORT uses a running `kscope broker
// --in-memory` instead of one in the benchmark's process, so the peak heap
// is kscope's client alone.
package schematail

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/sr"

	"kscope/broker"
	"kscope/internal/benchutil"
	"kscope/kafkaops"
	"kscope/registry"
	"kscope/schema"
)

const avsc = `{"type":"record","name":"Txn","fields":[
 {"name":"id","type":"long"},{"name":"atm","type":"string"},{"name":"amount","type":"double"},
 {"name":"ok","type":"boolean"},{"name":"kind","type":{"type":"enum","name":"K","symbols":["DEPOSIT","WITHDRAW"]}},
 {"name":"at","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"branch","type":"string"},
 {"name":"note","type":["null","string"]}]}`

func BenchmarkSchemaTail(b *testing.B) {
	total := benchutil.EnvInt(b, "KSCOPE_SCHEMA_RECORDS", 1_000_000)
	brokerAddr := os.Getenv("KSCOPE_SCHEMA_BROKER")
	if brokerAddr == "" {
		br, err := broker.Start(broker.Options{Listen: "127.0.0.1:0", InMemory: true})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(br.Close)
		brokerAddr = br.Addr()
	}
	reg, err := registry.Open("")
	if err != nil {
		b.Fatal(err)
	}
	addr, err := reg.Serve("127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { reg.Close() })
	url := "http://" + addr
	cl, err := sr.NewClient(sr.URLs(url))
	if err != nil {
		b.Fatal(err)
	}
	ss, err := cl.CreateSchema(context.Background(), "txn-avro-value", sr.Schema{Schema: avsc})
	if err != nil {
		b.Fatal(err)
	}
	sess, err := schema.NewSession(schema.Config{URL: url, Wait: 5 * time.Second})
	if err != nil {
		b.Fatal(err)
	}
	enc, err := sess.Encoder(context.Background(), "txn-avro-value", 0)
	if err != nil || enc.Info.ID != ss.ID {
		b.Fatalf("encoder: %v", err)
	}
	c, err := kafkaops.New(kafkaops.Config{Brokers: []string{brokerAddr}, DialTimeout: 2 * time.Second, RequestTimeout: 10 * time.Second})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close() })
	for _, t := range []string{"txn-json", "txn-avro"} {
		if err := c.CreateTopic(context.Background(), kafkaops.NewTopic{Name: t, Partitions: 4, ReplicationFactor: 1}); err != nil {
			b.Fatal(err)
		}
	}
	fill(b, c, enc, total)
	runtime.GC()

	b.ResetTimer()
	for b.Loop() {
		jsonTook, jsonHeap := drain(b, c, "txn-json", total, func(v []byte) error {
			if !json.Valid(v) {
				return fmt.Errorf("invalid json")
			}
			return nil
		})
		avroTook, avroHeap := drain(b, c, "txn-avro", total, func(v []byte) error {
			_, err := sess.Decode(context.Background(), v)
			return err
		})
		b.ReportMetric(jsonTook.Seconds(), "json-drain-s")
		b.ReportMetric(avroTook.Seconds(), "avro-decode-drain-s")
		b.ReportMetric(avroTook.Seconds()/jsonTook.Seconds(), "ratio")
		b.ReportMetric(float64(jsonHeap)/(1<<20), "json-peak-heap-MB")
		b.ReportMetric(float64(avroHeap)/(1<<20), "avro-peak-heap-MB")
	}
}

// fill writes total records to txn-json and the same records, Avro
// encoded in the wire format, to txn-avro.
func fill(b *testing.B, c *kafkaops.Client, enc *schema.Encoder, total int) {
	js := make([]kafkaops.ProduceRequest, 0, 5000)
	as := make([]kafkaops.ProduceRequest, 0, 5000)
	for i := range total {
		doc := fmt.Appendf(nil, `{"id":%d,"atm":"ATM-%03d","amount":%d.25,"ok":true,"kind":"WITHDRAW","at":"2026-11-30T14:00:%02d.123Z","branch":"Main St","note":null}`,
			i, i%1000, i%5000, i%60)
		wire, err := enc.Encode(doc)
		if err != nil {
			b.Fatal(err)
		}
		js = append(js, kafkaops.ProduceRequest{Topic: "txn-json", Value: doc, Partition: i % 4})
		as = append(as, kafkaops.ProduceRequest{Topic: "txn-avro", Value: wire, Partition: i % 4})
		if len(js) == cap(js) || i == total-1 {
			for _, rs := range [][]kafkaops.ProduceRequest{js, as} {
				if _, err := c.ProduceBatch(context.Background(), rs); err != nil {
					b.Fatal(err)
				}
			}
			js, as = js[:0], as[:0]
		}
	}
}

// drain tails topic from the beginning to its end, handing every value to
// each, and returns the time taken and the peak heap in use (the
// in-process broker's copy of the records included).
func drain(b *testing.B, c *kafkaops.Client, topic string, total int, each func([]byte) error) (time.Duration, uint64) {
	runtime.GC()
	stop := make(chan struct{})
	var peak uint64
	var wg sync.WaitGroup
	wg.Go(func() {
		var ms runtime.MemStats
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			select {
			case <-t.C:
			case <-stop:
				return
			}
		}
	})
	start := time.Now()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, err := c.Tail(ctx, kafkaops.TailRequest{Topic: topic, Start: kafkaops.StartBeginning, StopAtEnd: true})
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for batch := range ch {
		if batch.Err != nil {
			b.Fatal(batch.Err)
		}
		for i := range batch.Records {
			if err := each(batch.Records[i].Value); err != nil {
				b.Fatalf("%s record %d: %v", topic, n+i, err)
			}
		}
		n += len(batch.Records)
	}
	took := time.Since(start)
	close(stop)
	wg.Wait()
	if n != total {
		b.Fatalf("%s: drained %d records, want %d", topic, n, total)
	}
	return took, peak
}
