package topics

import (
	"slices"
	"strings"
	"testing"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit/kittest"
)

// windowNames lists the names of the rows in the table's window, in order.
func windowNames(tp *Topics) []string {
	start, end := tp.Scroll.Window()
	var out []string
	for _, i := range tp.Shown[start:end] {
		out = append(out, tp.Rows[i].t.Name)
	}
	return out
}

// rowMessages returns the count the browser holds for a topic, -1 if it
// does not list it.
func rowMessages(tp *Topics, name string) int64 {
	for _, r := range tp.Rows {
		if r.t.Name == name {
			return r.t.Messages
		}
	}
	return -1
}

// setMessages changes a topic's count in the fake.
func setMessages(f *kafkaopstest.FakeService, name string, n int64) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	for i := range f.Topics {
		if f.Topics[i].Name == name {
			f.Topics[i].Messages = n
		}
	}
}

// tickOnce feeds the browser its current timer's message.
func tickOnce(tp *Topics) *Topics {
	s, _ := kittest.Feed(tp, topicsTickMsg{id: tp.TickID})
	return s.(*Topics)
}

// Issue 17: between full sweeps a tick lists the topics from metadata and
// asks the counts of the rows on screen only; the counts of the rest are
// kept, a new topic appears at once.
func TestTopicsTickCountsOnlyVisibleRows(t *testing.T) {
	f := kafkaopstest.NewFakeService(manyTopics(200)...)
	tp := newTestTopics(t, f, TopicsOptions{})
	tp = tickOnce(tp) // the first tick sweeps
	if got := f.CallCount("ListTopics"); got != 2 {
		t.Fatalf("ListTopics called %d times, want 2 (load + first tick)", got)
	}
	visible := windowNames(tp)
	if len(visible) == 0 || len(visible) >= 200 {
		t.Fatalf("%d rows on screen, want some but not all of 200", len(visible))
	}
	onScreen, offScreen := visible[1], tp.Rows[tp.Shown[len(tp.Shown)-1]].t.Name
	before := rowMessages(tp, offScreen)
	setMessages(f, onScreen, 777_777)
	setMessages(f, offScreen, 555_555)
	f.Mu.Lock()
	f.Topics = append(f.Topics, kafkaops.Topic{Name: "aaa-new", Partitions: 1, ReplicationFactor: 1, Messages: 9})
	f.Mu.Unlock()

	tp = tickOnce(tp)
	if got := f.CallCount("ListTopics"); got != 2 {
		t.Errorf("the second tick swept every topic: ListTopics called %d times", got)
	}
	if got := f.CallCount("ListTopicNames"); got != 0 {
		t.Errorf("the second tick listed every topic: ListTopicNames called %d times, want 0", got)
	}
	if len(f.OffsetsAsked) != 1 || !slices.Equal(f.OffsetsAsked[0], visible) {
		t.Fatalf("offsets asked for %v, want exactly the %d rows on screen %v", f.OffsetsAsked, len(visible), visible)
	}
	if got := rowMessages(tp, onScreen); got != 777_777 {
		t.Errorf("on-screen %s counts %d, want the fresh 777777", onScreen, got)
	}
	if got := rowMessages(tp, offScreen); got != before {
		t.Errorf("off-screen %s counts %d, want the last sweep's %d", offScreen, got, before)
	}
	if got := rowMessages(tp, "aaa-new"); got != -1 {
		t.Errorf("new topic aaa-new listed (%d) before a metadata tick", got)
	}
	for range namesEvery - 1 {
		tp = tickOnce(tp)
	}
	if got := f.CallCount("ListTopicNames"); got != 1 {
		t.Errorf("after %d ticks ListTopicNames called %d times, want 1", namesEvery+1, got)
	}
	if got := rowMessages(tp, "aaa-new"); got != 0 {
		t.Errorf("new topic aaa-new counts %d, want listed with 0 until counted", got)
	}
	if got := rowMessages(tp, onScreen); got != 777_777 {
		t.Errorf("after a metadata tick on-screen %s counts %d, want 777777", onScreen, got)
	}
	if !strings.Contains(kittest.Plain(tp), "777,777") && !strings.Contains(kittest.Plain(tp), "777777") {
		t.Errorf("the fresh count is not on screen:\n%s", kittest.Plain(tp))
	}
}

