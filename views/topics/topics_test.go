package topics

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

func demoTopics() []kafkaops.Topic {
	return []kafkaops.Topic{
		{Name: "bankbranch", Partitions: 2, ReplicationFactor: 1, Messages: 1234},
		{Name: "orders", Partitions: 12, ReplicationFactor: 3, Messages: 9876543},
		{Name: "payments.dlq", Partitions: 1, ReplicationFactor: 3, Messages: 0},
		{Name: "__consumer_offsets", Partitions: 50, ReplicationFactor: 3, Internal: true, Messages: 42},
		{Name: "audit-log", Partitions: 6, ReplicationFactor: 2, Messages: 500},
	}
}

func newTestTopics(t *testing.T, f *kafkaopstest.FakeService, opts TopicsOptions) *Topics {
	t.Helper()
	// Ticks are sent by hand.
	s, _ := kittest.Start(t, kittest.Refreshing(NewTopics(f, kittest.TestStyles(), opts), time.Hour), 100, 30)
	return s.(*Topics)
}

// shownNames lists the topics the browser shows, in order.
func shownNames(tp *Topics) []string {
	var out []string
	for _, i := range tp.Shown {
		out = append(out, tp.Rows[i].ID())
	}
	return out
}

func TestTopicsLoading(t *testing.T) {
	tp := NewTopics(kafkaopstest.NewFakeService(demoTopics()...), kittest.TestStyles(), TopicsOptions{})
	tp.SetSize(100, 30)
	if got := kittest.Plain(tp); !strings.Contains(got, "Loading topics…") {
		t.Fatalf("before the first answer the body should say it is loading:\n%s", got)
	}
	if tp.Title() != "Topics" {
		t.Errorf("Title = %q before loading", tp.Title())
	}
}

func TestTopicsListsAndTogglesInternal(t *testing.T) {
	tp := newTestTopics(t, kafkaopstest.NewFakeService(demoTopics()...), TopicsOptions{})
	if got, want := tp.Title(), "Topics (4/5)"; got != want {
		t.Errorf("Title = %q, want %q", got, want)
	}
	want := []string{"audit-log", "bankbranch", "orders", "payments.dlq"}
	if got := shownNames(tp); !slices.Equal(got, want) {
		t.Errorf("shown = %v, want %v (internal hidden, sorted by name)", got, want)
	}
	view := kittest.Plain(tp)
	for _, s := range []string{"Topics (4/5)", "NAME ▲", "PARTITIONS", "RF", "MESSAGES", "9,876,543", "▸ audit-log"} {
		if !strings.Contains(view, s) {
			t.Errorf("view lacks %q:\n%s", s, view)
		}
	}
	if strings.Contains(view, "__consumer_offsets") {
		t.Errorf("internal topic shown by default:\n%s", view)
	}

	s, msgs := kittest.Press(tp, "i")
	tp = s.(*Topics)
	if got := tp.Title(); got != "Topics (5/5)" {
		t.Errorf("after i: Title = %q", got)
	}
	if !strings.Contains(kittest.Plain(tp), "__consumer_offsets (internal)") {
		t.Errorf("after i the internal topic should be listed and marked:\n%s", kittest.Plain(tp))
	}
	if st := kittest.Statuses(msgs); len(st) != 1 || st[0] != "showing internal topics" {
		t.Errorf("statuses = %q", st)
	}
	s, _ = kittest.Press(tp, "i")
	if got := s.Title(); got != "Topics (4/5)" {
		t.Errorf("after i twice: Title = %q", got)
	}
}

