package reassign

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"kscope/kafkaops"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

func TestWatchListsAndCancels(t *testing.T) {
	f := planFake()
	f.InProgress = []kafkaops.ReassignmentStatus{
		{Topic: "orders", Partition: 0, Replicas: []int32{0, 1, 2}, Adding: []int32{1, 2}},
		{Topic: "orders", Partition: 2, Replicas: []int32{2, 0}, Removing: []int32{0}},
	}
	s, _ := kittest.Start(t, NewWatch(f, kittest.TestStyles()), 80, 24)
	mustShow(t, s, "Reassignments in progress · 2", "TOPIC", "ADDING", "REMOVING", "orders", "0,1,2", "1,2")
	// The check time changes with each run.
	kittest.Golden(t, "watch.golden", regexp.MustCompile(`checked \d\d:\d\d:\d\d`).ReplaceAllString(kittest.Plain(s), "checked hh:mm:ss"))
	if s.Title() != "Reassignments (2)" {
		t.Errorf("title %q", s.Title())
	}
	_, msgs := kittest.Press(s, "c")
	nav := kittest.Navigations(msgs)
	if len(nav) != 1 || nav[0].Kind != kit.RouteCancelReassignment || nav[0].Topic != "orders" || nav[0].Partition != 0 || nav[0].Args != "0" {
		t.Fatalf("c navigated %+v, want the cancel of orders[0] back to 0", nav)
	}
	// The list refreshes: a finished reassignment leaves it.
	f.InProgress = f.InProgress[1:]
	s, _ = kittest.Feed(s, cancelledMsg{})
	if strings.Contains(kittest.Plain(s), "0,1,2") || !strings.Contains(kittest.Plain(s), "Reassignments in progress · 1") {
		t.Errorf("after a reload:\n%s", kittest.Plain(s))
	}
	f.InProgress = nil
	s, _ = kittest.Press(s, "r")
	mustShow(t, s, "No reassignment in progress")
	_, msgs = kittest.Press(s, "c")
	if len(kittest.Navigations(msgs)) != 0 || !strings.Contains(strings.Join(kittest.Statuses(msgs), ""), "no reassignment in progress to cancel") {
		t.Errorf("c on an empty list: %v", msgs)
	}
}

func TestWatchRefreshesAtLeastEveryTwoSeconds(t *testing.T) {
	w := NewWatch(planFake(), kittest.TestStyles()).(*Watch)
	w.SetRefresh(10 * time.Second)
	if w.Every != 2*time.Second {
		t.Errorf("Every = %v, want 2s", w.Every)
	}
	w.SetRefresh(0)
	if w.Every != 0 {
		t.Errorf("Every = %v after turning refresh off", w.Every)
	}
}

func TestCancelAsksThenCancels(t *testing.T) {
	f := planFake()
	s, _ := kittest.Start(t, NewCancel(f, kittest.TestStyles(), "orders", 0, "0"), 80, 24)
	mustShow(t, s, "Cancel the reassignment of orders[0]?", "goes back to replicas 0", "y cancels it")
	kittest.Golden(t, "cancel.golden", kittest.Plain(s))
	_, msgs := kittest.Press(s, "n")
	if !kittest.HasPop(msgs) || len(f.Cancelled) != 0 {
		t.Fatalf("n: %v, cancelled %v; want closed, nothing cancelled", msgs, f.Cancelled)
	}
	_, msgs = kittest.Press(s, "y")
	if len(f.Cancelled) != 1 || f.Cancelled[0].Topic != "orders" || f.Cancelled[0].Partition != 0 {
		t.Fatalf("cancelled %v", f.Cancelled)
	}
	if !kittest.HasPop(msgs) || !strings.Contains(strings.Join(kittest.Statuses(msgs), ""), "cancelled the reassignment of orders[0]") {
		t.Errorf("after y: %v", msgs)
	}
}

// helpKeys are the keys a screen's help line shows.
func helpKeys(s kit.Screen) string {
	var ks []string
	for _, b := range s.ShortHelp() {
		ks = append(ks, b.Help().Key)
	}
	return strings.Join(ks, " ")
}

// TestWatchHelpShowsCancelOnlyWithARow: c is in the help line only while
// there is a reassignment to cancel.
func TestWatchHelpShowsCancelOnlyWithARow(t *testing.T) {
	f := planFake()
	s, _ := kittest.Start(t, NewWatch(f, kittest.TestStyles()), 80, 24)
	if got := helpKeys(s); got != "r esc" {
		t.Errorf("empty list: help keys %q, want %q", got, "r esc")
	}
	f.InProgress = []kafkaops.ReassignmentStatus{{Topic: "orders", Partition: 0, Replicas: []int32{0, 1}, Adding: []int32{1}}}
	s, _ = kittest.Press(s, "r")
	if got := helpKeys(s); got != "c r esc" {
		t.Errorf("one reassignment: help keys %q, want %q", got, "c r esc")
	}
}

// TestPlanHelpShowsOnlyKeysThatWork: nothing but esc while loading; no
// review or undo before the plan changes something.
func TestPlanHelpShowsOnlyKeysThatWork(t *testing.T) {
	p := NewPlan(planFake(), kittest.TestStyles(), "orders")
	if got := helpKeys(p); got != "esc" {
		t.Errorf("loading: help keys %q, want esc", got)
	}
	s := startPlan(t, planFake())
	if got := helpKeys(s); got != "e f esc" {
		t.Errorf("unchanged plan: help keys %q, want %q", got, "e f esc")
	}
	s, _ = kittest.Press(s, "f", "2", "enter")
	if got := helpKeys(s); got != "e f enter u esc" {
		t.Errorf("changed plan: help keys %q, want %q", got, "e f enter u esc")
	}
}

// TestCancelHelpDropsYWhileCancelling: while the cancel is in flight, y
// does nothing, so the help line shows only esc.
func TestCancelHelpDropsYWhileCancelling(t *testing.T) {
	s, _ := kittest.Start(t, NewCancel(planFake(), kittest.TestStyles(), "orders", 0, "0"), 80, 24)
	if got := helpKeys(s); got != "y esc" {
		t.Errorf("asking: help keys %q", got)
	}
	s, _ = s.Update(kittest.KeyMsgs("y")[0]) // the answer is not run: still cancelling
	if got := helpKeys(s); got != "esc" || !strings.Contains(kittest.Plain(s), "cancelling…") {
		t.Errorf("cancelling: help keys %q, want esc", got)
	}
}
