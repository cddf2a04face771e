package cli

import (
	"context"
	"encoding/binary"
	"strings"
	"testing"
	"time"

	"kscope/kafkaops"
	"kscope/registry"
)

// Issue 14: the explorer's registry adapter over the bundled registry:
// subjects, versions, levels, the dry run (both answers), register,
// soft-delete and the record encoder's wire format.
func TestSchemaRegistryAdapter(t *testing.T) {
	srv, err := registry.Open("")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	addr, err := srv.Serve("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	reg, err := SchemaRegistryAt("http://" + addr)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	check, err := reg.CheckCompatibility(ctx, "txn-value", kafkaops.SchemaDraft{Text: testTxnAvro})
	if err != nil || !check.Compatible {
		t.Fatalf("a new subject's dry run: %+v %v", check, err)
	}
	v1, err := reg.RegisterSchema(ctx, "txn-value", kafkaops.SchemaDraft{Type: kafkaops.SchemaAvro, Text: testTxnAvro})
	if err != nil || v1.Version != 1 || v1.ID == 0 {
		t.Fatalf("register: %+v %v", v1, err)
	}
	bad := strings.Replace(testTxnAvro, `{"name":"amount","type":"double"}`, `{"name":"amount","type":"double"},{"name":"fee","type":"double"}`, 1)
	if check, err := reg.CheckCompatibility(ctx, "txn-value", kafkaops.SchemaDraft{Text: bad}); err != nil || check.Compatible {
		t.Errorf("a field with no default passed the BACKWARD dry run: %+v %v", check, err)
	}
	good := strings.Replace(testTxnAvro, `{"name":"amount","type":"double"}`, `{"name":"amount","type":"double"},{"name":"fee","type":"double","default":0}`, 1)
	if check, err := reg.CheckCompatibility(ctx, "txn-value", kafkaops.SchemaDraft{Text: good}); err != nil || !check.Compatible {
		t.Errorf("a field with a default failed the dry run: %+v %v", check, err)
	}
	if _, err := reg.RegisterSchema(ctx, "txn-value", kafkaops.SchemaDraft{Text: good}); err != nil {
		t.Fatal(err)
	}
	subs, err := reg.Subjects(ctx)
	if err != nil || len(subs) != 1 || subs[0] != "txn-value" {
		t.Fatalf("subjects %v %v", subs, err)
	}
	vs, err := reg.SubjectVersions(ctx, "txn-value")
	if err != nil || len(vs) != 2 || vs[0].Version != 1 || vs[1].Version != 2 || vs[1].Type != kafkaops.SchemaAvro || !strings.Contains(vs[1].Text, "fee") {
		t.Fatalf("versions %+v %v", vs, err)
	}
	lv, err := reg.Compatibility(ctx, "txn-value")
	if err != nil || lv.Effective() != "BACKWARD" {
		t.Errorf("levels %+v %v", lv, err)
	}

	enc, err := reg.RecordEncoder(ctx, "txn-value", 1, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := enc.Encode([]byte(`{"atm":"A","amount":"x"}`)); err == nil || err.Error() != "amount: expected double, got string" {
		t.Errorf("encode error %v", err)
	}
	b, err := enc.Encode([]byte(`{"atm":"A","amount":1.5}`))
	if err != nil || b[0] != 0 || int(binary.BigEndian.Uint32(b[1:5])) != v1.ID {
		t.Fatalf("encoded %x %v", b, err)
	}
	if s := enc.Schema(); s.Subject != "txn-value" || s.Version != 1 || s.ID != v1.ID {
		t.Errorf("encoder schema %+v", s)
	}
	if _, err := reg.RecordEncoder(ctx, "txn-value", 1, "Other"); err == nil || !strings.Contains(err.Error(), "no messages to choose") {
		t.Errorf("a message for an Avro schema: %v", err)
	}
	const proto = "syntax = \"proto3\";\npackage shop;\nmessage Order { string id = 1; }\nmessage Refund { string order = 1; double amount = 2; }\n"
	if _, err := reg.RegisterSchema(ctx, "shop-value", kafkaops.SchemaDraft{Type: kafkaops.SchemaProtobuf, Text: proto}); err != nil {
		t.Fatal(err)
	}
	penc, err := reg.RecordEncoder(ctx, "shop-value", 0, "Refund")
	if err != nil {
		t.Fatal(err)
	}
	pb, err := penc.Encode([]byte(`{"order":"o-1","amount":2.5}`))
	// Refund is the second message: its index list is [1], written as
	// zig-zag varints: 2 (one index), then 2 (index 1).
	if err != nil || pb[0] != 0 || pb[5] != 2 || pb[6] != 2 {
		t.Fatalf("Refund encoded %x %v", pb, err)
	}
	if _, err := penc.Encode([]byte(`{"order":"o-1","amount":"x"}`)); err == nil || !strings.Contains(err.Error(), "amount") {
		t.Errorf("a Protobuf field error does not name the field: %v", err)
	}

	if err := reg.DeleteSchemaVersion(ctx, "txn-value", 2); err != nil {
		t.Fatal(err)
	}
	if vs, err := reg.SubjectVersions(ctx, "txn-value"); err != nil || len(vs) != 1 {
		t.Errorf("after the delete: %+v %v", vs, err)
	}
}