func TestTopicsFilter(t *testing.T) {
	tests := []struct {
		name    string
		keys    []string
		want    []string
		capture bool
		filter  string
	}{
		{"substring narrows", []string{"/", "ank"}, []string{"bankbranch"}, true, "ank"},
		{"case-insensitive", []string{"/", "ORD"}, []string{"orders"}, true, "ORD"},
		{"substring before fuzzy", []string{"/", "dl"}, []string{"payments.dlq", "audit-log"}, true, "dl"},
		{"fuzzy subsequence", []string{"/", "bkb"}, []string{"bankbranch"}, true, "bkb"},
		{"enter keeps the filter", []string{"/", "ank", "enter"}, []string{"bankbranch"}, false, "ank"},
		{"esc clears the filter", []string{"/", "an", "esc"}, []string{"audit-log", "bankbranch", "orders", "payments.dlq"}, false, ""},
		{"backspace widens", []string{"/", "ord", "backspace", "backspace", "backspace", "a"}, []string{"audit-log", "bankbranch", "payments.dlq"}, true, "a"},
		{"typing after backspace narrows", []string{"/", "an", "backspace", "ud"}, []string{"audit-log"}, true, "aud"},
		{"no match", []string{"/", "zzz"}, nil, true, "zzz"},
		{"esc after enter clears", []string{"/", "ank", "enter", "esc"}, []string{"audit-log", "bankbranch", "orders", "payments.dlq"}, false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tp := newTestTopics(t, kafkaopstest.NewFakeService(demoTopics()...), TopicsOptions{})
			s, msgs := kittest.Press(tp, tc.keys...)
			tp = s.(*Topics)
			if got := shownNames(tp); !slices.Equal(got, tc.want) {
				t.Errorf("shown = %v, want %v", got, tc.want)
			}
			if tp.Capturing() != tc.capture {
				t.Errorf("Capturing = %v, want %v", tp.Capturing(), tc.capture)
			}
			if got := tp.Filter.Value(); got != tc.filter {
				t.Errorf("filter = %q, want %q", got, tc.filter)
			}
			if len(kittest.Navigations(msgs)) > 0 || slices.ContainsFunc(msgs, func(m tea.Msg) bool { _, ok := m.(kit.PopMsg); return ok }) {
				t.Errorf("filter keys must not navigate: %v", msgs)
			}
		})
	}
}

func TestTopicsFilterHighlightsMatch(t *testing.T) {
	st := kittest.TestStyles()
	tp := newTestTopics(t, kafkaopstest.NewFakeService(demoTopics()...), TopicsOptions{})
	s, _ := kittest.Press(tp, "/", "an")
	view := s.View()
	// bankbranch holds "an" (the selected row, highlight on the selection);
	// payments.dlq matches a…n as a subsequence.
	sel := st.Match.Inherit(st.Selected)
	for _, part := range []string{
		st.Selected.Render("b") + sel.Render("an") + st.Selected.Render("kbranch"),
		"p" + st.Match.Render("a") + "yme" + st.Match.Render("n") + "ts.dlq",
	} {
		if !strings.Contains(view, part) {
			t.Errorf("view lacks highlighted %q:\n%q", part, view)
		}
	}
	if got := kittest.Plain(s); !strings.Contains(got, "/an") || !strings.Contains(got, "Topics (2/5)") {
		t.Errorf("title line should show the filter and the count:\n%s", got)
	}
	if pos := kit.MatchPositions("bankbranch", "bkb"); !slices.Equal(pos, []int{0, 3, 4}) {
		t.Errorf("matchPositions = %v", pos)
	}
	if pos := kit.MatchPositions("Bank-Branch", "bran"); !slices.Equal(pos, []int{5, 6, 7, 8}) {
		t.Errorf("matchPositions substring = %v", pos)
	}
}

