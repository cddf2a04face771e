package tail

import (
	"cmp"
	"slices"

	"kscope/internal/permute"
	"kscope/kafkaops"
)

// backfill holds the records a tail reads from before its start (`f
// beginning`, `--from -N`…) until every partition caught up, then hands
// them over merged by timestamp across partitions, so the list reads in
// time order (each partition's records arrive in offset order, one
// partition after another). Records that arrive after the catch-up are
// live and keep their arrival order.
//
// It holds at most one and a half times what the list keeps, plus one
// delivery: whenever it passes that, it keeps only the newest records by
// timestamp, which are the ones the list would keep anyway (twice held
// more at once for no gain in speed: 1,000,000 records, 4 partitions,
// bench/tailview.sh, peak heap 77-105 MB against 81-82 MB).
type backfill struct {
	active bool
	recs   []kafkaops.Record
	// limit and budget bound what is held (the buffer's count and bytes).
	limit  int
	budget int64
	bytes  int64
	// cut counts the records let go of, for the received and dropped
	// counters.
	cut uint64
}

// begin starts holding records for a buffer of limit records and budget
// bytes.
func (b *backfill) begin(limit int, budget int64) {
	*b = backfill{active: true, limit: limit, budget: budget}
}

// add holds recs.
func (b *backfill) add(recs []kafkaops.Record) {
	b.recs = append(b.recs, recs...)
	for i := range recs {
		b.bytes += RecordBytes(&recs[i])
	}
	if len(b.recs) > b.limit+b.limit/2 || b.bytes > b.budget+b.budget/2 {
		b.trim()
	}
}

// trim sorts what is held by timestamp and keeps the newest records
// that fit the buffer.
func (b *backfill) trim() {
	sortByTime(b.recs)
	keep, bytes := 0, int64(0)
	for i := len(b.recs) - 1; i >= 0 && keep < b.limit; i-- {
		n := RecordBytes(&b.recs[i])
		if keep > 0 && bytes+n > b.budget {
			break
		}
		keep++
		bytes += n
	}
	drop := len(b.recs) - keep
	b.cut += uint64(drop)
	// Keep the array: the next records fill it again without growing it
	// (a new array per trim moved every record twice more, most of a
	// drain's CPU at 1,000,000 records). What is past the kept records
	// is cleared so that it pins no batch.
	n := copy(b.recs, b.recs[drop:])
	clear(b.recs[n:])
	b.recs = b.recs[:n]
	b.bytes = bytes
}

// finish ends the backfill and returns what it held in time order, and
// how many records it let go of.
func (b *backfill) finish() ([]kafkaops.Record, uint64) {
	recs, cut := b.recs, b.cut
	sortByTime(recs)
	*b = backfill{}
	return recs, cut
}

// sortByTime sorts records by timestamp, keeping the arrival order of
// equal ones (so a partition's records stay in offset order). It sorts
// their positions, then moves each record once: a record is a few hundred
// bytes, and a stable sort of the records themselves moved each of them
// dozens of times.
func sortByTime(recs []kafkaops.Record) {
	keys := make([]timeKey, len(recs))
	for i := range recs {
		keys[i] = timeKey{at: recs[i].Timestamp.UnixNano(), pos: int32(i)}
	}
	slices.SortFunc(keys, func(a, b timeKey) int {
		if c := cmp.Compare(a.at, b.at); c != 0 {
			return c
		}
		return cmp.Compare(a.pos, b.pos)
	})
	order := make([]int32, len(keys))
	for i, k := range keys {
		order[i] = k.pos
	}
	permute.Apply(recs, order)
}

// timeKey is a record's timestamp and position, what sortByTime sorts.
type timeKey struct {
	at  int64 // Unix nanoseconds
	pos int32
}
