package tail

import (
	"sort"

	"kscope/kafkaops"
)

// recordList is what the tail holds and what its list shows: the ring
// buffer of records, the filter and the records that pass it, and while
// paused a frozen copy of the list. Rows are numbered from 0; each held
// record also has a sequence number (its rank among all records
// received), which stays the same as older records are dropped.
type recordList struct {
	buf    *TailBuffer
	filter *kafkaops.Filter
	// matches holds the sequence numbers of the held records that pass
	// the filter, oldest first (filter set only).
	matches []uint64

	paused bool
	// frozen is what a paused list shows: its records and their
	// sequence numbers, copied when the pause began.
	frozen    []kafkaops.Record
	frozenSeq []uint64
}

// newRecordList returns an empty list that holds size records and
// budget bytes (the defaults when not positive).
func newRecordList(size int, budget int64) recordList {
	return recordList{buf: NewTailBufferBudget(size, budget)}
}

// base is the sequence number of the oldest record held: the record at
// buffer index i has sequence number base()+i.
func (l *recordList) base() uint64 { return l.buf.Received() - uint64(l.buf.Len()) }

// push adds records to the buffer and the filter's matches. It returns
// how many rows of the live list were dropped from its start.
func (l *recordList) push(recs []kafkaops.Record) int {
	before := l.base()
	prevEnd := l.buf.Received()
	l.buf.Push(recs)
	base := l.base()
	if l.filter == nil {
		return int(base - before)
	}
	for seq := max(prevEnd, base); seq < l.buf.Received(); seq++ {
		if l.filter.Match(l.buf.At(int(seq - base))) {
			l.matches = append(l.matches, seq)
		}
	}
	front := sort.Search(len(l.matches), func(i int) bool { return l.matches[i] >= base })
	if front > 0 {
		l.matches = l.matches[front:]
		if cap(l.matches) > 4*len(l.matches)+1024 {
			l.matches = append([]uint64(nil), l.matches...)
		}
	}
	return front
}

// liveLen is how many records the live (not frozen) list shows.
func (l *recordList) liveLen() int {
	if l.filter != nil {
		return len(l.matches)
	}
	return l.buf.Len()
}

// shownLen is how many rows the list has now.
func (l *recordList) shownLen() int {
	if l.paused {
		return len(l.frozen)
	}
	return l.liveLen()
}

// shownAt returns row i's record and its sequence number.
func (l *recordList) shownAt(i int) (*kafkaops.Record, uint64) {
	if l.paused {
		return &l.frozen[i], l.frozenSeq[i]
	}
	if l.filter != nil {
		seq := l.matches[i]
		return l.buf.At(int(seq - l.base())), seq
	}
	return l.buf.At(i), l.base() + uint64(i)
}

// shown copies the records the list shows, for an export.
func (l *recordList) shown() []kafkaops.Record {
	recs := make([]kafkaops.Record, l.shownLen())
	for i := range recs {
		r, _ := l.shownAt(i)
		recs[i] = *r
	}
	return recs
}

// liveIndex is the row of the live list that shows record seq, or of the
// nearest record after it.
func (l *recordList) liveIndex(seq uint64) int {
	if l.filter != nil {
		return sort.Search(len(l.matches), func(i int) bool { return l.matches[i] >= seq })
	}
	if seq > l.base() {
		return int(seq - l.base())
	}
	return 0
}

// freeze copies the live list and shows the copy until thaw.
func (l *recordList) freeze() {
	n := l.liveLen()
	l.frozen = make([]kafkaops.Record, n)
	l.frozenSeq = make([]uint64, n)
	for i := 0; i < n; i++ {
		r, seq := l.shownAt(i)
		l.frozen[i], l.frozenSeq[i] = *r, seq
	}
	l.paused = true
}

// frozenAt returns the sequence number of frozen row i, if there is one.
func (l *recordList) frozenAt(i int) (uint64, bool) {
	if i < 0 || i >= len(l.frozenSeq) {
		return 0, false
	}
	return l.frozenSeq[i], true
}

// thaw goes back to the live list.
func (l *recordList) thaw() { l.paused, l.frozen, l.frozenSeq = false, nil, nil }

// setFilter applies f (nil: none) to the records held.
func (l *recordList) setFilter(f *kafkaops.Filter) {
	l.filter = f
	l.matches = l.matches[:0]
	if f == nil {
		return
	}
	base := l.base()
	for i := 0; i < l.buf.Len(); i++ {
		if f.Match(l.buf.At(i)) {
			l.matches = append(l.matches, base+uint64(i))
		}
	}
}

// clear empties the buffer and the frozen copy; the counters keep
// counting and a pause stays.
func (l *recordList) clear() {
	l.buf.Clear()
	l.matches = l.matches[:0]
	l.frozen, l.frozenSeq = nil, nil
}