func TestTopicsSortCycles(t *testing.T) {
	tests := []struct {
		keys   []string
		header string
		want   []string
		status string
	}{
		{nil, "NAME ▲", []string{"audit-log", "bankbranch", "orders", "payments.dlq"}, ""},
		{[]string{"s"}, "PARTITIONS ▼", []string{"orders", "audit-log", "bankbranch", "payments.dlq"}, "sorted by partitions, largest first"},
		{[]string{"s", "s"}, "RF ▼", []string{"orders", "payments.dlq", "audit-log", "bankbranch"}, "sorted by replication, largest first"},
		{[]string{"s", "s", "s"}, "MESSAGES ▼", []string{"orders", "bankbranch", "audit-log", "payments.dlq"}, "sorted by messages, largest first"},
		{[]string{"s", "s", "s", "S"}, "MESSAGES ▲", []string{"payments.dlq", "audit-log", "bankbranch", "orders"}, "sorted by messages, smallest first"},
		{[]string{"s", "s", "s", "s"}, "NAME ▲", []string{"audit-log", "bankbranch", "orders", "payments.dlq"}, "sorted by name, A→Z"},
		{[]string{"S"}, "NAME ▼", []string{"payments.dlq", "orders", "bankbranch", "audit-log"}, "sorted by name, Z→A"},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.keys, ""), func(t *testing.T) {
			tp := newTestTopics(t, kafkaopstest.NewFakeService(demoTopics()...), TopicsOptions{})
			s, msgs := kittest.Press(tp, tc.keys...)
			tp = s.(*Topics)
			if got := shownNames(tp); !slices.Equal(got, tc.want) {
				t.Errorf("order = %v, want %v", got, tc.want)
			}
			if st := kittest.Statuses(msgs); len(st) != len(tc.keys) || len(st) > 0 && st[len(st)-1] != tc.status {
				t.Errorf("statuses = %q, want the last to be %q", st, tc.status)
			}
			if !strings.Contains(kittest.Plain(tp), tc.header) {
				t.Errorf("header should show %q:\n%s", tc.header, kittest.Plain(tp))
			}
		})
	}
}

func TestTopicsSortKeepsSelection(t *testing.T) {
	tp := newTestTopics(t, kafkaopstest.NewFakeService(demoTopics()...), TopicsOptions{})
	s, _ := kittest.Press(tp, "j", "j") // orders
	s, _ = kittest.Press(s, "s", "s", "s")
	if got, _ := s.(*Topics).Selected(); got.Name != "orders" {
		t.Errorf("after sorting the cursor is on %q, want orders", got.Name)
	}
}

func TestTopicsRefreshKeepsCursorAndFilter(t *testing.T) {
	f := kafkaopstest.NewFakeService(demoTopics()...)
	tp := newTestTopics(t, f, TopicsOptions{})
	s, _ := kittest.Press(tp, "/", "a", "enter", "down", "down") // payments.dlq
	tp = s.(*Topics)
	sel, _ := tp.Selected()

	// New topics sort before the selected one; a refresh must not move the
	// cursor off it.
	f.Mu.Lock()
	f.Topics = append(f.Topics, kafkaops.Topic{Name: "aaa-new"}, kafkaops.Topic{Name: "ab"})
	f.Mu.Unlock()
	tp.ticks = namesEvery - 1 // the next tick lists the names
	s, _ = kittest.Feed(tp, topicsTickMsg{id: tp.TickID})
	tp = s.(*Topics)
	if got := f.CallCount("ListTopicNames"); got != 2 {
		t.Fatalf("ListTopicNames called %d times, want 2 (load + tick)", got)
	}
	if got, _ := tp.Selected(); got.Name != sel.Name {
		t.Errorf("after refresh the cursor is on %q, want %q", got.Name, sel.Name)
	}
	if tp.Filter.Value() != "a" || !slices.Contains(shownNames(tp), "aaa-new") {
		t.Errorf("filter lost or not applied to new data: %q %v", tp.Filter.Value(), shownNames(tp))
	}
	if !strings.Contains(kittest.Plain(tp), "Topics (5/7)") {
		t.Errorf("counts not updated:\n%s", kittest.Plain(tp))
	}

	// A stale tick (an earlier timer) does nothing.
	kittest.Feed(tp, topicsTickMsg{id: tp.TickID - 1000})
	if got := f.CallCount("ListTopicNames"); got != 2 {
		t.Errorf("a stale tick reloaded: %d calls", got)
	}
}

