package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/segmentio/kafka-go"
)

// Tail tuning, from DESIGN.md's measurements of kafka-go on the bundled
// broker and kscope's own benchmarks (kafkaops/tailbench_test.go,
// bench/tail.sh): MinBytes 1 so a live record shows at once, MaxWait
// short so cancelling is quick, 1 MB per partition (10 MB was slower and
// used 3-4x the memory), a few connections per leader so the broker
// prepares one fetch while kscope decodes another.
const (
	tailMaxWait           = 500 * time.Millisecond
	tailPartitionMaxBytes = 1 << 20
	// tailResponseMaxBytes bounds one fetch response, and so the read
	// buffer each fetch connection keeps.
	tailResponseMaxBytes = 4 << 20
	// tailFetchConns is how many fetch connections a tail opens in all
	// (at least one per leader, at most one per partition). With the
	// pooled connection metadata and list-offsets use, a tail of the
	// bundled broker holds at most tailFetchConns+2 connections.
	tailFetchConns = 3
	// tailChanBatches is the tail channel's buffer: how far, in batches,
	// the fetchers may run ahead of a slow reader before they block.
	tailChanBatches = 8
	// tailBackoffMin and tailBackoffMax bound the pause between attempts
	// to reach a broker that went away.
	tailBackoffMin = 100 * time.Millisecond
	tailBackoffMax = 2 * time.Second
	// TailBatchMax is the most records one TailBatch carries.
	TailBatchMax = 500
)

// Tail streams the records of a topic from a start position until ctx is
// cancelled, an error ends it, or, with StopAtEnd, every partition
// reached the end offsets taken at start. The channel is closed when the
// tail ends; an error is delivered as the last batch.
//
// It runs a few fetch loops, each fetching its share of a leader's
// partitions in one request on a dedicated connection (dialled like every
// other connection, so TLS and SASL apply), and decodes the responses
// without per-record allocations. A loop blocks on the channel when the
// reader is slow, so memory stays bounded however far behind it is. A
// lost connection is announced with a Reconnecting batch and retried
// until ctx ends; the tail then resumes at the next offset of every
// partition, so nothing is skipped or repeated.
func (c *Client) Tail(ctx context.Context, r TailRequest) (<-chan TailBatch, error) {
	parts, err := c.planTail(ctx, r)
	if err != nil {
		return nil, fmt.Errorf("tail %q: %w", r.Topic, err)
	}
	out := make(chan TailBatch, tailChanBatches)
	go c.runTail(ctx, r, parts, out)
	return out, nil
}

// tailPart is one partition of a tail and where it is.
type tailPart struct {
	id     int32
	leader int32
	next   int64 // the next offset to fetch
	end    int64 // the high watermark when the tail started
	// done is set once next reached end: counted as caught up.
	done bool
}

// planTail checks the request, resolves the start and end offset of
// every partition and notes each partition's leader.
func (c *Client) planTail(ctx context.Context, r TailRequest) ([]*tailPart, error) {
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
	starts, ends, err := c.startOffsets(ctx, byLeader, r)
	if err != nil {
		return nil, err
	}
	var parts []*tailPart
	for leader, tps := range byLeader {
		for _, tp := range tps {
			parts = append(parts, &tailPart{id: tp.partition, leader: leader, next: starts[tp], end: ends[tp]})
		}
	}
	slices.SortFunc(parts, func(a, b *tailPart) int { return int(a.id - b.id) })
	return parts, nil
}

// startOffsets resolves r's start position to an offset per partition,
// clamped to the log, and returns the high watermarks too: one
// list-offsets request per leader and timestamp.
func (c *Client) startOffsets(ctx context.Context, byLeader map[int32][]topicPartition, r TailRequest) (starts, ends map[topicPartition]int64, err error) {
	stamps := []int64{earliestOffset, latestOffset}
	if r.Start == StartTimestamp {
		stamps = append(stamps, r.Time.UnixMilli())
	}
	offs, err := c.offsetsAt(ctx, byLeader, stamps...)
	if err != nil {
		return nil, nil, err
	}
	low, high := offs[0], offs[1]
	starts = make(map[topicPartition]int64, len(high))
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
	return starts, high, nil
}

// tailRun is the state one tail's fetch loops share.
type tailRun struct {
	c   *Client
	req TailRequest
	out chan<- TailBatch
	wg  sync.WaitGroup

	cancel   context.CancelFunc
	errOnce  sync.Once
	firstErr error

	// behind counts partitions that have not reached their start-time
	// end offset yet; the loop that takes it to zero reports CaughtUp.
	behind atomic.Int64
	// down counts loops that lost their connection: the first reports
	// Reconnecting, the last to recover reports Reconnected.
	down atomic.Int64
}

