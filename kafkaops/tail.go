package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/protocol"
	"github.com/segmentio/kafka-go/protocol/fetch"
)

// Tail tuning, from DESIGN.md's measurements of kafka-go on the bundled
// broker: MinBytes 1 so a live record shows at once, MaxWait short so
// cancelling is quick, 1 MB per partition (10 MB was slower and used 3-4x
// the memory).
const (
	tailMaxWait           = 500 * time.Millisecond
	tailPartitionMaxBytes = 1 << 20
	tailResponseMaxBytes  = 16 << 20
	// TailBatchMax is the most records one TailBatch carries.
	TailBatchMax = 500
)

// Tail streams the records of a topic from a start position until ctx is
// cancelled or an error ends it; the channel is closed when the tail
// ends, and an error is delivered as the last batch. It runs one fetch
// loop per leader broker, each fetching all of that leader's partitions
// in one request on a connection of its own.
func (c *Client) Tail(ctx context.Context, r TailRequest) (<-chan TailBatch, error) {
	loops, err := c.planTail(ctx, r)
	if err != nil {
		return nil, fmt.Errorf("tail %q: %w", r.Topic, err)
	}
	out := make(chan TailBatch, 4)
	go c.runTail(ctx, r.Topic, loops, out)
	return out, nil
}

// tailLoop is the work of one leader: its partitions and where each is.
type tailLoop struct {
	leader int32
	next   map[int32]int64 // partition -> next offset to fetch
}

// planTail checks the request, resolves the start offset of every
// partition and groups the partitions by leader.
func (c *Client) planTail(ctx context.Context, r TailRequest) ([]tailLoop, error) {
	if r.Topic == "" {
		return nil, fmt.Errorf("%w: topic name is empty", ErrInvalid)
	}
	l, err := c.topicLayoutOf(ctx, r.Topic)
	if err != nil {
		return nil, err
	}
	var only []int32
	for _, p := range r.Partitions {
		if p < 0 || p >= len(l.partitions) {
			return nil, fmt.Errorf("%w: partition %d does not exist, the topic has %d", ErrInvalid, p, len(l.partitions))
		}
		only = append(only, int32(p))
	}
	byLeader := l.byLeader(only)
	starts, err := c.startOffsets(ctx, byLeader, r)
	if err != nil {
		return nil, err
	}
	loops := make([]tailLoop, 0, len(byLeader))
	for leader, parts := range byLeader {
		loop := tailLoop{leader: leader, next: map[int32]int64{}}
		for _, p := range parts {
			loop.next[p.partition] = starts[p]
		}
		loops = append(loops, loop)
	}
	return loops, nil
}

// startOffsets resolves r's start position to an offset per partition,
// clamped to the log: one list-offsets request per leader and timestamp.
func (c *Client) startOffsets(ctx context.Context, byLeader map[int32][]topicPartition, r TailRequest) (map[topicPartition]int64, error) {
	stamps := []int64{earliestOffset, latestOffset}
	if r.Start == StartTimestamp {
		stamps = append(stamps, r.Time.UnixMilli())
	}
	offs, err := c.offsetsAt(ctx, byLeader, stamps...)
	if err != nil {
		return nil, err
	}
	low, high := offs[0], offs[1]
	starts := make(map[topicPartition]int64, len(high))
	for k, hi := range high {
		lo := low[k]
		switch r.Start {
		case StartBeginning:
			starts[k] = lo
		case StartOffset:
			starts[k] = min(max(r.Offset, lo), hi)
		case StartLastN:
			starts[k] = max(hi-max(r.Offset, 0), lo)
		case StartTimestamp:
			// -1 (or a missing answer) means no record at or after the
			// time: start at the end, waiting for new records.
			if at, ok := offs[2][k]; ok && at >= 0 {
				starts[k] = min(max(at, lo), hi)
			} else {
				starts[k] = hi
			}
		default:
			starts[k] = hi
		}
	}
	return starts, nil
}

