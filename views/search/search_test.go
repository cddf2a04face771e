package search

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

// atmRecords are two matches of "atm" on two partitions.
func atmRecords() []kafkaops.Record {
	return []kafkaops.Record{
		kafkaopstest.TestRecord(0, 7, "acct-1", `{"kind":"atm","amount":20}`),
		kafkaopstest.TestRecord(1, 1234, "acct-2", `{"kind":"atm","amount":50}`),
	}
}

// progress is a scan halfway through two partitions.
func progress(matched int64, done bool) *kafkaops.ScanProgress {
	p := &kafkaops.ScanProgress{
		Partitions: []kafkaops.PartitionProgress{
			{Partition: 0, Start: 0, End: 1000, Next: 500, Scanned: 500, Matched: 1, RecordsPerSec: 2500, MBPerSec: 0.25, ETA: 2e9},
			{Partition: 1, Start: 0, End: 3000, Next: 1500, Scanned: 1500, Matched: 1, RecordsPerSec: 7500, MBPerSec: 0.75, ETA: 2e9},
		},
		Scanned: 2000, Position: 2000, Total: 4000, Matched: matched, Kept: matched,
		RecordsPerSec: 10000, MBPerSec: 1, ETA: 2e9,
	}
	if done {
		for i := range p.Partitions {
			p.Partitions[i].Next = p.Partitions[i].End
		}
		p.Position, p.ETA = p.Total, 0
	}
	return p
}

func newScreen(t *testing.T, f *kafkaopstest.ScanFake, query string) kit.Screen {
	t.Helper()
	s, _ := kittest.Start(t, NewSearch(f, kittest.TestStyles(), "bankbranch", query), 100, 24)
	return s
}

func TestTypedQueryStartsScanWithThatFilter(t *testing.T) {
	f := kafkaopstest.NewScanFake(nil)
	s := newScreen(t, f, "")
	if f.Scans() != 0 {
		t.Fatalf("a scan started before enter")
	}
	if !s.Capturing() {
		t.Fatal("the query input has no focus on an empty query")
	}
	s, _ = kittest.Press(s, "key:acct re:atm", "enter")
	req, ok := f.LastRequest()
	if !ok {
		t.Fatal("enter started no scan")
	}
	if req.Topic != "bankbranch" || req.Filter == nil || req.Filter.Text() != "key:acct re:atm" {
		t.Fatalf("scan request = topic %q filter %v", req.Topic, req.Filter)
	}
	if req.From != kafkaops.ScanFromBeginning || req.Limit != kafkaops.DefaultScanLimit {
		t.Errorf("window/limit = %+v/%d, want the whole topic, the default limit", req.From, req.Limit)
	}
	recs := atmRecords()
	if !req.Filter.Match(&recs[0]) || req.Filter.Match(&kafkaops.Record{Key: []byte("acct"), Value: []byte("deposit")}) {
		t.Error("the request's filter is not the typed query")
	}
	if s.Capturing() {
		t.Error("the input keeps the focus after enter")
	}
	s.(*Search).Close()
}

