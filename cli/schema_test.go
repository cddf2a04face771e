package cli

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kscope/broker"
	"kscope/config"
	"kscope/kafkaops"
)

// Issue 14: --schema-registry beats KSCOPE_SCHEMA_REGISTRY, which beats
// the context's; a bad URL is refused with the flag's name and never
// shows its user info.
func TestExplorerDecoderPrecedence(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == schemaRegistryEnv {
				return v
			}
			return ""
		}
	}
	if d, err := explorerDecoder("", env(""), &config.Context{Name: "a"}); d != nil || err != nil {
		t.Errorf("no registry anywhere: %v, %v", d, err)
	}
	if _, err := explorerDecoder("ftp://x", env("http://127.0.0.1:1"), nil); err == nil || !strings.Contains(err.Error(), "--schema-registry") {
		t.Errorf("bad flag: %v", err)
	}
	if _, err := explorerDecoder("", env("http://u:hunter2@127.0.0.1:1"), nil); err == nil || !strings.Contains(err.Error(), schemaRegistryEnv) || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("bad env: %v", err)
	}
	c := &config.Context{Name: "a", SchemaRegistry: &config.SchemaRegistry{URL: "ftp://bad"}}
	if _, err := explorerDecoder("http://127.0.0.1:1", env(""), c); err != nil {
		t.Errorf("the flag should win over a bad context registry: %v", err)
	}
	if _, err := explorerDecoder("", env("http://127.0.0.1:1"), c); err != nil {
		t.Errorf("the env should win over a bad context registry: %v", err)
	}
	if _, err := explorerDecoder("", env(""), c); err == nil {
		t.Error("the context's bad registry URL should be refused")
	}
}

// Issue 14: a context's registry password comes from its source, and an
// unset password-env is an error that names the source, not a value.
func TestContextDecoderResolvesSecrets(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	body := "contexts:\n  - name: a\n    brokers: [127.0.0.1:1]\n    schema-registry: {url: http://127.0.0.1:1, username: u, password-env: KSCOPE_TEST_SR_PW}\n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	cs, err := config.LoadContexts(path)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := cs.Context("a")
	os.Unsetenv("KSCOPE_TEST_SR_PW")
	if _, err := contextDecoder(context.Background(), c); err == nil || !strings.Contains(err.Error(), "KSCOPE_TEST_SR_PW is not set") {
		t.Errorf("unset password-env: %v", err)
	}
	t.Setenv("KSCOPE_TEST_SR_PW", "hunter2")
	if d, err := contextDecoder(context.Background(), c); err != nil || d == nil {
		t.Errorf("with the password set: %v, %v", d, err)
	}
}

// Issue 14: a record produced in the Confluent wire format with a schema
// of the bundled registry is read back from the bundled broker and
// decoded by the explorer's decoder, with the schema's subject, version
// and id.
func TestDecodesRecordProducedWithBundledRegistry(t *testing.T) {
	b, err := broker.Start(broker.Options{Listen: "127.0.0.1:0", InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	// The producer's side: register, encode, produce.
	url, enc := txnRegistry(t)
	wire, err := enc.Encode([]byte(`{"atm":"ATM-07","amount":120.5}`))
	if err != nil {
		t.Fatal(err)
	}
	svc := txnService(t, b.Addr(), "txn")
	for _, v := range [][]byte{wire, append([]byte{0, 0, 0, 0, 99}, 1, 2)} {
		if _, err := svc.Produce(ctx, kafkaops.ProduceRequest{Topic: "txn", Value: v, Partition: kafkaops.AnyPartition}); err != nil {
			t.Fatal(err)
		}
	}

	// The explorer's side: tail and decode with a fresh session.
	ch, err := svc.Tail(ctx, kafkaops.TailRequest{Topic: "txn", Start: kafkaops.StartBeginning, StopAtEnd: true})
	if err != nil {
		t.Fatal(err)
	}
	var recs []kafkaops.Record
	for batch := range ch {
		if batch.Err != nil {
			t.Fatal(batch.Err)
		}
		recs = append(recs, batch.Records...)
	}
	if len(recs) != 2 {
		t.Fatalf("read %d records, want 2", len(recs))
	}
	d, err := urlDecoder(url)
	if err != nil {
		t.Fatal(err)
	}
	for i := range recs {
		if pending := kafkaops.DecodeRecord(ctx, d, &recs[i]); pending {
			t.Fatalf("record %d: schema pending with no deadline", i)
		}
	}
	if got := string(recs[0].Decoded); got != `{"atm":"ATM-07","amount":120.5}` {
		t.Errorf("decoded %q (err %q)", got, recs[0].DecodeErr)
	}
	if want := "txn-value v1 id 1 (AVRO)"; recs[0].Schema != want {
		t.Errorf("schema %q, want %q", recs[0].Schema, want)
	}
	if recs[1].Decoded != nil || !strings.Contains(recs[1].DecodeErr, "schema id 99") {
		t.Errorf("unknown id: decoded %q, reason %q", recs[1].Decoded, recs[1].DecodeErr)
	}
	if _, _, err := d.Decode(ctx, []byte(`{"plain":1}`)); !errors.Is(err, kafkaops.ErrNotEncoded) {
		t.Errorf("plain JSON: %v, want ErrNotEncoded", err)
	}
}