// runTail runs the fetch loops and closes out when all have ended. The
// first error cancels the other loops and is the last batch sent.
func (c *Client) runTail(ctx context.Context, r TailRequest, parts []*tailPart, out chan<- TailBatch) {
	defer close(out)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	run := &tailRun{c: c, req: r, out: out, cancel: cancel}
	var behind []*tailPart
	for _, p := range parts {
		if p.next >= p.end {
			p.done = true
			continue
		}
		behind = append(behind, p)
	}
	run.behind.Store(int64(len(behind)))
	if len(behind) == 0 && !run.caughtUp(ctx) {
		return
	}
	if r.StopAtEnd {
		parts = behind
	}
	for _, group := range splitByLeader(parts, tailFetchConns) {
		run.start(ctx, group)
	}
	run.wg.Wait()
	if run.firstErr != nil {
		// The caller may have stopped reading; do not block forever.
		select {
		case out <- TailBatch{Err: fmt.Errorf("tail %q: %w", r.Topic, run.firstErr)}:
		case <-time.After(time.Second):
		}
	}
}

// start runs a fetch loop for parts, which share a leader.
func (run *tailRun) start(ctx context.Context, parts []*tailPart) {
	if len(parts) == 0 {
		return
	}
	run.wg.Go(func() {
		f := &tailFetcher{run: run, fetchLoop: newFetchLoop(run.c, run.req.Topic, parts, run.start)}
		f.emit.topic = run.req.Topic
		f.emit.maxValue = run.req.MaxValueBytes
		f.emit.send = func(b TailBatch) bool { return run.send(ctx, b) }
		if err := f.loop(ctx, f.fetchOnce, f.lostConn); err != nil && ctx.Err() == nil {
			run.errOnce.Do(func() { run.firstErr = err })
			run.cancel()
		}
	})
}

// send delivers a batch, or reports false when ctx ended first.
func (run *tailRun) send(ctx context.Context, b TailBatch) bool {
	select {
	case run.out <- b:
		return true
	case <-ctx.Done():
		return false
	}
}

// caughtUp reports that every partition reached its start-time end.
func (run *tailRun) caughtUp(ctx context.Context) bool {
	if !run.req.StopAtEnd && !run.req.NotifyCaughtUp {
		return true
	}
	return run.send(ctx, TailBatch{CaughtUp: true})
}

// tailFetcher is one fetch loop of a tail: the shared loop, and what the
// tail does with its records.
type tailFetcher struct {
	fetchLoop[*tailPart]
	run  *tailRun
	dec  batchDecoder
	emit tailEmitter
	// lost is set while this loop is counted in run.down.
	lost bool
}

// errRelocate means a partition's leadership moved: look it up again.
var errRelocate = errors.New("partition leadership moved")

// lostConn announces a lost connection (the first loop to lose one sends
// a Reconnecting batch); a tail retries until it is cancelled.
func (f *tailFetcher) lostConn(ctx context.Context, err error) bool {
	if IsUnreachable(err) && !f.lost {
		f.lost = true
		if f.run.down.Add(1) == 1 && !f.run.send(ctx, TailBatch{Reconnecting: true, ConnErr: err}) {
			return true // ctx ended: the loop returns
		}
	}
	return true
}

// fetchOnce sends one fetch for the loop's partitions and delivers what
// it brought.
func (f *tailFetcher) fetchOnce(ctx context.Context) error {
	if err := f.request(ctx); err != nil {
		return err
	}
	if f.lost {
		f.lost = false
		if f.run.down.Add(-1) == 0 && !f.run.send(ctx, TailBatch{Reconnected: true}) {
			return ctx.Err()
		}
	}
	return f.deliver(ctx)
}

// deliver decodes the last response, sends its records (each batch as
// soon as it is full, so a response's records are not all held at once)
// and moves every partition's next offset past them.
func (f *tailFetcher) deliver(ctx context.Context) error {
	f.dec.reset()
	stopAtEnd := f.run.req.StopAtEnd
	err := f.each(ctx, &f.emit, func(p *tailPart, records []byte) error {
		f.emit.partition = p.id
		f.emit.limit = -1
		if stopAtEnd {
			f.emit.limit = p.end
		}
		next, err := f.dec.decode(records, p.next, &f.emit)
		if err != nil {
			return err
		}
		p.next = max(p.next, next)
		return nil
	})
	if err != nil && !errors.Is(err, errRelocate) {
		return err
	}
	if err := f.settle(ctx); err != nil {
		return err
	}
	return err
}

// settle counts partitions that reached their end; with StopAtEnd it
// stops fetching them.
func (f *tailFetcher) settle(ctx context.Context) error {
	var err error
	f.keepParts(func(p *tailPart) bool {
		if !p.done && p.next >= p.end && err == nil {
			p.done = true
			if f.run.behind.Add(-1) == 0 && !f.run.caughtUp(ctx) {
				err = ctx.Err()
			}
		}
		return !(p.done && f.run.req.StopAtEnd)
	})
	return err
}