// runTail runs the fetch loops and closes out when all have ended. The
// first error cancels the other loops and is the last batch sent.
func (c *Client) runTail(ctx context.Context, topic string, loops []tailLoop, out chan<- TailBatch) {
	defer close(out)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
	)
	for _, loop := range loops {
		wg.Go(func() {
			if err := c.fetchLoop(ctx, topic, loop, out); err != nil && ctx.Err() == nil {
				once.Do(func() { firstErr = err })
				cancel()
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		// The caller may have stopped reading; do not block forever.
		select {
		case out <- TailBatch{Err: fmt.Errorf("tail %q: %w", topic, firstErr)}:
		case <-time.After(time.Second):
		}
	}
}

// fetchLoop fetches one leader's partitions until ctx ends. A fetch that
// finds no new data returns empty after tailMaxWait; that is "caught up",
// not a failure.
func (c *Client) fetchLoop(ctx context.Context, topic string, loop tailLoop, out chan<- TailBatch) error {
	addr, err := c.brokerAddr(ctx, loop.leader)
	if err != nil {
		return err
	}
	pc, err := c.wire.dedicated(ctx, addr)
	if err != nil {
		return err
	}
	defer c.wire.discard(pc)
	for ctx.Err() == nil {
		res, err := c.fetchOnce(ctx, pc, addr, topic, loop.next)
		if err != nil {
			return err
		}
		for _, t := range res.Topics {
			for _, p := range t.Partitions {
				recs, err := c.partitionRecords(ctx, topic, p, loop.next)
				if err != nil {
					return err
				}
				if !send(ctx, out, recs) {
					return nil
				}
			}
		}
	}
	return nil
}

func (c *Client) fetchOnce(ctx context.Context, pc *protocol.Conn, addr, topic string, next map[int32]int64) (*fetch.Response, error) {
	req := &fetch.Request{
		ReplicaID:    -1,
		MaxWaitTime:  int32(tailMaxWait.Milliseconds()),
		MinBytes:     1,
		MaxBytes:     tailResponseMaxBytes,
		SessionEpoch: -1, // a full fetch without a fetch session
		Topics:       []fetch.RequestTopic{{Topic: topic}},
	}
	ids := make([]int32, 0, len(next))
	for id := range next {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		req.Topics[0].Partitions = append(req.Topics[0].Partitions, fetch.RequestPartition{
			Partition: id, CurrentLeaderEpoch: -1, FetchOffset: next[id], LogStartOffset: -1,
			PartitionMaxBytes: tailPartitionMaxBytes,
		})
	}
	fctx, cancel := context.WithTimeout(ctx, tailMaxWait+c.cfg.RequestTimeout)
	defer cancel()
	res, _, err := exchange(fctx, pc, req)
	if err != nil {
		return nil, requestError(fctx, addr, err)
	}
	f := res.(*fetch.Response)
	if err := kafkaError(f.ErrorCode, ""); err != nil {
		return nil, err
	}
	return f, nil
}

// partitionRecords turns one partition's answer into records and moves
// next past them. An offset that fell out of the log (retention deleted
// it) moves to the nearest end of the log.
func (c *Client) partitionRecords(ctx context.Context, topic string, p fetch.ResponsePartition, next map[int32]int64) ([]Record, error) {
	err := kafkaError(p.ErrorCode, "")
	if errors.Is(err, kafka.OffsetOutOfRange) {
		return nil, c.clampOffset(ctx, topic, p.Partition, next)
	}
	if err != nil {
		return nil, fmt.Errorf("partition %d: %w", p.Partition, err)
	}
	if p.RecordSet.Records == nil {
		return nil, nil
	}
	var recs []Record
	from := next[p.Partition]
	batches := []protocol.RecordReader{p.RecordSet.Records}
	if s, ok := p.RecordSet.Records.(*protocol.RecordStream); ok {
		batches = s.Records
	}
	for _, batch := range batches {
		// Transaction markers carry offsets but no data: step over them,
		// or a partition ending in one would be fetched forever.
		if cb, ok := batch.(*protocol.ControlBatch); ok {
			for {
				cr, err := cb.ReadControlRecord()
				if err != nil {
					break
				}
				next[p.Partition] = max(next[p.Partition], cr.Offset+1)
			}
			continue
		}
		for {
			r, err := batch.ReadRecord()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return nil, fmt.Errorf("partition %d: read records: %w", p.Partition, err)
			}
			// A batch can start before the offset asked for.
			if r.Offset < from {
				continue
			}
			rec, err := toRecord(topic, p.Partition, r)
			if err != nil {
				return nil, fmt.Errorf("partition %d offset %d: %w", p.Partition, r.Offset, err)
			}
			recs = append(recs, rec)
			next[p.Partition] = max(next[p.Partition], r.Offset+1)
		}
	}
	return recs, nil
}

// clampOffset moves a partition's next offset back into the log.
func (c *Client) clampOffset(ctx context.Context, topic string, partition int32, next map[int32]int64) error {
	l, err := c.topicLayoutOf(ctx, topic)
	if err != nil {
		return err
	}
	offs, err := c.offsetsAt(ctx, l.byLeader([]int32{partition}), earliestOffset, latestOffset)
	if err != nil {
		return err
	}
	k := topicPartition{topic, partition}
	next[partition] = min(max(next[partition], offs[0][k]), offs[1][k])
	return nil
}

func toRecord(topic string, partition int32, r *protocol.Record) (Record, error) {
	key, err := protocol.ReadAll(r.Key)
	if err != nil {
		return Record{}, err
	}
	value, err := protocol.ReadAll(r.Value)
	if err != nil {
		return Record{}, err
	}
	rec := Record{Topic: topic, Partition: int(partition), Offset: r.Offset, Timestamp: r.Time, Key: key, Value: value}
	for _, h := range r.Headers {
		rec.Headers = append(rec.Headers, Header{Key: h.Key, Value: slices.Clone(h.Value)})
	}
	return rec, nil
}

// send delivers records in batches of at most TailBatchMax. It reports
// false when ctx ended first.
func send(ctx context.Context, out chan<- TailBatch, recs []Record) bool {
	for len(recs) > 0 {
		n := min(len(recs), TailBatchMax)
		select {
		case out <- TailBatch{Records: recs[:n:n]}:
		case <-ctx.Done():
			return false
		}
		recs = recs[n:]
	}
	return true
}
