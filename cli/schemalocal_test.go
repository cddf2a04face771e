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
	if bad.Decoded != nil || !strings.Contains(bad.DecodeErr, "local schema file txn.avsc: avro payload does not match its schema") {
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

// Issue 14: a .proto file with message: decodes that message's plain
// payloads, keys as well as values; a JSON Schema file reads JSON.
func TestLocalSchemaProtobufAndJSONSchema(t *testing.T) {
	proto := writeSchema(t, "shop.proto", `syntax = "proto3";
package shop;
message Key { string id = 1; }
message Payment { string id = 1; double amount = 2; }`)
	js := writeSchema(t, "event.json", `{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]}`)
	c := &config.Context{Name: "lab", Schemas: map[string]config.TopicSchemas{
		"pay":    {Value: &config.SchemaFile{Path: proto, Message: "shop.Payment"}, Key: &config.SchemaFile{Path: proto, Message: "Key"}},
		"events": {Value: &config.SchemaFile{Path: js}},
	}}
	d, err := explorerDecoder("", func(string) string { return "" }, c)
	if err != nil {
		t.Fatal(err)
	}
	encode := func(msg, doc string) []byte {
		codec, idx, err := schema.LoadFile(proto, msg)
		if err != nil {
			t.Fatal(err)
		}
		b, err := codec.AppendPayload(nil, []byte(doc), idx)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	r := kafkaops.Record{Topic: "pay", Key: encode("shop.Key", `{"id":"k1"}`), Value: encode("shop.Payment", `{"id":"p1","amount":3.5}`)}
	kafkaops.DecodeRecord(context.Background(), d, &r)
	if string(r.Decoded) != `{"id":"p1","amount":3.5}` || r.Schema != "file shop.proto shop.Payment (PROTOBUF)" {
		t.Errorf("value: %q %q %q", r.Decoded, r.Schema, r.DecodeErr)
	}
	if string(r.KeyDecoded) != `{"id":"k1"}` || r.KeySchema != "file shop.proto Key (PROTOBUF)" {
		t.Errorf("key: %q %q %q", r.KeyDecoded, r.KeySchema, r.KeyDecodeErr)
	}
	e := kafkaops.Record{Topic: "events", Value: []byte(`{"n":4}`)}
	kafkaops.DecodeRecord(context.Background(), d, &e)
	if string(e.Decoded) != `{"n":4}` || e.Schema != "file event.json (JSON)" {
		t.Errorf("json schema: %q %q %q", e.Decoded, e.Schema, e.DecodeErr)
	}
	bad := kafkaops.Record{Topic: "events", Value: []byte(`{"n":"four"}`)}
	kafkaops.DecodeRecord(context.Background(), d, &bad)
	if bad.Decoded != nil || !strings.HasPrefix(bad.DecodeErr, "local schema file event.json: ") {
		t.Errorf("invalid json: %q %q", bad.Decoded, bad.DecodeErr)
	}
	// A message the file does not have stops the context.
	c.Schemas["pay"] = config.TopicSchemas{Value: &config.SchemaFile{Path: proto, Message: "shop.Nope"}}
	if _, err := explorerDecoder("", func(string) string { return "" }, c); err == nil || !strings.Contains(err.Error(), "no message shop.Nope") {
		t.Errorf("unknown message: %v", err)
	}
}
