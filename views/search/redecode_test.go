package search

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit/kittest"
)

// flakyDecoder says the registry is unavailable for its first fails
// calls, then decodes every value as {"n":7}.
type flakyDecoder struct {
	mu    sync.Mutex
	fails int
	calls int
}

func (d *flakyDecoder) Decode(_ context.Context, data []byte) ([]byte, string, error) {
	if !kafkaops.MaybeEncoded(data) {
		return nil, "", kafkaops.ErrNotEncoded
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.calls++
	if d.calls <= d.fails {
		return nil, "", kafkaops.DecodeUnavailable(errors.New("schema id 1: registry unavailable: 503 Service Unavailable"))
	}
	return []byte(`{"n":7}`), "t-value v1 id 1 (AVRO)", nil
}

// A match whose registry was unavailable when the scan decoded it is
// counted as awaiting its schema and decoded again on the tick, as the
// tail does, until the registry answers; then the count goes and the
// tick stops.
func TestSearchRedecodesMatchesAwaitingSchema(t *testing.T) {
	f := kafkaopstest.NewScanFake(nil)
	dec := &flakyDecoder{fails: 1}
	pending := kafkaopstest.TestRecord(0, 3, "k", "\x00\x00\x00\x00\x01\x0e")
	pending.DecodePending, pending.DecodeErr = true, "retrying: schema id 1: registry unavailable: 503 Service Unavailable"
	f.Events <- kafkaops.ScanEvent{Matches: []kafkaops.Record{pending, kafkaopstest.TestRecord(1, 9, "k2", "plain")}}
	f.Events <- kafkaops.ScanEvent{Done: true}
	close(f.Events)
	s, _ := kittest.Start(t, NewSearch(f, kittest.TestStyles(), "bank", "k").WithDecoder(dec), 100, 24)
	if req, ok := f.LastRequest(); !ok || !req.KeepPending {
		t.Fatalf("the scan was not asked to keep pending matches: %+v", req)
	}
	kittest.MustShow(t, s, "2 matches · 1 awaiting schema")
	sc := s.(*Search)
	if sc.tickID == 0 {
		t.Fatal("no tick runs while a match awaits its schema")
	}
	// The registry fails once more: the match still waits.
	s, _ = kittest.Feed(s, searchTickMsg{id: sc.tickID})
	kittest.MustShow(t, s, "1 awaiting schema")
	if sc.matches[0].Decoded != nil || !strings.Contains(sc.matches[0].DecodeErr, "registry unavailable") {
		t.Fatalf("after a failed retry: decoded %q, reason %q", sc.matches[0].Decoded, sc.matches[0].DecodeErr)
	}
	// A stale tick does nothing.
	s, _ = kittest.Feed(s, searchTickMsg{id: sc.tickID + 1000})
	// Then it answers.
	s, _ = kittest.Feed(s, searchTickMsg{id: sc.tickID})
	kittest.MustShow(t, s, `{"n":7}`)
	kittest.MustNotShow(t, s, "awaiting schema")
	if sc.tickID != 0 {
		t.Error("the tick goes on with nothing awaiting its schema")
	}
	dec.mu.Lock()
	calls := dec.calls
	dec.mu.Unlock()
	if calls != 2 {
		t.Errorf("%d decodes, want 2 (one per tick, the plain match never)", calls)
	}
	sc.Close()
}

// The key column is as wide as the keys (as in the tail), so a short key
// leaves the value the rest of the line.
func TestSearchKeyColumnFitsTheKeys(t *testing.T) {
	f := kafkaopstest.NewScanFake(nil)
	long := `{"atmid":4,"transid":105,"amount":120}`
	f.Events <- kafkaops.ScanEvent{Matches: []kafkaops.Record{kafkaopstest.TestRecord(0, 1, "4", long)}}
	f.Events <- kafkaops.ScanEvent{Done: true}
	close(f.Events)
	s, _ := kittest.Start(t, NewSearch(f, kittest.TestStyles(), "bank", "atm"), 80, 24)
	kittest.MustShow(t, s, long)
	s.(*Search).Close()
}

// Before a search, the query language's hint is whole at 60 columns,
// over the lines the table takes later.
func TestSearchHintWholeAt60(t *testing.T) {
	s, _ := kittest.Start(t, NewSearch(kafkaopstest.NewScanFake(nil), kittest.TestStyles(), "bank", ""), 60, 15)
	v := kittest.Plain(s)
	for _, want := range []string{"enter searches the whole topic", "from:-1h", "to:RFC3339"} {
		if !strings.Contains(v, want) {
			t.Errorf("the hint lacks %q:\n%s", want, v)
		}
	}
	kittest.CheckFrame(t, v, 60, 15)
}
