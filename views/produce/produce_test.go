package produce

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

func produceFake() *kafkaopstest.FormsFake {
	f := kafkaopstest.NewFormsFake(kafkaops.Topic{Name: "bankbranch", Partitions: 2, ReplicationFactor: 1}, kafkaops.Topic{Name: "orders", Partitions: 1})
	f.Details = map[string]kafkaops.TopicDetail{
		"bankbranch": {Topic: kafkaops.Topic{Name: "bankbranch", Partitions: 2},
			PartitionList: []kafkaops.Partition{{ID: 0}, {ID: 1}}},
	}
	f.Configs = map[string][]kafkaops.ConfigEntry{"bankbranch": {{Name: "max.message.bytes", Value: "1048588"}}}
	return f
}

func startProduce(t *testing.T, svc kafkaops.Service, topic string) kit.Screen {
	t.Helper()
	s := NewProduce(svc, kittest.TestStyles(), topic)
	s.(*Produce).now = func() time.Time { return time.Date(2024, 5, 1, 12, 4, 5, 0, time.UTC) }
	s.SetSize(100, 30)
	for _, m := range kittest.RunCmd(s.Init()) {
		s, _ = kittest.FeedAll(s, m)
	}
	return s
}

const labJSON1 = `{"atmid": 1, "transid": 100}`

func TestProduceSendsAndStaysFilled(t *testing.T) {
	f := produceFake()
	s := startProduce(t, f, "bankbranch")
	if v := kittest.Plain(s); !strings.Contains(v, "2 partitions · max.message.bytes 1MiB") || !strings.Contains(v, "▸ Key") {
		t.Fatalf("header or focus wrong:\n%s", v)
	}
	s, msgs := kittest.KeysAll(s, "atm-1", "tab", labJSON1, kittest.Ctrl('s'))
	if len(f.Produced) != 1 {
		t.Fatalf("produced %v", f.Produced)
	}
	r := f.Produced[0]
	if r.Topic != "bankbranch" || string(r.Key) != "atm-1" || string(r.Value) != labJSON1 || r.Partition != kafkaops.AnyPartition {
		t.Errorf("produced %+v", r)
	}
	if st := kittest.Statuses(msgs); len(st) != 1 || st[0] != "sent to bankbranch [0] @ offset 0" {
		t.Errorf("statuses %q", st)
	}
	v := kittest.Plain(s)
	for _, want := range []string{labJSON1, "atm-1", "Sent this session (1)", "12:04:05  bankbranch [0] @ 0  key atm-1  " + labJSON1} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	// The next record of the series: edit and send again.
	s, msgs = kittest.KeysAll(s, "end", "backspace", "backspace", "backspace", "backspace", "101}", kittest.Ctrl('s'))
	if len(f.Produced) != 2 || string(f.Produced[1].Value) != `{"atmid": 1, "transid": 101}` {
		t.Fatalf("second record %+v", f.Produced)
	}
	if st := kittest.Statuses(msgs); len(st) != 1 || st[0] != "sent to bankbranch [1] @ offset 0" {
		t.Errorf("statuses %q", st)
	}
	if v := kittest.Plain(s); !strings.Contains(v, "Sent this session (2)") {
		t.Errorf("sends list:\n%s", v)
	}
	// Nothing unsent: esc closes at once.
	if _, msgs = kittest.KeysAll(s, "esc"); !kittest.HasPop(msgs) {
		t.Error("esc after sending asked to discard")
	}
}

