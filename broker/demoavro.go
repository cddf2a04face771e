package broker

import (
	"context"
	"fmt"
	"time"

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
	return b.startProducer(b.demoCtx, demoProducer{
		what: "avro demo", topic: DemoAvroTopic, seed: 11, every: b.opts.DemoInterval,
		encode: enc.Encode,
	})
}
