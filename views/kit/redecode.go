package kit

import (
	"context"
	"slices"
	"sort"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
)

// RedecodeMax bounds the records one Redecoder batch decodes again: the
// decoding runs off the UI goroutine and its result is merged in one
// Update, so a tick's work stays small however many records wait.
const RedecodeMax = 256

// Redecoder remembers a screen's records that are to be decoded again
// (kafkaops.Record.DecodePending: their schema was still being fetched,
// or the registry was unavailable for a reason that may pass), by
// sequence numbers the screen gives them in ascending order, and decodes
// them again off the UI goroutine when the screen asks, on its tick. The
// Decoder's own backoff bounds how often the registry is asked, so a
// tick that finds it still down costs nothing. The tail and the search
// use it; the zero value is ready.
type Redecoder struct {
	// pending are the records' sequence numbers, ascending.
	pending []uint64
	// busy says a batch is being decoded: Start starts no other;
	// inFlight is its size.
	busy     bool
	inFlight int
	id       uint64
}

// RedecodedMsg carries a batch decoded again, for Redecoder.Take.
type RedecodedMsg struct {
	id   uint64
	seqs []uint64
	recs []kafkaops.Record
}

// Note remembers the pending records of recs, whose first record has
// sequence number first.
func (r *Redecoder) Note(recs []kafkaops.Record, first uint64) {
	for i := range recs {
		if recs[i].DecodePending {
			r.pending = append(r.pending, first+uint64(i))
		}
	}
}

// Waiting is how many records (sequence numbers from base on) wait to be
// decoded again, for a status line; a batch being decoded counts.
func (r *Redecoder) Waiting(base uint64) int {
	front := sort.Search(len(r.pending), func(i int) bool { return r.pending[i] >= base })
	n := len(r.pending) - front
	if r.busy {
		n += r.inFlight
	}
	return n
}

// Queued is how many records wait for a later batch (not the one being
// decoded).
func (r *Redecoder) Queued() int { return len(r.pending) }

// Busy reports whether a batch is being decoded.
func (r *Redecoder) Busy() bool { return r.busy }

// Start decodes again the oldest pending records from base on, at most
// RedecodeMax, unless a batch is under way; at returns the screen's
// record of a sequence number (a copy: the command decodes it off the
// UI goroutine). The answer, a RedecodedMsg, goes to a's screen; nil when
// there is nothing to do.
func (r *Redecoder) Start(a *Asker, d kafkaops.Decoder, base uint64, at func(seq uint64) kafkaops.Record) tea.Cmd {
	front := sort.Search(len(r.pending), func(i int) bool { return r.pending[i] >= base })
	r.pending = r.pending[front:]
	if d == nil || r.busy || len(r.pending) == 0 {
		return nil
	}
	n := min(len(r.pending), RedecodeMax)
	seqs := slices.Clone(r.pending[:n])
	r.pending = r.pending[n:]
	recs := make([]kafkaops.Record, n)
	for i, seq := range seqs {
		recs[i] = at(seq)
	}
	r.busy, r.inFlight, r.id = true, n, NextID()
	id := r.id
	return a.Send(func() tea.Msg {
		bd := kafkaops.NewBatchDecoder(d)
		for i := range recs {
			recs[i].DecodePending = false
			bd.Decode(context.Background(), &recs[i])
		}
		return RedecodedMsg{id: id, seqs: seqs, recs: recs}
	})
}

// Take hands each record of the batch to put, which puts it in place of
// the screen's record and reports whether that record was still there;
// the records put back that are still pending wait for a later batch. It
// reports whether msg was the batch under way (a stale one is dropped).
func (r *Redecoder) Take(msg RedecodedMsg, put func(seq uint64, rec kafkaops.Record) bool) bool {
	if msg.id != r.id || !r.busy {
		return false
	}
	r.busy = false
	var again []uint64
	for i, seq := range msg.seqs {
		if put(seq, msg.recs[i]) && msg.recs[i].DecodePending {
			again = append(again, seq)
		}
	}
	if len(again) > 0 {
		r.pending = append(again, r.pending...)
	}
	return true
}
