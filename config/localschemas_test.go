package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 14: a context names local schema files per topic; relative paths
// are the file's directory's.
func TestLocalSchemasParse(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"orders.avsc", "shop.proto", "k.json"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("{}"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	body := "contexts:\n  - name: a\n    brokers: [h:1]\n    schemas:\n" +
		"      orders: {value: orders.avsc, key: k.json}\n" +
		"      shop.events: {value: shop.proto, message: shop.Order}\n"
	cs, err := writeFile(t, dir, body, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := cs.Context("a")
	o := c.Schemas["orders"]
	if o.Value == nil || o.Value.Path != filepath.Join(dir, "orders.avsc") || o.Key == nil || o.Key.Path != filepath.Join(dir, "k.json") {
		t.Errorf("orders = %+v %+v", o.Key, o.Value)
	}
	s := c.Schemas["shop.events"]
	if s.Value == nil || s.Value.Message != "shop.Order" || s.Key != nil {
		t.Errorf("shop.events = %+v %+v", s.Key, s.Value)
	}
}

// Issue 14: mistakes in `schemas:` are said in words, with the line.
func TestLocalSchemasErrors(t *testing.T) {
	pre := "contexts:\n  - name: a\n    brokers: [h:1]\n    schemas:\n"
	for _, tt := range []struct{ name, body, want string }{
		{"missing file", "      t: {value: nope.avsc}\n", "schemas.t.value: file"},
		{"bad extension", "      t: {value: v.txt}\n", "want an Avro .avsc, a Protobuf .proto or a JSON Schema .json file"},
		{"nothing", "      t: {}\n", "give a schema file for the topic's value:, key: or both"},
		{"message on avro", "      t: {value: v.avsc, message: x.Y}\n", "names a Protobuf message, but v.avsc is Avro"},
		{"key message without key", "      t: {value: v.proto, key-message: x.Y}\n", "the topic has no key: schema file"},
		{"unknown", "      t: {value: v.avsc, subject: x}\n", `unknown field "contexts[0].schemas.t.subject"`},
		{"not a mapping", "      t: v.avsc\n", "want a mapping"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range []string{"v.avsc", "v.proto", "v.txt"} {
				if err := os.WriteFile(filepath.Join(dir, f), []byte("{}"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			_, err := writeFile(t, dir, pre+tt.body, 0o600)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}