func TestProduceJSONErrorLineColumn(t *testing.T) {
	tests := []struct {
		keys []any
		want string
	}{
		{[]any{"{", "enter", `  "a": 1,`, "enter", "}"}, `✗ JSON, line 3, column 1: invalid character '}' looking for beginning of`},
		{[]any{`{"a": tru}`}, "✗ JSON, line 1, column 10: invalid character '}' in literal true"},
		{[]any{`{"a": [1, 2`}, "✗ JSON, line 1, column 12: the JSON ends too early"},
		{[]any{`{"é": 1} x`}, "✗ JSON, line 1, column 10: invalid character 'x' after top-level value"},
		{[]any{`{"atmid": {{i}}}`}, "✓ valid JSON"},
	}
	for _, tt := range tests {
		s := startProduce(t, produceFake(), "bankbranch")
		s, _ = kittest.KeysAll(s, append([]any{"tab"}, tt.keys...)...)
		if v := kittest.Plain(s); !strings.Contains(v, tt.want) {
			t.Errorf("%v: view lacks %q:\n%s", tt.keys, tt.want, v)
		}
	}
}

func TestProduceInvalidJSONIsNotSent(t *testing.T) {
	f := produceFake()
	s := startProduce(t, f, "bankbranch")
	s, msgs := kittest.KeysAll(s, "tab", "hello", kittest.Ctrl('s'))
	if len(f.Produced) != 0 {
		t.Fatal("sent invalid JSON")
	}
	if st := kittest.Statuses(msgs); len(st) != 1 || !strings.Contains(st[0], "JSON, line 1, column 1") {
		t.Errorf("statuses %q", st)
	}
	// As text it goes.
	_, _ = kittest.KeysAll(s, kittest.Ctrl('t'), kittest.Ctrl('s'))
	if len(f.Produced) != 1 || string(f.Produced[0].Value) != "hello" || f.Produced[0].Key != nil {
		t.Errorf("produced %+v", f.Produced)
	}
}

func TestProducePrettyPrint(t *testing.T) {
	s := startProduce(t, produceFake(), "bankbranch")
	s, _ = kittest.KeysAll(s, "tab", `{"atmid":{{i}},"tags":["a","b"]}`, kittest.Ctrl('f'))
	want := "{\n  \"atmid\": {{i}},\n  \"tags\": [\n    \"a\",\n    \"b\"\n  ]\n}"
	if got := s.(*Produce).form.value.Value(); got != want {
		t.Errorf("pretty-printed\n%s\nwant\n%s", got, want)
	}
	s, msgs := kittest.KeysAll(s, "backspace", kittest.Ctrl('f'))
	if st := kittest.Statuses(msgs); len(st) != 1 || !strings.Contains(st[0], "cannot pretty-print: JSON, line 7") {
		t.Errorf("statuses %q", st)
	}
	_ = s
}

func TestProducePartitionAndHeaders(t *testing.T) {
	f := produceFake()
	s := startProduce(t, f, "bankbranch")
	s, _ = kittest.KeysAll(s, "shift+tab", "5")
	if v := kittest.Plain(s); !strings.Contains(v, "✗ bankbranch has 2 partitions: 0–1") {
		t.Errorf("no range error:\n%s", v)
	}
	s, _ = kittest.KeysAll(s, "backspace", "x")
	if v := kittest.Plain(s); !strings.Contains(v, `✗ a partition number, or "auto"`) {
		t.Errorf("no number error:\n%s", v)
	}
	s, _ = kittest.KeysAll(s, "backspace", "1", "tab", "k", "tab", "1", "tab", "source=kscope", "enter", "bad")
	if v := kittest.Plain(s); !strings.Contains(v, "✗ headers, line 2: write key=value") {
		t.Errorf("no header error:\n%s", v)
	}
	s, _ = kittest.KeysAll(s, "backspace", "backspace", "backspace", "trace=a=b", kittest.Ctrl('s'))
	if len(f.Produced) != 1 {
		t.Fatalf("produced %v", f.Produced)
	}
	r := f.Produced[0]
	if r.Partition != 1 || len(r.Headers) != 2 || r.Headers[0].Key != "source" || string(r.Headers[1].Value) != "a=b" {
		t.Errorf("produced %+v", r)
	}
	_ = s
}

