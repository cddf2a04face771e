package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Scan tuning. A scan reads only below the high watermark, so every
// fetch has data and MaxWait never delays it; it only bounds a fetch of
// a partition that is somehow empty. More connections than the tail's
// let the broker prepare the next response while kscope matches this one.
const (
	scanFetchConns    = 4
	scanChanEvents    = 8
	scanProgressEvery = 250 * time.Millisecond
	// scanRetries is how many times in a row a fetch loop retries a lost
	// connection or a moved leader before the scan fails: a scan has an
	// end, so it reports a dead cluster rather than wait forever.
	scanRetries = 5
)

// Scan reads a window of every partition of a topic (or of some) at
// full fetch speed and delivers the records that pass a filter, as they
// are found, with progress reports. It keeps at most r.Limit matches and
// counts all of them; it ends when every window was read, at the limit
// with StopAtLimit, when ctx is cancelled (no Done event then) or on an
// error (an Err event).
//
// It shares the tail's wire code: one multi-partition fetch per loop,
// partitions grouped by leader, responses decoded without per-record
// allocations, and only matches copied out of the response.
func (c *Client) Scan(ctx context.Context, r ScanRequest) (<-chan ScanEvent, error) {
	parts, err := c.planScan(ctx, r)
	if err != nil {
		return nil, fmt.Errorf("scan %q: %w", r.Topic, err)
	}
	out := make(chan ScanEvent, scanChanEvents)
	go c.runScan(ctx, r, parts, out)
	return out, nil
}

// scanPart is one partition of a scan: its window, where the scan is in
// it, and its counters, which the progress reporter reads while the
// fetch loop writes them.
type scanPart struct {
	tailPart       // id, leader, next and end (exclusive)
	start    int64 // the window's first offset
	pos      atomic.Int64
	scanned  atomic.Int64
	bytes    atomic.Int64
	matched  atomic.Int64
}

// planScan checks the request and resolves every partition's window.
func (c *Client) planScan(ctx context.Context, r ScanRequest) ([]*scanPart, error) {
	if r.Topic == "" {
		return nil, fmt.Errorf("%w: topic name is empty", ErrInvalid)
	}
	if r.Limit < 0 {
		return nil, fmt.Errorf("%w: limit %d is negative", ErrInvalid, r.Limit)
	}
	l, err := c.topicLayoutOf(ctx, r.Topic)
	if err != nil {
		return nil, err
	}
	only := make([]int32, 0, len(l.partitions))
	for _, p := range r.Partitions {
		if p < 0 || p >= len(l.partitions) {
			return nil, fmt.Errorf("%w: partition %d does not exist, the topic has %d", ErrInvalid, p, len(l.partitions))
		}
	}
	for _, p := range l.partitions {
		if (len(r.Partitions) == 0 || slices.Contains(r.Partitions, int(p.id))) && r.Filter.PartitionAllowed(int(p.id)) {
			only = append(only, p.id)
		}
	}
	if len(only) == 0 {
		return nil, nil
	}
	byLeader := l.byLeader(only)
	stamps := []int64{earliestOffset, latestOffset}
	if r.From.Kind == StartTimestamp {
		stamps = append(stamps, r.From.Time.UnixMilli())
	}
	if r.To.Kind == StartTimestamp {
		stamps = append(stamps, r.To.Time.UnixMilli())
	}
	offs, err := c.offsetsAt(ctx, byLeader, stamps...)
	if err != nil {
		return nil, err
	}
	atFrom, atTo := offs[len(offs)-1], offs[len(offs)-1]
	if r.From.Kind == StartTimestamp {
		atFrom = offs[2]
	}
	flo, fhi := r.Filter.OffsetBounds()
	var parts []*scanPart
	for leader, tps := range byLeader {
		for _, tp := range tps {
			lo, hi := offs[0][tp], offs[1][tp]
			start := boundOffset(r.From, lo, hi, atFrom, tp)
			end := boundOffset(r.To, lo, hi, atTo, tp)
			start = max(start, flo)
			if fhi < math.MaxInt64 {
				end = min(end, fhi+1)
			}
			end = max(end, start)
			p := &scanPart{tailPart: tailPart{id: tp.partition, leader: leader, next: start, end: end}, start: start}
			p.pos.Store(start)
			parts = append(parts, p)
		}
	}
	slices.SortFunc(parts, func(a, b *scanPart) int { return int(a.id - b.id) })
	return parts, nil
}

// boundOffset resolves a window bound to an offset within [lo, hi]. at
// holds the list-offsets answers for the bound's time, if it has one.
func boundOffset(b ScanBound, lo, hi int64, at map[topicPartition]int64, tp topicPartition) int64 {
	switch b.Kind {
	case StartBeginning:
		return lo
	case StartOffset:
		return min(max(b.Offset, lo), hi)
	case StartLastN:
		return max(hi-max(b.Offset, 0), lo)
	case StartTimestamp:
		// -1 (or no answer) means no record at or after the time.
		if o, ok := at[tp]; ok && o >= 0 {
			return min(max(o, lo), hi)
		}
		return hi
	}
	return hi
}

