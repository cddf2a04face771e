package tail

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"kscope/kafkaops"
)

// sortByTime orders records as a stable sort by timestamp does: equal
// timestamps keep their arrival order, so a partition's records stay in
// offset order.
func TestSortByTimeIsStable(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	base := time.Unix(1_700_000_000, 0)
	for _, n := range []int{0, 1, 2, 7, 100, 5000} {
		recs := make([]kafkaops.Record, n)
		for i := range recs {
			// Few distinct times: many ties.
			recs[i] = kafkaops.Record{Partition: i % 4, Offset: int64(i), Timestamp: base.Add(time.Duration(rng.IntN(20)) * time.Second)}
		}
		want := slices.Clone(recs)
		slices.SortStableFunc(want, func(a, b kafkaops.Record) int { return a.Timestamp.Compare(b.Timestamp) })
		sortByTime(recs)
		for i := range recs {
			if recs[i].Offset != want[i].Offset || !recs[i].Timestamp.Equal(want[i].Timestamp) {
				t.Fatalf("n=%d: at %d got offset %d (%v), want offset %d (%v)", n, i, recs[i].Offset, recs[i].Timestamp, want[i].Offset, want[i].Timestamp)
			}
		}
	}
}

// A backfill that passes its bound keeps the newest records in the array
// it has, so a long backfill does not build a new one per trim, and
// leaves nothing past them that would pin a batch.
func TestBackfillTrimKeepsItsArray(t *testing.T) {
	var b backfill
	b.begin(10, 1<<30)
	base := time.Unix(1_700_000_000, 0)
	batch := func(from int) []kafkaops.Record {
		recs := make([]kafkaops.Record, 5)
		for i := range recs {
			recs[i] = kafkaops.Record{Offset: int64(from + i), Timestamp: base.Add(time.Duration(from+i) * time.Second), Value: []byte("v")}
		}
		return recs
	}
	for i := 0; i < 20; i += 5 {
		b.add(batch(i)) // the fourth batch passes 1.5×10 and trims
	}
	if len(b.recs) != 10 || b.cut != 10 {
		t.Fatalf("after 20 records: %d held, %d cut; want 10 held, 10 cut", len(b.recs), b.cut)
	}
	if b.recs[0].Offset != 10 || b.recs[9].Offset != 19 {
		t.Errorf("held offsets %d..%d, want the newest, 10..19", b.recs[0].Offset, b.recs[9].Offset)
	}
	for _, r := range b.recs[len(b.recs):cap(b.recs)] {
		if r.Value != nil {
			t.Fatalf("a record past the held ones still points at a value")
		}
	}
	first := &b.recs[:1][0]
	for i := 20; i < 40; i += 5 {
		b.add(batch(i))
	}
	if &b.recs[:1][0] != first {
		t.Errorf("the next trim moved the records to a new array")
	}
	recs, cut := b.finish()
	if len(recs) != 10 || cut != 30 || recs[0].Offset != 30 {
		t.Errorf("finish: %d records from offset %d, %d cut; want 10 from 30, 30 cut", len(recs), recs[0].Offset, cut)
	}
}
