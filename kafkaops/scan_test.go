package kafkaops_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"kscope/kafkaops"
)

// scanFixture fills a 4-partition topic with n records: every 97th value
// holds "needle", keys cycle through k-0..k-49, every 10th record has a
// header h=vN, and record i has timestamp base+i seconds.
type scanFixture struct {
	c     *kafkaops.Client
	topic string
	base  time.Time
	all   []kafkaops.Record // every record, read back by a tail
}

func newScanFixture(t *testing.T, n int) *scanFixture {
	t.Helper()
	b := startBroker(t)
	c := newClient(t, b.Addr())
	f := &scanFixture{c: c, topic: "scan", base: time.UnixMilli(1_700_000_000_000)}
	mustCreate(t, c, f.topic, 4)
	var rs []kafkaops.ProduceRequest
	for i := range n {
		v := fmt.Sprintf("rec-%06d", i)
		if i%97 == 0 {
			v += " needle"
		}
		r := kafkaops.ProduceRequest{Topic: f.topic, Partition: i % 4, Key: []byte(fmt.Sprintf("k-%d", i%50)),
			Value: []byte(v), Timestamp: f.base.Add(time.Duration(i) * time.Second)}
		if i%10 == 0 {
			r.Headers = []kafkaops.Header{{Key: "h", Value: []byte(fmt.Sprintf("v%d", i%3))}}
		}
		rs = append(rs, r)
		if len(rs) == 2000 || i == n-1 {
			if _, err := c.ProduceBatch(testCtx(t), rs); err != nil {
				t.Fatal(err)
			}
			rs = rs[:0]
		}
	}
	ch, err := c.Tail(testCtx(t), kafkaops.TailRequest{Topic: f.topic, Start: kafkaops.StartBeginning, StopAtEnd: true})
	if err != nil {
		t.Fatal(err)
	}
	for b := range ch {
		if b.Err != nil {
			t.Fatal(b.Err)
		}
		f.all = append(f.all, b.Records...)
	}
	if len(f.all) != n {
		t.Fatalf("read back %d records, want %d", len(f.all), n)
	}
	return f
}

// scan runs a scan to its end and returns the matches and the last
// event.
func scan(t *testing.T, c *kafkaops.Client, r kafkaops.ScanRequest) ([]kafkaops.Record, kafkaops.ScanEvent) {
	t.Helper()
	ch, err := c.Scan(testCtx(t), r)
	if err != nil {
		t.Fatal(err)
	}
	var got []kafkaops.Record
	var last kafkaops.ScanEvent
	for ev := range ch {
		if ev.Err != nil {
			t.Fatalf("scan: %v", ev.Err)
		}
		got = append(got, ev.Matches...)
		last = ev
	}
	if !last.Done {
		t.Fatal("the scan ended without a Done event")
	}
	return got, last
}

type pos struct {
	p   int
	off int64
}

func positions(rs []kafkaops.Record) []pos {
	out := make([]pos, 0, len(rs))
	for _, r := range rs {
		out = append(out, pos{r.Partition, r.Offset})
	}
	slices.SortFunc(out, func(a, b pos) int {
		if a.p != b.p {
			return a.p - b.p
		}
		return int(a.off - b.off)
	})
	return out
}

