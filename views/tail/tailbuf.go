package tail

import "kscope/kafkaops"

// DefaultTailBuffer is how many records a tail keeps by default
// (--tail-buffer).
const DefaultTailBuffer = 10_000

// DefaultTailBytes is how many bytes of records a tail keeps by default:
// with large records the ring holds fewer than its count, so memory
// stays flat whatever the record size.
const DefaultTailBytes = 64 << 20

// recordOverhead is what a held record costs besides its bytes: the
// Record in the ring and the slice headers, roughly.
const recordOverhead = 128

// RecordBytes is what a record counts against the byte budget: its key,
// value and headers plus a fixed overhead.
func RecordBytes(r *kafkaops.Record) int64 {
	n := recordOverhead + len(r.Key) + len(r.Value) + len(r.Decoded) + len(r.DecodeErr) +
		len(r.KeyDecoded) + len(r.KeyDecodeErr)
	for _, h := range r.Headers {
		n += len(h.Key) + len(h.Value)
	}
	return int64(n)
}

// TailBuffer is the bounded ring of records behind the tail view: it keeps
// the newest Cap() records, and no more than Budget() bytes of them (see
// RecordBytes), dropping the oldest, so memory stays flat
// however long a tail runs. Push is O(1) per record and allocates nothing
// (the ring is allocated once); At gives random access for the visible
// window. The zero value is not usable: call NewTailBuffer. Not safe for
// concurrent use (the view's Update owns it).
type TailBuffer struct {
	ring     []kafkaops.Record
	head     int // index in ring of the oldest record
	n        int // records held
	received uint64
	dropped  uint64
	bytes    int64 // RecordBytes of the records held
	budget   int64
}

// NewTailBuffer returns an empty buffer of the given capacity
// (DefaultTailBuffer when capacity is not positive) and a budget of
// DefaultTailBytes.
func NewTailBuffer(capacity int) *TailBuffer { return NewTailBufferBudget(capacity, 0) }

// NewTailBufferBudget returns an empty buffer of the given capacity and
// byte budget (DefaultTailBuffer and DefaultTailBytes when not
// positive). The newest record is always held, whatever its size.
func NewTailBufferBudget(capacity int, budget int64) *TailBuffer {
	if capacity <= 0 {
		capacity = DefaultTailBuffer
	}
	if budget <= 0 {
		budget = DefaultTailBytes
	}
	return &TailBuffer{ring: make([]kafkaops.Record, capacity), budget: budget}
}

// Push appends records, oldest first, dropping the oldest held records
// when the buffer is full.
func (b *TailBuffer) Push(recs []kafkaops.Record) {
	c := len(b.ring)
	b.received += uint64(len(recs))
	if len(recs) > c {
		// Only the last c can stay: the rest are dropped on arrival.
		b.dropped += uint64(len(recs) - c)
		recs = recs[len(recs)-c:]
	}
	for i := range recs {
		size := RecordBytes(&recs[i])
		for b.n > 0 && (b.n == c || b.bytes+size > b.budget) {
			b.dropOldest()
		}
		b.ring[(b.head+b.n)%c] = recs[i]
		b.n++
		b.bytes += size
	}
}

// dropOldest drops the oldest record held.
func (b *TailBuffer) dropOldest() {
	b.bytes -= RecordBytes(&b.ring[b.head])
	b.ring[b.head] = kafkaops.Record{}
	b.head++
	if b.head == len(b.ring) {
		b.head = 0
	}
	b.n--
	b.dropped++
}

// Discard counts n records as received and dropped without holding
// them (a backfill let go of them).
func (b *TailBuffer) Discard(n uint64) {
	b.received += n
	b.dropped += n
}

// Bytes is what the records held count against the budget.
func (b *TailBuffer) Bytes() int64 { return b.bytes }

// Budget is the most bytes the buffer holds (but always the newest
// record).
func (b *TailBuffer) Budget() int64 { return b.budget }

// Len is how many records the buffer holds.
func (b *TailBuffer) Len() int { return b.n }

// Cap is the most records the buffer holds.
func (b *TailBuffer) Cap() int { return len(b.ring) }

// At returns the i-th record held, 0 being the oldest and Len()-1 the
// newest. It panics when i is out of range, like a slice index. The
// pointer is valid until the record is dropped or the buffer cleared.
func (b *TailBuffer) At(i int) *kafkaops.Record {
	if i < 0 || i >= b.n {
		panic("views: TailBuffer index out of range")
	}
	j := b.head + i
	if j >= len(b.ring) {
		j -= len(b.ring)
	}
	return &b.ring[j]
}

// Received is how many records were pushed since the buffer was made,
// including dropped and cleared ones.
func (b *TailBuffer) Received() uint64 { return b.received }

// Dropped is how many records were pushed out by newer ones.
func (b *TailBuffer) Dropped() uint64 { return b.dropped }

// Clear empties the buffer (the view's `x`); the counters keep counting.
func (b *TailBuffer) Clear() {
	clear(b.ring)
	b.head, b.n, b.bytes = 0, 0, 0
}
