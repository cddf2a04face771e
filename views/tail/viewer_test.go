package tail

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

// deepJSON is a valid JSON array nested depth levels deep.
func deepJSON(depth int) string {
	return strings.Repeat("[", depth) + strings.Repeat("]", depth)
}

// bigJSON is a valid JSON array of objects of about n bytes.
func bigJSON(n int) string {
	var b strings.Builder
	b.WriteString("[")
	for i := 0; b.Len() < n; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`{"atmid":12345,"type":"withdrawal","amount":20.5,"ok":true,"note":"a \"quoted\" text"}`)
	}
	b.WriteString("]")
	return b.String()
}

// Issue 11: JSON nested 10,000 deep used to indent to gigabytes of
// spaces; it renders as text with a note, in a bounded number of lines.
func TestRecordDetailDeepJSONIsBounded(t *testing.T) {
	d := NewTailRecord(kittest.TestStyles(), kafkaopstest.TestRecord(0, 1, "k", deepJSON(10_000)), time.UTC)
	d.SetSize(80, 20)
	v := kittest.Plain(d)
	if !strings.Contains(v, "nested deeper than 64 levels: shown as text") || !strings.Contains(v, "value (text)") {
		t.Errorf("deep JSON should say it is shown as text:\n%s", v)
	}
	// 20,000 bytes on one line wrap to 250 lines of 80, plus the header.
	if len(d.lines) > 300 {
		t.Errorf("deep JSON laid out on %d lines, want it bounded by its size", len(d.lines))
	}
	// Within the limit it is still indented.
	d = NewTailRecord(kittest.TestStyles(), kafkaopstest.TestRecord(0, 1, "k", deepJSON(3)), time.UTC)
	if v := kittest.Plain(d); !strings.Contains(v, "value (JSON)") || !strings.Contains(v, "    [") {
		t.Errorf("shallow JSON is indented:\n%s", v)
	}
}

// Issue 11: the value is rendered once per record, not per resize, and
// only the current width's lines are kept.
func TestRecordDetailRendersOnceAcrossResizes(t *testing.T) {
	d := NewTailRecord(kittest.TestStyles(), kafkaopstest.TestRecord(0, 1, "k", bigJSON(1<<20)), time.UTC)
	d.SetSize(80, 20)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := range 40 {
		d.SetSize(60+i%7*10, 20+i%3)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if d.renders != 1 {
		t.Errorf("the value was rendered %d times across resizes, want once", d.renders)
	}
	if grew := int64(after.HeapAlloc) - int64(before.HeapAlloc); grew > 8<<20 {
		t.Errorf("the heap grew by %d MB across 40 resizes", grew>>20)
	}
	lines := d.lines
	d.SetSize(d.width, d.height+1)
	if &lines[0] != &d.lines[0] {
		t.Error("a resize that keeps the width should keep the wrapped lines")
	}
}

// Issue 11: any single record of 1 MB renders in under 100 ms (go test
// -bench RecordDetail ./views/tail/).
func BenchmarkRecordDetail(b *testing.B) {
	st := kittest.TestStyles()
	for _, c := range []struct{ name, value string }{
		{"json-1MB", bigJSON(1 << 20)},
		{"text-1MB", strings.Repeat("plain words and ünïcode ", 1<<20/25)},
		{"deep-json-64KB", deepJSON(32 << 10)},
	} {
		r := kafkaopstest.TestRecord(0, 1, "k", c.value)
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				d := NewTailRecord(st, r, time.UTC)
				d.SetSize(100, 30)
				_ = d.View()
			}
		})
	}
}

// Issue 13 item 10: the breadcrumb says where the record is.
func TestRecordDetailBreadcrumb(t *testing.T) {
	d := NewTailRecord(kittest.TestStyles(), kafkaopstest.TestRecord(1, 3, "k", "v"), time.UTC)
	if got := d.Title(); got != "p1 @ 3" {
		t.Errorf("title %q, want p1 @ 3", got)
	}
}