func TestTopicsManualRefreshAndStaleAnswer(t *testing.T) {
	f := kafkaopstest.NewFakeService(demoTopics()...)
	tp := newTestTopics(t, f, TopicsOptions{})
	_, msgs := kittest.Press(tp, "r")
	if st := kittest.Statuses(msgs); len(st) != 1 || st[0] != "refreshed: 5 topics" {
		t.Errorf("statuses after r = %q", st)
	}
	// An answer to an older request is dropped.
	tp.Update(topicsLoadedMsg{reqID: tp.ReqID - 1, topics: nil})
	if len(tp.Shown) != 4 {
		t.Errorf("a stale answer replaced the list: %v", shownNames(tp))
	}
}

func TestTopicsEnterNavigates(t *testing.T) {
	f := kafkaopstest.NewFakeService(demoTopics()...)
	tp := newTestTopics(t, f, TopicsOptions{})
	_, msgs := kittest.Press(tp, "j", "enter")
	nav := kittest.Navigations(msgs)
	if len(nav) != 1 || nav[0] != (kit.Route{Kind: kit.RouteTopicDetail, Topic: "bankbranch"}) {
		t.Errorf("navigations = %+v", nav)
	}
	// With nothing shown, enter does nothing.
	s, _ := kittest.Press(tp, "/", "zzz", "enter")
	if _, msgs = kittest.Press(s, "enter"); len(msgs) != 0 {
		t.Errorf("enter on an empty list sent %v", msgs)
	}
}

func TestTopicsDisabledKeysSayWhy(t *testing.T) {
	tests := []struct {
		key      string
		readOnly bool
		want     string
	}{
		{"p", true, "produce: disabled, this context is read-only"},
		{"n", true, "create: disabled, this context is read-only"},
		{"d", true, "delete: disabled, this context is read-only"},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.key, tc.readOnly), func(t *testing.T) {
			tp := newTestTopics(t, kafkaopstest.NewFakeService(demoTopics()...), TopicsOptions{ReadOnly: tc.readOnly})
			_, msgs := kittest.Press(tp, tc.key)
			st := kittest.Statuses(msgs)
			if len(st) != 1 || !strings.HasPrefix(st[0], tc.want) {
				t.Errorf("statuses = %q, want one starting %q", st, tc.want)
			}
			if len(kittest.Navigations(msgs)) != 0 {
				t.Errorf("a disabled key navigated")
			}
		})
	}
	// Help lists them, marked.
	tp := newTestTopics(t, kafkaopstest.NewFakeService(), TopicsOptions{ReadOnly: true})
	var descs []string
	for _, g := range tp.FullHelp() {
		for _, b := range g {
			descs = append(descs, b.Help().Desc)
		}
	}
	for _, want := range []string{"tail", "produce (read-only)", "create (read-only)", "delete (read-only)"} {
		if !slices.Contains(descs, want) {
			t.Errorf("full help lacks %q: %q", want, descs)
		}
	}
	if !tp.keys.Tail.Enabled() {
		t.Errorf("the tail binding should be enabled, read-only too")
	}
}

func TestTopicsTailKeyOpensTail(t *testing.T) {
	tp := newTestTopics(t, kafkaopstest.NewFakeService(demoTopics()...), TopicsOptions{ReadOnly: true})
	want, _ := tp.Selected()
	_, msgs := kittest.Press(tp, "t")
	if got := kittest.Navigations(msgs); len(got) != 1 || got[0] != (kit.Route{Kind: kit.RouteTail, Topic: want.Name}) {
		t.Errorf("t navigated to %+v, want the tail of %q", got, want.Name)
	}
}

