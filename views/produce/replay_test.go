package produce

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"kscope/kafkaops"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

func startReplay(t *testing.T, svc kafkaops.Service, rec kafkaops.Record) kit.Screen {
	t.Helper()
	s := NewReplay(svc, kittest.TestStyles(), rec)
	s.(*Produce).now = func() time.Time { return time.Date(2024, 5, 1, 12, 4, 5, 0, time.UTC) }
	s.SetSize(100, 30)
	for _, m := range kittest.RunCmd(s.Init()) {
		s, _ = kittest.FeedAll(s, m)
	}
	return s
}

// TestReplayFillsTheFormAndSendsTheRecord: the form holds the record's
// key, JSON value and headers; ctrl+s sends them unchanged to its topic.
func TestReplayFillsTheFormAndSendsTheRecord(t *testing.T) {
	f := produceFake()
	rec := kafkaops.Record{Topic: "bankbranch", Partition: 1, Offset: 7, Key: []byte("atm-1"), Value: []byte(labJSON1),
		Headers: []kafkaops.Header{{Key: "trace", Value: []byte("t-1")}, {Key: "src", Value: []byte("lab")}}}
	s := startReplay(t, f, rec)
	v := kittest.Plain(s)
	for _, want := range []string{"Produce to bankbranch", "replay of bankbranch p1 @ 7", "atm-1", labJSON1, "trace=t-1", "src=lab", "valid JSON"} {
		if !strings.Contains(v, want) {
			t.Errorf("the replay form lacks %q:\n%s", want, v)
		}
	}
	s, _ = kittest.KeysAll(s, kittest.Ctrl('s'))
	if len(f.Produced) != 1 {
		t.Fatalf("produced %d records", len(f.Produced))
	}
	p := f.Produced[0]
	if p.Topic != "bankbranch" || string(p.Key) != "atm-1" || string(p.Value) != labJSON1 || len(p.Headers) != 2 ||
		p.Headers[1].Key != "src" || string(p.Headers[1].Value) != "lab" || p.Partition != kafkaops.AnyPartition {
		t.Errorf("produced %+v", p)
	}
	_ = s
}

// TestReplaySendsBinaryBytesAsTheyWere: a binary key, a null value and a
// header with control bytes are shown escaped and sent as the record's
// own bytes; typing over the topic sends to another topic.
func TestReplaySendsBinaryBytesAsTheyWere(t *testing.T) {
	f := produceFake()
	rec := kafkaops.Record{Topic: "bankbranch", Partition: 0, Offset: 3, Key: []byte{0xff, 0x00, 0x1b},
		Headers: []kafkaops.Header{{Key: "a=b", Value: []byte("x\ny\x00")}}}
	s := startReplay(t, f, rec)
	v := kittest.Plain(s)
	if !strings.Contains(v, "key, headers shown escaped, sent as is unless edited") || !strings.Contains(v, "null value") {
		t.Fatalf("the form does not say what is escaped, or the value is not null:\n%s", v)
	}
	if strings.ContainsRune(v, 0x1b) || strings.ContainsRune(v, 0) {
		t.Fatal("control bytes reached the screen")
	}
	// Topic: shift+tab from the value to the key, partition, topic.
	s, _ = kittest.KeysAll(s, "shift+tab", "shift+tab", "shift+tab", kittest.Ctrl('u'), "orders", kittest.Ctrl('s'))
	if len(f.Produced) != 1 {
		t.Fatalf("produced %d records:\n%s", len(f.Produced), kittest.Plain(s))
	}
	p := f.Produced[0]
	if p.Topic != "orders" || !bytes.Equal(p.Key, rec.Key) || p.Value != nil || len(p.Headers) != 1 ||
		p.Headers[0].Key != "a=b" || !bytes.Equal(p.Headers[0].Value, rec.Headers[0].Value) {
		t.Errorf("produced %+v, want the record's bytes to orders", p)
	}
}

// TestReplayEditedFieldSendsWhatIsTyped: a field edited after the fill
// sends its text, the others the record's bytes.
func TestReplayEditedFieldSendsWhatIsTyped(t *testing.T) {
	f := produceFake()
	rec := kafkaops.Record{Topic: "bankbranch", Key: []byte{0xfe}, Value: []byte("plain text")}
	s := startReplay(t, f, rec)
	if !strings.Contains(kittest.Plain(s), "Value (text)") {
		t.Errorf("a text value is not sent as text:\n%s", kittest.Plain(s))
	}
	s, _ = kittest.KeysAll(s, "!", kittest.Ctrl('s'))
	if len(f.Produced) != 1 || string(f.Produced[0].Value) != "plain text!" || !bytes.Equal(f.Produced[0].Key, []byte{0xfe}) {
		t.Fatalf("produced %+v", f.Produced)
	}
	_ = s
}

// TestReplayFormGolden: the replay form at 80x24, with a binary key shown
// escaped and the line that says so.
func TestReplayFormGolden(t *testing.T) {
	rec := kafkaops.Record{Topic: "bankbranch", Partition: 1, Offset: 7, Key: []byte{0xff, 0x01}, Value: []byte(labJSON1),
		Headers: []kafkaops.Header{{Key: "trace", Value: []byte("t-1")}}}
	s := NewReplay(produceFake(), kittest.TestStyles(), rec)
	s.SetSize(80, 24)
	for _, m := range kittest.RunCmd(s.Init()) {
		s, _ = kittest.FeedAll(s, m)
	}
	kittest.Golden(t, "replay-80x24.golden", kittest.Plain(s))
}
