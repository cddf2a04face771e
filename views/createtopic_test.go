package views

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"kscope/kafkaops"
)

func startCreate(t *testing.T, svc kafkaops.Service, w, h int) Screen {
	t.Helper()
	s := NewCreateTopic(svc, testStyles())
	s.SetSize(w, h)
	for _, m := range runCmd(s.Init()) {
		s, _ = feedAll(s, m)
	}
	return s
}

func TestCreateTopicShowsClusterDefaults(t *testing.T) {
	s := startCreate(t, newFormsFake(), 100, 30)
	v := plain(s)
	for _, want := range []string{"Create topic", "1 broker", "cluster default 3 (num.partitions)", "default 1 · cluster has 1 broker"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
}

func TestCreateTopicDefaultsFallBack(t *testing.T) {
	f := newFormsFake()
	f.BrokerCfgs = map[int32][]kafkaops.ConfigEntry{0: {{Name: "default.replication.factor", Value: "3"}}}
	s := startCreate(t, f, 100, 30)
	s, _ = keysAll(s, "lab", ctrl('s'))
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
	f := newFormsFake()
	s := startCreate(t, f, 100, 30)
	s, _ = keysAll(s, "bankbranch", "tab", "2", "tab", "1", "tab", "retention.ms=86400000", "tab", "cleanup.policy=compact")
	v := plain(s)
	for _, want := range []string{"Configs", "cleanup.policy=compact", "retention.ms=86400000", "= 1d"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	s, msgs := keysAll(s, ctrl('s'))
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
		case PopMsg:
			order = append(order, "pop")
		case NavigateMsg:
			if m.Route != (Route{Kind: RouteTopicDetail, Topic: "bankbranch"}) {
				t.Errorf("navigate to %+v", m.Route)
			}
			order = append(order, "detail")
		case TopicsChangedMsg:
			order = append(order, "changed")
		case StatusMsg:
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
	f := newFormsFake()
	s := startCreate(t, f, 100, 30)
	s, _ = keysAll(s, "orders2", "enter", "enter", "enter")
	if len(f.Created) != 0 {
		t.Fatalf("enter before the last field submitted: %v", f.Created)
	}
	if !strings.Contains(plain(s), "▸ Configs") {
		t.Fatalf("enter did not move to the configs:\n%s", plain(s))
	}
	_, _ = keysAll(s, "enter")
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
		{"config not a number", []string{"tab", "tab", "tab", "retention.ms=1 day", "tab"}, "✗ retention.ms must be a whole number (ms)"},
		{"config below minimum", []string{"tab", "tab", "tab", "segment.bytes=10", "tab"}, "✗ segment.bytes must be at least 14"},
		{"config bad choice", []string{"tab", "tab", "tab", "cleanup.policy=zip", "tab"}, "✗ cleanup.policy must be one of delete, compact, compact,delete"},
		{"config without =", []string{"tab", "tab", "tab", "foo", "tab"}, "✗ write key=value"},
		{"config twice", []string{"tab", "tab", "tab", "retention.ms=1", "tab", "retention.ms=2", "tab"}, "✗ retention.ms is set twice"},
		{"config ratio", []string{"tab", "tab", "tab", "min.cleanable.dirty.ratio=2", "tab"}, "✗ min.cleanable.dirty.ratio must be a number from 0 to 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startCreate(t, newFormsFake(kafkaops.Topic{Name: "orders"}, kafkaops.Topic{Name: "audit.log"}), 140, 40)
			s, _ = keysAll(s, toAny(tt.keys)...)
			if v := plain(s); !strings.Contains(v, tt.want) {
				t.Errorf("view lacks %q:\n%s", tt.want, v)
			}
		})
	}
}