// isLeaderMove reports partition errors that a metadata refresh fixes.
func isLeaderMove(err error) bool {
	for _, e := range []kafka.Error{kafka.NotLeaderForPartition, kafka.LeaderNotAvailable,
		kafka.FencedLeaderEpoch, kafka.UnknownLeaderEpoch, kafka.ReplicaNotAvailable,
		kafka.KafkaStorageError, kafka.OffsetNotAvailable} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// clampPart moves a partition's next offset back into the log.
func (c *Client) clampPart(ctx context.Context, topic string, p *tailPart) error {
	l, err := c.topicLayoutOf(ctx, topic)
	if err != nil {
		return err
	}
	offs, err := c.offsetsAt(ctx, l.byLeader([]int32{p.id}), earliestOffset, latestOffset)
	if err != nil {
		return err
	}
	k := topicPartition{topic, p.id}
	p.next = min(max(p.next, offs[0][k]), offs[1][k])
	return nil
}

// tailEmitter gathers decoded records into TailBatches and sends each as
// soon as it holds TailBatchMax records, while the rest of the response is
// decoded: a fetcher holds one batch in the making, not a whole response's
// worth. Until sealed, the records' bytes alias the response; seal copies
// a batch's keys, values and headers into one arena, so a batch costs
// three allocations (records, headers, bytes) whatever its size and pins
// nothing but its own data.
type tailEmitter struct {
	topic     string
	partition int32
	limit     int64 // records at or after it are dropped; -1: no limit
	maxValue  int   // longer values are cut (see TailRequest.MaxValueBytes)
	pending   []Record
	// send delivers a sealed batch, false when the tail ended first.
	send func(TailBatch) bool
	// stopped is set once send failed: later records are dropped.
	stopped bool
}

func (e *tailEmitter) record(offset int64, ts time.Time, key, value []byte, headers []Header) {
	if e.add(offset, ts, key, value, headers) {
		e.sealFull()
	}
}

// add appends a record to the pending batch; false when it was dropped.
func (e *tailEmitter) add(offset int64, ts time.Time, key, value []byte, headers []Header) bool {
	if e.stopped || (e.limit >= 0 && offset >= e.limit) {
		return false
	}
	size := 0
	if e.maxValue > 0 && len(value) > e.maxValue {
		size, value = len(value), cutValue(value, e.maxValue)
	}
	e.pending = append(e.pending, Record{
		Topic: e.topic, Partition: int(e.partition), Offset: offset, Timestamp: ts,
		Key: key, Value: value, Headers: headers, ValueSize: size,
	})
	return true
}

// sealFull sends the pending batch once it is full.
func (e *tailEmitter) sealFull() {
	if len(e.pending) == TailBatchMax {
		e.seal()
	}
}

// cutValue cuts v to at most n bytes, backing off to the start of a
// UTF-8 sequence when v is text.
func cutValue(v []byte, n int) []byte {
	for i := n; i > n-utf8.UTFMax && i > 0; i-- {
		if utf8.RuneStart(v[i]) {
			return v[:i:i]
		}
	}
	return v[:n:n]
}

// seal turns the pending records into a batch that owns its memory and
// sends it.
func (e *tailEmitter) seal() {
	if len(e.pending) == 0 || e.stopped {
		return
	}
	size, nh := 0, 0
	for i := range e.pending {
		r := &e.pending[i]
		size += len(r.Key) + len(r.Value)
		for _, h := range r.Headers {
			size += len(h.Value)
		}
		nh += len(r.Headers)
	}
	arena := make([]byte, size)
	var hdrs []Header
	if nh > 0 {
		hdrs = make([]Header, 0, nh)
	}
	own := func(b []byte) []byte {
		if b == nil {
			return nil
		}
		n := copy(arena, b)
		s := arena[:n:n]
		arena = arena[n:]
		return s
	}
	recs := slices.Clone(e.pending)
	for i := range recs {
		r := &recs[i]
		r.Key = own(r.Key)
		r.Value = own(r.Value)
		if len(r.Headers) > 0 {
			start := len(hdrs)
			for _, h := range r.Headers {
				hdrs = append(hdrs, Header{Key: h.Key, Value: own(h.Value)})
			}
			r.Headers = hdrs[start:len(hdrs):len(hdrs)]
		}
	}
	clear(e.pending)
	e.pending = e.pending[:0]
	if !e.send(TailBatch{Records: recs}) {
		e.stopped = true
	}
}

// flush sends the records still pending; false when the tail ended first.
func (e *tailEmitter) flush() bool {
	if len(e.pending) > 0 {
		e.seal()
	}
	return !e.stopped
}
