package topics

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

func startCreate(t *testing.T, svc kafkaops.Service, w, h int) kit.Screen {
	t.Helper()
	s := NewCreateTopic(svc, kittest.TestStyles())
	s.SetSize(w, h)
	for _, m := range kittest.RunCmd(s.Init()) {
		s, _ = kittest.FeedAll(s, m)
	}
	return s
}

func TestCreateTopicShowsClusterDefaults(t *testing.T) {
	s := startCreate(t, kafkaopstest.NewFormsFake(), 100, 30)
	v := kittest.Plain(s)
	for _, want := range []string{"Create topic", "1 broker", "cluster default 3 (num.partitions)", "default 1 · cluster has 1 broker"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
}

func TestCreateTopicDefaultsFallBack(t *testing.T) {
	f := kafkaopstest.NewFormsFake()
	f.BrokerCfgs = map[int32][]kafkaops.ConfigEntry{0: {{Name: "default.replication.factor", Value: "3"}}}
	s := startCreate(t, f, 100, 30)
	s, _ = kittest.KeysAll(s, "lab", kittest.Ctrl('s'))
	if len(f.Created) != 1 {
		t.Fatalf("created %v", f.Created)
	}
	// No num.partitions: 1; default.replication.factor 3 on one broker: 1.
	if got := f.Created[0]; got.Partitions != 1 || got.ReplicationFactor != 1 {
		t.Errorf("created %+v, want 1 partition, RF 1", got)
	}
	_ = s
}

func TestCreateTopicTypingTabbingSubmit(t *testing.T) {
	f := kafkaopstest.NewFormsFake()
	s := startCreate(t, f, 100, 30)
	s, _ = kittest.KeysAll(s, "bankbranch", "tab", "2", "tab", "1", "tab", "retention.ms=86400000", "tab", "cleanup.policy=compact")
	v := kittest.Plain(s)
	for _, want := range []string{"Configs", "cleanup.policy=compact", "retention.ms=86400000", "= 1d"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	s, msgs := kittest.KeysAll(s, kittest.Ctrl('s'))
	want := kafkaops.NewTopic{Name: "bankbranch", Partitions: 2, ReplicationFactor: 1,
		Configs: map[string]string{"retention.ms": "86400000", "cleanup.policy": "compact"}}
	if len(f.Created) != 1 || !reflect.DeepEqual(f.Created[0], want) {
		t.Fatalf("created %+v, want %+v", f.Created, want)
	}
	// The form closes before the detail opens, so esc on the detail goes
	// back to the topic browser.
	var order []string
	for _, m := range msgs {
		switch m := m.(type) {
		case kit.PopMsg:
			order = append(order, "pop")
		case kit.NavigateMsg:
			if m.Route != (kit.Route{Kind: kit.RouteTopicDetail, Topic: "bankbranch"}) {
				t.Errorf("navigate to %+v", m.Route)
			}
			order = append(order, "detail")
		case kit.TopicsChangedMsg:
			order = append(order, "changed")
		case kit.StatusMsg:
			if !strings.Contains(m.Text, "created topic bankbranch") || m.Error {
				t.Errorf("status %+v", m)
			}
			order = append(order, "status")
		}
	}
	if strings.Join(order, ",") != "pop,detail,changed,status" {
		t.Errorf("messages in order %v", order)
	}
	_ = s
}

func TestCreateTopicEnterMovesThenSubmitsOnLastField(t *testing.T) {
	f := kafkaopstest.NewFormsFake()
	s := startCreate(t, f, 100, 30)
	s, _ = kittest.KeysAll(s, "orders2", "enter", "enter", "enter")
	if len(f.Created) != 0 {
		t.Fatalf("enter before the last field submitted: %v", f.Created)
	}
	if !strings.Contains(kittest.Plain(s), "▸ Configs") {
		t.Fatalf("enter did not move to the configs:\n%s", kittest.Plain(s))
	}
	_, _ = kittest.KeysAll(s, "enter")
	if len(f.Created) != 1 || f.Created[0].Name != "orders2" || f.Created[0].Partitions != 3 {
		t.Fatalf("created %+v", f.Created)
	}
}

func TestCreateTopicValidation(t *testing.T) {
	tests := []struct {
		name string
		keys []string
		want string
	}{
		{"empty name after editing", []string{"x", "backspace"}, "✗ a topic needs a name"},
		{"illegal character", []string{"bank branch"}, `✗ topic name contains ' ' at position 5`},
		{"dot", []string{"."}, `✗ topic name cannot be "."`},
		{"too long", []string{strings.Repeat("a", 250)}, "✗ topic name is 250 characters long, the limit is 249"},
		{"dot and underscore", []string{"bank.branch_x"}, "! mixes '.' and '_'"},
		{"exists", []string{"orders"}, "! a topic named orders already exists"},
		{"metric collision", []string{"audit_log"}, "! collides with topic audit.log in metric names"},
		{"valid", []string{"bankbranch"}, "✓ valid name"},
		{"partitions zero", []string{"tab", "0"}, "✗ a topic needs at least 1 partition"},
		{"partitions not a number", []string{"tab", "two"}, "✗ partitions must be a whole number"},
		{"rf over brokers", []string{"tab", "tab", "3"}, "✗ the replication factor can be at most 1: the cluster has 1 broker"},
		{"rf zero", []string{"tab", "tab", "0"}, "✗ the replication factor must be at least 1"},
		{"unknown config", []string{"tab", "tab", "tab", "retention.mss=1"}, "! unknown config key retention.mss"},
		{"config not a number", []string{"tab", "tab", "tab", "retention.ms=1 day", "tab"}, "✗ retention.ms must be a whole number (ms, or 1d, 2h30m, 10s)"},
		{"config below minimum", []string{"tab", "tab", "tab", "segment.bytes=10", "tab"}, "✗ segment.bytes must be at least 1048576 (1MiB)"},
		{"config in units", []string{"tab", "tab", "tab", "retention.ms=1d", "tab"}, "= 86400000 ms"},
		{"config compression none", []string{"tab", "tab", "tab", "compression.type=none", "tab"}, "✗ compression.type must be one of producer, uncompressed"},
		{"config bad choice", []string{"tab", "tab", "tab", "cleanup.policy=zip", "tab"}, "✗ cleanup.policy must be one of delete, compact, compact,delete"},
		{"config without =", []string{"tab", "tab", "tab", "foo", "tab"}, "✗ write key=value"},
		{"config twice", []string{"tab", "tab", "tab", "retention.ms=1", "tab", "retention.ms=2", "tab"}, "✗ retention.ms is set twice"},
		{"config ratio", []string{"tab", "tab", "tab", "min.cleanable.dirty.ratio=2", "tab"}, "✗ min.cleanable.dirty.ratio must be a number from 0 to 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startCreate(t, kafkaopstest.NewFormsFake(kafkaops.Topic{Name: "orders"}, kafkaops.Topic{Name: "audit.log"}), 140, 40)
			s, _ = kittest.KeysAll(s, toAny(tt.keys)...)
			if v := kittest.Plain(s); !strings.Contains(v, tt.want) {
				t.Errorf("view lacks %q:\n%s", tt.want, v)
			}
		})
	}
}

func TestCreateTopicInvalidSubmitSendsNothing(t *testing.T) {
	f := kafkaopstest.NewFormsFake()
	s := startCreate(t, f, 100, 30)
	s, msgs := kittest.KeysAll(s, "tab", "0", kittest.Ctrl('s'))
	if len(f.Created) != 0 {
		t.Fatalf("an invalid form was sent: %v", f.Created)
	}
	if st := kittest.Statuses(msgs); len(st) != 1 || !strings.Contains(st[0], "fix the field") {
		t.Errorf("statuses %v", st)
	}
	// The empty name is the first field in error: the focus goes there.
	v := kittest.Plain(s)
	if !strings.Contains(v, "▸ Name") || !strings.Contains(v, "✗ a topic needs a name") {
		t.Errorf("focus or message wrong:\n%s", v)
	}
}

func TestCreateTopicFailureKeepsFields(t *testing.T) {
	f := kafkaopstest.NewFormsFake()
	f.CreateErr = kafkaopstest.ErrAlreadyExists
	s := startCreate(t, f, 100, 30)
	s, msgs := kittest.KeysAll(s, "bankbranch", "tab", "2", "tab", "tab", "retention.ms=1000", kittest.Ctrl('s'))
	if kittest.HasPop(msgs) {
		t.Fatal("a failed create closed the form")
	}
	if st := kittest.Statuses(msgs); len(st) != 1 || !strings.Contains(st[0], "[36] Topic Already Exists") {
		t.Errorf("statuses %v", st)
	}
	v := kittest.Plain(s)
	for _, want := range []string{"bankbranch", "2", "retention.ms=1000", "✗ create topic \"bankbranch\": [36] Topic Already Exists", "Every field is kept"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	// Fixing the name and sending again works with the same fields.
	f.CreateErr = nil
	s, _ = kittest.KeysAll(s, "shift+tab", "shift+tab", "shift+tab", "end", "2", kittest.Ctrl('s'))
	if len(f.Created) != 1 || f.Created[0].Name != "bankbranch2" || f.Created[0].Partitions != 2 || f.Created[0].Configs["retention.ms"] != "1000" {
		t.Fatalf("created %+v", f.Created)
	}
	_ = s
}

func TestCreateTopicShowsProgress(t *testing.T) {
	f := kafkaopstest.NewFormsFake()
	s := startCreate(t, f, 100, 30)
	s, _ = kittest.KeysAll(s, "slow")
	// Send without running the command: the form says it is creating.
	s, cmd := s.Update(kittest.Ctrl('s'))
	if cmd == nil {
		t.Fatal("no create command")
	}
	if v := kittest.Plain(s); !strings.Contains(v, "creating slow…") {
		t.Errorf("no progress:\n%s", v)
	}
	// Keys do not change the form while the request is out.
	s, _ = s.Update(tea.KeyPressMsg{Code: 'x', Text: "x"})
	if v := kittest.Plain(s); strings.Contains(v, "slowx") {
		t.Error("typing while creating changed the form")
	}
}

func TestCreateTopicCancel(t *testing.T) {
	s := startCreate(t, kafkaopstest.NewFormsFake(), 100, 30)
	if _, msgs := kittest.KeysAll(s, "esc"); !kittest.HasPop(msgs) {
		t.Fatal("esc on an empty form did not close it")
	}
	s = startCreate(t, kafkaopstest.NewFormsFake(), 100, 30)
	s, msgs := kittest.KeysAll(s, "bank", "esc")
	if kittest.HasPop(msgs) {
		t.Fatal("esc with something typed closed without asking")
	}
	if v := kittest.Plain(s); !strings.Contains(v, "Discard this form?") {
		t.Fatalf("no question:\n%s", v)
	}
	s, msgs = kittest.KeysAll(s, "n")
	if kittest.HasPop(msgs) || strings.Contains(kittest.Plain(s), "Discard") || !strings.Contains(kittest.Plain(s), "bank") {
		t.Fatalf("n did not keep editing:\n%s", kittest.Plain(s))
	}
	s, _ = kittest.KeysAll(s, "x")
	if !strings.Contains(kittest.Plain(s), "bankx") {
		t.Fatal("typing after keeping does not edit")
	}
	if _, msgs = kittest.KeysAll(s, "esc", "y"); !kittest.HasPop(msgs) {
		t.Fatal("y did not discard")
	}
}

func TestCreateTopicConfigCompletion(t *testing.T) {
	s := startCreate(t, kafkaopstest.NewFormsFake(), 100, 30)
	s, _ = kittest.KeysAll(s, "tab", "tab", "tab", "ret")
	v := kittest.Plain(s)
	if !strings.Contains(v, "[retention.ms]") || !strings.Contains(v, "retention.bytes") {
		t.Fatalf("no completions:\n%s", v)
	}
	s, _ = kittest.KeysAll(s, "tab")
	if v := kittest.Plain(s); !strings.Contains(v, "retention.ms=") {
		t.Fatalf("tab did not complete:\n%s", v)
	}
	s, _ = kittest.KeysAll(s, "backspace", "backspace", "backspace", "backspace")
	s, _ = kittest.KeysAll(s, "", "")
	s, _ = s.Update(kittest.Ctrl('n'))
	s, _ = kittest.KeysAll(s, "tab", "1073741824")
	if v := kittest.Plain(s); !strings.Contains(v, "retention.bytes=1073741824") || !strings.Contains(v, "= 1GiB") {
		t.Fatalf("ctrl+n did not choose the second completion:\n%s", v)
	}
	// A new row appears for the next config; values complete too.
	s, _ = kittest.KeysAll(s, "tab", "comp", "tab")
	if v := kittest.Plain(s); !strings.Contains(v, "compression.type=") || !strings.Contains(v, "[producer]") {
		t.Fatalf("no value completions:\n%s", v)
	}
	s, _ = kittest.KeysAll(s, "z", "tab")
	if v := kittest.Plain(s); !strings.Contains(v, "compression.type=zstd") {
		t.Fatalf("value did not complete:\n%s", v)
	}
}

func TestCreateTopicEmptyRowsCollapse(t *testing.T) {
	s := startCreate(t, kafkaopstest.NewFormsFake(), 100, 30)
	s, _ = kittest.KeysAll(s, "tab", "tab", "tab", "a=1", "tab", "b=2", "shift+tab")
	// Empty the first row and leave it: it goes away.
	s, _ = kittest.KeysAll(s, "backspace", "backspace", "backspace", "shift+tab")
	c := s.(*CreateTopic)
	var vals []string
	for _, r := range c.form.cfg {
		vals = append(vals, r.Value())
	}
	if strings.Join(vals, "|") != "b=2|" {
		t.Errorf("rows %q", vals)
	}
}

func TestCreateTopicPaste(t *testing.T) {
	s := startCreate(t, kafkaopstest.NewFormsFake(), 100, 30)
	s, _ = kittest.Send(t, s, tea.PasteMsg{Content: "bank\x1b[31mbranch"})
	if v := kittest.Plain(s); !strings.Contains(v, `bank\x1b[31mbranch`) || strings.Contains(s.View(), "\x1b[31m") {
		t.Errorf("paste not sanitized:\n%q", v)
	}
}

func TestCreateTopicGolden(t *testing.T) {
	s := startCreate(t, kafkaopstest.NewFormsFake(kafkaops.Topic{Name: "bankbranch"}), 100, 30)
	kittest.Golden(t, "createtopic.golden", kittest.Plain(s))
	f := kafkaopstest.NewFormsFake()
	f.CreateErr = kafkaopstest.ErrAlreadyExists
	s = startCreate(t, f, 100, 30)
	s, _ = kittest.KeysAll(s, "bankbranch", "tab", "2", "tab", "1", "tab", "cleanup.policy=compact", "tab", "retention.ms=604800000", "tab", "max.message.bytes=2097152", kittest.Ctrl('s'))
	kittest.Golden(t, "createtopic_failed.golden", kittest.Plain(s))
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func TestTopicsFormKeys(t *testing.T) {
	tp := newTestTopics(t, kafkaopstest.NewFakeService(demoTopics()...), TopicsOptions{})
	_, msgs := kittest.Press(tp, "n")
	if r := kittest.Navigations(msgs); len(r) != 1 || r[0].Kind != kit.RouteCreateTopic {
		t.Errorf("n navigated to %v", r)
	}
	_, msgs = kittest.Press(tp, "p")
	if r := kittest.Navigations(msgs); len(r) != 1 || r[0].Kind != kit.RouteProduce || r[0].Topic != "audit-log" {
		t.Errorf("p navigated to %v", r)
	}
	_, msgs = kittest.Press(tp, "d")
	if r := kittest.Navigations(msgs); len(r) != 1 || r[0].Kind != kit.RouteDeleteTopic || r[0].Topic != "audit-log" {
		t.Errorf("d navigated to %v", r)
	}
	// A created or deleted topic reloads the list.
	f := kafkaopstest.NewFakeService(demoTopics()...)
	tp = newTestTopics(t, f, TopicsOptions{})
	before := f.CallCount("ListTopicNames")
	kittest.Feed(tp, kit.TopicsChangedMsg{Topic: "x"})
	if f.CallCount("ListTopicNames") != before+1 {
		t.Errorf("TopicsChangedMsg did not reload the list")
	}
	// Enabled keys are listed in full help as they are.
	var descs []string
	for _, g := range tp.FullHelp() {
		for _, b := range g {
			descs = append(descs, b.Help().Desc)
		}
	}
	for _, want := range []string{"produce", "create", "delete"} {
		if !strings.Contains(strings.Join(descs, "|"), "|"+want+"|") && !strings.HasSuffix(strings.Join(descs, "|"), "|"+want) {
			t.Errorf("full help lacks %q: %q", want, descs)
		}
	}
}

func TestTopicsDeleteRefusesInternal(t *testing.T) {
	f := kafkaopstest.NewFakeService(kafkaops.Topic{Name: "__consumer_offsets", Partitions: 50, Internal: true})
	tp := newTestTopics(t, f, TopicsOptions{})
	s, _ := kittest.Press(tp, "i") // show internal topics
	_, msgs := kittest.Press(s, "d")
	if len(kittest.Navigations(msgs)) != 0 {
		t.Fatal("d on an internal topic opened the delete dialog")
	}
	if st := kittest.Statuses(msgs); len(st) != 1 || !strings.Contains(st[0], "__consumer_offsets is an internal Kafka topic") {
		t.Errorf("statuses %q", st)
	}
}

func TestCreateTopicScrollsToTheFocusedField(t *testing.T) {
	// The body of an 80x24 terminal is 21 lines; the bare screen gets 24.
	for _, h := range []int{21, 24} {
		f := kafkaopstest.NewFormsFake()
		s := startCreate(t, f, 80, h)
		s, _ = kittest.KeysAll(s, "bankbranch", "tab", "2", "tab", "1", "tab")
		var rows []string
		for i := range 20 {
			// Unknown keys: every row also gets a warning line under it.
			row := fmt.Sprintf("x.key%02d=%d", i, i)
			if i%2 == 0 {
				row = fmt.Sprintf("retention.ms=%d", 1000+i)
				if i > 0 {
					row = fmt.Sprintf("x.ms%02d=%d", i, i)
				}
			}
			rows = append(rows, row)
			s, _ = kittest.KeysAll(s, row, "enter")
			v := kittest.Plain(s)
			kittest.CheckFrame(t, v, 80, h)
			if l := kittest.FocusedLine(v); l == "" || !strings.Contains(l, "key=value") {
				t.Fatalf("h=%d: after row %d the empty row's focus is not in view (%q):\n%s", h, i, l, v)
			}
			if !strings.Contains(v, "ctrl+s creates the topic") {
				t.Errorf("h=%d: the line under the form scrolled away:\n%s", h, v)
			}
		}
		if v := kittest.Plain(s); !strings.Contains(v, "more lines above") {
			t.Errorf("h=%d: no mark for the lines above:\n%s", h, v)
		}
		// Back up through every row to the name: each is in view in turn.
		for i := len(rows) - 1; i >= 0; i-- {
			s, _ = kittest.KeysAll(s, "shift+tab")
			v := kittest.Plain(s)
			kittest.CheckFrame(t, v, 80, h)
			if l := kittest.FocusedLine(v); !strings.Contains(l, rows[i]) {
				t.Fatalf("h=%d: config row %d (%s) focused but not in view (%q):\n%s", h, i, rows[i], l, v)
			}
		}
		for _, want := range []string{"1", "2", "bankbranch"} {
			s, _ = kittest.KeysAll(s, "shift+tab")
			v := kittest.Plain(s)
			kittest.CheckFrame(t, v, 80, h)
			if l := kittest.FocusedLine(v); !strings.Contains(l, want) {
				t.Fatalf("h=%d: field %q focused but not in view (%q):\n%s", h, want, l, v)
			}
		}
		if v := kittest.Plain(s); strings.Contains(v, "above") || !strings.Contains(v, "more lines below") || !strings.Contains(v, "valid name") {
			t.Errorf("h=%d: at the top the form should show the name and say what is below:\n%s", h, v)
		}
		// The create still carries every row.
		_, _ = kittest.KeysAll(s, kittest.Ctrl('s'))
		if len(f.Created) != 1 || len(f.Created[0].Configs) != 20 {
			t.Errorf("h=%d: created %+v", h, f.Created)
		}
	}
}

// At 60 columns a refused create's Kafka error is whole, wrapped.
func TestCreateTopicFailureWholeAt60(t *testing.T) {
	f := kafkaopstest.NewFormsFake()
	f.CreateErr = kafkaopstest.ErrAlreadyExists
	s := startCreate(t, f, 60, 20)
	s, _ = kittest.KeysAll(s, "payments-settlement-eu", kittest.Ctrl('s'))
	v := kittest.Plain(s)
	for _, want := range []string{"[36] Topic Already Exists", "Topic 'bankbranch' already exists.", "press ctrl+s", "again."} {
		if !strings.Contains(v, want) {
			t.Errorf("at 60 columns the failure lacks %q:\n%s", want, v)
		}
	}
	kittest.CheckFrame(t, v, 60, 20)
}
