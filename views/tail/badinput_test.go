package tail

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit/kittest"
)

// slowDecoder behaves as the schema session does with a bad registry:
// id 1's schema arrives 2 s after it is first asked for, each ask
// waiting at most 200 ms before saying pending; id 2's registry answered
// garbage (with an escape sequence); any other id is unknown.
type slowDecoder struct {
	mu    sync.Mutex
	first time.Time
	asks  int
}

func (s *slowDecoder) Decode(ctx context.Context, data []byte) ([]byte, string, error) {
	if !kafkaops.MaybeEncoded(data) {
		return nil, "", kafkaops.ErrNotEncoded
	}
	s.mu.Lock()
	s.asks++
	if s.first.IsZero() && data[4] == 1 {
		s.first = time.Now()
	}
	ready := !s.first.IsZero() && time.Since(s.first) >= 2*time.Second
	s.mu.Unlock()
	switch data[4] {
	case 1:
		if ready {
			return []byte(`{"atm":"ATM-` + string(data[5:]) + `"}`), "slow-value v1 id 1 (AVRO)", nil
		}
		time.Sleep(200 * time.Millisecond)
		return nil, "", fmt.Errorf("schema id 1: %w", kafkaops.ErrDecodePending)
	case 2:
		return nil, "", errors.New("schema id 2: registry unavailable: \x1b[31m<html>")
	}
	return nil, "", fmt.Errorf("schema id %d is not in the registry", data[4])
}

// Issue 14, bad input: with a registry that answers in 2 s, answers
// garbage or does not know an id, every delivery goes out within one
// wait, every record is listed (raw, with its reason in the detail, no
// escape sequence reaching the screen), and the slow schema's rows show
// decoded on a tick once it came.
func TestTailKeepsFlowingWithBadRegistry(t *testing.T) {
	dec := &slowDecoder{}
	tl, _ := newTestTail(100, 14, TailOptions{Decoder: dec, Buffer: 10_000})
	off := int64(0)
	for range 5 {
		var recs []kafkaops.Record
		for i := range 300 {
			id := byte(i%3) + 1
			recs = append(recs, kafkaopstest.TestRecord(0, off, "k", wire(id, fmt.Sprint(off))))
			off++
		}
		start := time.Now()
		deliverDecoded(t, tl, kafkaops.TailBatch{Records: recs})
		if took := time.Since(start); took > 600*time.Millisecond {
			t.Fatalf("a delivery of 300 records took %v", took)
		}
	}
	if n := tl.list.buf.Len(); n != 1500 {
		t.Fatalf("%d records listed, want all 1500", n)
	}
	v := tl.View()
	if strings.Contains(v, "\x1b[31m") {
		t.Error("the registry's escape sequence reached the screen")
	}
	rec, _ := tl.list.shownAt(1)
	dv := NewTailRecord(kittest.TestStyles(), *rec, time.UTC).View()
	if strings.Contains(dv, "\x1b[31m<html>") || !strings.Contains(kittest.Plain(NewTailRecord(kittest.TestStyles(), *rec, time.UTC)), "not decoded: schema id 2: registry unavailable") {
		t.Errorf("garbage registry's detail:\n%s", dv)
	}
	rec, _ = tl.list.shownAt(2)
	if !strings.Contains(kittest.Plain(NewTailRecord(kittest.TestStyles(), *rec, time.UTC)), "not decoded: schema id 3 is not in the registry") {
		t.Error("unknown id's detail lacks the reason")
	}
	// The slow schema comes; ticks decode the pending rows, a bounded
	// number each.
	time.Sleep(time.Until(dec.first.Add(2 * time.Second)))
	for range 2 {
		kittest.Feed(tl, tailTickMsg{id: tl.rate.tickID})
	}
	if tl.redec.Queued() != 0 {
		t.Fatalf("%d rows still pending after two ticks", tl.redec.Queued())
	}
	tl.Update(nil)
	if !strings.Contains(kittest.Plain(tl), `{"atm":"ATM-1497"}`) {
		t.Errorf("slow rows not decoded:\n%s", kittest.Plain(tl))
	}
}