func TestCreateTopicInvalidSubmitSendsNothing(t *testing.T) {
	f := newFormsFake()
	s := startCreate(t, f, 100, 30)
	s, msgs := keysAll(s, "tab", "0", ctrl('s'))
	if len(f.Created) != 0 {
		t.Fatalf("an invalid form was sent: %v", f.Created)
	}
	if st := statuses(msgs); len(st) != 1 || !strings.Contains(st[0], "fix the field") {
		t.Errorf("statuses %v", st)
	}
	// The empty name is the first field in error: the focus goes there.
	v := plain(s)
	if !strings.Contains(v, "▸ Name") || !strings.Contains(v, "✗ a topic needs a name") {
		t.Errorf("focus or message wrong:\n%s", v)
	}
}

func TestCreateTopicFailureKeepsFields(t *testing.T) {
	f := newFormsFake()
	f.CreateErr = errAlreadyExists
	s := startCreate(t, f, 100, 30)
	s, msgs := keysAll(s, "bankbranch", "tab", "2", "tab", "tab", "retention.ms=1000", ctrl('s'))
	if hasPop(msgs) {
		t.Fatal("a failed create closed the form")
	}
	if st := statuses(msgs); len(st) != 1 || !strings.Contains(st[0], "[36] Topic Already Exists") {
		t.Errorf("statuses %v", st)
	}
	v := plain(s)
	for _, want := range []string{"bankbranch", "2", "retention.ms=1000", "✗ create topic \"bankbranch\": [36] Topic Already Exists", "Every field is kept"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	// Fixing the name and sending again works with the same fields.
	f.CreateErr = nil
	s, _ = keysAll(s, "shift+tab", "shift+tab", "shift+tab", "end", "2", ctrl('s'))
	if len(f.Created) != 1 || f.Created[0].Name != "bankbranch2" || f.Created[0].Partitions != 2 || f.Created[0].Configs["retention.ms"] != "1000" {
		t.Fatalf("created %+v", f.Created)
	}
	_ = s
}

func TestCreateTopicShowsProgress(t *testing.T) {
	f := newFormsFake()
	s := startCreate(t, f, 100, 30)
	s, _ = keysAll(s, "slow")
	// Send without running the command: the form says it is creating.
	s, cmd := s.Update(ctrl('s'))
	if cmd == nil {
		t.Fatal("no create command")
	}
	if v := plain(s); !strings.Contains(v, "creating slow…") {
		t.Errorf("no progress:\n%s", v)
	}
	// Keys do not change the form while the request is out.
	s, _ = s.Update(tea.KeyPressMsg{Code: 'x', Text: "x"})
	if v := plain(s); strings.Contains(v, "slowx") {
		t.Error("typing while creating changed the form")
	}
}

func TestCreateTopicCancel(t *testing.T) {
	s := startCreate(t, newFormsFake(), 100, 30)
	if _, msgs := keysAll(s, "esc"); !hasPop(msgs) {
		t.Fatal("esc on an empty form did not close it")
	}
	s = startCreate(t, newFormsFake(), 100, 30)
	s, msgs := keysAll(s, "bank", "esc")
	if hasPop(msgs) {
		t.Fatal("esc with something typed closed without asking")
	}
	if v := plain(s); !strings.Contains(v, "Discard this form?") {
		t.Fatalf("no question:\n%s", v)
	}
	s, msgs = keysAll(s, "n")
	if hasPop(msgs) || strings.Contains(plain(s), "Discard") || !strings.Contains(plain(s), "bank") {
		t.Fatalf("n did not keep editing:\n%s", plain(s))
	}
	s, _ = keysAll(s, "x")
	if !strings.Contains(plain(s), "bankx") {
		t.Fatal("typing after keeping does not edit")
	}
	if _, msgs = keysAll(s, "esc", "y"); !hasPop(msgs) {
		t.Fatal("y did not discard")
	}
}

func TestCreateTopicConfigCompletion(t *testing.T) {
	s := startCreate(t, newFormsFake(), 100, 30)
	s, _ = keysAll(s, "tab", "tab", "tab", "ret")
	v := plain(s)
	if !strings.Contains(v, "[retention.ms]") || !strings.Contains(v, "retention.bytes") {
		t.Fatalf("no completions:\n%s", v)
	}
	s, _ = keysAll(s, "tab")
	if v := plain(s); !strings.Contains(v, "retention.ms=") {
		t.Fatalf("tab did not complete:\n%s", v)
	}
	s, _ = keysAll(s, "backspace", "backspace", "backspace", "backspace")
	s, _ = keysAll(s, "", "")
	s, _ = s.Update(ctrl('n'))
	s, _ = keysAll(s, "tab", "1073741824")
	if v := plain(s); !strings.Contains(v, "retention.bytes=1073741824") || !strings.Contains(v, "= 1GiB") {
		t.Fatalf("ctrl+n did not choose the second completion:\n%s", v)
	}
	// A new row appears for the next config; values complete too.
	s, _ = keysAll(s, "tab", "comp", "tab")
	if v := plain(s); !strings.Contains(v, "compression.type=") || !strings.Contains(v, "[producer]") {
		t.Fatalf("no value completions:\n%s", v)
	}
	s, _ = keysAll(s, "z", "tab")
	if v := plain(s); !strings.Contains(v, "compression.type=zstd") {
		t.Fatalf("value did not complete:\n%s", v)
	}
}

func TestCreateTopicEmptyRowsCollapse(t *testing.T) {
	s := startCreate(t, newFormsFake(), 100, 30)
	s, _ = keysAll(s, "tab", "tab", "tab", "a=1", "tab", "b=2", "shift+tab")
	// Empty the first row and leave it: it goes away.
	s, _ = keysAll(s, "backspace", "backspace", "backspace", "shift+tab")
	c := s.(*CreateTopic)
	var vals []string
	for _, r := range c.cfg {
		vals = append(vals, r.Value())
	}
	if strings.Join(vals, "|") != "b=2|" {
		t.Errorf("rows %q", vals)
	}
}

func TestCreateTopicPaste(t *testing.T) {
	s := startCreate(t, newFormsFake(), 100, 30)
	s, _ = send(t, s, tea.PasteMsg{Content: "bank\x1b[31mbranch"})
	if v := plain(s); !strings.Contains(v, `bank\x1b[31mbranch`) || strings.Contains(s.View(), "\x1b[31m") {
		t.Errorf("paste not sanitized:\n%q", v)
	}
}

func TestCreateTopicGolden(t *testing.T) {
	s := startCreate(t, newFormsFake(kafkaops.Topic{Name: "bankbranch"}), 100, 30)
	golden(t, "createtopic.golden", plain(s))
	f := newFormsFake()
	f.CreateErr = errAlreadyExists
	s = startCreate(t, f, 100, 30)
	s, _ = keysAll(s, "bankbranch", "tab", "2", "tab", "1", "tab", "cleanup.policy=compact", "tab", "retention.ms=604800000", "tab", "max.message.bytes=2097152", ctrl('s'))
	golden(t, "createtopic_failed.golden", plain(s))
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func TestTopicsFormKeys(t *testing.T) {
	tp := newTestTopics(t, newFakeService(demoTopics()...), TopicsOptions{})
	_, msgs := press(tp, "n")
	if r := navigations(msgs); len(r) != 1 || r[0].Kind != RouteCreateTopic {
		t.Errorf("n navigated to %v", r)
	}
	_, msgs = press(tp, "p")
	if r := navigations(msgs); len(r) != 1 || r[0].Kind != RouteProduce || r[0].Topic != "audit-log" {
		t.Errorf("p navigated to %v", r)
	}
	_, msgs = press(tp, "d")
	if r := navigations(msgs); len(r) != 1 || r[0].Kind != RouteDeleteTopic || r[0].Topic != "audit-log" {
		t.Errorf("d navigated to %v", r)
	}
	// A created or deleted topic reloads the list.
	f := newFakeService(demoTopics()...)
	tp = newTestTopics(t, f, TopicsOptions{})
	before := f.calls("ListTopics")
	feed(tp, TopicsChangedMsg{Topic: "x"})
	if f.calls("ListTopics") != before+1 {
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
	f := newFakeService(kafkaops.Topic{Name: "__consumer_offsets", Partitions: 50, Internal: true})
	tp := newTestTopics(t, f, TopicsOptions{})
	s, _ := press(tp, "i") // show internal topics
	_, msgs := press(s, "d")
	if len(navigations(msgs)) != 0 {
		t.Fatal("d on an internal topic opened the delete dialog")
	}
	if st := statuses(msgs); len(st) != 1 || !strings.Contains(st[0], "__consumer_offsets is an internal Kafka topic") {
		t.Errorf("statuses %q", st)
	}
}

// checkFrame fails unless v is exactly h lines of at most w cells.
func checkFrame(t *testing.T, v string, w, h int) {
	t.Helper()
	lines := strings.Split(v, "\n")
	if len(lines) != h {
		t.Errorf("view is %d lines, want %d:\n%s", len(lines), h, v)
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Errorf("line %d is %d cells wide, more than %d: %q", i, lw, w, l)
		}
	}
}

// focusedLine returns the line with the focus mark, "" if none shows.
func focusedLine(v string) string {
	for _, l := range strings.Split(v, "\n") {
		if strings.Contains(l, "▸") {
			return l
		}
	}
	return ""
}

func TestCreateTopicScrollsToTheFocusedField(t *testing.T) {
	// The body of an 80x24 terminal is 21 lines; the bare screen gets 24.
	for _, h := range []int{21, 24} {
		f := newFormsFake()
		s := startCreate(t, f, 80, h)
		s, _ = keysAll(s, "bankbranch", "tab", "2", "tab", "1", "tab")
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
			s, _ = keysAll(s, row, "enter")
			v := plain(s)
			checkFrame(t, v, 80, h)
			if l := focusedLine(v); l == "" || !strings.Contains(l, "key=value") {
				t.Fatalf("h=%d: after row %d the empty row's focus is not in view (%q):\n%s", h, i, l, v)
			}
			if !strings.Contains(v, "ctrl+s creates the topic") {
				t.Errorf("h=%d: the line under the form scrolled away:\n%s", h, v)
			}
		}
		if v := plain(s); !strings.Contains(v, "more lines above") {
			t.Errorf("h=%d: no mark for the lines above:\n%s", h, v)
		}
		// Back up through every row to the name: each is in view in turn.
		for i := len(rows) - 1; i >= 0; i-- {
			s, _ = keysAll(s, "shift+tab")
			v := plain(s)
			checkFrame(t, v, 80, h)
			if l := focusedLine(v); !strings.Contains(l, rows[i]) {
				t.Fatalf("h=%d: config row %d (%s) focused but not in view (%q):\n%s", h, i, rows[i], l, v)
			}
		}
		for _, want := range []string{"1", "2", "bankbranch"} {
			s, _ = keysAll(s, "shift+tab")
			v := plain(s)
			checkFrame(t, v, 80, h)
			if l := focusedLine(v); !strings.Contains(l, want) {
				t.Fatalf("h=%d: field %q focused but not in view (%q):\n%s", h, want, l, v)
			}
		}
		if v := plain(s); strings.Contains(v, "above") || !strings.Contains(v, "more lines below") || !strings.Contains(v, "valid name") {
			t.Errorf("h=%d: at the top the form should show the name and say what is below:\n%s", h, v)
		}
		// The create still carries every row.
		_, _ = keysAll(s, ctrl('s'))
		if len(f.Created) != 1 || len(f.Created[0].Configs) != 20 {
			t.Errorf("h=%d: created %+v", h, f.Created)
		}
	}
}