func TestTopicsErrorsInWords(t *testing.T) {
	f := &kafkaopstest.FakeService{TopicsErr: errors.New("cannot reach 127.0.0.1:9092: connection refused")}
	s, msgs := kittest.Start(t, kittest.Refreshing(NewTopics(f, kittest.TestStyles(), TopicsOptions{}), time.Hour), 100, 30)
	view := kittest.Plain(s)
	if !strings.Contains(view, "Could not list topics: cannot reach 127.0.0.1:9092: connection refused") ||
		!strings.Contains(view, "Press r to try again.") {
		t.Errorf("first-load error not shown inline:\n%s", view)
	}
	if st := kittest.Statuses(msgs); len(st) != 1 || !strings.Contains(st[0], "connection refused") {
		t.Errorf("statuses = %q", st)
	}

	// r retries; once it works the error goes.
	f.Mu.Lock()
	f.TopicsErr = nil
	f.Topics = demoTopics()
	f.Mu.Unlock()
	s, _ = kittest.Press(s, "r")
	if view := kittest.Plain(s); strings.Contains(view, "Could not") || !strings.Contains(view, "bankbranch") {
		t.Errorf("after a successful retry:\n%s", view)
	}

	// A failed refresh keeps the list and says so.
	f.Mu.Lock()
	f.TopicsErr = errors.New("broker 1 stopped answering")
	f.Mu.Unlock()
	s, msgs = kittest.Press(s, "r")
	if view := kittest.Plain(s); !strings.Contains(view, "bankbranch") || !strings.Contains(view, "refresh failed") {
		t.Errorf("after a failed refresh the list should stay, marked:\n%s", view)
	}
	if st := kittest.Statuses(msgs); len(st) != 1 || st[0] != "refresh topics: broker 1 stopped answering" {
		t.Errorf("statuses = %q", st)
	}
}

func TestTopicsHostileNamesEscaped(t *testing.T) {
	f := kafkaopstest.NewFakeService(
		kafkaops.Topic{Name: "evil\x1b[2J\x1b]0;pwned\x07name", Partitions: 1},
		kafkaops.Topic{Name: "tab\there\nnl", Partitions: 1},
		kafkaops.Topic{Name: "bad\xffutf8", Partitions: 1},
		kafkaops.Topic{Name: "rtl\u202eabc", Partitions: 1},
	)
	tp := newTestTopics(t, f, TopicsOptions{})
	raw := tp.View()
	for _, bad := range []string{"\x1b[2J", "\x1b]0;", "\x07", "\t", "\xff", "\u202e"} {
		if strings.Contains(raw, bad) {
			t.Errorf("view contains raw %q", bad)
		}
	}
	view := kittest.Plain(tp)
	for _, want := range []string{`evil\x1b[2J\x1b]0;pwned\x07name`, `tab\there\nnl`, `bad\xffutf8`, `rtl\u202eabc`} {
		if !strings.Contains(view, want) {
			t.Errorf("view lacks escaped %q:\n%s", want, view)
		}
	}
	// Navigation still uses the real name.
	_, msgs := kittest.Press(tp, "/", "evil", "enter", "enter")
	if nav := kittest.Navigations(msgs); len(nav) != 1 || nav[0].Topic != "evil\x1b[2J\x1b]0;pwned\x07name" {
		t.Errorf("navigations = %+v", nav)
	}
}

func TestTopicsLongNamesTruncated(t *testing.T) {
	long := strings.Repeat("very-long-topic-name-", 10)
	tp := newTestTopics(t, kafkaopstest.NewFakeService(kafkaops.Topic{Name: long}, kafkaops.Topic{Name: "日本語のトピック名前" + long}), TopicsOptions{})
	tp.SetSize(80, 24)
	for i, l := range strings.Split(tp.View(), "\n") {
		if w := tpWidth(l); w > 80 {
			t.Errorf("line %d is %d cells wide", i, w)
		}
	}
	if !strings.Contains(kittest.Plain(tp), "…") {
		t.Errorf("long names should end with …:\n%s", kittest.Plain(tp))
	}
}