// Issue 13 item 10: ctrl+n and ctrl+p in the detail step through the
// tail's records; the tail answers the detail's message by replacing it.
func TestRecordDetailNextPrevious(t *testing.T) {
	tl, _ := newTestTail(100, 12, TailOptions{})
	deliver(tl, kafkaops.TailBatch{Records: []kafkaops.Record{
		kafkaopstest.TestRecord(0, 1, "a", "first"),
		kafkaopstest.TestRecord(1, 5, "b", "second"),
		kafkaopstest.TestRecord(0, 2, "c", "third"),
	}})
	d := NewTailRecord(kittest.TestStyles(), *tl.list.buf.At(1), time.UTC)
	for _, c := range []struct {
		key  tea.KeyPressMsg
		want string
	}{{kittest.Ctrl('n'), "third"}, {kittest.Ctrl('p'), "first"}} {
		_, out := kittest.Feed(d, c.key)
		if len(out) != 0 {
			t.Fatalf("%v: the detail asks, it does not navigate: %v", c.key, out)
		}
		_, cmd := d.Update(c.key)
		step, ok := cmd().(kit.RecordStepMsg)
		if !ok {
			t.Fatalf("%v: %#v, want a kit.RecordStepMsg", c.key, step)
		}
		_, out = kittest.FeedAll(tl, step)
		if !kittest.HasPop(out) {
			t.Errorf("%v: the neighbour should replace the detail: %v", c.key, out)
		}
		nav := kittest.Navigations(out)
		if len(nav) != 1 || nav[0].Kind != kit.RouteRecord || string(nav[0].Record.Value) != c.want {
			t.Errorf("%v: opened %v, want the record %q", c.key, nav, c.want)
		}
	}
	// At the newest record ctrl+n says so and opens nothing.
	_, out := kittest.FeedAll(tl, kit.RecordStepMsg{Topic: "bankbranch", Partition: 0, Offset: 2, Delta: 1})
	if st := kittest.Statuses(out); len(kittest.Navigations(out)) != 0 || len(st) != 1 || !strings.Contains(st[0], "newest") {
		t.Errorf("past the newest: %v", out)
	}
	// Another topic's tail does not answer.
	if _, out := kittest.FeedAll(tl, kit.RecordStepMsg{Topic: "other", Partition: 0, Offset: 1, Delta: 1}); len(out) != 0 {
		t.Errorf("another topic's step: %v", out)
	}
}

// Issue 17: the ring keeps a long value cut; enter fetches it whole by
// partition and offset before the detail opens.
func TestTailOpensCutRecordWhole(t *testing.T) {
	tl, f := newTestTail(100, 12, TailOptions{})
	cut := kafkaopstest.TestRecord(0, 9, "k", "abc")
	cut.ValueSize = 3000
	whole := kafkaopstest.TestRecord(0, 9, "k", strings.Repeat("x", 3000))
	f.Whole = map[int64]kafkaops.Record{9: whole}
	deliver(tl, kafkaops.TailBatch{Records: []kafkaops.Record{cut}})
	_, out := kittest.Feed(tl, kittest.KeyMsgs("enter")[0])
	nav := kittest.Navigations(out)
	if f.Fetches != 1 || len(nav) != 1 || len(nav[0].Record.Value) != 3000 {
		t.Fatalf("enter on a cut record: %d fetches, %v", f.Fetches, out)
	}
	// When the fetch fails, the cut record opens with the reason.
	f.Whole = nil
	_, out = kittest.Feed(tl, kittest.KeyMsgs("enter")[0])
	nav = kittest.Navigations(out)
	if len(nav) != 1 || string(nav[0].Record.Value) != "abc" || len(kittest.Statuses(out)) != 1 {
		t.Errorf("failed fetch: %v", out)
	}
	// c in the list does not copy a cut value as if it were whole.
	_, out = kittest.Feed(tl, kittest.KeyMsgs("c")[0])
	if st := kittest.Statuses(out); len(st) != 1 || !strings.Contains(st[0], "press enter, then c") {
		t.Errorf("copy of a cut value: %q", st)
	}
	d := NewTailRecord(kittest.TestStyles(), cut, time.UTC)
	if v := kittest.Plain(d); !strings.Contains(v, "value 3,000 bytes (text) (first 3 bytes held)") {
		t.Errorf("a cut record says so:\n%s", v)
	}
	if r := f.Requests; len(r) != 0 && r[len(r)-1].MaxValueBytes != DefaultValueMax {
		t.Errorf("the tail asks for values cut at %d", r[len(r)-1].MaxValueBytes)
	}
}

// Issue 17: the ring is bounded in bytes as well as records, and says so.
func TestTailBufferByteBudget(t *testing.T) {
	b := NewTailBufferBudget(100, 10_000)
	rec := func(off int64, n int) kafkaops.Record {
		return kafkaops.Record{Offset: off, Value: make([]byte, n)}
	}
	for i := range 10 {
		b.Push([]kafkaops.Record{rec(int64(i), 2000)})
	}
	if b.Len() != 4 || b.Bytes() > 10_000 || b.At(0).Offset != 6 || b.Dropped() != 6 {
		t.Errorf("held %d records of %d bytes from offset %d, dropped %d; want the newest 4 within 10,000 bytes",
			b.Len(), b.Bytes(), b.At(0).Offset, b.Dropped())
	}
	b.Push([]kafkaops.Record{rec(10, 50_000)})
	if b.Len() != 1 || b.At(0).Offset != 10 {
		t.Errorf("a record over the budget is still held alone: %d held", b.Len())
	}
	tl, _ := newTestTail(120, 12, TailOptions{})
	if v := kittest.Plain(tl); !strings.Contains(v, "0 MB of 64 MB") {
		t.Errorf("the status line shows the byte budget:\n%s", v)
	}
}

