package tail

import "kscope/kafkaops"

// DefaultTailBuffer is how many records a tail keeps by default
// (--tail-buffer).
const DefaultTailBuffer = 10_000

// TailBuffer is the bounded ring of records behind the tail view: it keeps
// the newest Cap() records, dropping the oldest, so memory stays flat
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
}

// NewTailBuffer returns an empty buffer of the given capacity
// (DefaultTailBuffer when capacity is not positive).
func NewTailBuffer(capacity int) *TailBuffer {
	if capacity <= 0 {
		capacity = DefaultTailBuffer
	}
	return &TailBuffer{ring: make([]kafkaops.Record, capacity)}
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
		if b.n < c {
			b.ring[(b.head+b.n)%c] = recs[i]
			b.n++
			continue
		}
		b.ring[b.head] = recs[i]
		b.head++
		if b.head == c {
			b.head = 0
		}
		b.dropped++
	}
}

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
	b.head, b.n = 0, 0
}