func TestMatchesAndProgressRender(t *testing.T) {
	f := kafkaopstest.NewScanFake(nil)
	recs := atmRecords()
	f.Events <- kafkaops.ScanEvent{Matches: recs[:1]}
	f.Events <- kafkaops.ScanEvent{Matches: recs[1:], Progress: progress(5, false)}
	s := newScreen(t, f, "atm")
	v := kittest.Plain(s)
	for _, want := range []string{
		"searching", "5 matches", "kept 2", "scanned 2,000/4,000", "10,000 rec/s", "1.0 MB/s", "ETA 2s",
		"p0    50%", "500/1,000", "p1", "1,500/3,000", "7,500 rec/s",
		"OFFSET", "acct-1", `{"kind":"atm","amount":20}`, "1234", "acct-2",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	kittest.CheckFrame(t, s.View(), 100, 24)

	// The screen's re-armed wait is still blocked on the channel (kittest
	// gave up on it), so the last delivery is handed in as it would come.
	last := kafkaops.ScanEvent{Progress: progress(2, true), Done: true}
	s, _ = kittest.Feed(s, scanEventsMsg{ID: s.(*Search).scan.id, Events: []kafkaops.ScanEvent{last}, Closed: true})
	v = kittest.Plain(s)
	if !strings.Contains(v, "done · 2 matches") || strings.Contains(v, "ETA") {
		t.Errorf("a finished scan does not say done:\n%s", v)
	}
}

func TestEscCancelsThenGoesBack(t *testing.T) {
	f := kafkaopstest.NewScanFake(nil)
	f.Events <- kafkaops.ScanEvent{Matches: atmRecords()[:1], Progress: progress(1, false)}
	s := newScreen(t, f, "atm")
	if !s.(kit.EscHandler).HandlesEsc() {
		t.Fatal("a running scan does not take esc")
	}
	s, out := kittest.Press(s, "esc")
	if kittest.HasPop(out) {
		t.Fatal("esc closed the screen instead of cancelling the scan")
	}
	if !f.Cancelled() {
		t.Fatal("esc did not cancel the scan's context")
	}
	if v := kittest.Plain(s); !strings.Contains(v, "cancelled · 1 match") || !strings.Contains(v, "acct-1") {
		t.Errorf("the cancelled scan's matches are gone:\n%s", v)
	}
	if s.(kit.EscHandler).HandlesEsc() {
		t.Error("esc still held after the scan stopped")
	}
	_, out = kittest.Press(s, "esc")
	if !kittest.HasPop(out) {
		t.Error("the second esc did not go back")
	}
}

func TestCloseCancelsScan(t *testing.T) {
	f := kafkaopstest.NewScanFake(nil)
	s := newScreen(t, f, "atm")
	if f.Cancelled() {
		t.Fatal("cancelled before close")
	}
	s.(*Search).Close()
	if !f.Cancelled() {
		t.Error("Close did not cancel the scan")
	}
}

func TestEnterOpensMatchInRecordDetail(t *testing.T) {
	f := kafkaopstest.NewScanFake(nil)
	f.Events <- kafkaops.ScanEvent{Matches: atmRecords()}
	s := newScreen(t, f, "atm")
	s, out := kittest.Press(s, "down", "enter")
	navs := kittest.Navigations(out)
	if len(navs) != 1 || navs[0].Kind != kit.RouteRecord || navs[0].Record == nil {
		t.Fatalf("enter navigated to %+v, want the record detail", navs)
	}
	if r := navs[0].Record; r.Partition != 1 || r.Offset != 1234 || string(r.Key) != "acct-2" {
		t.Errorf("opened %d/%d %q, want the second match", r.Partition, r.Offset, r.Key)
	}
	s.(*Search).Close()
}

func TestBadQueryShowsError(t *testing.T) {
	f := kafkaopstest.NewScanFake(nil)
	s := newScreen(t, f, "")
	s, _ = kittest.Press(s, "re:(", "enter")
	if f.Scans() != 0 {
		t.Fatal("a query that cannot be read started a scan")
	}
	_, want := kafkaops.ParseFilter("re:(")
	v := kittest.Plain(s)
	if want == nil || !strings.Contains(v, kafkaops.Describe(want)[:20]) {
		t.Errorf("view lacks the parse error %v:\n%s", want, v)
	}
	if !s.Capturing() {
		t.Error("the input lost the focus on a bad query")
	}
	s, _ = kittest.Press(s, "backspace", "backspace", "backspace", "backspace", "atm", "enter")
	if f.Scans() != 1 {
		t.Errorf("the corrected query started %d scans", f.Scans())
	}
	if strings.Contains(kittest.Plain(s), kafkaops.Describe(want)[:20]) {
		t.Error("the parse error stays after a good query")
	}
	s.(*Search).Close()
}

func TestScanErrorIsShown(t *testing.T) {
	f := kafkaopstest.NewScanFake(nil)
	f.ScanErr = errors.New("unknown topic bankbranch")
	s, _ := kittest.Start(t, NewSearch(f, kittest.TestStyles(), "bankbranch", ""), 100, 24)
	s, out := kittest.Press(s, "atm", "enter")
	if st := kittest.Statuses(out); len(st) != 1 || !strings.Contains(st[0], "unknown topic") {
		t.Errorf("statuses = %q", st)
	}
	if v := kittest.Plain(s); !strings.Contains(v, "failed: unknown topic") {
		t.Errorf("view does not say the search failed:\n%s", v)
	}
}

func TestExportWritesMatchesAsJSONLines(t *testing.T) {
	f := kafkaopstest.NewScanFake(nil)
	f.Events <- kafkaops.ScanEvent{Matches: atmRecords()}
	s := newScreen(t, f, "atm")
	dir := t.TempDir()
	s.(*Search).dir = dir
	_, out := kittest.Press(s, "e")
	if st := kittest.Statuses(out); len(st) != 1 || !strings.Contains(st[0], "exported 2 matches to "+dir) {
		t.Fatalf("statuses = %q", st)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "kscope-search-bankbranch-*.jsonl"))
	if len(files) != 1 {
		t.Fatalf("export files = %v", files)
	}
	fh, err := os.Open(files[0])
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var got []kafkaops.Record
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		r, err := kafkaops.ParseKcat(sc.Bytes())
		if err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		got = append(got, r)
	}
	want := atmRecords()
	if len(got) != len(want) {
		t.Fatalf("exported %d records, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].Offset != want[i].Offset || got[i].Partition != want[i].Partition || string(got[i].Key) != string(want[i].Key) || string(got[i].Value) != string(want[i].Value) {
			t.Errorf("record %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	s.(*Search).Close()
}

func TestSearchFitsEverySize(t *testing.T) {
	kittest.FitsEverySize(t, "search", func() kit.Screen {
		f := kafkaopstest.NewScanFake(nil)
		f.Events <- kafkaops.ScanEvent{Matches: atmRecords(), Progress: progress(2, false)}
		return NewSearch(f, kittest.TestStyles(), "bankbranch", "atm")
	})
}

// TestWindowWordsBoundTheScan: from: and to: in the query bound the scan
// by time or offset, the rest is the filter, and the summary says the
// window; a window word that cannot be read keeps the input open.
func TestWindowWordsBoundTheScan(t *testing.T) {
	f := kafkaopstest.NewScanFake(nil)
	f.Events <- kafkaops.ScanEvent{Matches: atmRecords()[:1], Progress: progress(1, false)}
	s := newScreen(t, f, "from:-1h to:@500 atm")
	req, ok := f.LastRequest()
	if !ok {
		t.Fatal("no scan started")
	}
	if req.From.Kind != kafkaops.StartTimestamp || time.Since(req.From.Time) < 59*time.Minute || time.Since(req.From.Time) > 61*time.Minute ||
		req.To.Kind != kafkaops.StartOffset || req.To.Offset != 500 || req.Filter == nil || req.Filter.Text() != "atm" {
		t.Errorf("scan request from %+v to %+v filter %v", req.From, req.To, req.Filter)
	}
	if v := kittest.Plain(s); !strings.Contains(v, "searching · since 1h ago to offset 500 · 1 match") {
		t.Errorf("the summary does not show the window:\n%s", v)
	}
	s, _ = kittest.Press(s, "esc", "/")
	for range len("from:-1h to:@500 atm") {
		s, _ = kittest.Press(s, "backspace")
	}
	s, _ = kittest.Press(s, "from:someday atm", "enter")
	if v := kittest.Plain(s); !s.Capturing() || !strings.Contains(v, "from: cannot read start") {
		t.Errorf("a bad window word did not keep the input open with the reason:\n%s", v)
	}
}

// TestCopyOpensTheCopyOfTheQuery: c opens the copy of every match of the
// query searched; before a search, or with no match, it says why not.
func TestCopyOpensTheCopyOfTheQuery(t *testing.T) {
	f := kafkaopstest.NewScanFake(nil)
	f.Events <- kafkaops.ScanEvent{Matches: atmRecords(), Progress: progress(2, false)}
	s := newScreen(t, f, "from:-1h atm")
	_, out := kittest.Press(s, "c")
	nav := kittest.Navigations(out)
	if len(nav) != 1 || nav[0].Kind != kit.RouteCopy || nav[0].Topic != "bankbranch" || nav[0].Args != "from:-1h atm" {
		t.Fatalf("c navigated to %+v, want the copy of bankbranch with the query", nav)
	}

	none := newScreen(t, kafkaopstest.NewScanFake(nil), "zzz")
	none, _ = kittest.Feed(none, scanEventsMsg{ID: none.(*Search).scan.id, Events: []kafkaops.ScanEvent{{Progress: &kafkaops.ScanProgress{}, Done: true}}, Closed: true})
	_, out = kittest.Press(none, "c")
	if st := kittest.Statuses(out); len(kittest.Navigations(out)) != 0 || len(st) != 1 || st[0] != "search: no matches to copy" {
		t.Errorf("c with no match: navigations %v, statuses %q", kittest.Navigations(out), st)
	}
	idle := NewSearch(f, kittest.TestStyles(), "bankbranch", "")
	idle.SetSize(100, 24)
	idle.editing = false
	_, out = kittest.Press(idle, "c")
	if len(kittest.Navigations(out)) != 0 {
		t.Error("c before any search opened the copy")
	}
}
