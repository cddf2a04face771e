package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"kscope/kafkaops"
)

// Issue 14: kscope consume decodes with --schema-registry: --filter
// field=value reads the decoded value, -o value writes the JSON, and -o
// jsonl keeps the schema id and the raw bytes, which produce reads back
// byte for byte.
func TestConsumeDecodesWithRegistry(t *testing.T) {
	e := newScriptEnv(t)
	url, enc := txnRegistry(t)
	svc := txnService(t, e.addr, "txn", "copy")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var wires [][]byte
	for _, doc := range []string{`{"atm":"ATM-07","amount":120.5}`, `{"atm":"ATM-08","amount":20}`} {
		w, err := enc.Encode([]byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		wires = append(wires, w)
		if _, err := svc.Produce(ctx, kafkaops.ProduceRequest{Topic: "txn", Value: w, Partition: 0}); err != nil {
			t.Fatal(err)
		}
	}

	r := e.run("", "consume", "txn", "--exit", "--filter", "atm=ATM-08", "--schema-registry", url)
	if r.code != 0 || strings.TrimSpace(r.stdout) != `{"atm":"ATM-08","amount":20}` {
		t.Fatalf("-o value with a field filter: %q %q %d", r.stdout, r.stderr, r.code)
	}
	// Following (no --exit) decodes too.
	r = e.run("", "consume", "txn", "--max", "1", "--filter", "amount=120.5", "--schema-registry", url)
	if r.code != 0 || !strings.Contains(r.stdout, `"ATM-07"`) {
		t.Fatalf("follow: %q %q %d", r.stdout, r.stderr, r.code)
	}
	r = e.run("", "consume", "txn", "--exit", "-o", "jsonl", "--schema-registry", url)
	if r.code != 0 || strings.Count(r.stdout, `"value_schema_id":1`) != 2 || !strings.Contains(r.stdout, `"value_schema":"txn-value v1 id 1 (AVRO)"`) ||
		!strings.Contains(r.stdout, `"payload":"{\"atm\":\"ATM-07\",\"amount\":120.5}"`) {
		t.Fatalf("jsonl: %s %s", r.stdout, r.stderr)
	}
	if p := e.run(r.stdout, "produce", "copy", "--format", "jsonl"); p.code != 0 {
		t.Fatalf("produce the export back: %s %s", p.stdout, p.stderr)
	}
	ch, err := svc.Tail(ctx, kafkaops.TailRequest{Topic: "copy", Start: kafkaops.StartBeginning, StopAtEnd: true})
	if err != nil {
		t.Fatal(err)
	}
	var got [][]byte
	for b := range ch {
		for _, rec := range b.Records {
			got = append(got, rec.Value)
		}
	}
	if len(got) != 2 || string(got[0]) != string(wires[0]) || string(got[1]) != string(wires[1]) {
		t.Errorf("copied values %q, want the wire bytes %q", got, wires)
	}
}