// Issue 13 item 9: a backfill is merged by timestamp across partitions;
// live records after the catch-up keep their arrival order.
func TestTailBackfillMergedByTime(t *testing.T) {
	tl, _ := newTestTail(100, 20, TailOptions{Args: "beginning"})
	tl.start()
	at := func(p int, off int64, sec int) kafkaops.Record {
		r := kafkaopstest.TestRecord(p, off, "", "v")
		r.Timestamp = kafkaopstest.TailEpoch.Add(time.Duration(sec) * time.Second)
		return r
	}
	tl.stream.state = tailLive
	deliver(tl, kafkaops.TailBatch{Records: []kafkaops.Record{at(0, 0, 1), at(0, 1, 3), at(0, 2, 5)}})
	if v := kittest.Plain(tl); !strings.Contains(v, "Reading earlier records") {
		t.Errorf("while backfilling the list says so:\n%s", v)
	}
	if s := tl.Stats(); s.Read != 3 || s.Received != 0 {
		t.Errorf("while backfilling: read %d, received %d; want 3 read (held), 0 received yet", s.Read, s.Received)
	}
	deliver(tl, kafkaops.TailBatch{Records: []kafkaops.Record{at(1, 0, 2), at(1, 1, 4)}}, kafkaops.TailBatch{CaughtUp: true})
	deliver(tl, kafkaops.TailBatch{Records: []kafkaops.Record{at(1, 2, 9), at(0, 3, 8)}})
	var got []int
	for i := range tl.list.shownLen() {
		r, _ := tl.list.shownAt(i)
		got = append(got, int(r.Timestamp.Sub(kafkaopstest.TailEpoch)/time.Second))
	}
	want := []int{1, 2, 3, 4, 5, 9, 8}
	if !equalInts(got, want) {
		t.Errorf("order by seconds %v, want %v", got, want)
	}
	if s := tl.Stats(); s.Received != 7 || s.Read != 7 {
		t.Errorf("received %d, read %d; want 7 and 7", s.Received, s.Read)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Issue 13 item 8: a tail from the end on a topic with records says how
// many earlier ones there are and how to see them; `f from` is in the
// hint bar's first keys.
func TestTailFromEndHintsEarlierRecords(t *testing.T) {
	f := kafkaopstest.NewTailFake()
	f.Details = map[string]kafkaops.TopicDetail{"bankbranch": {PartitionList: []kafkaops.Partition{{ID: 0, Low: 2, High: 10}, {ID: 1, High: 4}}}}
	tl := NewTail(f, kittest.TestStyles(), TailOptions{Topic: "bankbranch"})
	s, _ := kittest.Start(t, tl, 80, 12)
	v := kittest.Plain(s)
	if !strings.Contains(v, "It holds 12 earlier records: f beginning shows them.") {
		t.Errorf("the empty tail should hint at the earlier records:\n%s", v)
	}
	if h := tl.ShortHelp(); len(h) < 2 || h[1].Help().Key != "f" {
		t.Errorf("f from should come second in the hint bar, got %v", h)
	}
	s.(*Tail).Close()
}

// Issue 13 item 21: the rate counts a burst right after the start, and
// received counts from the last start.
func TestTailCountersAfterBurstAndRestart(t *testing.T) {
	now := kafkaopstest.TailEpoch
	tl, _ := newTestTail(120, 12, TailOptions{Now: func() time.Time { return now }})
	tl.start()
	tl.stream.state = tailLive
	deliver(tl, kafkaopstest.Records(0, 0, 5000))
	now = now.Add(time.Second)
	tl.updateRate()
	if v := kittest.Plain(tl); !strings.Contains(v, "received 5,000 · 5000/s") {
		t.Errorf("a burst right after the start shows its rate:\n%s", v)
	}
	kittest.Press(tl, "f")
	tl.mode.input.SetValue("beginning")
	tl, _ = asTail(kittest.Press(tl, "enter"))
	if v := kittest.Plain(tl); !strings.Contains(v, "received 0 ") {
		t.Errorf("received counts from the restart:\n%s", v)
	}
}

// Issue 13 item 22: an error that names the tail is not prefixed again,
// and a stopped tail does not say it follows.
func TestTailStoppedStatus(t *testing.T) {
	tl, _ := newTestTail(100, 12, TailOptions{})
	_, out := kittest.Feed(tl, tailBatchMsg{id: tl.stream.id, batches: []kafkaops.TailBatch{{Err: errors.New(`tail "x": [3] Unknown Topic Or Partition`)}}})
	st := kittest.Statuses(out)
	if len(st) != 1 || strings.Count(st[0], "tail") != 1 {
		t.Errorf("status %q, want the tail named once", st)
	}
	if v := kittest.Plain(tl); strings.Contains(v, "following") || !strings.Contains(v, "stopped") {
		t.Errorf("a stopped tail:\n%s", v)
	}
}

// Issue 13 item 23: the f prompt shows its error once, and tab completes
// "beginning".
func TestTailFromPromptErrorOnceAndTab(t *testing.T) {
	tl, _ := newTestTail(100, 12, TailOptions{})
	kittest.Press(tl, "f")
	tl.mode.input.SetValue("nonsense")
	s, out := kittest.Press(tl, "enter")
	if st := kittest.Statuses(out); len(st) != 0 {
		t.Errorf("the error is in the prompt's line, not also a status: %q", st)
	}
	tl = s.(*Tail)
	if !strings.Contains(kittest.Plain(tl), "nonsense") || tl.mode.err == "" {
		t.Errorf("the prompt shows the error:\n%s", kittest.Plain(tl))
	}
	tl.mode.input.SetValue("beg")
	kittest.Press(tl, "tab")
	if got := tl.mode.input.Value(); got != "beginning " {
		t.Errorf("tab completed %q, want %q", got, "beginning ")
	}
}

// The f prompt opens holding where the tail starts now ("end"): typing
// replaces it, as a selected text, instead of making "endbeginning";
// editing keys keep it.
func TestTailFromPromptTypingReplacesTheStart(t *testing.T) {
	tl, _ := newTestTail(100, 12, TailOptions{})
	kittest.Press(tl, "f")
	before := tl.mode.input.Value()
	if before == "" {
		t.Fatal("the prompt should open with the current start")
	}
	for _, k := range kittest.KeyMsgs("beginning") {
		kittest.Feed(tl, k)
	}
	if got := tl.mode.input.Value(); got != "beginning" {
		t.Errorf("typed over %q: %q, want %q", before, got, "beginning")
	}
	kittest.Press(tl, "esc")
	kittest.Press(tl, "f")
	kittest.Press(tl, "backspace")
	kittest.Press(tl, "x")
	if got, want := tl.mode.input.Value(), before[:len(before)-1]+"x"; got != want {
		t.Errorf("after backspace the text is edited: %q, want %q", got, want)
	}
}

// Issue 11 and 13 item 12: exports are 0600, keep header bytes that are
// not UTF-8, fetch cut records whole, and the status never cuts the
// file's name (~ for home).
func TestTailExportModeHeadersAndName(t *testing.T) {
	dir := t.TempDir()
	tl, f := newTestTail(80, 12, TailOptions{ExportDir: dir})
	cut := kafkaopstest.TestRecord(0, 2, "k", "ab", kafkaops.Header{Key: "bin", Value: []byte{0xff, 0x00}})
	cut.ValueSize = 5
	f.Whole = map[int64]kafkaops.Record{2: kafkaopstest.TestRecord(0, 2, "k", "abcde", kafkaops.Header{Key: "bin", Value: []byte{0xff, 0x00}})}
	deliver(tl, kafkaops.TailBatch{Records: []kafkaops.Record{cut}})
	_, out := kittest.Feed(tl, kittest.KeyMsgs("e")[0])
	st := kittest.Statuses(out)
	matches, _ := filepath.Glob(filepath.Join(dir, "kscope-tail-*.jsonl"))
	if len(st) != 1 || len(matches) != 1 {
		t.Fatalf("status %q, files %v", st, matches)
	}
	if !strings.Contains(st[0], filepath.Base(matches[0])) || lipgloss.Width(st[0])+2 > 80 {
		t.Errorf("status %q should hold the whole file name within 80 columns", st[0])
	}
	fi, err := os.Stat(matches[0])
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("export mode %v, want 0600 (%v)", fi.Mode().Perm(), err)
	}
	data, _ := os.ReadFile(matches[0])
	r, err := kafkaops.ParseKcat(data)
	if err != nil || string(r.Value) != "abcde" || len(r.Headers) != 1 || string(r.Headers[0].Value) != "\xff\x00" {
		t.Errorf("exported %q: %+v %v", data, r, err)
	}
	home, _ := os.UserHomeDir()
	if got := displayPath(filepath.Join(home, "x", "f.jsonl")); home != "" && home != "/" && got != "~/x/f.jsonl" {
		t.Errorf("displayPath %q, want ~/x/f.jsonl", got)
	}
}