func TestProduceRepeatWithCounter(t *testing.T) {
	f := produceFake()
	s := startProduce(t, f, "bankbranch")
	s, msgs := kittest.KeysAll(s, "atm-{{i}}", "tab", `{"atmid": {{i}}}`, "tab", "tab", "3", "enter")
	if len(f.Produced) != 3 {
		t.Fatalf("produced %d", len(f.Produced))
	}
	for i, r := range f.Produced {
		if string(r.Key) != "atm-"+string(rune('0'+i)) || string(r.Value) != `{"atmid": `+string(rune('0'+i))+`}` {
			t.Errorf("record %d: %q %q", i, r.Key, r.Value)
		}
	}
	if f.CallCount("ProduceBatch") != 1 {
		t.Errorf("calls %v", f.Calls)
	}
	if st := kittest.Statuses(msgs); len(st) != 1 || st[0] != "sent 3 records to bankbranch: [0] @ 0–1 · [1] @ 0" {
		t.Errorf("statuses %q", st)
	}
	if v := kittest.Plain(s); !strings.Contains(v, "bankbranch ×3  [0] @ 0–1 · [1] @ 0  key atm-{{i}}") {
		t.Errorf("sends list:\n%s", v)
	}
}

func TestProduceProgressAndStop(t *testing.T) {
	f := produceFake()
	s := startProduce(t, f, "bankbranch")
	s, _ = kittest.KeysAll(s, "tab", "1", "tab", "tab", "2500")
	s, cmd := s.Update(kittest.Ctrl('s'))
	msgs := kittest.RunCmd(cmd)
	if len(msgs) != 1 {
		t.Fatalf("first chunk: %v", msgs)
	}
	s, cmd = s.Update(msgs[0])
	if v := kittest.Plain(s); !strings.Contains(v, "sending 1,000/2,500 to bankbranch… · esc stops") {
		t.Errorf("no progress:\n%s", v)
	}
	// esc stops after the chunk on its way.
	s, _ = s.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	s, out := kittest.FeedAll(s, kittest.RunCmd(cmd)[0])
	if st := kittest.Statuses(out); len(st) != 1 || st[0] != "stopped: sent 2,000 of 2,500 records to bankbranch" {
		t.Errorf("statuses %q", st)
	}
	if len(f.Produced) != 2000 {
		t.Errorf("produced %d", len(f.Produced))
	}
	_ = s
}

func TestProduceTooLargeGetsTheBrokersError(t *testing.T) {
	f := produceFake()
	f.Configs["bankbranch"] = []kafkaops.ConfigEntry{{Name: "max.message.bytes", Value: "100"}}
	f.ProduceErrFn = func(r kafkaops.ProduceRequest) error {
		if len(r.Value) > 100 {
			return errors.New(`produce to "bankbranch": [10] Message Size Too Large: the request included a message larger than the max message size the server will accept`)
		}
		return nil
	}
	s := startProduce(t, f, "bankbranch")
	s, _ = kittest.KeysAll(s, "tab", kittest.Ctrl('t'), strings.Repeat("x", 150))
	if v := kittest.Plain(s); !strings.Contains(v, "! 150B is over the topic's max.message.bytes (100B)") {
		t.Errorf("no warning:\n%s", v)
	}
	s, msgs := kittest.KeysAll(s, kittest.Ctrl('s'))
	if st := kittest.Statuses(msgs); len(st) != 1 || !strings.Contains(st[0], "[10] Message Size Too Large") {
		t.Errorf("statuses %q", st)
	}
	if v := kittest.Plain(s); !strings.Contains(v, "✗ produce to \"bankbranch\": [10] Message Size Too Large") {
		t.Errorf("no error:\n%s", v)
	}
}

