package broker

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sr"

	"kscope/schema"
)

// DemoAvroTopic is the topic the demo's Avro transactions go to.
const DemoAvroTopic = "bankbranch-avro"

// DemoAvroSubject is the registry subject of DemoAvroTopic's values
// (the Confluent serializers' TopicNameStrategy).
const DemoAvroSubject = DemoAvroTopic + "-value"

// DemoAvroSchema is the Avro schema of the demo's transactions, the same
// fields as Transaction, with an enum and a timestamp-millis.
const DemoAvroSchema = `{"type":"record","name":"Transaction","namespace":"kscope.demo","fields":[
 {"name":"atmid","type":"int"},
 {"name":"transid","type":"int"},
 {"name":"amount","type":"double"},
 {"name":"type","type":{"type":"enum","name":"Kind","symbols":["withdrawal","deposit","balance","transfer"]}},
 {"name":"timestamp","type":{"type":"long","logicalType":"timestamp-millis"}}]}`

// StartAvroDemo registers DemoAvroSchema in the Schema Registry at
// registryURL (the bundled one) and produces the demo's ATM transactions,
// Avro-encoded in the Confluent wire format, to DemoAvroTopic until the
// broker stops. Call it once, after Start with Options.Demo.
func (b *Broker) StartAvroDemo(registryURL string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s, err := schema.NewSession(schema.Config{URL: registryURL})
	if err != nil {
		return fmt.Errorf("avro demo: %w", err)
	}
	if _, err := s.Client().CreateSchema(ctx, DemoAvroSubject, sr.Schema{Schema: DemoAvroSchema, Type: sr.TypeAvro}); err != nil {
		return fmt.Errorf("avro demo: register %s: %w", DemoAvroSubject, err)
	}
	enc, err := s.Encoder(ctx, DemoAvroSubject, 0)
	if err != nil {
		return fmt.Errorf("avro demo: %w", err)
	}
	if b.cluster.TopicInfo(DemoAvroTopic) == nil {
		if err := b.cluster.CreateTopic(DemoAvroTopic, DemoPartitions, nil); err != nil {
			return fmt.Errorf("avro demo: create topic %s: %w", DemoAvroTopic, err)
		}
	}
	auth, err := demoClientOpts(b.opts)
	if err != nil {
		return fmt.Errorf("avro demo: producer: %w", err)
	}
	client, err := kgo.NewClient(append([]kgo.Opt{
		kgo.SeedBrokers(b.addr),
		kgo.DefaultProduceTopic(DemoAvroTopic),
		kgo.ProducerLinger(0),
	}, auth...)...)
	if err != nil {
		return fmt.Errorf("avro demo: producer: %w", err)
	}
	next := 100
	for _, p := range b.cluster.PartitionInfos(DemoAvroTopic) {
		next += int(p.HighWatermark)
	}
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		defer client.Close()
		b.produceAvroDemo(b.demoCtx, client, enc, next, b.opts.DemoInterval)
	}()
	return nil
}

// produceAvroDemo produces one Avro transaction every interval.
func (b *Broker) produceAvroDemo(ctx context.Context, client *kgo.Client, enc *schema.Encoder, next int, every time.Duration) {
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 11))
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			tx := NewTransaction(rng, next, now)
			doc, _ := json.Marshal(tx)
			value, err := enc.Encode(doc)
			if err != nil {
				b.log.warnf("avro demo: encode: %v", err)
				return
			}
			// Fire and forget, as the JSON demo.
			client.Produce(ctx, &kgo.Record{Key: []byte(strconv.Itoa(tx.ATMID)), Value: value}, nil)
			next++
		}
	}
}