// scanRun is the state one scan's fetch loops share.
type scanRun struct {
	c     *Client
	req   ScanRequest
	parts []*scanPart
	out   chan<- ScanEvent
	wg    sync.WaitGroup
	began time.Time

	cancel   context.CancelFunc
	ctx      context.Context // ends when the scan does (decoding waits on it)
	errOnce  sync.Once
	firstErr error

	// kept counts matches claimed for delivery (never above Limit),
	// delivered those sent; with StopAtLimit the scan ends once
	// delivered reaches Limit, so no claimed match is lost.
	kept      atomic.Int64
	delivered atomic.Int64
	// stopped says the scan ended at its limit.
	stopped atomic.Bool
}

// runScan runs the fetch loops and the progress reporter, then sends the
// last event and closes out.
func (c *Client) runScan(ctx context.Context, r ScanRequest, parts []*scanPart, out chan<- ScanEvent) {
	defer close(out)
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	run := &scanRun{c: c, req: r, parts: parts, out: out, began: time.Now(), cancel: cancel, ctx: ctx}
	var todo []*scanPart
	for _, p := range parts {
		if p.next < p.end {
			todo = append(todo, p)
		}
	}
	for _, g := range splitByLeader(todo, scanFetchConns) {
		run.start(ctx, g)
	}
	stopProgress := run.reportProgress(ctx)
	run.wg.Wait()
	stopProgress()
	last := ScanEvent{Progress: run.progress()}
	switch {
	case run.firstErr != nil:
		last = ScanEvent{Err: fmt.Errorf("scan %q: %w", r.Topic, run.firstErr), Progress: last.Progress}
	case parent.Err() != nil:
		return // the caller gave up: nobody reads any more
	default:
		last.Done = true
	}
	select {
	case out <- last:
	case <-parent.Done():
	}
}

// start runs a fetch loop for parts, which share a leader.
func (run *scanRun) start(ctx context.Context, parts []*scanPart) {
	if len(parts) == 0 {
		return
	}
	run.wg.Go(func() {
		f := &scanFetcher{run: run, fetchLoop: newFetchLoop(run.c, run.req.Topic, parts, run.start)}
		f.sink.run = run
		f.sink.filter = run.req.Filter
		f.sink.emit.topic = run.req.Topic
		f.sink.emit.limit = -1
		f.sink.emit.send = func(b TailBatch) bool { return run.sendMatches(ctx, b.Records) }
		if err := f.loop(ctx, f.fetchOnce, f.retry); err != nil && ctx.Err() == nil {
			run.fail(err)
		}
	})
}

// fail ends the scan with err, unless another error came first.
func (run *scanRun) fail(err error) {
	run.errOnce.Do(func() { run.firstErr = err })
	run.cancel()
}

// sendMatches delivers matches, and ends the scan once Limit were
// delivered with StopAtLimit.
func (run *scanRun) sendMatches(ctx context.Context, recs []Record) bool {
	select {
	case run.out <- ScanEvent{Matches: recs}:
	case <-ctx.Done():
		return false
	}
	n := run.delivered.Add(int64(len(recs)))
	if run.req.StopAtLimit && run.req.Limit > 0 && n >= int64(run.req.Limit) {
		run.stopped.Store(true)
		run.cancel()
		return false
	}
	return true
}

// claim reports whether one more match may be delivered.
func (run *scanRun) claim() bool {
	if run.req.Limit == 0 {
		run.kept.Add(1)
		return true
	}
	for {
		n := run.kept.Load()
		if n >= int64(run.req.Limit) {
			return false
		}
		if run.kept.CompareAndSwap(n, n+1) {
			return true
		}
	}
}

// reportProgress sends a Progress event every ProgressEvery until the
// returned func is called.
func (run *scanRun) reportProgress(ctx context.Context) (stop func()) {
	every := run.req.ProgressEvery
	if every == 0 {
		every = scanProgressEvery
	}
	if every < 0 {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
			case <-done:
				return
			case <-ctx.Done():
				return
			}
			select {
			case run.out <- ScanEvent{Progress: run.progress()}:
			case <-done:
				return
			case <-ctx.Done():
				return
			}
		}
	})
	return func() { close(done); wg.Wait() }
}