// TestScanFindsEveryMatch compares scans with a brute-force pass over
// every record, with predicates written out here rather than the
// filter's own Match, across partitions and windows, on a topic three
// times the tail's default ring.
func TestScanFindsEveryMatch(t *testing.T) {
	const n = 30_000
	f := newScanFixture(t, n)
	at := func(i int) time.Time { return f.base.Add(time.Duration(i) * time.Second) }
	tests := []struct {
		name  string
		req   kafkaops.ScanRequest
		query string
		want  func(r kafkaops.Record) bool
	}{
		{"whole topic", kafkaops.ScanRequest{From: kafkaops.ScanFromBeginning}, "needle",
			func(r kafkaops.Record) bool { return strings.Contains(string(r.Value), "needle") }},
		{"regexp", kafkaops.ScanRequest{From: kafkaops.ScanFromBeginning}, `re:rec-0+12\d\d needle`,
			func(r kafkaops.Record) bool {
				v := string(r.Value)
				return strings.HasPrefix(v, "rec-0012") && strings.HasSuffix(v, "needle")
			}},
		{"offset window", kafkaops.ScanRequest{From: kafkaops.ScanBound{Kind: kafkaops.StartOffset, Offset: 1000},
			To: kafkaops.ScanBound{Kind: kafkaops.StartOffset, Offset: 5000}}, "needle",
			func(r kafkaops.Record) bool {
				return r.Offset >= 1000 && r.Offset < 5000 && strings.Contains(string(r.Value), "needle")
			}},
		{"time window", kafkaops.ScanRequest{From: kafkaops.ScanBound{Kind: kafkaops.StartTimestamp, Time: at(10_000)},
			To: kafkaops.ScanBound{Kind: kafkaops.StartTimestamp, Time: at(20_000)}}, "",
			func(r kafkaops.Record) bool {
				return !r.Timestamp.Before(at(10_000)) && r.Timestamp.Before(at(20_000))
			}},
		{"last N", kafkaops.ScanRequest{From: kafkaops.ScanBound{Kind: kafkaops.StartLastN, Offset: 100}}, "needle",
			func(r kafkaops.Record) bool {
				return r.Offset >= n/4-100 && strings.Contains(string(r.Value), "needle")
			}},
		{"partition and offset terms", kafkaops.ScanRequest{From: kafkaops.ScanFromBeginning}, "p:1-2 offset:100-2000 needle",
			func(r kafkaops.Record) bool {
				return (r.Partition == 1 || r.Partition == 2) && r.Offset >= 100 && r.Offset <= 2000 &&
					strings.Contains(string(r.Value), "needle")
			}},
		{"request partitions", kafkaops.ScanRequest{From: kafkaops.ScanFromBeginning, Partitions: []int{3}}, "key:k-7",
			func(r kafkaops.Record) bool {
				return r.Partition == 3 && strings.Contains(string(r.Key), "k-7")
			}},
		{"header", kafkaops.ScanRequest{From: kafkaops.ScanFromBeginning}, "header:h=v2",
			func(r kafkaops.Record) bool {
				return len(r.Headers) == 1 && string(r.Headers[0].Value) == "v2"
			}},
		{"no match", kafkaops.ScanRequest{From: kafkaops.ScanFromBeginning}, "re:nothing-like-it", func(kafkaops.Record) bool { return false }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var want []kafkaops.Record
			for _, r := range f.all {
				if tc.want(r) {
					want = append(want, r)
				}
			}
			req := tc.req
			req.Topic = f.topic
			var err error
			if req.Filter, err = kafkaops.ParseFilter(tc.query); err != nil {
				t.Fatal(err)
			}
			got, last := scan(t, f.c, req)
			if g, w := positions(got), positions(want); !slices.Equal(g, w) {
				t.Fatalf("%d matches, want %d (first got %v, first want %v)", len(g), len(w), head(g), head(w))
			}
			p := last.Progress
			if p.Matched != int64(len(want)) || p.Kept != int64(len(want)) {
				t.Errorf("progress counts %d matched, %d kept; want %d", p.Matched, p.Kept, len(want))
			}
			if p.Position != p.Total {
				t.Errorf("position %d of %d at the end", p.Position, p.Total)
			}
			for _, r := range got {
				if string(r.Value) != string(f.all[indexOf(t, f.all, r)].Value) {
					t.Fatalf("match %d/%d has a wrong value %q", r.Partition, r.Offset, r.Value)
				}
			}
		})
	}
}

func head(ps []pos) []pos { return ps[:min(3, len(ps))] }

func indexOf(t *testing.T, all []kafkaops.Record, r kafkaops.Record) int {
	for i := range all {
		if all[i].Partition == r.Partition && all[i].Offset == r.Offset {
			return i
		}
	}
	t.Fatalf("no record %d/%d", r.Partition, r.Offset)
	return -1
}

