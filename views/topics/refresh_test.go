package topics

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

// windowNames lists the names of the rows in the table's window, in order.
func windowNames(tp *Topics) []string {
	start, end := tp.Scroll.Window()
	var out []string
	for _, i := range tp.Shown[start:end] {
		out = append(out, tp.Rows[i].ID())
	}
	return out
}

// rowMessages returns the count the browser holds for a topic, -1 if it
// does not list it.
func rowMessages(tp *Topics, name string) int64 {
	for _, r := range tp.Rows {
		if r.ID() == name {
			return r.messages
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

// Issue 17: the first list is metadata plus the counts of the rows on
// screen, and the first tick does not sweep either: a launch on 100,000
// topics costs what it shows.
func TestTopicsFirstLoadAndFirstTickDoNotSweep(t *testing.T) {
	f := kafkaopstest.NewFakeService(manyTopics(200)...)
	tp := newTestTopics(t, f, TopicsOptions{})
	if got := f.CallCount("ListTopics"); got != 0 {
		t.Errorf("the first load swept every topic: ListTopics called %d times", got)
	}
	if got := f.CallCount("ListTopicNames"); got != 1 {
		t.Errorf("ListTopicNames called %d times at the first load, want 1", got)
	}
	visible := windowNames(tp)
	if len(f.OffsetsAsked) != 1 || !slices.Equal(f.OffsetsAsked[0], visible) {
		t.Fatalf("the first load counted %v, want exactly the %d rows on screen %v", f.OffsetsAsked, len(visible), visible)
	}
	want := map[string]int64{}
	for _, tpc := range manyTopics(200) {
		want[tpc.Name] = tpc.Messages
	}
	for _, name := range visible {
		if got := rowMessages(tp, name); got != want[name] {
			t.Errorf("on-screen %s counts %d at launch, want %d", name, got, want[name])
		}
	}
	off := tp.Rows[tp.Shown[len(tp.Shown)-1]].ID()
	if got := rowMessages(tp, off); got != uncounted {
		t.Errorf("off-screen %s counts %d at launch, want uncounted", off, got)
	}
	tickOnce(tp)
	if got := f.CallCount("ListTopics"); got != 0 {
		t.Errorf("the first tick swept every topic: ListTopics called %d times", got)
	}
	if got := f.CallCount("TopicOffsets"); got != 2 {
		t.Errorf("TopicOffsets called %d times after the first tick, want 2 (load, tick)", got)
	}
}

// Issue 17: an uncounted row shows "…" and is counted as soon as it is on
// screen (scrolled to), once.
func TestTopicsScrollCountsUncountedRows(t *testing.T) {
	f := kafkaopstest.NewFakeService(manyTopics(200)...)
	tp := newTestTopics(t, f, TopicsOptions{})
	s, _ := kittest.Press(tp, "G")
	tp = s.(*Topics)
	if got := f.CallCount("TopicOffsets"); got != 2 {
		t.Fatalf("TopicOffsets called %d times after G, want 2 (launch, the new window)", got)
	}
	last := tp.Rows[tp.Shown[len(tp.Shown)-1]].topic()
	if last.Messages == uncounted {
		t.Errorf("the last row is still uncounted after G")
	}
	if !strings.Contains(kittest.Plain(tp), kit.FormatCount(last.Messages)) {
		t.Errorf("the last row's count %d is not on screen:\n%s", last.Messages, kittest.Plain(tp))
	}
	kittest.Press(tp, "k")
	if got := f.CallCount("TopicOffsets"); got != 2 {
		t.Errorf("moving inside a counted window asked again: %d calls", got)
	}
	s, _ = kittest.Press(tp, "g")
	tp = s.(*Topics)
	if got := f.CallCount("TopicOffsets"); got != 2 {
		t.Errorf("back to the counted top asked again: %d calls", got)
	}
	// A failing count is not retried on every key.
	f.SetErr(errors.New("broker down"))
	s, _ = kittest.Press(tp, "pgdown", "j")
	if got := f.CallCount("TopicOffsets"); got != 3 {
		t.Errorf("after a failure: TopicOffsets called %d times, want 3", got)
	}
	f.SetErr(nil)
	if !strings.Contains(kittest.Plain(s), "…") {
		t.Errorf("an uncounted row does not show …:\n%s", kittest.Plain(s))
	}
}

// Issue 17: between full sweeps a tick asks the counts of the rows on
// screen only; every namesEvery-th lists the topics from metadata too; the
// counts of the rest are kept, a new topic appears at that listing.
func TestTopicsTickCountsOnlyVisibleRows(t *testing.T) {
	f := kafkaopstest.NewFakeService(manyTopics(200)...)
	tp := newTestTopics(t, f, TopicsOptions{})
	s, _ := kittest.Press(tp, "r") // every topic counted
	tp = s.(*Topics)
	visible := windowNames(tp)
	if len(visible) == 0 || len(visible) >= 200 {
		t.Fatalf("%d rows on screen, want some but not all of 200", len(visible))
	}
	onScreen, offScreen := visible[1], tp.Rows[tp.Shown[len(tp.Shown)-1]].ID()
	before := rowMessages(tp, offScreen)
	setMessages(f, onScreen, 777_777)
	setMessages(f, offScreen, 555_555)
	f.Mu.Lock()
	f.Topics = append(f.Topics, kafkaops.Topic{Name: "aaa-new", Partitions: 1, ReplicationFactor: 1, Messages: 9})
	f.Mu.Unlock()
	asked := len(f.OffsetsAsked)

	tp = tickOnce(tp)
	if got := f.CallCount("ListTopics"); got != 1 {
		t.Errorf("the tick swept every topic: ListTopics called %d times, want 1 (r)", got)
	}
	if got := f.CallCount("ListTopicNames"); got != 1 {
		t.Errorf("the tick listed every topic: ListTopicNames called %d times, want 1 (launch)", got)
	}
	if len(f.OffsetsAsked) != asked+1 || !slices.Equal(f.OffsetsAsked[asked], visible) {
		t.Fatalf("offsets asked for %v, want exactly the %d rows on screen %v", f.OffsetsAsked[asked:], len(visible), visible)
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
	if got := f.CallCount("ListTopicNames"); got != 2 {
		t.Errorf("after %d ticks ListTopicNames called %d times, want 2", namesEvery, got)
	}
	// aaa-new sorts first, so it is on screen and counted at once.
	if got := rowMessages(tp, "aaa-new"); got != 9 {
		t.Errorf("new topic aaa-new counts %d, want 9 (on screen, counted)", got)
	}
	if got := rowMessages(tp, onScreen); got != 777_777 {
		t.Errorf("after a metadata tick on-screen %s counts %d, want 777777", onScreen, got)
	}
	if !strings.Contains(kittest.Plain(tp), "777,777") && !strings.Contains(kittest.Plain(tp), "777777") {
		t.Errorf("the fresh count is not on screen:\n%s", kittest.Plain(tp))
	}
}

// Issue 17: every fullSweepEvery-th tick, and on r, every topic is
// counted.
func TestTopicsFullSweepEveryNthTickAndOnR(t *testing.T) {
	f := kafkaopstest.NewFakeService(manyTopics(200)...)
	tp := newTestTopics(t, f, TopicsOptions{})
	for range fullSweepEvery {
		tp = tickOnce(tp)
	}
	if got := f.CallCount("ListTopics"); got != 1 {
		t.Errorf("after %d ticks ListTopics called %d times, want 1 (tick %d)", fullSweepEvery, got, fullSweepEvery)
	}
	// The launch and every tick but the sweep count the window.
	if got := f.CallCount("TopicOffsets"); got != fullSweepEvery {
		t.Errorf("TopicOffsets called %d times, want %d", got, fullSweepEvery)
	}
	s, _ := kittest.Press(tp, "r")
	if got := f.CallCount("ListTopics"); got != 2 {
		t.Errorf("r did not sweep: ListTopics called %d times, want 2", got)
	}
	tp = s.(*Topics)
	off := tp.Rows[tp.Shown[len(tp.Shown)-1]].ID()
	setMessages(f, off, 123)
	kittest.Press(tp, "r")
	if got := rowMessages(tp, off); got != 123 {
		t.Errorf("after r off-screen %s counts %d, want 123", off, got)
	}
}

// Issue 17: sorted by MESSAGES the order depends on every count, so the
// sort sweeps at once and every tick sweeps.
func TestTopicsSortedByMessagesSweepsEveryTick(t *testing.T) {
	f := kafkaopstest.NewFakeService(manyTopics(50)...)
	tp := newTestTopics(t, f, TopicsOptions{})
	s, _ := kittest.Press(tp, "s", "s", "s")
	tp = s.(*Topics)
	if tp.sortBy != sortMessages {
		t.Fatalf("sorted by %v, want messages", tp.sortBy)
	}
	if got := f.CallCount("ListTopics"); got != 1 {
		t.Errorf("sorting by messages swept %d times, want 1", got)
	}
	for _, r := range tp.Rows {
		if r.messages == uncounted {
			t.Fatalf("%s uncounted while sorted by messages", r.ID())
		}
	}
	base, offs := f.CallCount("ListTopics"), f.CallCount("TopicOffsets")
	for range 3 {
		tp = tickOnce(tp)
	}
	if got := f.CallCount("ListTopics") - base; got != 3 {
		t.Errorf("3 ticks sorted by messages swept %d times, want 3", got)
	}
	if got := f.CallCount("TopicOffsets"); got != offs {
		t.Errorf("TopicOffsets called %d more times while sorted by messages", got-offs)
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
		fresh = append(fresh, kafkaops.Topic{Name: "e"})
		got := withCounts(fresh, o, map[string]int64{"b": 20, "c": 30})
		want := map[string]int64{"a": 1, "b": 20, "c": 30, "d": 4, "e": uncounted}
		for _, tp := range got {
			if tp.Messages != want[tp.Name] {
				t.Errorf("sorted=%v: %s = %d, want %d", sorted, tp.Name, tp.Messages, want[tp.Name])
			}
		}
		if len(got) != 5 {
			t.Errorf("sorted=%v: %d topics, want 5", sorted, len(got))
		}
	}
}

// Issue 17: a refresh that changed counts only updates the rows in place;
// each row gets its own topic's count whatever the order.
func TestTopicsCountsUpdateInPlace(t *testing.T) {
	f := kafkaopstest.NewFakeService(manyTopics(200)...)
	tp := newTestTopics(t, f, TopicsOptions{})
	s, _ := kittest.Press(tp, "r", "s") // every topic counted; by partitions, largest first
	tp = s.(*Topics)
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

// Issue 17: on a big cluster the early reload a second after the launch
// counts the rows on screen without listing every topic again.
func TestTopicsSettleOnBigClusterCountsOnly(t *testing.T) {
	f := kafkaopstest.NewFakeService(manyTopics(settleNamesMax + 1)...)
	tp := newTestTopics(t, f, TopicsOptions{})
	kittest.Feed(tp, topicsSettleMsg{})
	if got := f.CallCount("ListTopicNames"); got != 1 {
		t.Errorf("ListTopicNames called %d times after the early reload, want 1 (the launch)", got)
	}
	if got := f.CallCount("TopicOffsets"); got != 2 {
		t.Errorf("TopicOffsets called %d times, want 2 (launch, early reload)", got)
	}
	small := kafkaopstest.NewFakeService(demoTopics()...)
	kittest.Feed(newTestTopics(t, small, TopicsOptions{}), topicsSettleMsg{})
	if got := small.CallCount("ListTopicNames"); got != 2 {
		t.Errorf("small cluster: ListTopicNames called %d times, want 2 (launch, early reload)", got)
	}
}

// Issue 17: on a cluster of more than quietFrom topics the ticks list
// every topic every namesEveryMany-th tick, not every namesEvery-th: at
// 10,000 topics and more the listings cost more than the other ticks
// together. A cluster of quietFrom topics still lists every namesEvery-th.
func TestTopicsManyTopicsListNamesLessOften(t *testing.T) {
	for _, n := range []int{quietFrom + 1, settleNamesMax} {
		f := kafkaopstest.NewFakeService(manyTopics(n)...)
		tp := newTestTopics(t, f, TopicsOptions{})
		base := f.CallCount("ListTopicNames")
		tp.ticks = namesEvery - 1 // the next tick would list on a small cluster
		tp = tickOnce(tp)
		if got := f.CallCount("ListTopicNames"); got != base {
			t.Errorf("tick %d on %d topics: ListTopicNames called %d more times, want none yet", namesEvery, n, got-base)
		}
		tp.ticks = namesEveryMany - 1
		tickOnce(tp)
		if got := f.CallCount("ListTopicNames"); got != base+1 {
			t.Errorf("tick %d on %d topics: ListTopicNames called %d more times, want 1", namesEveryMany, n, got-base)
		}
	}
	f := kafkaopstest.NewFakeService(manyTopics(quietFrom)...)
	tp := newTestTopics(t, f, TopicsOptions{})
	base := f.CallCount("ListTopicNames")
	tp.ticks = namesEvery - 1
	tickOnce(tp)
	if got := f.CallCount("ListTopicNames"); got != base+1 {
		t.Errorf("tick %d on %d topics: ListTopicNames called %d more times, want 1", namesEvery, quietFrom, got-base)
	}
}

// Issue 17: on a cluster of more than quietFrom topics the timed full
// sweep comes every fullSweepEveryMany-th tick, not every
// fullSweepEvery-th: there it costs more than every other tick between
// two sweeps, for counts off screen. A cluster of quietFrom topics still
// sweeps every fullSweepEvery-th.
func TestTopicsManyTopicsSweepRarely(t *testing.T) {
	for _, n := range []int{quietFrom + 1, settleNamesMax} {
		f := kafkaopstest.NewFakeService(manyTopics(n)...)
		tp := newTestTopics(t, f, TopicsOptions{})
		tp.ticks = fullSweepEvery - 1 // the next tick would sweep a small cluster
		tp = tickOnce(tp)
		if got := f.CallCount("ListTopics"); got != 0 {
			t.Errorf("tick %d on %d topics: ListTopics called %d times, want 0", fullSweepEvery, n, got)
		}
		tp.ticks = fullSweepEveryMany - 1
		tickOnce(tp)
		if got := f.CallCount("ListTopics"); got != 1 {
			t.Errorf("tick %d on %d topics: ListTopics called %d times, want 1", fullSweepEveryMany, n, got)
		}
	}
	f := kafkaopstest.NewFakeService(manyTopics(quietFrom)...)
	tp := newTestTopics(t, f, TopicsOptions{})
	tp.ticks = fullSweepEvery - 1
	tickOnce(tp)
	if got := f.CallCount("ListTopics"); got != 1 {
		t.Errorf("tick %d on %d topics: ListTopics called %d times, want 1", fullSweepEvery, quietFrom, got)
	}
}
