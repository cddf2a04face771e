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
	"github.com/segmentio/kafka-go/protocol"
	"github.com/segmentio/kafka-go/protocol/fetch"
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
	for _, group := range splitTail(parts, tailFetchConns) {
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

// splitTail groups partitions by leader, then splits each leader's share
// over up to conns connections in all (at least one per leader),
// round-robin so that each connection gets a mix of partitions.
func splitTail(parts []*tailPart, conns int) [][]*tailPart {
	byLeader := map[int32][]*tailPart{}
	var leaders []int32
	for _, p := range parts {
		if _, ok := byLeader[p.leader]; !ok {
			leaders = append(leaders, p.leader)
		}
		byLeader[p.leader] = append(byLeader[p.leader], p)
	}
	var groups [][]*tailPart
	for _, leader := range leaders {
		ps := byLeader[leader]
		n := min(max(conns/len(leaders), 1), len(ps))
		gs := make([][]*tailPart, n)
		for i, p := range ps {
			gs[i%n] = append(gs[i%n], p)
		}
		groups = append(groups, gs...)
	}
	return groups
}

// start runs a fetch loop for parts, which share a leader.
func (run *tailRun) start(ctx context.Context, parts []*tailPart) {
	if len(parts) == 0 {
		return
	}
	run.wg.Go(func() {
		f := &tailFetcher{run: run, parts: parts, leader: parts[0].leader}
		f.fetch.clientID = run.c.cfg.ClientID
		f.emit.topic = run.req.Topic
		f.emit.maxValue = run.req.MaxValueBytes
		f.emit.send = func(b TailBatch) bool { return run.send(ctx, b) }
		if err := f.loop(ctx); err != nil && ctx.Err() == nil {
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

// tailFetcher is one fetch loop: a connection to a leader and the
// partitions fetched on it.
type tailFetcher struct {
	run    *tailRun
	parts  []*tailPart
	leader int32
	pc     *protocol.Conn
	addr   string
	fetch  rawFetch
	dec    batchDecoder
	emit   tailEmitter
	// lost is set while this loop is counted in run.down.
	lost bool
	// stale says the partitions' leaders must be looked up again.
	stale   bool
	backoff time.Duration
}

// errRelocate means a partition's leadership moved: look it up again.
var errRelocate = errors.New("partition leadership moved")

// loop fetches until ctx ends, the parts are all done (StopAtEnd) or an
// error that a retry cannot fix.
func (f *tailFetcher) loop(ctx context.Context) error {
	defer f.disconnect()
	for ctx.Err() == nil && len(f.parts) > 0 {
		err := f.fetchOnce(ctx)
		if err == nil {
			f.backoff = 0
			continue
		}
		if ctx.Err() != nil {
			return nil
		}
		switch {
		case IsUnreachable(err):
			f.disconnect()
			f.stale = true
			if !f.lost {
				f.lost = true
				if f.run.down.Add(1) == 1 && !f.run.send(ctx, TailBatch{Reconnecting: true, ConnErr: err}) {
					return nil
				}
			}
		case errors.Is(err, errRelocate):
			f.disconnect()
			f.stale = true
		default:
			return err
		}
		if !f.pause(ctx) {
			return nil
		}
	}
	return nil
}

// pause waits before the next attempt, longer each time.
func (f *tailFetcher) pause(ctx context.Context) bool {
	f.backoff = min(max(f.backoff*2, tailBackoffMin), tailBackoffMax)
	t := time.NewTimer(f.backoff)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func (f *tailFetcher) disconnect() {
	if f.pc != nil {
		f.run.c.wire.discard(f.pc)
		f.pc = nil
	}
}

// connect dials the leader of the loop's partitions. After a lost
// connection it asks for fresh metadata first: leadership may have moved,
// and partitions whose leader is now another broker go to a new loop.
func (f *tailFetcher) connect(ctx context.Context) error {
	c := f.run.c
	if f.stale {
		l, err := c.topicLayoutOf(ctx, f.run.req.Topic)
		if err != nil {
			return err
		}
		f.relead(ctx, l)
		f.stale = false
	}
	if f.addr == "" {
		addr, err := c.brokerAddr(ctx, f.leader)
		if err != nil {
			return err
		}
		f.addr = addr
	}
	pc, err := c.wire.dedicated(ctx, f.addr)
	if err != nil {
		return err
	}
	if err := c.wire.checkFetch(f.addr); err != nil {
		c.wire.discard(pc)
		return err
	}
	f.pc = pc
	return nil
}

// relead applies a fresh layout: the loop keeps the partitions still led
// by the leader of its first one and hands the others to new loops.
func (f *tailFetcher) relead(ctx context.Context, l topicLayout) {
	leaderOf := map[int32]int32{}
	for _, p := range l.partitions {
		leaderOf[p.id] = p.leader
	}
	for _, p := range f.parts {
		if id, ok := leaderOf[p.id]; ok && id >= 0 {
			p.leader = id
		}
	}
	f.leader = f.parts[0].leader
	var keep, move []*tailPart
	for _, p := range f.parts {
		if p.leader == f.leader {
			keep = append(keep, p)
		} else {
			move = append(move, p)
		}
	}
	f.parts = keep
	for _, g := range splitTail(move, len(move)) {
		f.run.start(ctx, g)
	}
	f.addr = ""
}

// fetchOnce sends one fetch for the loop's partitions and delivers what
// it brought.
func (f *tailFetcher) fetchOnce(ctx context.Context) error {
	if f.pc == nil {
		if err := f.connect(ctx); err != nil {
			return err
		}
	}
	f.buildRequest()
	fctx, cancel := context.WithTimeout(ctx, tailMaxWait+f.run.c.cfg.RequestTimeout)
	_, reusable, err := exchange(fctx, f.pc, &f.fetch)
	if err != nil {
		err = requestError(fctx, f.addr, err)
	}
	cancel()
	if err != nil {
		return err
	}
	if !reusable {
		f.disconnect()
	}
	if f.lost {
		f.lost = false
		if f.run.down.Add(-1) == 0 && !f.run.send(ctx, TailBatch{Reconnected: true}) {
			return ctx.Err()
		}
	}
	return f.deliver(ctx)
}

func (f *tailFetcher) buildRequest() {
	r := &f.fetch.req
	*r = fetch.Request{
		ReplicaID:    -1,
		MaxWaitTime:  int32(tailMaxWait.Milliseconds()),
		MinBytes:     1,
		MaxBytes:     tailResponseMaxBytes,
		SessionEpoch: -1, // a full fetch without a fetch session
		Topics:       r.Topics[:0],
	}
	if cap(r.Topics) == 0 {
		r.Topics = make([]fetch.RequestTopic, 1)
	} else {
		r.Topics = r.Topics[:1]
	}
	t := &r.Topics[0]
	t.Topic = f.run.req.Topic
	t.Partitions = t.Partitions[:0]
	for _, p := range f.parts {
		t.Partitions = append(t.Partitions, fetch.RequestPartition{
			Partition: p.id, CurrentLeaderEpoch: -1, FetchOffset: p.next, LogStartOffset: -1,
			PartitionMaxBytes: tailPartitionMaxBytes,
		})
	}
}

// deliver decodes the last response, sends its records (each batch as
// soon as it is full, so a response's records are not all held at once)
// and moves every partition's next offset past them.
func (f *tailFetcher) deliver(ctx context.Context) error {
	f.dec.reset()
	f.emit.stopped = false
	stopAtEnd := f.run.req.StopAtEnd
	var relocate bool
	code, err := decodeFetch(f.fetch.buf[4:], f.fetch.version, func(topic string, fp fetchPartition) error {
		if f.emit.stopped {
			return context.Canceled // the tail ended while sending
		}
		p := f.part(fp.partition)
		if topic != f.run.req.Topic || p == nil {
			return nil
		}
		err := kafkaError(fp.errorCode, "")
		switch {
		case err == nil:
		case errors.Is(err, kafka.OffsetOutOfRange):
			// Retention deleted the offset: move to the nearest end.
			return f.run.c.clampPart(ctx, f.run.req.Topic, p)
		case isLeaderMove(err):
			relocate = true
			return nil
		default:
			return fmt.Errorf("partition %d: %w", p.id, err)
		}
		if len(fp.records) == 0 {
			return nil
		}
		f.emit.partition = p.id
		f.emit.limit = -1
		if stopAtEnd {
			f.emit.limit = p.end
		}
		next, err := f.dec.decode(fp.records, p.next, &f.emit)
		if err != nil {
			return fmt.Errorf("partition %d: %w", p.id, err)
		}
		p.next = max(p.next, next)
		return nil
	})
	if f.emit.stopped || !f.emit.flush() {
		return ctx.Err()
	}
	if err == nil {
		err = kafkaError(code, "")
	}
	if err != nil {
		return err
	}
	if err := f.settle(ctx); err != nil {
		return err
	}
	if relocate {
		return errRelocate
	}
	return nil
}

// settle counts partitions that reached their end; with StopAtEnd it
// stops fetching them.
func (f *tailFetcher) settle(ctx context.Context) error {
	kept := f.parts[:0]
	for _, p := range f.parts {
		if !p.done && p.next >= p.end {
			p.done = true
			if f.run.behind.Add(-1) == 0 && !f.run.caughtUp(ctx) {
				return ctx.Err()
			}
		}
		if !(p.done && f.run.req.StopAtEnd) {
			kept = append(kept, p)
		}
	}
	clear(f.parts[len(kept):])
	f.parts = kept
	return nil
}

func (f *tailFetcher) part(id int32) *tailPart {
	for _, p := range f.parts {
		if p.id == id {
			return p
		}
	}
	return nil
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
