package topics

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit/kittest"
)

// sizedFake is the demo topics with sizes on disk.
func sizedFake() *kafkaopstest.FakeService {
	f := kafkaopstest.NewFakeService(demoTopics()...)
	f.TopicBytes = map[string]int64{
		"bankbranch":         1536,          // 1.5KiB
		"orders":             3 << 30,       // 3GiB
		"payments.dlq":       0,             // 0B
		"audit-log":          5 * (1 << 20), // 5MiB
		"__consumer_offsets": 42,
	}
	return f
}

// rowLine returns the screen line of the topic named name.
func rowLine(t *testing.T, screen, name string) string {
	t.Helper()
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, " "+name+" ") {
			return l
		}
	}
	t.Fatalf("no row %s on screen:\n%s", name, screen)
	return ""
}

// Issue 15: the SIZE column shows each topic's bytes on disk in binary
// units; the launch asks the sizes of the rows on screen only.
func TestTopicsSizeColumn(t *testing.T) {
	f := sizedFake()
	tp := newTestTopics(t, f, TopicsOptions{})
	screen := kittest.Plain(tp)
	if !strings.Contains(screen, "SIZE") {
		t.Fatalf("no SIZE heading:\n%s", screen)
	}
	for name, want := range map[string]string{"bankbranch": "1.5KiB", "orders": "3GiB", "payments.dlq": "0B", "audit-log": "5MiB"} {
		if l := rowLine(t, screen, name); !strings.HasSuffix(strings.TrimRight(l, " "), " "+want) {
			t.Errorf("row %s ends %q, want the size %s", name, l, want)
		}
	}
	if len(f.SizesAsked) != 1 || !slices.Equal(f.SizesAsked[0], windowNames(tp)) {
		t.Errorf("the launch asked sizes of %q, want exactly the rows on screen %q", f.SizesAsked, windowNames(tp))
	}
	// r sweeps: every topic's size, in one call.
	kittest.Press(tp, "r")
	if n := len(f.SizesAsked); n != 2 || f.SizesAsked[1] != nil {
		t.Errorf("r asked sizes %q, want one call for every topic", f.SizesAsked)
	}
}

// Issue 15: SIZE sorts like the other columns: s cycles onto it (largest
// first), S reverses; sorting by SIZE sizes every topic at once.
func TestTopicsSortBySize(t *testing.T) {
	f := sizedFake()
	tp := newTestTopics(t, f, TopicsOptions{})
	s, msgs := kittest.Press(tp, "s", "s", "s", "s")
	tp = s.(*Topics)
	if st := kittest.Statuses(msgs); len(st) == 0 || st[len(st)-1] != "sorted by size, largest first" {
		t.Errorf("statuses %q, want the last to be sorted by size", st)
	}
	if got, want := shownNames(tp), []string{"orders", "audit-log", "bankbranch", "payments.dlq"}; !slices.Equal(got, want) {
		t.Errorf("by size: %v, want %v", got, want)
	}
	if !strings.Contains(kittest.Plain(tp), "SIZE ▼") {
		t.Errorf("no SIZE ▼ heading:\n%s", kittest.Plain(tp))
	}
	if last := f.SizesAsked[len(f.SizesAsked)-1]; last != nil {
		t.Errorf("sorting by size asked sizes of %q, want every topic", last)
	}
	s, _ = kittest.Press(tp, "S")
	if got, want := shownNames(s.(*Topics)), []string{"payments.dlq", "bankbranch", "audit-log", "orders"}; !slices.Equal(got, want) {
		t.Errorf("by size, smallest first: %v, want %v", got, want)
	}
	// A topic that grows moves on the next tick.
	f.Mu.Lock()
	f.TopicBytes["payments.dlq"] = 9 << 30
	f.Mu.Unlock()
	tp = tickOnce(s.(*Topics))
	if got := shownNames(tp); got[len(got)-1] != "payments.dlq" {
		t.Errorf("after payments.dlq grew to 9GiB, smallest first: %v", got)
	}
}

