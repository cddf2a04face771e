package search

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/views/kit"
)

// redecodeEvery is how often the search decodes again the matches whose
// registry was unavailable (the tail's pace: its rate ticker's).
const redecodeEvery = time.Second

// searchTickMsg is the re-decoding's tick; one of an older timer is
// dropped.
type searchTickMsg struct{ id uint64 }

// notePending remembers the pending matches of recs, just appended at
// index first, and starts the tick when it does not run.
func (s *Search) notePending(recs []kafkaops.Record, first int) tea.Cmd {
	s.redec.Note(recs, uint64(first))
	return s.tickIfWaiting()
}

// tickIfWaiting starts the tick when matches wait for a later batch
// and it does not run (the batch under way re-arms it in redecoded).
func (s *Search) tickIfWaiting() tea.Cmd {
	if s.tickID != 0 || s.decoder == nil || s.redec.Queued() == 0 {
		return nil
	}
	s.tickID = kit.NextID()
	id := s.tickID
	return s.Send(tea.Tick(redecodeEvery, func(time.Time) tea.Msg { return searchTickMsg{id: id} }))
}

// ticked decodes the waiting matches again (kit.Redecoder) and keeps
// ticking while some wait.
func (s *Search) ticked(msg searchTickMsg) tea.Cmd {
	if msg.id != s.tickID {
		return nil
	}
	s.tickID = 0
	matches := s.matches
	cmd := s.redec.Start(&s.Asker, s.decoder, 0, func(seq uint64) kafkaops.Record { return matches[seq] })
	return tea.Batch(cmd, s.tickIfWaiting())
}

// redecoded puts the matches decoded again in place; those still
// pending wait for a later tick.
func (s *Search) redecoded(msg kit.RedecodedMsg) tea.Cmd {
	s.redec.Take(msg, func(seq uint64, rec kafkaops.Record) bool {
		if seq >= uint64(len(s.matches)) {
			return false
		}
		old := &s.matches[seq]
		if old.Partition != rec.Partition || old.Offset != rec.Offset {
			return false
		}
		*old = rec
		s.noteKeys([]kafkaops.Record{rec})
		return true
	})
	return s.tickIfWaiting()
}
