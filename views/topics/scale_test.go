package topics

import (
	"fmt"
	"runtime"
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

// launchThroughFake opens the browser on f as the root does (Init, then
// every answer fed back) and returns it once the list is shown.
func launchThroughFake(tb testing.TB, f *kafkaopstest.FakeService) *Topics {
	tb.Helper()
	tp := kittest.Refreshing(NewTopics(f, kittest.TestStyles(), TopicsOptions{}), time.Hour).(*Topics)
	tp.SetSize(200, 50)
	// Called here, not through kittest.RunCmd: its wait is too short for
	// the fake's copy of a million topics.
	return feedNow(tp, tp.loadVisible())
}

// feedNow runs cmd (a service call, no timer) to its end and feeds its
// answer to tp.
func feedNow(tp *Topics, cmd tea.Cmd) *Topics {
	if cmd == nil {
		return tp
	}
	msg := cmd()
	if a, ok := msg.(kit.AddressedMsg); ok {
		msg = a.Msg
	}
	s, _ := kittest.Feed(tp, msg)
	return s.(*Topics)
}

// benchScale launches the browser on n topics through the fake service
// and reports the heap the browser keeps per topic.
func benchScale(b *testing.B, n int) {
	// In name order, as the client lists them (it sorts what the broker
	// sends): the fake would sort a copy on every call otherwise.
	topics := manyTopics(n)
	slices.SortFunc(topics, func(a, b kafkaops.Topic) int { return strings.Compare(a.Name, b.Name) })
	f := kafkaopstest.NewFakeService(topics...)
	var perTopic float64
	for b.Loop() {
		b.StopTimer()
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		b.StartTimer()
		tp := launchThroughFake(b, f)
		b.StopTimer()
		if want := fmt.Sprintf("Topics (%d/%d)", n, n); !strings.Contains(kittest.Plain(tp), want) {
			b.Fatalf("no %q after the launch:\n%s", want, kittest.Plain(tp))
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		perTopic = float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(n)
		runtime.KeepAlive(tp)
		b.StartTimer()
	}
	b.ReportMetric(perTopic, "B/topic-kept")
}

// BenchmarkTopicsLaunch100k measures the browser's share of a launch on
// 100,000 topics (the service answered at once): the names listing
// turned into rows, sorted, filtered and the first frame.
func BenchmarkTopicsLaunch100k(b *testing.B) { benchScale(b, 100_000) }

// BenchmarkTopicsLaunch1M is BenchmarkTopicsLaunch100k at 1,000,000
// topics (issue 17: works, memory linear).
func BenchmarkTopicsLaunch1M(b *testing.B) { benchScale(b, 1_000_000) }

// Issue 17: 1,000,000 topics work: listed, counted on screen, filtered,
// G to the last one.
func TestTopicsMillion(t *testing.T) {
	if testing.Short() {
		t.Skip("1,000,000 topics: not in -short")
	}
	const n = 1_000_000
	f := kafkaopstest.NewFakeService(manyTopics(n)...)
	tp := launchThroughFake(t, f)
	if want := fmt.Sprintf("Topics (%d/%d)", n, n); !strings.Contains(kittest.Plain(tp), want) {
		t.Fatalf("no %q:\n%s", want, kittest.Plain(tp))
	}
	_, cmd := tp.Update(kittest.KeyMsgs("G")[0])
	tp = feedNow(tp, cmd)
	last := tp.Rows[tp.Shown[len(tp.Shown)-1]].topic()
	if last.Messages == uncounted || !strings.Contains(kittest.Plain(tp), last.Name) {
		t.Errorf("after G the last topic %s (%d) is not shown counted:\n%s", last.Name, last.Messages, kittest.Plain(tp))
	}
	s, _ := kittest.Press(tp, "/", "events-999999")
	if got := shownNames(s.(*Topics)); len(got) == 0 || !strings.HasSuffix(got[0], "events-999999") {
		t.Errorf("the filter does not put events-999999 first: %d shown, %.3q", len(got), got)
	}
}
