package kafkaops

import (
	"context"
	"fmt"
)

// CopyRequest says which records to copy (a scan: a window and a filter)
// and where to.
type CopyRequest struct {
	Scan ScanRequest
	// To is the topic the matches are produced to; it may be Scan.Topic.
	To string
	// KeepPartitions writes each record to its own partition number
	// (which must exist in To); otherwise its key decides, as a
	// producer's would.
	KeepPartitions bool
	// KeepTimestamps keeps each record's timestamp; otherwise it is now.
	KeepTimestamps bool
}

// CopyEvent reports a copy's progress: the scan's, and how many records
// were written so far. The last event has Done or Err.
type CopyEvent struct {
	Scan   *ScanProgress
	Copied int64
	Done   bool
	Err    error
}

// Copy scans a topic and produces every match to another topic (or the
// same one: a replay), with keys, values and headers as they were, one
// produce request per batch of matches. It streams progress events and
// closes the channel after the last; cancelling ctx stops it between
// batches (what was produced stays produced).
func (c *Client) Copy(ctx context.Context, r CopyRequest) (<-chan CopyEvent, error) {
	if r.To == "" {
		return nil, fmt.Errorf("copy: %w: destination topic is empty", ErrInvalid)
	}
	if err := ValidateTopicName(r.To); err != nil {
		return nil, fmt.Errorf("copy to %q: %w", r.To, err)
	}
	if _, err := c.topicLayoutOf(ctx, r.To); err != nil {
		return nil, fmt.Errorf("copy to %q: %w", r.To, err)
	}
	scan, err := c.Scan(ctx, r.Scan)
	if err != nil {
		return nil, err
	}
	out := make(chan CopyEvent, scanChanEvents)
	go c.runCopy(ctx, r, scan, out)
	return out, nil
}

func (c *Client) runCopy(ctx context.Context, r CopyRequest, scan <-chan ScanEvent, out chan<- CopyEvent) {
	defer close(out)
	var copied int64
	send := func(ev CopyEvent) bool {
		ev.Copied = copied
		select {
		case out <- ev:
			return true
		case <-ctx.Done():
			return false
		}
	}
	batch := make([]ProduceRequest, 0, TailBatchMax)
	for ev := range scan {
		if ev.Err != nil {
			send(CopyEvent{Err: ev.Err, Scan: ev.Progress})
			return
		}
		if len(ev.Matches) > 0 {
			batch = batch[:0]
			for i := range ev.Matches {
				batch = append(batch, Reproduce(&ev.Matches[i], r.To, r.KeepPartitions, r.KeepTimestamps))
			}
			if _, err := c.ProduceBatch(ctx, batch); err != nil {
				send(CopyEvent{Err: fmt.Errorf("copy to %q after %d records: %w", r.To, copied, err)})
				return
			}
			copied += int64(len(batch))
		}
		if (ev.Progress != nil || ev.Done) && !send(CopyEvent{Scan: ev.Progress, Done: ev.Done}) {
			return
		}
	}
}
