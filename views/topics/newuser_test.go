package topics

import (
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

// errorStatuses returns the status messages in msgs with whether each is
// shown as an error.
func errorStatuses(msgs []tea.Msg) map[string]bool {
	out := map[string]bool{}
	for _, m := range msgs {
		if s, ok := m.(kit.StatusMsg); ok {
			out[s.Text] = s.Error
		}
	}
	return out
}

// Issue 13 item 4: a refusal on the topic list is an error (✗), as
// everywhere else, never a success.
func TestTopicsRefusalsAreErrors(t *testing.T) {
	for _, k := range []string{"p", "n", "d"} {
		tp := newTestTopics(t, kafkaopstest.NewFakeService(demoTopics()...), TopicsOptions{ReadOnly: true})
		_, msgs := kittest.Press(tp, k)
		st := errorStatuses(msgs)
		if len(st) != 1 {
			t.Fatalf("%s: statuses = %v, want one", k, st)
		}
		for text, isErr := range st {
			if !isErr {
				t.Errorf("%s: %q is shown as a success, want an error", k, text)
			}
		}
	}
	tp := newTestTopics(t, kafkaopstest.NewFakeService(), TopicsOptions{})
	for _, k := range []string{"t", "d"} {
		_, msgs := kittest.Press(tp, k)
		for text, isErr := range errorStatuses(msgs) {
			if !isErr {
				t.Errorf("%s on an empty list: %q is shown as a success, want an error", k, text)
			}
		}
	}
}

// Issue 13 item 26: i on a cluster without internal topics says so and
// changes nothing.
func TestTopicsInternalKeyWithNone(t *testing.T) {
	tp := newTestTopics(t, kafkaopstest.NewFakeService(demoTopics()[:3]...), TopicsOptions{})
	s, msgs := kittest.Press(tp, "i")
	st := kittest.Statuses(msgs)
	if len(st) != 1 || !strings.Contains(st[0], "no internal topics") {
		t.Errorf("statuses = %q, want one saying there are no internal topics", st)
	}
	if got := kittest.Plain(s); strings.Contains(got, "internal shown") {
		t.Errorf("the title says internal shown although there are none:\n%s", got)
	}
	// With one, i still toggles.
	tp = newTestTopics(t, kafkaopstest.NewFakeService(demoTopics()...), TopicsOptions{})
	s, _ = kittest.Press(tp, "i")
	if got := kittest.Plain(s); !strings.Contains(got, "internal shown") {
		t.Errorf("i did not show the internal topics:\n%s", got)
	}
}

// Issue 13 item 8: the empty list says n creates a topic, and the hints
// put n create first, so that it shows at 80 columns.
func TestTopicsEmptySaysHowToCreate(t *testing.T) {
	tp := newTestTopics(t, kafkaopstest.NewFakeService(), TopicsOptions{})
	if got := kittest.Plain(tp); !strings.Contains(got, "press n to create one") {
		t.Errorf("the empty list does not say n creates a topic:\n%s", got)
	}
	if h := tp.ShortHelp(); len(h) == 0 || !key.Matches(tea.KeyPressMsg{Code: 'n', Text: "n"}, h[0]) {
		t.Errorf("on an empty cluster the first hint should be n create, got %v", helpKeys(h))
	}
	ro := newTestTopics(t, kafkaopstest.NewFakeService(), TopicsOptions{ReadOnly: true})
	if got := kittest.Plain(ro); strings.Contains(got, "press n") {
		t.Errorf("a read-only context offers n:\n%s", got)
	}
}

func helpKeys(bs []key.Binding) []string {
	var out []string
	for _, b := range bs {
		out = append(out, b.Help().Key)
	}
	return out
}

// Issue 13 item 14: right after the first load the browser reloads once,
// so the counts of a cluster still being filled do not wait a refresh.
func TestTopicsReloadOnceAfterFirstLoad(t *testing.T) {
	f := kafkaopstest.NewFakeService(kafkaops.Topic{Name: "bankbranch", Partitions: 1, ReplicationFactor: 1})
	tp := NewTopics(f, kittest.TestStyles(), TopicsOptions{}).(*Topics)
	tp.settle = 10 * time.Millisecond
	kittest.Start(t, kittest.Refreshing(tp, time.Hour), 100, 30)
	f.Mu.Lock()
	n, sweeps := f.Calls["ListTopicNames"], f.Calls["ListTopics"]
	f.Mu.Unlock()
	if n != 2 || sweeps != 0 {
		t.Errorf("ListTopicNames called %d times, ListTopics %d after the first load, want 2 and 0 (the load and one early reload, neither a sweep)", n, sweeps)
	}
	// With auto-refresh off, no early reload either.
	f = kafkaopstest.NewFakeService()
	tp = NewTopics(f, kittest.TestStyles(), TopicsOptions{}).(*Topics)
	tp.settle = 10 * time.Millisecond
	kittest.Start(t, kittest.Refreshing(tp, 0), 100, 30)
	if n := f.Calls["ListTopicNames"]; n != 1 {
		t.Errorf("with refresh off: ListTopicNames called %d times, want 1", n)
	}
}

// Issue 13 item 25: the create form accepts the units every screen shows
// and sends the number Kafka takes.
func TestCreateTopicAcceptsUnits(t *testing.T) {
	f := kafkaopstest.NewFormsFake()
	s := startCreate(t, f, 100, 30)
	s, _ = kittest.KeysAll(s, "bankbranch", "tab", "2", "tab", "1", "tab", "retention.ms=1d", "tab", "segment.bytes=1GiB")
	kittest.KeysAll(s, kittest.Ctrl('s'))
	want := map[string]string{"retention.ms": "86400000", "segment.bytes": "1073741824"}
	if len(f.Created) != 1 || !maps.Equal(f.Created[0].Configs, want) {
		t.Fatalf("created %+v, want configs %v", f.Created, want)
	}
}

// Issue 13 item 7: in a topic's detail t tails it, p produces to it and
// c copies its name.
func TestDetailActsOnTheTopicInView(t *testing.T) {
	d := newTestDetail(t, BankFake(), 100, 30)
	for k, want := range map[string]kit.RouteKind{"t": kit.RouteTail, "p": kit.RouteProduce} {
		_, msgs := kittest.Press(d, k)
		if got := kittest.Navigations(msgs); len(got) != 1 || got[0] != (kit.Route{Kind: want, Topic: "bankbranch"}) {
			t.Errorf("%s navigated to %+v, want kind %v on bankbranch", k, got, want)
		}
	}
	_, cmd := d.Update(tea.KeyPressMsg{Code: 'c', Text: "c"})
	var copied, said bool
	for _, m := range kittest.RunCmd(cmd) {
		switch m := m.(type) {
		case kit.StatusMsg:
			said = strings.Contains(m.Text, "copied the topic name") && !m.Error
		default:
			copied = copied || fmt.Sprintf("%v", m) == "bankbranch"
		}
	}
	if !copied || !said {
		t.Errorf("c: copied %v, said so %v", copied, said)
	}
}

// detailFake holds one topic named name with n partitions.
func detailFake(name string, n int) *kafkaopstest.FakeService {
	f := BankFake()
	d := kafkaops.TopicDetail{Topic: kafkaops.Topic{Name: name, Partitions: n, ReplicationFactor: 1}}
	for i := 0; i < n; i++ {
		d.PartitionList = append(d.PartitionList, kafkaops.Partition{ID: i, Leader: 1, Replicas: []int32{1}, ISR: []int32{1}, Low: 0, High: 123456})
	}
	f.Details = map[string]kafkaops.TopicDetail{name: d}
	f.Configs = map[string][]kafkaops.ConfigEntry{name: bankConfigs()}
	return f
}

func startDetail(t *testing.T, f *kafkaopstest.FakeService, name string, w, h int) kit.Screen {
	t.Helper()
	s, _ := kittest.Start(t, NewTopicDetail(f, kittest.TestStyles(), name), w, h)
	return s
}

// Issue 13 item 13: at 80x24 the focused partitions pane grows and says
// where it is, as the configs pane does.
func TestDetailFocusedPartitionsGrowWithMarker(t *testing.T) {
	s := startDetail(t, detailFake("big", 500), "big", 80, 21)
	rows := func(out string) int { return strings.Count(out, "123,456") }
	before := rows(kittest.Plain(s))
	for i := 0; i < 3 && s.(*TopicDetail).focus != panePartitions; i++ {
		s, _ = kittest.Press(s, "tab")
	}
	out := kittest.Plain(s)
	if after := rows(out); after < 8 || after <= before {
		t.Errorf("focused, the partitions pane shows %d rows (unfocused %d), want it to grow:\n%s", after, before, out)
	}
	if !strings.Contains(out, "top ↓") {
		t.Errorf("no position marker on the partitions pane:\n%s", out)
	}
	s, _ = kittest.Press(s, "G")
	if out := kittest.Plain(s); !strings.Contains(out, "end ↑") {
		t.Errorf("at the end, no end marker:\n%s", out)
	}
}

// Issue 13 item 13: a 204-character name shows whole in the detail.
func TestDetailLongNameWraps(t *testing.T) {
	name := strings.Repeat("very-long-topic-name.", 9) + strings.Repeat("x", 15)
	if len(name) != 204 {
		t.Fatalf("name is %d long", len(name))
	}
	for _, w := range []int{80, 60} {
		s := startDetail(t, detailFake(name, 2), name, w, 24)
		flat := strings.ReplaceAll(kittest.Plain(s), "\n", "")
		if !strings.Contains(flat, name) {
			t.Errorf("%d columns: the name is not shown whole:\n%s", w, kittest.Plain(s))
		}
		if !strings.Contains(kittest.Plain(s), "2 partitions") {
			t.Errorf("%d columns: the summary lost its figures:\n%s", w, kittest.Plain(s))
		}
	}
}

// Issue 13 item 13: at 60x15 the partitions' numeric headings stay whole;
// the replica lists yield first.
func TestDetailNarrowKeepsNumericHeadings(t *testing.T) {
	s := startDetail(t, detailFake("bankbranch", 3), "bankbranch", 60, 15)
	out := kittest.Plain(s)
	for _, h := range []string{"LOW", "HIGH", "MESSAGES", "123,456"} {
		if !strings.Contains(out, h) {
			t.Errorf("60 columns: %q is cut:\n%s", h, out)
		}
	}
}

// Issue 13 item 12: at 80 columns the create form's side notes and its
// discard question are whole.
func TestCreateTopicNotesWholeAt80(t *testing.T) {
	s := startCreate(t, kafkaopstest.NewFormsFake(), 80, 24)
	if out := kittest.Plain(s); !strings.Contains(out, "optional · tab completes") {
		t.Errorf("the configs hint is cut:\n%s", out)
	}
	s, _ = kittest.KeysAll(s, "x", "tab", "tab", "tab", "retention.ms=1d", "tab")
	if out := kittest.Plain(s); !strings.Contains(out, "= 86400000 ms") {
		t.Errorf("the unit hint is cut:\n%s", out)
	}
	s, _ = kittest.KeysAll(s, "esc")
	flat := strings.Join(strings.Fields(kittest.Plain(s)), " ")
	if !strings.Contains(flat, "y discards · n or esc keeps editing") {
		t.Errorf("the discard question is cut:\n%s", kittest.Plain(s))
	}
}

// Issue 13 item 12: at 60 columns the line under the create form names
// its keys whole.
func TestCreateTopicFootAt60(t *testing.T) {
	s := startCreate(t, kafkaopstest.NewFormsFake(), 60, 24)
	if out := kittest.Plain(s); !strings.Contains(out, "ctrl+s creates the topic · esc cancels") {
		t.Errorf("the keys under the form are cut:\n%s", out)
	}
}