func TestProduceTopicField(t *testing.T) {
	f := produceFake()
	s := startProduce(t, f, "")
	if v := kittest.Plain(s); !strings.Contains(v, "▸ Topic") || !strings.Contains(v, "✗ choose a topic") {
		t.Fatalf("view:\n%s", v)
	}
	s, _ = kittest.KeysAll(s, "bank")
	if v := kittest.Plain(s); !strings.Contains(v, "tab completes bankbranch") {
		t.Errorf("no completion hint:\n%s", v)
	}
	s, _ = kittest.KeysAll(s, "tab", "tab")
	if got := s.(*Produce).form.topic.Value(); got != "bankbranch" {
		t.Fatalf("topic %q", got)
	}
	// Leaving the topic field loads its partitions.
	if v := kittest.Plain(s); !strings.Contains(v, "2 partitions") {
		t.Errorf("partitions not loaded:\n%s", v)
	}
	s, _ = kittest.KeysAll(s, "shift+tab", "end", "x")
	if v := kittest.Plain(s); !strings.Contains(v, "! no topic named bankbranchx") {
		t.Errorf("no unknown-topic warning:\n%s", v)
	}
}

func TestProduceCancelAsks(t *testing.T) {
	s := startProduce(t, produceFake(), "bankbranch")
	if _, msgs := kittest.KeysAll(s, "esc"); !kittest.HasPop(msgs) {
		t.Fatal("esc on an untouched form did not close it")
	}
	s = startProduce(t, produceFake(), "bankbranch")
	s, msgs := kittest.KeysAll(s, "tab", "{", "esc")
	if kittest.HasPop(msgs) || !strings.Contains(kittest.Plain(s), "Discard what you typed") {
		t.Fatalf("did not ask:\n%s", kittest.Plain(s))
	}
	s, _ = kittest.KeysAll(s, "n")
	if s.(*Produce).form.value.Value() != "{" {
		t.Fatal("keeping lost the value")
	}
	if _, msgs = kittest.KeysAll(s, "esc", "y"); !kittest.HasPop(msgs) {
		t.Fatal("y did not discard")
	}
}

func TestProducePaste(t *testing.T) {
	f := produceFake()
	s := startProduce(t, f, "bankbranch")
	s, _ = kittest.KeysAll(s, "tab", tea.PasteMsg{Content: "{\r\n\t\"atmid\": 2,\r\n\t\"transid\": 101\r\n}"}, kittest.Ctrl('s'))
	if len(f.Produced) != 1 || string(f.Produced[0].Value) != "{\n  \"atmid\": 2,\n  \"transid\": 101\n}" {
		t.Errorf("produced %+v", f.Produced)
	}
	_ = s
}

func TestTextAreaEditing(t *testing.T) {
	ta := kit.NewTextArea()
	del, left := tea.KeyPressMsg{Code: tea.KeyDelete}, tea.KeyPressMsg{Code: tea.KeyLeft}
	for _, k := range []any{"ab", "enter", "cd", "up", "end", del, "home", "x", "down", "backspace", left, "backspace"} {
		switch k := k.(type) {
		case string:
			for _, m := range kittest.KeyMsgs(k) {
				ta.Update(m)
			}
		case tea.KeyPressMsg:
			ta.Update(k)
		}
	}
	// "ab" / "cd" → up,end: after b; delete joins → "abcd"; home, x → "xabcd";
	// down stays (one line); backspace at col 1 → "abcd"; left, backspace at 0 → nothing.
	if got := ta.Value(); got != "abcd" {
		t.Errorf("value %q", got)
	}
	ta.SetValue(strings.Repeat("y", 25) + "\nz")
	if got := ta.View(kittest.TestStyles().Input, kittest.TestStyles().Subtle, true, "", 10, 3); strings.Count(got, "\n") != 2 {
		t.Errorf("wrapped view %q", got)
	}
}

