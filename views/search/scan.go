package search

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/views/kit"
)

// scanStartedMsg says whether Service.Scan started; ch is its stream.
type scanStartedMsg struct {
	id  uint64
	ch  <-chan kafkaops.ScanEvent
	err error
}

// scanEventsMsg carries the events that arrived since the last delivery.
type scanEventsMsg = kit.StreamMsg[kafkaops.ScanEvent]

// scanMaxEvents bounds the events one delivery carries, so a flood of
// matches still redraws now and then.
const scanMaxEvents = 256

// scanner is the screen's connection to Service.Scan: the running scan's
// id, its cancel and its stream. Each start gets a new id, so the events
// of a scan that was replaced or cancelled are dropped.
type scanner struct {
	id     uint64
	ctx    context.Context
	cancel context.CancelFunc
	ch     <-chan kafkaops.ScanEvent
}

// start cancels the running scan, if any, and returns the command that
// starts req on svc. The command captures only what it needs.
func (s *scanner) start(svc kafkaops.Service, req kafkaops.ScanRequest) tea.Cmd {
	s.stop()
	s.id = kit.NextID()
	s.ctx, s.cancel = context.WithCancel(context.Background())
	ctx, id := s.ctx, s.id
	return func() tea.Msg {
		ch, err := svc.Scan(ctx, req)
		return scanStartedMsg{id: id, ch: ch, err: err}
	}
}

// stop cancels the scan; the engine's goroutines end and close the
// channel, and a waiting command returns.
func (s *scanner) stop() {
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
	}
	s.ch = nil
}

// running reports whether a scan is started and not stopped.
func (s *scanner) running() bool { return s.cancel != nil }

// next returns the command that waits for the scan's next events.
func (s *scanner) next() tea.Cmd { return kit.WaitStream(s.ctx, s.id, s.ch, scanMaxEvents) }
