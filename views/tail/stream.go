package tail

import (
	"context"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/views/kit"
)

// TailFrameInterval is the shortest time between two deliveries of
// records to the tail view, and so between two of its redraws: about 60
// a second however fast records arrive.
const TailFrameInterval = time.Second / 60

// tailCoalesceMax bounds the records one delivery carries: beyond it a
// delivery goes out early rather than hold more memory (only the newest
// buffer-size records of it are kept anyway).
const tailCoalesceMax = 64 << 10

// tailStartedMsg says whether Service.Tail started; ch is its stream.
type tailStartedMsg struct {
	id  uint64
	ch  <-chan kafkaops.TailBatch
	err error
}

// tailBatchMsg carries every batch that arrived since the last delivery;
// closed says the stream ended after them.
type tailBatchMsg struct {
	id      uint64
	batches []kafkaops.TailBatch
	closed  bool
	at      time.Time
}

// tailState is where the stream is.
type tailState int

const (
	tailStarting tailState = iota
	tailLive
	tailReconnecting
	tailEnded
	tailBadStart // the start words could not be read: nothing runs
)

// stream is the tail's connection to Service.Tail: where it starts, the
// running stream and its state. Each start gets a new id, so batches of
// a stream that was replaced are dropped.
type stream struct {
	from    kafkaops.TailFrom
	fromErr error

	id     uint64
	cancel context.CancelFunc
	ch     <-chan kafkaops.TailBatch
	// lastAt is when the last delivery went out: the next waits out
	// TailFrameInterval from it.
	lastAt time.Time
	state  tailState
	err    error // what stopped the stream, if it failed

	deliveries int
	// decoder decodes schema-encoded values in the delivering goroutine.
	decoder kafkaops.Decoder
}

// newStream reads the start words; a stream whose words cannot be read
// is in tailBadStart and must not start until from is set.
func newStream(args string, d kafkaops.Decoder) stream {
	s := stream{decoder: d}
	s.from, s.fromErr = kafkaops.ParseTailArgs(strings.Fields(args))
	if s.fromErr != nil {
		s.state = tailBadStart
	}
	return s
}

// restartFrom sets a new start, which the next start uses.
func (s *stream) restartFrom(from kafkaops.TailFrom) { s.from, s.fromErr = from, nil }

// start cancels the running stream, if any, and returns the command that
// starts req on svc. The command captures only what it needs.
func (s *stream) start(svc kafkaops.Service, req kafkaops.TailRequest) tea.Cmd {
	s.stop()
	s.id = kit.NextID()
	s.state, s.err = tailStarting, nil
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	id := s.id
	return func() tea.Msg {
		ch, err := svc.Tail(ctx, req)
		return tailStartedMsg{id: id, ch: ch, err: err}
	}
}

// stop cancels the stream; its goroutines end and close the channel.
func (s *stream) stop() {
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
	}
	s.ch = nil
}

// started takes in Service.Tail's answer (for this stream): the error
// that stopped it, or nil when it runs.
func (s *stream) started(msg tailStartedMsg) error {
	if msg.err != nil {
		s.state, s.err = tailEnded, msg.err
		s.stop()
		return msg.err
	}
	s.ch, s.state = msg.ch, tailLive
	return nil
}

// delivered notes a delivery that went out at.
func (s *stream) delivered(at time.Time) {
	s.lastAt = at
	s.deliveries++
}

// take applies what a batch says about the stream and returns the status
// to show, if any. Its records are the list's.
func (s *stream) take(b kafkaops.TailBatch) tea.Cmd {
	switch {
	case b.Err != nil:
		s.state, s.err = tailEnded, b.Err
		return kit.Status(tailError(b.Err), true)
	case b.Reconnecting:
		s.state = tailReconnecting
	case b.Reconnected:
		s.state = tailLive
		return kit.Status("tail: reconnected, resuming where it stopped", false)
	}
	return nil
}

// tailError is the status for an error that stopped a tail: the service
// already names the tail in its errors (`tail "x": …`), so it is not
// named again.
func tailError(err error) string {
	msg := kafkaops.Describe(err)
	if strings.HasPrefix(msg, "tail ") {
		return msg
	}
	return "tail: " + msg
}

// end notes that the stream closed.
func (s *stream) end() {
	s.state = tailEnded
	s.stop()
}

// next returns the command that waits for the stream's next delivery.
func (s *stream) next() tea.Cmd {
	wait := waitForBatch(s.id, s.ch, s.lastAt)
	if s.decoder == nil {
		return wait
	}
	d := s.decoder
	return func() tea.Msg {
		msg := wait().(tailBatchMsg)
		decodeBatches(d, msg.batches)
		return msg
	}
}

// waitForBatch waits for the next batch on ch, then keeps reading until
// TailFrameInterval has passed since the previous delivery (last), so
// that a flood arrives as at most about 60 messages a second while a
// trickle arrives at once. Whatever is already queued is drained
// without waiting. It is re-armed after every delivery.
func waitForBatch(id uint64, ch <-chan kafkaops.TailBatch, last time.Time) tea.Cmd {
	return func() tea.Msg {
		b, ok := <-ch
		msg := tailBatchMsg{id: id}
		if !ok {
			msg.closed, msg.at = true, time.Now()
			return msg
		}
		msg.batches = append(msg.batches, b)
		n := len(b.Records)
		deadline := last.Add(TailFrameInterval)
		var timer *time.Timer
		defer func() {
			if timer != nil {
				timer.Stop()
			}
		}()
		for n < tailCoalesceMax {
			select {
			case b, ok := <-ch:
				if !ok {
					msg.closed = true
					msg.at = time.Now()
					return msg
				}
				msg.batches = append(msg.batches, b)
				n += len(b.Records)
				continue
			default:
			}
			wait := time.Until(deadline)
			if wait <= 0 {
				break
			}
			if timer == nil {
				timer = time.NewTimer(wait)
			}
			select {
			case b, ok := <-ch:
				if !ok {
					msg.closed = true
					msg.at = time.Now()
					return msg
				}
				msg.batches = append(msg.batches, b)
				n += len(b.Records)
			case <-timer.C:
				deadline = time.Time{}
			}
		}
		msg.at = time.Now()
		return msg
	}
}
