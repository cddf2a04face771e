package tail

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

// TestRecordDetailReplays: R in the record detail opens the replay of
// the record (its own bytes, not its schema decoding), and says so in
// the help; a record held cut is not replayed.
func TestRecordDetailReplays(t *testing.T) {
	rec := kafkaopstest.TestRecord(1, 42, "acct-1", `{"kind":"atm"}`, kafkaops.Header{Key: "trace", Value: []byte("t-1")})
	rec.Decoded, rec.Schema = []byte(`{"decoded":true}`), "orders-value v2"
	d := NewTailRecord(kittest.TestStyles(), rec, time.UTC)
	help := ""
	for _, b := range d.ShortHelp() {
		help += b.Help().Key + " " + b.Help().Desc + " · "
	}
	if !strings.Contains(help, "R replay") {
		t.Errorf("the help line lacks R: %s", help)
	}
	_, out := kittest.Press(d, "R")
	nav := kittest.Navigations(out)
	if len(nav) != 1 || nav[0].Kind != kit.RouteReplay || nav[0].Prefill == nil {
		t.Fatalf("R navigated to %+v, want the replay", nav)
	}
	p := nav[0].Prefill
	if p.Topic != "bankbranch" || p.Partition != 1 || p.Offset != 42 || string(p.Key) != "acct-1" ||
		!bytes.Equal(p.Value, rec.Value) || p.Decoded != nil || len(p.Headers) != 1 || p.Headers[0].Key != "trace" {
		t.Errorf("the replay holds %+v", *p)
	}

	cut := kafkaopstest.TestRecord(0, 1, "k", "0123456789")
	cut.Value, cut.ValueSize = cut.Value[:4], 10
	_, out = kittest.Press(NewTailRecord(kittest.TestStyles(), cut, time.UTC), "R")
	if len(kittest.Navigations(out)) != 0 {
		t.Fatal("a cut record was replayed")
	}
	if st := kittest.Statuses(out); len(st) != 1 || !strings.Contains(st[0], "replay needs the whole record: only the first 4 bytes") {
		t.Errorf("statuses %q", st)
	}
}

// TestTailCopiesMatches: C opens the copy of the filter's matches over
// the tail's window of the whole topic.
func TestTailCopiesMatches(t *testing.T) {
	for _, tc := range []struct {
		args, filter, want string
	}{
		{"", "re:atm", "re:atm"},
		{"beginning partition 1", "key:acct", "from:beginning p:1 key:acct"},
		{"10m", "", "from:10m"},
	} {
		tl, _ := newTestTail(100, 12, TailOptions{Args: tc.args})
		deliver(tl, kafkaopstest.Records(0, 0, 3))
		if tc.filter != "" {
			tl, _ = asTail(kittest.Press(tl, "/", tc.filter, "enter"))
		}
		_, out := kittest.Feed(tl, kittest.KeyMsgs("C")[0])
		nav := kittest.Navigations(out)
		if len(nav) != 1 || nav[0].Kind != kit.RouteCopy || nav[0].Topic != "bankbranch" || nav[0].Args != tc.want {
			t.Errorf("tail %q with filter %q: C navigated to %+v, want the copy with %q", tc.args, tc.filter, nav, tc.want)
		}
		if _, err := kafkaops.ParseScanQuery(tc.want); err != nil {
			t.Errorf("the copy cannot read %q: %v", tc.want, err)
		}
	}
}

// TestTailReplaysTheSelectedRecord: R in the tail opens the replay of the
// selected record; a record the ring holds cut is read whole first
// (enter, then R).
func TestTailReplaysTheSelectedRecord(t *testing.T) {
	tl, _ := newTestTail(100, 12, TailOptions{})
	_, out := kittest.Feed(tl, kittest.KeyMsgs("R")[0])
	if st := kittest.Statuses(out); len(st) != 1 || st[0] != "no record to replay yet" {
		t.Errorf("R with no record: %q", st)
	}
	deliver(tl, kafkaopstest.Records(0, 0, 3))
	_, out = kittest.Feed(tl, kittest.KeyMsgs("R")[0])
	nav := kittest.Navigations(out)
	if len(nav) != 1 || nav[0].Kind != kit.RouteReplay || nav[0].Prefill == nil || nav[0].Prefill.Offset != 2 {
		t.Fatalf("R navigated to %+v, want the replay of the newest record", nav)
	}
	cut := kafkaopstest.TestRecord(0, 3, "k", "0123456789")
	cut.Value, cut.ValueSize = cut.Value[:4], 10
	deliver(tl, kafkaops.TailBatch{Records: []kafkaops.Record{cut}})
	_, out = kittest.Feed(tl, kittest.KeyMsgs("R")[0])
	if st := kittest.Statuses(out); len(kittest.Navigations(out)) != 0 || len(st) != 1 || !strings.Contains(st[0], "press enter, then R") {
		t.Errorf("R on a cut record: navigations %v, statuses %q", kittest.Navigations(out), st)
	}
}
