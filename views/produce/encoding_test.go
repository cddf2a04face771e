package produce

import (
	"encoding/binary"
	"strings"
	"testing"
	"time"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

// produceRegistry holds bankbranch-value (id 7) whose amount is a double.
func produceRegistry() *kafkaopstest.FakeRegistry {
	return &kafkaopstest.FakeRegistry{
		Versions: map[string][]kafkaops.SchemaVersion{
			"bankbranch-value": {{Subject: "bankbranch-value", Version: 1, ID: 7, Type: kafkaops.SchemaAvro, Text: `{"type":"record","name":"T","fields":[]}`}},
			"bankbranch-key":   {{Subject: "bankbranch-key", Version: 1, ID: 9, Type: kafkaops.SchemaAvro, Text: `"string"`}},
		},
		Fields: map[string]map[string]string{"bankbranch-value": {"amount": "double", "atmid": "long"}},
	}
}

func startEncoding(t *testing.T, svc kafkaops.Service, reg kafkaops.SchemaRegistry) kit.Screen {
	t.Helper()
	s := WithRegistry(NewProduce(svc, kittest.TestStyles(), "bankbranch"), reg)
	s.(*Produce).now = func() time.Time { return time.Date(2024, 5, 1, 12, 4, 5, 0, time.UTC) }
	s.SetSize(100, 34)
	for _, m := range kittest.RunCmd(s.Init()) {
		s, _ = kittest.FeedAll(s, m)
	}
	return s
}

func TestProduceEncodesWithASubjectsSchema(t *testing.T) {
	f := produceFake()
	s := startEncoding(t, f, produceRegistry())
	// Key, then the key schema (left raw), then the value schema, which
	// tab completes to the topic's own subject.
	s, _ = kittest.KeysAll(s, "atm-1", "down", "down")
	if v := kittest.Plain(s); !strings.Contains(v, "▸ Value schema") || !strings.Contains(v, "bankbranch-value") {
		t.Fatalf("the value schema field does not offer the topic's subject:\n%s", v)
	}
	s, _ = kittest.KeysAll(s, "tab", "tab")
	v := kittest.Plain(s)
	if !strings.Contains(v, "v1 · id 7 · AVRO") || !strings.Contains(v, "Value (Avro)") {
		t.Fatalf("the schema is not shown as fetched:\n%s", v)
	}
	s, _ = kittest.KeysAll(s, `{"atmid": 1, "amount": "12.5"}`)
	if v := kittest.Plain(s); !strings.Contains(v, "schema: amount: expected double, got string") {
		t.Fatalf("the field error is not shown as typed:\n%s", v)
	}
	s, out := kittest.KeysAll(s, kittest.Ctrl('s'))
	if len(f.Produced) != 0 {
		t.Fatal("a record that does not match its schema was sent")
	}
	if st := kittest.Statuses(out); len(st) == 0 || !strings.Contains(st[0], "amount: expected double, got string") {
		t.Errorf("status = %q", st)
	}
	// Fix the amount: the record goes out in the wire format.
	for range len(`"12.5"}`) {
		s, _ = kittest.KeysAll(s, "backspace")
	}
	s, _ = kittest.KeysAll(s, "12.5}")
	if v := kittest.Plain(s); !strings.Contains(v, "valid for bankbranch-value v1") {
		t.Fatalf("a valid record is not said valid:\n%s", v)
	}
	s, _ = kittest.KeysAll(s, kittest.Ctrl('s'))
	if len(f.Produced) != 1 {
		t.Fatalf("produced %d records", len(f.Produced))
	}
	val := f.Produced[0].Value
	if len(val) < 5 || val[0] != 0 || binary.BigEndian.Uint32(val[1:5]) != 7 {
		t.Fatalf("value %q does not start with magic 0 and id 7", val)
	}
	if string(val[5:]) != `{"atmid": 1, "amount": 12.5}` {
		t.Errorf("payload %q", val[5:])
	}
	if string(f.Produced[0].Key) != "atm-1" {
		t.Errorf("a raw key was changed: %q", f.Produced[0].Key)
	}
	_ = s
}

func TestProduceEncodesTheKeyAndEachRepeat(t *testing.T) {
	f := produceFake()
	s := startEncoding(t, f, produceRegistry())
	s, _ = kittest.KeysAll(s, `"atm-{{i}}"`, "down", "tab", "tab", "tab", "tab", `{"atmid": {{i}}, "amount": 1}`)
	s.(*Produce).form.repeat.SetValue("3")
	s, _ = kittest.KeysAll(s, kittest.Ctrl('s'))
	if len(f.Produced) != 3 {
		t.Fatalf("produced %d, want 3:\n%s", len(f.Produced), kittest.Plain(s))
	}
	for i, r := range f.Produced {
		if r.Key[0] != 0 || binary.BigEndian.Uint32(r.Key[1:5]) != 9 || string(r.Key[5:]) != `"atm-`+string(rune('0'+i))+`"` {
			t.Errorf("record %d key %q", i, r.Key)
		}
		if len(r.Value) < 5 || binary.BigEndian.Uint32(r.Value[1:5]) != 7 {
			t.Errorf("record %d value %q", i, r.Value)
		}
	}
}

func TestProduceSchemaErrorsSaySo(t *testing.T) {
	f := produceFake()
	s := startEncoding(t, f, produceRegistry())
	s, _ = kittest.KeysAll(s, "down", "down", "nosuch", "tab")
	if v := kittest.Plain(s); !strings.Contains(v, "subject not found") {
		t.Errorf("an unknown subject is not told:\n%s", v)
	}
	s, _ = kittest.KeysAll(s, "shift+tab")
	for range len("nosuch") {
		s, _ = kittest.KeysAll(s, "backspace")
	}
	s, _ = kittest.KeysAll(s, "bankbranch-value@x")
	if v := kittest.Plain(s); !strings.Contains(v, "after @ comes a version number") {
		t.Errorf("a bad version is not told:\n%s", v)
	}
	s, _ = kittest.KeysAll(s, "backspace", "1#Refund", "tab")
	if v := kittest.Plain(s); !strings.Contains(v, "AVRO schemas have no messages to choose") {
		t.Errorf("a message for an Avro schema is not refused:\n%s", v)
	}
}

func TestProduceWithoutRegistryHasNoSchemaFields(t *testing.T) {
	s := startProduce(t, produceFake(), "bankbranch")
	if v := kittest.Plain(s); strings.Contains(v, "schema") {
		t.Errorf("schema fields shown without a registry:\n%s", v)
	}
	s, _ = kittest.KeysAll(s, "tab")
	if v := kittest.Plain(s); !strings.Contains(v, "▸ Value") {
		t.Errorf("tab from the key does not reach the value:\n%s", kittest.FocusedLine(v))
	}
}

// The form with a registry at 80x24 (the body the root gives it): the
// schema fields, the fetched schema and a field error all show.
func TestProduceEncodingGolden(t *testing.T) {
	s := startEncoding(t, produceFake(), produceRegistry())
	s.SetSize(80, 21)
	s, _ = kittest.KeysAll(s, "atm-1", "down", "down", "tab", "tab", `{"atmid": 1, "amount": "12.5"}`)
	v := kittest.Plain(s)
	kittest.CheckFrame(t, v, 80, 21)
	kittest.Golden(t, "produce_encoding.golden", v)
}
