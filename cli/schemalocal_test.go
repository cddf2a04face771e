package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kscope/config"
	"kscope/kafkaops"
	"kscope/schema"
)

const localAvsc = `{"type":"record","name":"Txn","fields":[{"name":"atm","type":"string"},{"name":"amount","type":"double"}]}`

func writeSchema(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// Issue 14: a context's local schema file decodes its topic's plain
// Avro payloads (no header) in the tail's records, with the file named on
// the schema line; a payload that does not match is shown raw with the
// reason, and other topics are left alone.
func TestLocalSchemaDecodesPlainPayloads(t *testing.T) {
	path := writeSchema(t, "txn.avsc", localAvsc)
	c := &config.Context{Name: "lab", Schemas: map[string]config.TopicSchemas{"atm": {Value: &config.SchemaFile{Path: path}}}}
	d, err := explorerDecoder("", func(string) string { return "" }, c)
	if err != nil || d == nil {
		t.Fatalf("decoder %v, %v", d, err)
	}
	codec, _, err := schema.LoadFile(path, "")
	if err != nil {
		t.Fatal(err)
	}
	payload, err := codec.AppendPayload(nil, []byte(`{"atm":"ATM-1","amount":20.5}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	r := kafkaops.Record{Topic: "atm", Key: []byte("k"), Value: payload}
	kafkaops.DecodeRecord(context.Background(), d, &r)
	if string(r.Decoded) != `{"atm":"ATM-1","amount":20.5}` || r.Schema != "file txn.avsc (AVRO)" || r.KeyDecoded != nil {
		t.Errorf("decoded %q schema %q key %q err %q", r.Decoded, r.Schema, r.KeyDecoded, r.DecodeErr)
	}
	bad := kafkaops.Record{Topic: "atm", Value: []byte{0xff}}
	kafkaops.DecodeRecord(context.Background(), d, &bad)
	if bad.Decoded != nil || !strings.Contains(bad.DecodeErr, "does not match its local schema file txn.avsc") {
		t.Errorf("corrupt payload: %q %q", bad.Decoded, bad.DecodeErr)
	}
	other := kafkaops.Record{Topic: "other", Value: payload}
	kafkaops.DecodeRecord(context.Background(), d, &other)
	if other.Decoded != nil || other.DecodeErr != "" {
		t.Errorf("another topic was decoded: %q %q", other.Decoded, other.DecodeErr)
	}
	// Without a registry a wire-format value is not decoded, and says nothing.
	w := kafkaops.Record{Topic: "other", Value: []byte{0, 0, 0, 0, 1, 2}}
	kafkaops.DecodeRecord(context.Background(), d, &w)
	if w.Decoded != nil || w.DecodeErr != "" {
		t.Errorf("wire value without a registry: %q %q", w.Decoded, w.DecodeErr)
	}
}

// Issue 14: a schema file that does not compile stops the context with
// the topic and part named.
func TestLocalSchemaCompileErrorNamesTopic(t *testing.T) {
	path := writeSchema(t, "bad.avsc", `{"type":"record","name":"X","fields":[{"name":"a","type":"nope"}]}`)
	c := &config.Context{Name: "lab", Schemas: map[string]config.TopicSchemas{"atm": {Key: &config.SchemaFile{Path: path}}}}
	_, err := explorerDecoder("", func(string) string { return "" }, c)
	if err == nil || !strings.Contains(err.Error(), `context "lab": schemas: atm key: schema file`) {
		t.Fatalf("err = %v", err)
	}
}
