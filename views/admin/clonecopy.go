package admin

import (
	"context"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/views/kit"
)

// copyStartedMsg says whether Service.Copy started; ch is its stream.
type copyStartedMsg struct {
	id  uint64
	ch  <-chan kafkaops.CopyEvent
	err error
}

// copyEventsMsg carries the copy's latest event (the ones before it are
// superseded: each carries the figures so far); closed says the stream
// ended.
type copyEventsMsg struct {
	id     uint64
	last   *kafkaops.CopyEvent
	closed bool
}

// copyState is the clone's running copy: its id, cancel and stream, and
// the latest figures.
type copyState struct {
	id     uint64
	ctx    context.Context
	cancel context.CancelFunc
	ch     <-chan kafkaops.CopyEvent

	started   time.Time
	elapsed   time.Duration
	progress  *kafkaops.ScanProgress
	copied    int64
	done      bool
	cancelled bool
	err       error
	// After a cancel: the records the clone holds, once counted.
	countID   uint64
	held      int64
	heldKnown bool
}

// start returns the command that starts req on svc; the copy runs until
// it ends or stop cancels it.
func (s *copyState) start(svc kafkaops.Service, req kafkaops.CopyRequest) tea.Cmd {
	s.stop()
	s.id, s.started = kit.NextID(), time.Now()
	s.ctx, s.cancel = context.WithCancel(context.Background())
	ctx, id := s.ctx, s.id
	return func() tea.Msg {
		ch, err := svc.Copy(ctx, req)
		return copyStartedMsg{id: id, ch: ch, err: err}
	}
}

// stop cancels the copy; what was written stays written.
func (s *copyState) stop() {
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
		s.elapsed = time.Since(s.started)
	}
}

// next returns the command that waits for the copy's next events.
func (s *copyState) next() tea.Cmd { return waitForCopy(s.ctx, s.id, s.ch) }

// waitForCopy waits for the next event on ch, then keeps only the latest
// of those already queued. It returns nothing once ctx is cancelled.
func waitForCopy(ctx context.Context, id uint64, ch <-chan kafkaops.CopyEvent) tea.Cmd {
	return func() tea.Msg {
		msg := copyEventsMsg{id: id}
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-ch:
			if !ok {
				msg.closed = true
				return msg
			}
			msg.last = &ev
		}
		for {
			select {
			case ev, ok := <-ch:
				if !ok {
					msg.closed = true
					return msg
				}
				if ev.Err != nil || ev.Done || ev.Scan != nil {
					msg.last = &ev
				}
			default:
				return msg
			}
		}
	}
}

// copyStarted waits for the first events, or says why the copy did not
// start.
func (c *Clone) copyStarted(msg copyStartedMsg) tea.Cmd {
	if msg.id != c.copy.id || c.step != cloneCopying {
		return nil
	}
	if msg.err != nil {
		c.copy.err = msg.err
		c.copy.stop()
		return c.finish()
	}
	c.copy.ch = msg.ch
	return c.Send(c.copy.next())
}

// copyEvents takes in the copy's progress and re-arms the wait, or ends.
func (c *Clone) copyEvents(msg copyEventsMsg) tea.Cmd {
	if msg.id != c.copy.id || c.step != cloneCopying {
		return nil
	}
	if ev := msg.last; ev != nil {
		if ev.Scan != nil {
			c.copy.progress = ev.Scan
		}
		c.copy.copied = max(c.copy.copied, ev.Copied)
		c.copy.done = c.copy.done || ev.Done
		if ev.Err != nil {
			c.copy.err = ev.Err
		}
	}
	if msg.closed || c.copy.done || c.copy.err != nil {
		c.copy.stop()
		return c.finish()
	}
	return c.Send(c.copy.next())
}

// cloneCountedMsg is how many records the clone holds after a cancelled
// copy.
type cloneCountedMsg struct {
	reqID uint64
	n     int64
	err   error
}

// cancelSettle is how long a cancelled copy is given to finish the batch
// it was producing before the clone's records are counted.
const cancelSettle = 500 * time.Millisecond

// countClone counts the clone's records once a cancelled copy has
// settled: the progress figures lag the batches produced, the count
// does not.
func (c *Clone) countClone() tea.Cmd {
	svc, name, settle := c.svc, c.target.Name, c.settle
	var cmd tea.Cmd
	c.copy.countID, cmd = kit.Ask(&c.Asker, func(ctx context.Context) (int64, error) {
		select {
		case <-time.After(settle):
		case <-ctx.Done():
		}
		d, err := svc.DescribeTopic(ctx, name)
		var n int64
		for _, p := range d.PartitionList {
			n += p.Messages()
		}
		return n, err
	}, func(id uint64, n int64, err error) tea.Msg { return cloneCountedMsg{reqID: id, n: n, err: err} })
	return cmd
}

// counted keeps the clone's record count after a cancelled copy and
// says it in the status line.
func (c *Clone) counted(msg cloneCountedMsg) tea.Cmd {
	if msg.reqID != c.copy.countID || msg.err != nil {
		return nil
	}
	c.copy.held, c.copy.heldKnown = msg.n, true
	return kit.Status(c.statusText(), false)
}

// resultText says what the clone did, in words.
func (c *Clone) resultText() string {
	t := c.target
	base := fmt.Sprintf("cloned %s as %s: %s, replication factor %d, %s",
		kit.Sanitize(c.topic), kit.Sanitize(t.Name), kit.PluralCount(int64(t.Partitions), "partition"), t.ReplicationFactor,
		kit.PluralCount(int64(len(t.Configs)), "config override"))
	cp := &c.copy
	switch {
	case !c.copyData:
		return base + "; no records copied"
	case cp.err != nil:
		return base + fmt.Sprintf("; the copy failed after %s: %s", kit.PluralCount(cp.copied, "record"), kafkaops.Describe(cp.err))
	case cp.cancelled && cp.heldKnown:
		return base + fmt.Sprintf("; copy cancelled: %s holds %s", kit.Sanitize(t.Name), kit.PluralCount(cp.held, "record"))
	case cp.cancelled:
		return base + fmt.Sprintf("; copy cancelled after at least %s (they stay in %s)", kit.PluralCount(cp.copied, "record"), kit.Sanitize(t.Name))
	}
	bytes := int64(0)
	if cp.progress != nil {
		bytes = cp.progress.Bytes
	}
	return base + fmt.Sprintf("; copied %s (%s) in %s with keys, headers, timestamps and partitions kept",
		kit.PluralCount(cp.copied, "record"), kit.HumanBytes(fmt.Sprint(bytes)), roundDuration(cp.elapsed))
}

// statusText is the result in one short line, for the status line (the
// box says it in full).
func (c *Clone) statusText() string {
	head := "cloned " + kit.Sanitize(c.topic) + " as " + kit.Sanitize(c.target.Name)
	cp := &c.copy
	switch {
	case !c.copyData:
		return head
	case cp.err != nil:
		return head + "; the copy failed: " + kafkaops.Describe(cp.err)
	case cp.cancelled && cp.heldKnown:
		return head + "; copy cancelled, it holds " + kit.PluralCount(cp.held, "record")
	case cp.cancelled:
		return head + "; copy cancelled"
	}
	return head + "; copied " + kit.PluralCount(cp.copied, "record")
}

// roundDuration shows a duration to a tenth of a second.
func roundDuration(d time.Duration) string {
	if d < time.Second {
		return d.Round(time.Millisecond).String()
	}
	return d.Round(100 * time.Millisecond).String()
}
