package produce

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/views/kit"
)

// batchChunk is how many records of a repeated send go in one command
// (one ProduceBatch: a request per leader); each chunk reports progress.
const batchChunk = 1000

// sendProgress is the send under way: what is left of it and what came
// back so far.
type sendProgress struct {
	id       uint64 // the chunk in flight
	active   bool
	stopping bool
	pending  []kafkaops.ProduceRequest // what is left of the current send
	current  *sentEntry
	total    int
	failure  string
}

// send validates the form and sends its records, in chunks when there
// are many.
func (p *Produce) send() tea.Cmd {
	// A schema typed but not yet fetched (ctrl+s in its field) is
	// fetched now; the send waits for it.
	fetch := tea.Batch(p.fetchEncoder(prodKeySchema), p.fetchEncoder(prodValueSchema))
	rs, bad, why := p.requests()
	if bad >= 0 {
		p.form.focus = bad
		p.fixed = p.formOK
		return tea.Batch(fetch, kit.Status("produce: "+why, true))
	}
	p.progress.active, p.progress.stopping = true, false
	p.progress.failure = ""
	p.progress.pending = rs
	p.progress.total = len(rs)
	p.form.lastSent = p.form.snapshot()
	p.progress.current = &sentEntry{topic: p.form.topic.Value(), key: p.form.key.Value(), value: p.form.value.Value(), null: p.form.null, offsets: map[int][2]int64{}}
	return p.nextChunk()
}

// nextChunk sends the next chunk of pending records.
func (p *Produce) nextChunk() tea.Cmd {
	chunk := p.progress.pending[:min(batchChunk, len(p.progress.pending))]
	p.progress.pending = p.progress.pending[len(chunk):]
	svc := p.svc
	var cmd tea.Cmd
	p.progress.id, cmd = kit.Ask(&p.Asker, func(ctx context.Context) ([]kafkaops.ProduceResult, error) {
		if len(chunk) > 1 {
			return svc.ProduceBatch(ctx, chunk)
		}
		res, err := svc.Produce(ctx, chunk[0])
		if err != nil {
			return nil, err
		}
		return []kafkaops.ProduceResult{res}, nil
	}, func(id uint64, res []kafkaops.ProduceResult, err error) tea.Msg {
		return producedMsg{reqID: id, results: res, err: err}
	})
	return cmd
}

// produced records a chunk's results and sends the next chunk, or ends
// the send with a status line.
func (p *Produce) produced(msg producedMsg) tea.Cmd {
	if msg.reqID != p.progress.id || !p.progress.active {
		return nil
	}
	e := p.progress.current
	e.landed(msg.results)
	if msg.err == nil && len(p.progress.pending) > 0 && !p.progress.stopping {
		return p.nextChunk()
	}
	p.progress.active = false
	e.at = p.now()
	status := p.finished(e, msg.err)
	p.history.add(*e)
	p.progress.current, p.progress.pending = nil, nil
	return status
}

// finished ends a send: it notes an error on e and in the form, and says
// how the send went.
func (p *Produce) finished(e *sentEntry, err error) tea.Cmd {
	topic := kit.Sanitize(e.topic)
	var status tea.Cmd
	switch {
	case err != nil:
		e.err = kafkaops.Describe(err)
		p.progress.failure = e.err
		if e.count > 0 {
			p.progress.failure = fmt.Sprintf("%s of %s records sent, then: %s", kit.FormatCount(int64(e.count)), kit.FormatCount(int64(p.progress.total)), e.err)
		}
		status = kit.Status(p.progress.failure, true)
	case p.progress.stopping && e.count < p.progress.total:
		status = kit.Status(fmt.Sprintf("stopped: sent %s of %s records to %s", kit.FormatCount(int64(e.count)), kit.FormatCount(int64(p.progress.total)), topic), false)
	case e.count == 1:
		for part, o := range e.offsets {
			status = kit.Status(fmt.Sprintf("sent to %s [%d] @ offset %d", topic, part, o[0]), false)
		}
	default:
		status = kit.Status(fmt.Sprintf("sent %s records to %s: %s", kit.FormatCount(int64(e.count)), topic, offsetsText(e.offsets)), false)
	}
	return status
}