func TestProduceGolden(t *testing.T) {
	f := produceFake()
	s := startProduce(t, f, "bankbranch")
	s, _ = kittest.KeysAll(s, "1", "tab", labJSON1, kittest.Ctrl('s'), "end", "backspace", "backspace", "backspace", "backspace", "101}", kittest.Ctrl('s'))
	s, _ = kittest.KeysAll(s, "tab", "source=kscope")
	kittest.Golden(t, "produce.golden", kittest.Plain(s))
	s = startProduce(t, produceFake(), "bankbranch")
	s, _ = kittest.KeysAll(s, "tab", "{", "enter", `  "atmid": 1,`, "enter", "}")
	kittest.Golden(t, "produce_jsonerror.golden", kittest.Plain(s))
}

func TestProduceNullValue(t *testing.T) {
	f := produceFake()
	s := startProduce(t, f, "bankbranch")
	// An empty JSON value is refused, and says how to send null.
	s, msgs := kittest.KeysAll(s, "user-7", "tab", kittest.Ctrl('s'))
	if len(f.Produced) != 0 {
		t.Fatalf("an empty JSON value was sent: %v", f.Produced)
	}
	if st := kittest.Statuses(msgs); len(st) != 1 || !strings.Contains(st[0], "ctrl+n to send null") {
		t.Errorf("statuses %q", st)
	}
	s, _ = kittest.KeysAll(s, kittest.Ctrl('n'))
	v := kittest.Plain(s)
	for _, want := range []string{"Value (null)", "∅ null: no value (a tombstone)", "✓ null value: a tombstone"} {
		if !strings.Contains(v, want) {
			t.Errorf("null value not shown (%q):\n%s", want, v)
		}
	}
	s, msgs = kittest.KeysAll(s, kittest.Ctrl('s'))
	if len(f.Produced) != 1 {
		t.Fatalf("produced %v (statuses %q)", f.Produced, kittest.Statuses(msgs))
	}
	if r := f.Produced[0]; r.Value != nil || string(r.Key) != "user-7" {
		t.Errorf("produced %+v, want key user-7 and a nil value", r)
	}
	if v := kittest.Plain(s); !strings.Contains(v, "key user-7  null (tombstone)") {
		t.Errorf("sends list does not say null:\n%s", v)
	}
	// Typing a value turns null off; ctrl+n then refuses to drop it.
	s, _ = kittest.KeysAll(s, "1")
	if v := kittest.Plain(s); strings.Contains(v, "Value (null)") || !strings.Contains(v, "Value (JSON)") {
		t.Errorf("typing did not leave the null value:\n%s", v)
	}
	s, msgs = kittest.KeysAll(s, kittest.Ctrl('n'))
	if st := kittest.Statuses(msgs); len(st) != 1 || !strings.Contains(st[0], "clear the value first") {
		t.Errorf("statuses %q", st)
	}
	if v := kittest.Plain(s); strings.Contains(v, "Value (null)") {
		t.Errorf("ctrl+n with a typed value went null:\n%s", v)
	}
	_, _ = kittest.KeysAll(s, kittest.Ctrl('s'))
	if len(f.Produced) != 2 || string(f.Produced[1].Value) != "1" {
		t.Errorf("second record %+v", f.Produced)
	}

	// Null without a key warns (it deletes nothing) but still sends; in
	// text mode too, an empty value and a null one differ.
	f = produceFake()
	s = startProduce(t, f, "bankbranch")
	s, _ = kittest.KeysAll(s, "tab", kittest.Ctrl('t'), kittest.Ctrl('s'), kittest.Ctrl('n'))
	if v := kittest.Plain(s); !strings.Contains(v, "null value without a key") {
		t.Errorf("no keyless tombstone warning:\n%s", v)
	}
	_, _ = kittest.KeysAll(s, kittest.Ctrl('s'))
	if len(f.Produced) != 2 || f.Produced[0].Value == nil || len(f.Produced[0].Value) != 0 || f.Produced[1].Value != nil {
		t.Errorf("text empty then null: %+v", f.Produced)
	}
}

