package broker

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"kscope/registry"
	"kscope/schema"
)

// Issue 14: with a registry, the demo registers its Avro schema and
// produces Avro transactions in the Confluent wire format that decode to
// the JSON demo's fields.
func TestAvroDemo(t *testing.T) {
	b := startTestBroker(t, Options{InMemory: true, Demo: true, DemoInterval: 10 * time.Millisecond})
	reg, err := registry.Open("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = reg.Close() })
	addr, err := reg.Serve("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := b.StartAvroDemo("http://" + addr); err != nil {
		t.Fatal(err)
	}
	got, _ := consumeAtLeast(t, b.Addr(), DemoAvroTopic, 6)
	s, err := schema.NewSession(schema.Config{URL: "http://" + addr})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for p, values := range got {
		for _, v := range values {
			n++
			d, err := s.Decode(context.Background(), []byte(v))
			if err != nil {
				t.Fatalf("partition %d: %v", p, err)
			}
			if d.Info.Subject != DemoAvroSubject || d.Info.Type != schema.Avro {
				t.Errorf("schema %+v", d.Info)
			}
			var tx Transaction
			if err := json.Unmarshal(d.JSON, &tx); err != nil {
				t.Fatalf("decoded %s: %v", d.JSON, err)
			}
			if tx.ATMID < 1 || tx.ATMID > 5 || tx.TransID < 100 || tx.Type == "" || tx.Timestamp == "" {
				t.Errorf("decoded transaction %s", d.JSON)
			}
		}
	}
	if n < 6 {
		t.Errorf("read %d Avro records, want 6", n)
	}
	// Registering the same schema again (a restart on the same registry
	// dir) is accepted.
	if err := b.StartAvroDemo("http://" + addr); err != nil {
		t.Errorf("second start: %v", err)
	}
}
