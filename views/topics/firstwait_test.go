package topics

import (
	"context"
	"strings"
	"testing"
	"time"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

// While the first listing is on its way (a million topics: 10 to 20
// seconds), the loading line counts the seconds, once a second, and
// says how to quit; once the list came, no timer is left for it.
func TestTopicsFirstListingCountsSeconds(t *testing.T) {
	for _, w := range []int{60, 80} {
		f := kafkaopstest.NewFakeService(demoTopics()...)
		release := f.HoldTopicNames()
		s, _ := kittest.Start(t, kittest.Refreshing(NewTopics(f, kittest.TestStyles(), TopicsOptions{}), time.Hour), w, 12)
		tp := s.(*Topics)
		if !tp.waitingFirst() || tp.wait.tickID == 0 {
			release()
			t.Fatalf("%d: no timer counts the first listing's wait", w)
		}
		if v := kittest.Plain(tp); !strings.Contains(v, "Loading topics…") || strings.Contains(v, "Listing every topic") {
			t.Errorf("%d: under a second the line should just say it is loading:\n%s", w, v)
		}
		tick := func(after time.Duration) {
			kittest.Feed(tp, waitTickMsg{id: tp.wait.tickID, at: tp.wait.from.Add(after)})
		}
		tick(1500 * time.Millisecond)
		if v := kittest.Plain(tp); !strings.Contains(v, "Listing every topic… 1s · q quits") {
			t.Errorf("%d: after a second and a half:\n%s", w, v)
		}
		tick(12200 * time.Millisecond)
		v := kittest.Plain(tp)
		if !strings.Contains(v, "Listing every topic… 12s · q quits") {
			t.Errorf("%d: after 12 seconds:\n%s", w, v)
		}
		kittest.CheckFrame(t, tp.View(), w, 12)
		kittest.Press(tp, "/")
		if v := kittest.Plain(tp); !strings.Contains(v, "Listing every topic… 12s · ctrl+c quits") {
			t.Errorf("%d: while the filter takes q, the line should name ctrl+c:\n%s", w, v)
		}
		kittest.Press(tp, "esc")

		// The list comes: the next tick stops, and no new timer is armed.
		release()
		kittest.Feed(tp, topicsLoadedMsg{reqID: tp.ReqID, topics: demoTopics(), partial: true})
		if !tp.FilterList.Loaded {
			t.Fatalf("%d: the list was not taken", w)
		}
		if cmd := tp.waitTicked(waitTickMsg{id: tp.wait.tickID, at: tp.wait.from.Add(13 * time.Second)}); cmd != nil {
			t.Errorf("%d: the wait's timer is re-armed once the list came", w)
		}
		if cmd := tp.armWait(); cmd != nil || tp.wait.tickID != 0 {
			t.Errorf("%d: a loaded browser arms a wait timer (id %d)", w, tp.wait.tickID)
		}
		if v := kittest.Plain(tp); strings.Contains(v, "Listing every topic") || !strings.Contains(v, "bankbranch") {
			t.Errorf("%d: the list did not replace the loading line:\n%s", w, v)
		}
	}
}

// A stale timer (of a listing asked before this one) does nothing.
func TestTopicsFirstListingStaleTickIgnored(t *testing.T) {
	f := kafkaopstest.NewFakeService(demoTopics()...)
	release := f.HoldTopicNames()
	defer release()
	s, _ := kittest.Start(t, kittest.Refreshing(NewTopics(f, kittest.TestStyles(), TopicsOptions{}), time.Hour), 80, 12)
	tp := s.(*Topics)
	if cmd := tp.waitTicked(waitTickMsg{id: tp.wait.tickID + 1000, at: tp.wait.from.Add(5 * time.Second)}); cmd != nil || tp.wait.waited != 0 {
		t.Errorf("a stale timer counted (%v) or re-armed", tp.wait.waited)
	}
}

// deadlines records the deadline of each ListTopicNames and ListTopics
// call.
type deadlines struct {
	*kafkaopstest.FakeService
	got chan time.Duration
}

// ListTopicNames records how long its context lets it run.
func (d deadlines) ListTopicNames(ctx context.Context) ([]kafkaops.Topic, error) {
	d.note(ctx)
	return d.FakeService.ListTopicNames(ctx)
}

// ListTopics records how long its context lets it run.
func (d deadlines) ListTopics(ctx context.Context) ([]kafkaops.Topic, error) {
	d.note(ctx)
	return d.FakeService.ListTopics(ctx)
}

func (d deadlines) note(ctx context.Context) {
	if dl, ok := ctx.Deadline(); ok {
		d.got <- time.Until(dl)
	} else {
		d.got <- -1
	}
}

// The listings of every topic (the first one, and r's full sweep) may
// take as long as kafkaops lets them, not the 15 s of a screen's usual
// call: at a million topics the first list failed with "context deadline
// exceeded" while the broker's answer was on its way.
func TestTopicsListingsOutliveTheUsualTimeout(t *testing.T) {
	f := deadlines{kafkaopstest.NewFakeService(demoTopics()...), make(chan time.Duration, 8)}
	s, _ := kittest.Start(t, kittest.Refreshing(NewTopics(f, kittest.TestStyles(), TopicsOptions{}), time.Hour), 80, 12)
	kittest.Press(s, "r")
	for _, what := range []string{"the first listing", "r's sweep"} {
		select {
		case d := <-f.got:
			if d < kit.LoadTimeout+time.Second {
				t.Errorf("%s may take %v, no longer than a usual call (%v)", what, d.Round(time.Second), kit.LoadTimeout)
			}
		default:
			t.Fatalf("%s did not list the topics", what)
		}
	}
}