func TestProduceNullIsAnEditForEsc(t *testing.T) {
	s := startProduce(t, produceFake(), "bankbranch")
	s, msgs := kittest.KeysAll(s, "tab", kittest.Ctrl('n'), "esc")
	if kittest.HasPop(msgs) || !strings.Contains(kittest.Plain(s), "Discard what you typed") {
		t.Errorf("esc after ctrl+n closed without asking:\n%s", kittest.Plain(s))
	}
}

func TestProduceCounterInHeaders(t *testing.T) {
	f := produceFake()
	s := startProduce(t, f, "bankbranch")
	s, _ = kittest.KeysAll(s, "k{{i}}", "tab", `{"n": {{i}}}`, "tab", "trace=t-{{i}}", "enter", "source=kscope", "tab", "3", "enter")
	if len(f.Produced) != 3 {
		t.Fatalf("produced %d", len(f.Produced))
	}
	for i, r := range f.Produced {
		n := string(rune('0' + i))
		if len(r.Headers) != 2 || string(r.Headers[0].Value) != "t-"+n || r.Headers[0].Key != "trace" || string(r.Headers[1].Value) != "kscope" {
			t.Errorf("record %d headers %+v", i, r.Headers)
		}
	}
	if v := kittest.Plain(s); !strings.Contains(v, "{{i}} in key/value/headers") {
		t.Errorf("repeat hint:\n%s", v)
	}
}

func TestProduceScrollsAt80x24(t *testing.T) {
	f := produceFake()
	s := startProduce(t, f, "bankbranch")
	// Send a few records so the session list competes for the room.
	s, _ = kittest.KeysAll(s, "atm-1", "tab", labJSON1, kittest.Ctrl('s'), kittest.Ctrl('s'), kittest.Ctrl('s'))
	if len(f.Produced) != 3 {
		t.Fatalf("produced %d", len(f.Produced))
	}
	long := strings.Repeat("\n"+`{"a": 1, "b": "a long value that wraps"},`, 30)
	s, _ = kittest.KeysAll(s, long, "tab", "bad header", "enter", "x={{i}}", "tab", "0",
		"shift+tab", "shift+tab", "shift+tab", "shift+tab", "x")
	// The body of an 80x24 terminal is 21 lines: everything fits, with
	// notes under four fields; a shorter one scrolls.
	for _, h := range []int{21, 16, 12} {
		s.SetSize(80, h)
		labels := []string{"Partition", "Key", "Value (JSON)", "Headers", "Repeat", "Topic", "Partition"}
		for i, label := range labels {
			if i > 0 {
				s, _ = kittest.KeysAll(s, "tab")
			}
			v := kittest.Plain(s)
			kittest.CheckFrame(t, v, 80, h)
			l := kittest.FocusedLine(v)
			if !strings.Contains(l, label) {
				t.Fatalf("h=%d: %s focused but not in view (%q):\n%s", h, label, l, v)
			}
			if !strings.Contains(v, "ctrl+s sends") || !strings.Contains(v, "Sent this session (3)") {
				t.Errorf("h=%d: %s: the footer or the newest send scrolled away:\n%s", h, label, v)
			}
			if label == "Value (JSON)" && !strings.Contains(v, "✗ JSON, line 2") {
				t.Errorf("h=%d: the value is focused without its note:\n%s", h, v)
			}
			if scrolled := strings.Contains(v, "more line"); scrolled != (h < 21) {
				t.Errorf("h=%d: scrolled %v:\n%s", h, scrolled, v)
			}
		}
	}
}