// Issue 15: on a cluster without DescribeLogDirs the column shows "—",
// sizes are not asked again, and s skips SIZE.
func TestTopicsSizeUnsupported(t *testing.T) {
	f := kafkaopstest.NewFakeService(demoTopics()...) // TopicBytes nil: no DescribeLogDirs
	tp := newTestTopics(t, f, TopicsOptions{})
	if l := rowLine(t, kittest.Plain(tp), "orders"); !strings.HasSuffix(strings.TrimRight(l, " "), " —") {
		t.Errorf("orders row %q, want the size —", l)
	}
	asked := f.CallCount("TopicSizes")
	for range 3 {
		tp = tickOnce(tp)
	}
	kittest.Press(tp, "r")
	if got := f.CallCount("TopicSizes"); got != asked {
		t.Errorf("sizes asked %d more times after the cluster said it has none", got-asked)
	}
	s, _ := kittest.Press(tp, "s", "s", "s", "s")
	if s.(*Topics).sortBy != sortName {
		t.Errorf("s went to %v after MESSAGES, want back to name (SIZE has nothing to sort)", s.(*Topics).sortBy)
	}
}

// Issue 15 and 17: at scale only the rows on screen are sized; a row
// scrolled on screen is sized then, one shown before shows "…".
func TestTopicsSizesFollowTheWindow(t *testing.T) {
	f := kafkaopstest.NewFakeService(manyTopics(200)...)
	f.TopicBytes = map[string]int64{}
	for _, tp := range manyTopics(200) {
		f.TopicBytes[tp.Name] = 2048
	}
	tp := newTestTopics(t, f, TopicsOptions{})
	last := tp.Rows[tp.Shown[len(tp.Shown)-1]]
	if last.size != uncounted {
		t.Errorf("off-screen %s sized %d at launch, want unknown", last.ID(), last.size)
	}
	if got := f.CallCount("TopicSizes"); got != 1 {
		t.Errorf("TopicSizes called %d times at launch, want 1", got)
	}
	s, _ := kittest.Press(tp, "G")
	tp = s.(*Topics)
	if got := f.SizesAsked[len(f.SizesAsked)-1]; !slices.Equal(got, windowNames(tp)) {
		t.Errorf("after G sizes asked for %q, want the window %q", got, windowNames(tp))
	}
	if l := rowLine(t, kittest.Plain(tp), last.ID()); !strings.HasSuffix(strings.TrimRight(l, " "), " 2KiB") {
		t.Errorf("after G the last row %q, want 2KiB", l)
	}
}

// Issue 15: the SIZE column fits at 80 columns with every other column.
func TestTopicsSizeAt80(t *testing.T) {
	tp := newTestTopics(t, sizedFake(), TopicsOptions{})
	tp.SetSize(80, 24)
	screen := kittest.Plain(tp)
	for _, want := range []string{"NAME", "PARTITIONS", "RF", "MESSAGES", "SIZE", "9,876,543", "3GiB", "payments.dlq"} {
		if !strings.Contains(screen, want) {
			t.Errorf("80 columns: %q cut:\n%s", want, screen)
		}
	}
	kittest.CheckFrame(t, tp.View(), 80, 24)
}

// A failing DescribeLogDirs (denied, say) leaves the counts alone and is
// not asked again on every key: the next tick tries again.
func TestTopicsSizesFailureNotRetriedPerKey(t *testing.T) {
	f := kafkaopstest.NewFakeService(manyTopics(200)...)
	f.TopicBytes = map[string]int64{}
	f.SizesErr = errors.New("[31] Cluster Authorization Failed")
	tp := newTestTopics(t, f, TopicsOptions{})
	if got := rowMessages(tp, windowNames(tp)[0]); got == uncounted {
		t.Errorf("the counts did not apply when the sizes failed")
	}
	s, _ := kittest.Press(tp, "j", "j", "k")
	if got := f.CallCount("TopicSizes"); got != 1 {
		t.Errorf("TopicSizes called %d times after three keys, want 1 (the launch)", got)
	}
	f.Mu.Lock()
	f.SizesErr = nil
	f.Mu.Unlock()
	tickOnce(s.(*Topics))
	if got := f.CallCount("TopicSizes"); got != 2 {
		t.Errorf("TopicSizes called %d times after a tick, want 2", got)
	}
}
