package tail

import (
	"slices"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/views/kit"
)

// redecode starts decoding again the oldest pending records still held
// (kit.Redecoder); nil when there is nothing to do.
func (t *Tail) redecode() tea.Cmd {
	buf := t.list.buf
	base := t.list.base()
	return t.redec.Start(&t.Asker, t.opts.Decoder, base, func(seq uint64) kafkaops.Record {
		return *buf.At(int(seq - base))
	})
}

// redecoded puts a batch decoded again in place of the records still
// held (and in the paused list's copy), refreshes their rows and the
// filter's matches; those still pending wait for a later tick.
func (t *Tail) redecoded(msg kit.RedecodedMsg) {
	t.redec.Take(msg, func(seq uint64, rec kafkaops.Record) bool {
		if !t.list.replace(seq, rec) {
			return false
		}
		delete(t.rows.cells, seq)
		return true
	})
}

// replace puts rec in place of held record seq when it is still held
// (same partition and offset), in the frozen copy too, and adds it to
// the filter's matches when it passes now. It reports whether it did.
func (l *recordList) replace(seq uint64, rec kafkaops.Record) bool {
	base := l.base()
	if seq < base || seq >= l.buf.Received() {
		return false
	}
	i := int(seq - base)
	old := l.buf.At(i)
	if old.Partition != rec.Partition || old.Offset != rec.Offset {
		return false
	}
	l.buf.bytes += RecordBytes(&rec) - RecordBytes(old)
	*old = rec
	if l.paused {
		if j, ok := slices.BinarySearch(l.frozenSeq, seq); ok {
			l.frozen[j] = rec
		}
	}
	if l.filter != nil && l.filter.Match(old) {
		if j, ok := slices.BinarySearch(l.matches, seq); !ok {
			l.matches = slices.Insert(l.matches, j, seq)
		}
	}
	return true
}