func TestScanLimitAndProgress(t *testing.T) {
	f := newScanFixture(t, 8000)
	needle, _ := kafkaops.ParseFilter("needle")
	total := 0
	for _, r := range f.all {
		if strings.Contains(string(r.Value), "needle") {
			total++
		}
	}
	// A limit keeps some matches and counts all of them.
	got, last := scan(t, f.c, kafkaops.ScanRequest{Topic: f.topic, From: kafkaops.ScanFromBeginning, Filter: needle, Limit: 10})
	if len(got) != 10 || last.Progress.Matched != int64(total) || last.Progress.Kept != 10 {
		t.Errorf("limit 10: %d delivered, %d matched, %d kept; want 10, %d, 10", len(got), last.Progress.Matched, last.Progress.Kept, total)
	}
	if last.Progress.Scanned != 8000 || last.Progress.Total != 8000 {
		t.Errorf("scanned %d of %d, want 8000 of 8000", last.Progress.Scanned, last.Progress.Total)
	}
	for _, pp := range last.Progress.Partitions {
		if !pp.Done() || pp.Fraction() != 1 || pp.Scanned != 2000 || pp.Bytes < 2000*10 || pp.MBPerSec <= 0 || pp.RecordsPerSec <= 0 {
			t.Errorf("partition %+v not read to its end", pp)
		}
	}
	// StopAtLimit delivers exactly the limit, then ends with Done.
	got, last = scan(t, f.c, kafkaops.ScanRequest{Topic: f.topic, From: kafkaops.ScanFromBeginning, Limit: 1234, StopAtLimit: true})
	if len(got) != 1234 {
		t.Errorf("stop at 1234: got %d", len(got))
	}
	// Progress events arrive while a scan runs.
	ch, err := f.c.Scan(testCtx(t), kafkaops.ScanRequest{Topic: f.topic, From: kafkaops.ScanFromBeginning, ProgressEvery: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	progress := 0
	for ev := range ch {
		if ev.Progress != nil && !ev.Done {
			progress++
		}
	}
	if progress == 0 {
		t.Error("no progress event")
	}
}

func TestScanCancelAndErrors(t *testing.T) {
	f := newScanFixture(t, 4000)
	ctx, cancel := context.WithCancel(testCtx(t))
	ch, err := f.c.Scan(ctx, kafkaops.ScanRequest{Topic: f.topic, From: kafkaops.ScanFromBeginning, ProgressEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	<-ch
	cancel()
	done := make(chan struct{})
	go func() {
		for range ch {
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the scan did not end after cancel")
	}
	if _, err := f.c.Scan(testCtx(t), kafkaops.ScanRequest{Topic: "no-such-topic", From: kafkaops.ScanFromBeginning}); !kafkaops.IsNotFound(err) {
		t.Errorf("missing topic: %v, want not found", err)
	}
	if _, err := f.c.Scan(testCtx(t), kafkaops.ScanRequest{Topic: f.topic, Partitions: []int{9}}); err == nil {
		t.Error("partition 9 of 4: no error")
	}
	// A filter that rules out every partition ends at once, empty.
	none, _ := kafkaops.ParseFilter("p:7")
	got, last := scan(t, f.c, kafkaops.ScanRequest{Topic: f.topic, From: kafkaops.ScanFromBeginning, Filter: none})
	if len(got) != 0 || last.Progress.Total != 0 {
		t.Errorf("p:7 on 4 partitions: %d matches, total %d", len(got), last.Progress.Total)
	}
}

func TestScanVisit(t *testing.T) {
	f := newScanFixture(t, 8000)
	needle, _ := kafkaops.ParseFilter("needle")
	want, _ := scan(t, f.c, kafkaops.ScanRequest{Topic: f.topic, From: kafkaops.ScanFromBeginning, Filter: needle})
	visitScan := func(r kafkaops.ScanRequest, visit func(*kafkaops.Record) error) (kafkaops.ScanEvent, []kafkaops.Record) {
		var mu sync.Mutex
		var got []kafkaops.Record
		r.Topic = f.topic
		r.Visit = func(rec *kafkaops.Record) error {
			mu.Lock()
			defer mu.Unlock()
			c := *rec
			c.Value = slices.Clone(rec.Value) // valid only during the call
			got = append(got, c)
			return visit(rec)
		}
		ch, err := f.c.Scan(testCtx(t), r)
		if err != nil {
			t.Fatal(err)
		}
		var last kafkaops.ScanEvent
		for ev := range ch {
			if len(ev.Matches) > 0 {
				t.Fatal("matches on the channel with Visit set")
			}
			last = ev
		}
		return last, got
	}
	ok := func(*kafkaops.Record) error { return nil }
	last, got := visitScan(kafkaops.ScanRequest{From: kafkaops.ScanFromBeginning, Filter: needle}, ok)
	if !last.Done || !slices.Equal(positions(got), positions(want)) {
		t.Fatalf("visit found %d, the channel %d (done %v)", len(got), len(want), last.Done)
	}
	for _, r := range got {
		if !strings.Contains(string(r.Value), "needle") {
			t.Fatalf("visited %q", r.Value)
		}
	}
	last, got = visitScan(kafkaops.ScanRequest{From: kafkaops.ScanFromBeginning, Limit: 777, StopAtLimit: true}, ok)
	if !last.Done || len(got) != 777 || last.Progress.Kept != 777 {
		t.Errorf("stop at 777 with Visit: %d visited, kept %d, done %v", len(got), last.Progress.Kept, last.Done)
	}
	boom := errors.New("boom")
	n := 0
	last, _ = visitScan(kafkaops.ScanRequest{From: kafkaops.ScanFromBeginning}, func(*kafkaops.Record) error {
		if n++; n == 100 {
			return boom
		}
		return nil
	})
	if !errors.Is(last.Err, boom) {
		t.Errorf("a Visit error ended the scan with %v, want boom", last.Err)
	}
}