func TestTopicsScrollAndMouse(t *testing.T) {
	var topics []kafkaops.Topic
	for i := range 100 {
		topics = append(topics, kafkaops.Topic{Name: fmt.Sprintf("t%03d", i), Partitions: 1})
	}
	tp := newTestTopics(t, kafkaopstest.NewFakeService(topics...), TopicsOptions{})
	tp.SetSize(100, 12) // 10 rows
	cursor := func() string { s, _ := tp.Selected(); return s.Name }

	steps := []struct {
		msg  tea.Msg
		want string
	}{
		{kittest.KeyMsgs("G")[0], "t099"},
		{kittest.KeyMsgs("g")[0], "t000"},
		{kittest.KeyMsgs("pgdown")[0], "t009"},
		{kittest.KeyMsgs("pgup")[0], "t000"},
		{kittest.KeyMsgs("end")[0], "t099"},
		{kittest.KeyMsgs("home")[0], "t000"},
		{tea.MouseWheelMsg{Button: tea.MouseWheelDown}, "t003"}, // the cursor is dragged into the window
		{tea.MouseClickMsg{Button: tea.MouseLeft, Y: topicsRowsTop + 2}, "t005"},
		{tea.MouseClickMsg{Button: tea.MouseLeft, Y: 0}, "t005"}, // the title line
		{tea.MouseWheelMsg{Button: tea.MouseWheelUp}, "t005"},
	}
	for i, step := range steps {
		s, _ := kittest.Feed(tp, step.msg)
		tp = s.(*Topics)
		if got := cursor(); got != step.want {
			t.Fatalf("step %d (%v): cursor on %s, want %s", i, step.msg, got, step.want)
		}
	}
	// A click on the selected row opens it.
	_, msgs := kittest.Feed(tp, tea.MouseClickMsg{Button: tea.MouseLeft, Y: topicsRowsTop + 5})
	if nav := kittest.Navigations(msgs); len(nav) != 1 || nav[0].Topic != "t005" {
		t.Errorf("click on the selected row: %+v", nav)
	}
}

func TestTopicsGolden(t *testing.T) {
	tp := newTestTopics(t, kafkaopstest.NewFakeService(demoTopics()...), TopicsOptions{})
	kittest.Golden(t, "topics.golden", kittest.Plain(tp))
	s, _ := kittest.Press(tp, "/", "an")
	kittest.Golden(t, "topics_filter.golden", kittest.Plain(s))
}

func manyTopics(n int) []kafkaops.Topic {
	topics := make([]kafkaops.Topic, n)
	for i := range topics {
		topics[i] = kafkaops.Topic{
			Name:              fmt.Sprintf("team-%02d.service-%03d.events-%05d", i%37, i%101, i),
			Partitions:        1 + i%24,
			ReplicationFactor: 3,
			Messages:          int64(i) * 1013,
		}
	}
	return topics
}

// BenchmarkTopicsFilterKeystroke measures one filter keystroke at 10,000
// topics: Update (refilter) plus View. The target is under 16 ms.
func BenchmarkTopicsFilterKeystroke(b *testing.B) { benchFilterKeystroke(b, 10000) }

// BenchmarkTopicsFilterKeystroke100k is BenchmarkTopicsFilterKeystroke
// at 100,000 topics (issue 17: under 16 ms).
func BenchmarkTopicsFilterKeystroke100k(b *testing.B) { benchFilterKeystroke(b, 100000) }

