package topics

import (
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

// TestDetailConfigCursor: j and k move a cursor over the configs (not
// the window's top line), e edits and x resets the config under it, x on
// a default says there is nothing to reset, a filter naming a config
// exactly puts the cursor on it.
func TestDetailConfigCursor(t *testing.T) {
	var s kit.Screen = newTestDetail(t, BankFake(), 120, 40)
	nav := func(keys ...any) ([]kit.Route, []string) {
		t.Helper()
		var ms []any
		s, ms = keysAll(s, keys...)
		return navs(ms), statuses(ms)
	}
	if line := kittest.FocusedLine(kittest.Plain(s)); !strings.Contains(line, "leader.replication") {
		t.Errorf("the cursor starts on %q, want the first override", line)
	}
	r, _ := nav("j", "j", "e")
	if len(r) != 1 || r[0].Kind != kit.RouteEditTopicConfig || r[0].Config != "retention.ms" {
		t.Fatalf("j j e: %+v, want the edit of retention.ms", r)
	}
	if !strings.Contains(kittest.Plain(s), "▸ retention.ms") {
		t.Errorf("the cursor is not drawn on retention.ms:\n%s", kittest.Plain(s))
	}
	r, _ = nav("x")
	if len(r) != 1 || r[0].Kind != kit.RouteResetTopicConfig || r[0].Config != "retention.ms" || r[0].Topic != "bankbranch" {
		t.Fatalf("x: %+v, want the reset of retention.ms", r)
	}
	r, st := nav("j", "j", "x")
	if len(r) != 0 || len(st) == 0 || !strings.Contains(st[0], "cleanup.policy is not overridden") {
		t.Errorf("x on a default: routes %+v, status %v", r, st)
	}
	r, _ = nav("k", "k", "k", "e")
	if len(r) != 1 || r[0].Config != "max.message.bytes" {
		t.Errorf("k k k e: %+v, want max.message.bytes", r)
	}
	r, _ = nav("/", "min.insync.replicas", "enter", "x")
	if len(r) != 0 {
		t.Errorf("x on the filtered default: %+v", r)
	}
	r, _ = nav("e")
	if len(r) != 1 || r[0].Config != "min.insync.replicas" {
		t.Errorf("e on an exact filter: %+v, want min.insync.replicas", r)
	}
}

// TestDetailPartitionsAndCloneKeys: + opens add partitions, C the clone,
// of the topic in view, from any pane.
func TestDetailPartitionsAndCloneKeys(t *testing.T) {
	var s kit.Screen = newTestDetail(t, BankFake(), 120, 40)
	for _, c := range []struct {
		keys []any
		want kit.RouteKind
	}{{[]any{"+"}, kit.RouteAddPartitions}, {[]any{"tab", "C"}, kit.RouteCloneTopic}} {
		var ms []any
		s, ms = keysAll(s, c.keys...)
		r := navs(ms)
		if len(r) != 1 || r[0].Kind != c.want || r[0].Topic != "bankbranch" {
			t.Errorf("%v: %+v, want route %v of bankbranch", c.keys, r, c.want)
		}
	}
}

// TestDetailPartitionSizes: SIZE shows each partition's bytes on its
// leader; a partition the brokers did not report shows —.
func TestDetailPartitionSizes(t *testing.T) {
	f := BankFake()
	f.DiskSizes = map[string]kafkaops.TopicSize{"bankbranch": {Partitions: map[int32]int64{0: 1536, 1: 0}}}
	d := newTestDetail(t, f, 120, 40)
	v := kittest.Plain(d)
	for _, row := range []string{"1,000    1.5KiB", "234        0B", "0         —"} {
		if !strings.Contains(v, row) {
			t.Errorf("partitions pane lacks %q:\n%s", row, v)
		}
	}
	if n := f.CallCount("TopicSizes"); n != 1 {
		t.Errorf("%d TopicSizes calls on opening, want 1", n)
	}
}

// TestDetailSizesUnsupported: a cluster without DescribeLogDirs shows —
// in SIZE and says why once, not at every refresh.
func TestDetailSizesUnsupported(t *testing.T) {
	f := BankFake()
	f.SizesErr = &kafkaops.FeatureError{API: "DescribeLogDirs", Missing: true, KafkaVersion: "0.10"}
	s, msgs := kittest.Start(t, NewTopicDetail(f, kittest.TestStyles(), "bankbranch"), 120, 40)
	st := kittest.Statuses(msgs)
	if len(st) != 1 || !strings.Contains(st[0], "does not answer DescribeLogDirs") || !strings.Contains(st[0], "Kafka 0.10") {
		t.Errorf("statuses %v, want the reason once", st)
	}
	if v := kittest.Plain(s); !strings.Contains(v, "1,000         —") {
		t.Errorf("SIZE is not —:\n%s", v)
	}
	_, msgs = kittest.FeedAll(s, kit.TopicsChangedMsg{Topic: "bankbranch"})
	if st := kittest.Statuses(msgs); len(st) != 0 {
		t.Errorf("the reason was said again at the reload: %v", st)
	}
}

// TestDetailHelpReadOnly: on a read-only context the help lists no key
// that writes (produce, delete, edit, add, reset, purge, add partitions,
// clone); on a writable one the full help lists them all.
func TestDetailHelpReadOnly(t *testing.T) {
	writes := []string{"p", "d", "e", "a", "x", "P", "+", "C"}
	listed := func(readOnly bool) []string {
		s, _ := kittest.Start(t, NewTopicDetailFor(BankFake(), kittest.TestStyles(), "bankbranch", DetailOptions{ReadOnly: readOnly}), 120, 40)
		var out []string
		add := func(bs []key.Binding) {
			for _, b := range bs {
				out = append(out, b.Keys()...)
			}
		}
		add(s.ShortHelp())
		for _, g := range s.FullHelp() {
			add(g)
		}
		return out
	}
	ro, rw := listed(true), listed(false)
	for _, k := range writes {
		if slices.Contains(ro, k) {
			t.Errorf("read-only help lists the write key %q", k)
		}
		if !slices.Contains(rw, k) {
			t.Errorf("writable help lacks %q", k)
		}
	}
}

// keysAll is kittest.KeysAll with the messages as []any.
func keysAll(s kit.Screen, keys ...any) (kit.Screen, []any) {
	s, ms := kittest.KeysAll(s, keys...)
	out := make([]any, len(ms))
	for i, m := range ms {
		out[i] = m
	}
	return s, out
}

func navs(ms []any) []kit.Route {
	var out []kit.Route
	for _, m := range ms {
		if n, ok := m.(kit.NavigateMsg); ok {
			out = append(out, n.Route)
		}
	}
	return out
}

func statuses(ms []any) []string {
	var out []string
	for _, m := range ms {
		if s, ok := m.(kit.StatusMsg); ok {
			out = append(out, s.Text)
		}
	}
	return out
}

// TestDetailClickPicksConfig: a click on a config row puts the cursor on
// it, so e edits that one.
func TestDetailClickPicksConfig(t *testing.T) {
	d := newTestDetail(t, BankFake(), 120, 40)
	l := d.layout()
	// The third config line: leader.replication… wraps to two lines, so
	// it is max.message.bytes.
	var s kit.Screen = d
	s, _ = kittest.Feed(s, tea.MouseClickMsg{Button: tea.MouseLeft, X: l.configs.x + 5, Y: l.configs.y + 1 + kit.ConfigHeadLines + 2})
	_, ms := keysAll(s, "e")
	if r := navs(ms); len(r) != 1 || r[0].Config != "max.message.bytes" {
		t.Errorf("click then e: %+v, want max.message.bytes", r)
	}
}
