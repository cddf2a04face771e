package kafkaops

import (
	"context"
	"fmt"
)

// FetchRecord reads the one record at offset in a partition of topic,
// whole (the tail may hold its value cut, see TailRequest.MaxValueBytes).
// It fails when the offset holds no record any more (deleted by
// retention, or a compacted or transaction marker offset) or not yet.
func (c *Client) FetchRecord(ctx context.Context, topic string, partition int, offset int64) (Record, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch, err := c.Tail(ctx, TailRequest{
		Topic: topic, Partitions: []int{partition},
		Start: StartOffset, Offset: offset, StopAtEnd: true,
	})
	if err != nil {
		return Record{}, err
	}
	return firstAt(ch, topic, partition, offset)
}

// firstAt reads a tail's batches until the record at offset, and fails
// when the tail passes it or ends first.
func firstAt(ch <-chan TailBatch, topic string, partition int, offset int64) (Record, error) {
	for b := range ch {
		if b.Err != nil {
			return Record{}, fmt.Errorf("fetch %q partition %d offset %d: %w", topic, partition, offset, b.Err)
		}
		for _, r := range b.Records {
			if r.Offset == offset {
				return r, nil
			}
			if r.Offset > offset {
				return Record{}, fmt.Errorf("fetch %q partition %d: no record at offset %d (the next is %d)", topic, partition, offset, r.Offset)
			}
		}
	}
	return Record{}, fmt.Errorf("fetch %q partition %d: no record at offset %d", topic, partition, offset)
}