func benchFilterKeystroke(b *testing.B, n int) {
	f := kafkaopstest.NewFakeService(manyTopics(n)...)
	tp := kittest.Refreshing(NewTopics(f, kittest.TestStyles(), TopicsOptions{}), time.Hour).(*Topics)
	tp.SetSize(200, 50)
	topics, _ := f.ListTopics(b.Context())
	tp.Update(topicsLoadedMsg{reqID: tp.ReqID, topics: topics})
	tp.Update(kittest.KeyMsgs("/")[0])
	keys := kittest.KeyMsgs("e5")
	bs := kittest.KeyMsgs("backspace")[0]
	b.ResetTimer()
	for i := range b.N {
		// Alternate typing a character (narrowing, incremental) and
		// deleting it (widening, a full pass over 10,000 names).
		if i%2 == 0 {
			tp.Update(keys[0])
		} else {
			tp.Update(bs)
		}
		_ = tp.View()
	}
}

func tpWidth(s string) int { return kittest.LipglossWidth(s) }

// BenchmarkTopicsRefresh10k measures a refresh of 10,000 topics in which
// message counts changed: rebuild, sort, refilter and the next frame.
func BenchmarkTopicsRefresh10k(b *testing.B) { benchRefresh(b, 10000) }

// BenchmarkTopicsRefresh100k is BenchmarkTopicsRefresh10k at 100,000
// topics.
func BenchmarkTopicsRefresh100k(b *testing.B) { benchRefresh(b, 100000) }

func benchRefresh(b *testing.B, n int) {
	f := kafkaopstest.NewFakeService(manyTopics(n)...)
	tp := kittest.Refreshing(NewTopics(f, kittest.TestStyles(), TopicsOptions{}), time.Hour).(*Topics)
	tp.SetSize(200, 50)
	a := manyTopics(n)
	c := manyTopics(n)
	c[n/2].Messages++
	b.ResetTimer()
	for i := range b.N {
		topics := a
		if i%2 == 1 {
			topics = c
		}
		tp.Update(topicsLoadedMsg{reqID: tp.ReqID, topics: topics})
		_ = tp.View()
	}
}

// BenchmarkTopicsG100k measures G (to the last row) and g (back to the
// first) at 100,000 topics, each with the next frame (issue 17: under
// 16 ms).
func BenchmarkTopicsG100k(b *testing.B) {
	f := kafkaopstest.NewFakeService(manyTopics(100000)...)
	tp := kittest.Refreshing(NewTopics(f, kittest.TestStyles(), TopicsOptions{}), time.Hour).(*Topics)
	tp.SetSize(200, 50)
	topics, _ := f.ListTopics(b.Context())
	tp.Update(topicsLoadedMsg{reqID: tp.ReqID, topics: topics})
	keys := kittest.KeyMsgs("Gg")
	b.ResetTimer()
	for i := range b.N {
		tp.Update(keys[i%2])
		_ = tp.View()
	}
	b.StopTimer()
	if tp.Scroll.Cursor != 0 && tp.Scroll.Cursor != len(tp.Shown)-1 {
		b.Fatalf("cursor at %d after G/g, want 0 or %d", tp.Scroll.Cursor, len(tp.Shown)-1)
	}
}

// BenchmarkTopicsLightRefresh100k measures what a tick between sweeps
// costs the screen at 100,000 topics: the metadata-only list merged with
// the counts of the rows on screen, then the next frame.
func BenchmarkTopicsLightRefresh100k(b *testing.B) {
	f := kafkaopstest.NewFakeService(manyTopics(100000)...)
	tp := kittest.Refreshing(NewTopics(f, kittest.TestStyles(), TopicsOptions{}), time.Hour).(*Topics)
	tp.SetSize(200, 50)
	topics, _ := f.ListTopics(b.Context())
	tp.Update(topicsLoadedMsg{reqID: tp.ReqID, topics: topics})
	names, _ := f.ListTopicNames(b.Context())
	b.ResetTimer()
	for i := range b.N {
		counts := map[string]int64{}
		for j, name := range tp.visibleNames() {
			counts[name] = int64(i + j)
		}
		tp.Update(topicsLoadedMsg{reqID: tp.ReqID, topics: slices.Clone(names), counts: counts, partial: true})
		_ = tp.View()
	}
}
