package cli

import (
	"context"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/sr"

	"kscope/kafkaops"
	"kscope/registry"
	"kscope/schema"
)

// testTxnAvro is the Avro schema of the tests' txn records.
const testTxnAvro = `{"type":"record","name":"Txn","namespace":"bank","fields":[
 {"name":"atm","type":"string"},{"name":"amount","type":"double"}]}`

// fixtureWait bounds each fixture's calls to the registry and broker.
const fixtureWait = 30 * time.Second

// txnRegistry serves a fresh in-memory bundled registry on 127.0.0.1
// until the test ends, with testTxnAvro registered as txn-value (id 1),
// and returns its URL and an encoder of that schema.
func txnRegistry(t *testing.T) (url string, enc *schema.Encoder) {
	t.Helper()
	reg, err := registry.Open("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { reg.Close() })
	addr, err := reg.Serve("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url = "http://" + addr
	ctx, cancel := context.WithTimeout(context.Background(), fixtureWait)
	defer cancel()
	s, err := schema.NewSession(schema.Config{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Client().CreateSchema(ctx, "txn-value", sr.Schema{Schema: testTxnAvro, Type: sr.TypeAvro}); err != nil {
		t.Fatal(err)
	}
	enc, err = s.Encoder(ctx, "txn-value", 0)
	if err != nil {
		t.Fatal(err)
	}
	return url, enc
}

// txnService connects to the broker at addr until the test ends and
// creates topics there, one partition each.
func txnService(t *testing.T, addr string, topics ...string) *kafkaops.Client {
	t.Helper()
	svc, err := newService([]string{addr})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), fixtureWait)
	defer cancel()
	for _, name := range topics {
		if err := svc.CreateTopic(ctx, kafkaops.NewTopic{Name: name, Partitions: 1, ReplicationFactor: 1}); err != nil {
			t.Fatal(err)
		}
	}
	return svc
}