// Issue 13 item 24: the key's hint goes once a key is typed, and a
// focused placeholder stays in the column it has unfocused.
func TestProduceKeyHintAndPlaceholderColumn(t *testing.T) {
	s := startProduce(t, produceFake(), "bankbranch")
	if !strings.Contains(kittest.Plain(s), "empty: no key") {
		t.Fatalf("an empty key lacks its hint:\n%s", kittest.Plain(s))
	}
	s, _ = kittest.KeysAll(s, "k1")
	if got := kittest.Plain(s); strings.Contains(got, "empty: no key") {
		t.Errorf("the hint says empty: no key after a key was typed:\n%s", got)
	}
	col := func(out, label, text string) int {
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, label) {
				if i := strings.Index(l, text); i >= 0 {
					return kittest.LipglossWidth(l[:i])
				}
			}
		}
		return -1
	}
	// Partition's placeholder "auto": unfocused, then focused (shift+tab
	// from the key), where the cursor sits on its first letter.
	unfocused := col(kittest.Plain(s), "Partition", "auto")
	s, _ = kittest.KeysAll(s, "shift+tab")
	focused := col(kittest.Plain(s), "Partition", "uto") - 1
	if unfocused < 0 || focused != unfocused {
		t.Errorf("placeholder column: unfocused %d, focused %d:\n%s", unfocused, focused, kittest.Plain(s))
	}
	// The value editor's placeholder too.
	s = startProduce(t, produceFake(), "bankbranch")
	unfocused = col(kittest.Plain(s), "Value", `{"atmid"`)
	s, _ = kittest.KeysAll(s, "tab")
	focused = col(kittest.Plain(s), "Value", `"atmid"`) - 1
	if unfocused < 0 || focused != unfocused {
		t.Errorf("value placeholder column: unfocused %d, focused %d:\n%s", unfocused, focused, kittest.Plain(s))
	}
}

// Issue 13 item 12: the discard question is not cut at 80 columns or 60.
func TestProduceDiscardQuestionWhole(t *testing.T) {
	for _, w := range []int{80, 60} {
		s := startProduce(t, produceFake(), "bankbranch")
		s.SetSize(w, 24)
		s, _ = kittest.KeysAll(s, "k1", "esc")
		out := kittest.Plain(s)
		joined := strings.Join(strings.Fields(out), " ")
		if !strings.Contains(joined, "Discard what you typed since the last send? y discards · n or esc keeps editing") {
			t.Errorf("%d columns: the discard question is cut:\n%s", w, out)
		}
	}
}

// Issue 13 item 11: an error about the form is taken back once the form
// is fixed (the JSON became valid).
func TestProduceErrorClearedWhenFixed(t *testing.T) {
	s := startProduce(t, produceFake(), "bankbranch")
	s, msgs := kittest.KeysAll(s, "tab", `{"a":`, kittest.Ctrl('s'))
	if st := kittest.Statuses(msgs); len(st) != 1 {
		t.Fatalf("ctrl+s on bad JSON: statuses %q, want one error", st)
	}
	cleared := func(msgs []tea.Msg) bool {
		for _, m := range msgs {
			if _, ok := m.(kit.ClearStatusMsg); ok {
				return true
			}
		}
		return false
	}
	s, msgs = kittest.KeysAll(s, " 1")
	if cleared(msgs) {
		t.Errorf("cleared while the JSON is still bad")
	}
	_, msgs = kittest.KeysAll(s, "}")
	if !cleared(msgs) {
		t.Errorf("the JSON is valid now and the error was not taken back")
	}
}

// Issue 13 item 12: at 60 columns the line under the form names its keys
// whole.
func TestProduceFootAt60(t *testing.T) {
	s := startProduce(t, produceFake(), "bankbranch")
	s.SetSize(60, 20)
	if out := kittest.Plain(s); !strings.Contains(out, "ctrl+s sends · esc closes") {
		t.Errorf("the keys under the form are cut:\n%s", out)
	}
}

// The help line and the line under the form say the same of esc: it
// closes the form.
func TestProduceEscSaysCloseInBoth(t *testing.T) {
	s := startProduce(t, produceFake(), "bankbranch")
	if h := kit.KeyHints(s.ShortHelp()); !strings.Contains(h, "esc close") {
		t.Errorf("help line: %q", h)
	}
	kittest.MustShow(t, s, "esc closes")
}
