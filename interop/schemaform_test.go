package interop

import (
	"context"
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"kscope/cli"
	"kscope/kafkaops"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
	"kscope/views/produce"
)

// driveScreen feeds msg to s and runs every command it returns to the
// end, feeding the results back (no time bound: the calls go to a real
// broker and registry); the root's messages are returned.
func driveScreen(s kit.Screen, msg tea.Msg) (kit.Screen, []tea.Msg) {
	var out []tea.Msg
	queue := []tea.Msg{msg}
	for len(queue) > 0 {
		m := queue[0]
		queue = queue[1:]
		switch m := m.(type) {
		case nil:
			continue
		case kit.AddressedMsg:
			queue = append(queue, m.Msg)
			continue
		case tea.BatchMsg:
			for _, c := range m {
				if c != nil {
					queue = append(queue, c())
				}
			}
			continue
		case kit.NavigateMsg, kit.PopMsg, kit.StatusMsg, kit.ClearStatusMsg, kit.TopicsChangedMsg:
			out = append(out, m)
			continue
		}
		if v := reflect.ValueOf(m); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
			for i := 0; i < v.Len(); i++ { // tea.Sequence
				if c, _ := v.Index(i).Interface().(tea.Cmd); c != nil {
					queue = append(queue, c())
				}
			}
			continue
		}
		var cmd tea.Cmd
		s, cmd = s.Update(m)
		if cmd != nil {
			queue = append(queue, cmd())
		}
	}
	return s, out
}

// TestProduceFormEncodesForConfluentConsumers: a record typed as JSON in
// kscope's produce form, with the value schema chosen from the bundled
// registry, goes to the broker in the Confluent wire format, and
// confluent-kafka's consumer with Apache Avro for Python reads it back as
// the same record.
func TestProduceFormEncodesForConfluentConsumers(t *testing.T) {
	requireConfluentPython(t)
	p := startBroker(t, filepath.Join(t.TempDir(), "data"), "--registry-listen", "127.0.0.1:0")
	url := registryURL(t, p)
	reg, err := cli.SchemaRegistryAt(url)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	const avsc = `{"type":"record","name":"Txn","namespace":"bank","fields":[{"name":"atmid","type":"long"},{"name":"atm","type":"string"},{"name":"amount","type":"double"},{"name":"note","type":["null","string"],"default":null}]}`
	v, err := reg.RegisterSchema(ctx, "formtxn-value", kafkaops.SchemaDraft{Type: kafkaops.SchemaAvro, Text: avsc})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := kafkaops.New(kafkaops.Config{Brokers: []string{p.Addr}})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if err := svc.CreateTopic(ctx, kafkaops.NewTopic{Name: "formtxn", Partitions: 1, ReplicationFactor: 1}); err != nil {
		t.Fatal(err)
	}

	s := produce.WithRegistry(produce.NewProduce(svc, kittest.TestStyles(), "formtxn"), reg)
	s.SetSize(100, 34)
	s, _ = driveScreen(s, s.Init()())
	press := func(keys ...string) {
		for _, k := range keys {
			for _, km := range kittest.KeyMsgs(k) {
				s, _ = driveScreen(s, km)
			}
		}
	}
	// Key, down past the key schema, tab takes formtxn-value, tab
	// fetches it and goes to the value.
	press("atm-9", "down", "down", "tab", "tab")
	press(`{"atmid": 9, "atm": "ATM-9 é", "amount": "x", "note": {"string": "hi"}}`)
	if view := kittest.Plain(s); !strings.Contains(view, "schema: amount: expected double, got string") {
		t.Fatalf("the form does not show the schema error:\n%s", view)
	}
	for range len(`"x", "note": {"string": "hi"}}`) {
		press("backspace")
	}
	press(`120.5, "note": {"string": "hi"}}`)
	s, out := driveScreen(s, kittest.Ctrl('s'))
	if st := kittest.Statuses(out); len(st) != 1 || !strings.HasPrefix(st[0], "sent to formtxn [0] @ offset 0") {
		t.Fatalf("the send said %q:\n%s", st, kittest.Plain(s))
	}
	got := strings.TrimSpace(run(t, time.Minute, "", pythonKafka, filepath.Join("testdata", "schema_form.py"), p.Addr, url, "formtxn"))
	var rec struct {
		ID     int
		Key    string
		Record map[string]any
	}
	if err := json.Unmarshal([]byte(got), &rec); err != nil {
		t.Fatalf("python said %q: %v", got, err)
	}
	want := map[string]any{"atmid": 9.0, "atm": "ATM-9 é", "amount": 120.5, "note": "hi"}
	if rec.ID != v.ID || rec.Key != "atm-9" || !reflect.DeepEqual(rec.Record, want) {
		t.Fatalf("confluent-kafka + python avro read %+v, want id %d key atm-9 record %v\nform:\n%s", rec, v.ID, want, kittest.Plain(s))
	}
}
