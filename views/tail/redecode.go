package tail

import (
	"context"
	"slices"
	"sort"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/views/kit"
)

// redecodeMax bounds the records decoded again per tick: the decoding
// runs off the UI goroutine, and its result is merged in one Update, so
// a tick's work stays small however many records waited for a schema.
const redecodeMax = 256

// redecoder remembers the held records whose schema was still being
// fetched when they arrived (kafkaops.Record.DecodePending) and decodes
// them again on the rate ticker's ticks, so they show decoded once the
// registry answers, without being opened.
type redecoder struct {
	// pending are the records' sequence numbers, ascending.
	pending []uint64
	// busy says a batch is being decoded: a tick starts no other;
	// inFlight is its size.
	busy     bool
	inFlight int
	id       uint64
}

// redecodedMsg carries a batch decoded again: the records by sequence
// number.
type redecodedMsg struct {
	id   uint64
	seqs []uint64
	recs []kafkaops.Record
}

// notePending remembers the pending records of recs, just pushed, whose
// first record has sequence number first.
func (r *redecoder) notePending(recs []kafkaops.Record, first uint64) {
	for i := range recs {
		if recs[i].DecodePending {
			r.pending = append(r.pending, first+uint64(i))
		}
	}
}

// waiting is how many held records (sequence numbers from base on) wait
// for their schema, for the status line; a batch being decoded counts.
func (r *redecoder) waiting(base uint64) int {
	front := sort.Search(len(r.pending), func(i int) bool { return r.pending[i] >= base })
	n := len(r.pending) - front
	if r.busy {
		n += r.inFlight
	}
	return n
}

// redecode starts decoding the oldest pending records still held, at
// most redecodeMax, unless a batch is under way; nil when there is
// nothing to do.
func (t *Tail) redecode() tea.Cmd {
	rd, d := &t.redec, t.opts.Decoder
	base := t.list.base()
	front := sort.Search(len(rd.pending), func(i int) bool { return rd.pending[i] >= base })
	rd.pending = rd.pending[front:]
	if d == nil || rd.busy || len(rd.pending) == 0 {
		return nil
	}
	n := min(len(rd.pending), redecodeMax)
	seqs := slices.Clone(rd.pending[:n])
	rd.pending = rd.pending[n:]
	recs := make([]kafkaops.Record, n)
	for i, seq := range seqs {
		recs[i] = *t.list.buf.At(int(seq - base))
	}
	rd.busy, rd.inFlight, rd.id = true, n, kit.NextID()
	id := rd.id
	return t.Send(func() tea.Msg {
		bd := kafkaops.NewBatchDecoder(d)
		for i := range recs {
			recs[i].DecodePending = false
			bd.Decode(context.Background(), &recs[i])
		}
		return redecodedMsg{id: id, seqs: seqs, recs: recs}
	})
}

// redecoded puts a batch decoded again in place of the records still
// held (and in the paused list's copy), refreshes their rows and the
// filter's matches, and keeps those still pending for a later tick.
func (t *Tail) redecoded(msg redecodedMsg) {
	rd := &t.redec
	if msg.id != rd.id {
		return
	}
	rd.busy = false
	var again []uint64
	for i, seq := range msg.seqs {
		rec := msg.recs[i]
		if !t.list.replace(seq, rec) {
			continue
		}
		delete(t.rows.cells, seq)
		if rec.DecodePending {
			again = append(again, seq)
		}
	}
	if len(again) > 0 {
		rd.pending = append(again, rd.pending...)
	}
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