// Issue 17: every fullSweepEvery ticks, and on r, every topic is counted.
func TestTopicsFullSweepEveryNthTickAndOnR(t *testing.T) {
	f := kafkaopstest.NewFakeService(manyTopics(200)...)
	tp := newTestTopics(t, f, TopicsOptions{})
	for range fullSweepEvery + 1 {
		tp = tickOnce(tp)
	}
	if got := f.CallCount("ListTopics"); got != 3 {
		t.Errorf("after %d ticks ListTopics called %d times, want 3 (load, first tick, tick %d)", fullSweepEvery+1, got, fullSweepEvery+1)
	}
	if got := f.CallCount("TopicOffsets"); got != fullSweepEvery-1 {
		t.Errorf("TopicOffsets called %d times, want %d", got, fullSweepEvery-1)
	}
	s, _ := kittest.Press(tp, "r")
	if got := f.CallCount("ListTopics"); got != 4 {
		t.Errorf("r did not sweep: ListTopics called %d times, want 4", got)
	}
	tp = s.(*Topics)
	off := tp.Rows[tp.Shown[len(tp.Shown)-1]].t.Name
	setMessages(f, off, 123)
	kittest.Press(tp, "r")
	if got := rowMessages(tp, off); got != 123 {
		t.Errorf("after r off-screen %s counts %d, want 123", off, got)
	}
}

// Issue 17: sorted by MESSAGES the order depends on every count, so every
// tick sweeps.
func TestTopicsSortedByMessagesSweepsEveryTick(t *testing.T) {
	f := kafkaopstest.NewFakeService(manyTopics(50)...)
	tp := newTestTopics(t, f, TopicsOptions{})
	s, _ := kittest.Press(tp, "s", "s", "s")
	tp = s.(*Topics)
	if tp.sortBy != sortMessages {
		t.Fatalf("sorted by %v, want messages", tp.sortBy)
	}
	base := f.CallCount("ListTopics")
	for range 3 {
		tp = tickOnce(tp)
	}
	if got := f.CallCount("ListTopics") - base; got != 3 {
		t.Errorf("3 ticks sorted by messages swept %d times, want 3", got)
	}
	if got := f.CallCount("TopicOffsets"); got != 0 {
		t.Errorf("TopicOffsets called %d times while sorted by messages", got)
	}
}

// withCounts merges in name order and out of it alike.
func TestWithCounts(t *testing.T) {
	old := []kafkaops.Topic{{Name: "a", Messages: 1}, {Name: "b", Messages: 2}, {Name: "d", Messages: 4}}
	for _, sorted := range []bool{true, false} {
		fresh := []kafkaops.Topic{{Name: "a"}, {Name: "b"}, {Name: "c"}, {Name: "d"}}
		o := slices.Clone(old)
		if !sorted {
			slices.Reverse(fresh)
			slices.Reverse(o)
		}
		got := withCounts(fresh, o, map[string]int64{"b": 20, "c": 30})
		want := map[string]int64{"a": 1, "b": 20, "c": 30, "d": 4}
		for _, tp := range got {
			if tp.Messages != want[tp.Name] {
				t.Errorf("sorted=%v: %s = %d, want %d", sorted, tp.Name, tp.Messages, want[tp.Name])
			}
		}
		if len(got) != 4 {
			t.Errorf("sorted=%v: %d topics, want 4", sorted, len(got))
		}
	}
}

// Issue 17: a refresh that changed counts only updates the rows in place;
// each row gets its own topic's count whatever the order.
func TestTopicsCountsUpdateInPlace(t *testing.T) {
	f := kafkaopstest.NewFakeService(manyTopics(200)...)
	tp := newTestTopics(t, f, TopicsOptions{})
	s, _ := kittest.Press(tp, "s") // by partitions, largest first
	tp = tickOnce(s.(*Topics))     // the first tick sweeps
	order := shownNames(tp)
	visible := windowNames(tp)
	for i, name := range visible {
		setMessages(f, name, int64(1_000_000+i))
	}
	first := &tp.Rows[0]
	tp = tickOnce(tp)
	if &tp.Rows[0] != first {
		t.Errorf("a counts-only refresh rebuilt the rows")
	}
	if !slices.Equal(shownNames(tp), order) {
		t.Errorf("a counts-only refresh changed the order")
	}
	for i, name := range visible {
		if got := rowMessages(tp, name); got != int64(1_000_000+i) {
			t.Errorf("%s counts %d, want %d", name, got, 1_000_000+i)
		}
	}
	want := kittest.Plain(tp)
	if !strings.Contains(want, "1,000,003") && !strings.Contains(want, "1000003") {
		t.Errorf("fresh counts not on screen:\n%s", want)
	}
	for _, tpc := range manyTopics(200) {
		if !slices.Contains(visible, tpc.Name) && rowMessages(tp, tpc.Name) != tpc.Messages {
			t.Errorf("off-screen %s counts %d, want %d", tpc.Name, rowMessages(tp, tpc.Name), tpc.Messages)
		}
	}
}