// progress is a snapshot of the counters.
func (run *scanRun) progress() *ScanProgress {
	p := &ScanProgress{Elapsed: time.Since(run.began), Kept: run.delivered.Load()}
	secs := p.Elapsed.Seconds()
	for _, sp := range run.parts {
		pp := PartitionProgress{
			Partition: int(sp.id), Start: sp.start, End: sp.end, Next: sp.pos.Load(),
			Scanned: sp.scanned.Load(), Bytes: sp.bytes.Load(), Matched: sp.matched.Load(),
		}
		pp.RecordsPerSec, pp.ETA = pace(pp.Scanned, pp.Next-pp.Start, pp.End-pp.Next, secs)
		if secs > 0 {
			pp.MBPerSec = float64(pp.Bytes) / (1 << 20) / secs
		}
		p.Partitions = append(p.Partitions, pp)
		p.Scanned += pp.Scanned
		p.Matched += pp.Matched
		p.Bytes += pp.Bytes
		p.Position += pp.Next - pp.Start
		p.Total += pp.End - pp.Start
	}
	p.RecordsPerSec, p.ETA = pace(p.Scanned, p.Position, p.Total-p.Position, secs)
	if secs > 0 {
		p.MBPerSec = float64(p.Bytes) / (1 << 20) / secs
	}
	return p
}

// pace returns records per second and the time left for left offsets,
// at the pace done offsets took secs.
func pace(records, done, left int64, secs float64) (perSec float64, eta time.Duration) {
	if secs <= 0 {
		return 0, 0
	}
	perSec = float64(records) / secs
	if done > 0 && left > 0 {
		eta = time.Duration(float64(left) / (float64(done) / secs) * float64(time.Second))
	}
	return perSec, eta
}

// scanFetcher is one fetch loop of a scan: the shared loop, and the
// matching of its records.
type scanFetcher struct {
	fetchLoop[*scanPart]
	run   *scanRun
	dec   batchDecoder
	sink  scanSink
	fails int
}

// retry allows scanRetries attempts in a row: a scan has an end, so it
// reports a dead cluster rather than wait forever.
func (f *scanFetcher) retry(context.Context, error) bool {
	f.fails++
	return f.fails <= scanRetries
}

// fetchOnce sends one fetch for the loop's partitions and matches what
// it brought.
func (f *scanFetcher) fetchOnce(ctx context.Context) error {
	if err := f.request(ctx); err != nil {
		return err
	}
	f.fails = 0
	return f.deliver(ctx)
}

// deliver matches the last response's records, sends the matches, moves
// every partition's next offset past what was read and drops the
// partitions whose window is done.
func (f *scanFetcher) deliver(ctx context.Context) error {
	f.dec.reset()
	s := &f.sink
	err := f.each(ctx, &s.emit, func(p *scanPart, records []byte) error {
		s.begin(p)
		next, err := f.dec.decode(records, p.next, s)
		s.end()
		if err != nil {
			return err
		}
		p.next = max(p.next, next)
		p.pos.Store(min(p.next, p.end))
		return nil
	})
	if err != nil && !errors.Is(err, errRelocate) {
		return err
	}
	f.keepParts(func(p *scanPart) bool { return p.next < p.end })
	return err
}

// scanSink counts the records of one partition's record set, matches
// them and hands the matches to the emitter, which copies them out of
// the response. Counters are published once per record set.
type scanSink struct {
	run    *scanRun
	filter *Filter
	emit   tailEmitter
	part   *scanPart
	stop   int64  // the window's end: later records are not read
	rec    Record // the record being matched
	// counters of the record set being decoded
	scanned, bytes, matched int64
}

func (s *scanSink) begin(p *scanPart) {
	s.part, s.stop = p, p.end
	s.emit.partition = p.id
	s.scanned, s.bytes, s.matched = 0, 0, 0
}

func (s *scanSink) end() {
	s.part.scanned.Add(s.scanned)
	s.part.bytes.Add(s.bytes)
	s.part.matched.Add(s.matched)
}

func (s *scanSink) record(offset int64, ts time.Time, key, value []byte, headers []Header) {
	if offset >= s.stop || s.emit.stopped {
		return
	}
	s.scanned++
	s.bytes += int64(len(key) + len(value))
	// One reused Record: passing a local's address to Visit would move
	// it to the heap, one allocation per record.
	r := &s.rec
	*r = Record{Topic: s.emit.topic, Partition: int(s.part.id), Offset: offset, Timestamp: ts, Key: key, Value: value, Headers: headers}
	s.decode(r)
	if s.filter != nil && !s.filter.Match(r) {
		return
	}
	s.matched++
	if !s.run.claim() {
		return
	}
	if s.run.req.Visit != nil {
		s.visit(r)
		return
	}
	s.emitDecoded(r)
}

// visit hands a match to the request's Visit and ends the scan on its
// error, or at the limit with StopAtLimit.
func (s *scanSink) visit(r *Record) {
	if err := s.run.req.Visit(r); err != nil {
		s.run.fail(err)
		s.emit.stopped = true
		return
	}
	n := s.run.delivered.Add(1)
	if s.run.req.StopAtLimit && s.run.req.Limit > 0 && n >= int64(s.run.req.Limit) {
		s.run.stopped.Store(true)
		s.run.cancel()
		s.emit.stopped = true
	}
}
