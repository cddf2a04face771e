package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/protocol"
	"github.com/segmentio/kafka-go/protocol/fetch"
)

// fetchedPart is a partition a fetch loop reads: the tail's tailPart, or
// a scan's scanPart, which embeds one.
type fetchedPart interface {
	base() *tailPart
}

func (p *tailPart) base() *tailPart { return p }

// fetchLoop is what the tail's and the scan's fetch loops share: a
// dedicated connection to one leader, the partitions fetched on it in one
// multi-partition request, and the retry of a lost connection or a moved
// leader. What a loop does with the records, and how often it retries,
// are its own.
type fetchLoop[P fetchedPart] struct {
	c      *Client
	topic  string
	parts  []P
	leader int32
	pc     *protocol.Conn
	addr   string
	fetch  rawFetch
	// stale says the partitions' leaders must be looked up again.
	stale bool
	// spawn starts a new loop for partitions whose leader is now another
	// broker.
	spawn func(ctx context.Context, parts []P)
}

// newFetchLoop returns a loop over parts, which share a leader.
func newFetchLoop[P fetchedPart](c *Client, topic string, parts []P, spawn func(context.Context, []P)) fetchLoop[P] {
	l := fetchLoop[P]{c: c, topic: topic, parts: parts, leader: parts[0].base().leader, spawn: spawn}
	l.fetch.clientID = c.cfg.ClientID
	return l
}

// loop calls step until ctx ends, every partition is done or an error
// that a retry cannot fix. A lost connection or a moved leader is
// retried after a pause, longer each time, as long as retry (told the
// error) says so; a nil error from step resets the pause.
func (f *fetchLoop[P]) loop(ctx context.Context, step func(context.Context) error, retry func(context.Context, error) bool) error {
	defer f.disconnect()
	var backoff time.Duration
	for ctx.Err() == nil && len(f.parts) > 0 {
		err := step(ctx)
		if err == nil {
			backoff = 0
			continue
		}
		if ctx.Err() != nil {
			return nil
		}
		if !(IsUnreachable(err) || errors.Is(err, errRelocate)) {
			return err
		}
		f.disconnect()
		f.stale = true
		if !retry(ctx, err) {
			return err
		}
		if ctx.Err() != nil {
			return nil
		}
		backoff = min(max(backoff*2, tailBackoffMin), tailBackoffMax)
		if !sleepCtx(ctx, backoff) {
			return nil
		}
	}
	return nil
}

// sleepCtx waits d, or reports false when ctx ends first.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func (f *fetchLoop[P]) disconnect() {
	if f.pc != nil {
		f.c.wire.discard(f.pc)
		f.pc = nil
	}
}

// connect dials the leader. After a failure it looks the leaders up
// again first: leadership may have moved, and partitions whose leader is
// now another broker go to a new loop.
func (f *fetchLoop[P]) connect(ctx context.Context) error {
	c := f.c
	if f.stale {
		l, err := c.topicLayoutOf(ctx, f.topic)
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
	// A cluster whose Fetch versions kscope cannot speak says so in
	// words (FeatureError), not with a protocol error.
	if err := c.wire.checkFetch(f.addr); err != nil {
		c.wire.discard(pc)
		return err
	}
	f.pc = pc
	return nil
}

// relead applies a fresh layout: the loop keeps the partitions still led
// by the leader of its first one and hands the others to new loops.
func (f *fetchLoop[P]) relead(ctx context.Context, l topicLayout) {
	leaderOf := map[int32]int32{}
	for _, p := range l.partitions {
		leaderOf[p.id] = p.leader
	}
	for _, p := range f.parts {
		if id, ok := leaderOf[p.base().id]; ok && id >= 0 {
			p.base().leader = id
		}
	}
	f.leader = f.parts[0].base().leader
	var keep, move []P
	for _, p := range f.parts {
		if p.base().leader == f.leader {
			keep = append(keep, p)
		} else {
			move = append(move, p)
		}
	}
	f.parts = keep
	for _, g := range splitByLeader(move, len(move)) {
		f.spawn(ctx, g)
	}
	f.addr = ""
}

// request sends one fetch for the loop's partitions and waits for the
// response, connecting first when needed.
func (f *fetchLoop[P]) request(ctx context.Context) error {
	if f.pc == nil {
		if err := f.connect(ctx); err != nil {
			return err
		}
	}
	f.buildRequest()
	fctx, cancel := context.WithTimeout(ctx, tailMaxWait+f.c.cfg.RequestTimeout)
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
	return nil
}

func (f *fetchLoop[P]) buildRequest() {
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
	t.Topic = f.topic
	t.Partitions = t.Partitions[:0]
	for _, p := range f.parts {
		b := p.base()
		t.Partitions = append(t.Partitions, fetch.RequestPartition{
			Partition: b.id, CurrentLeaderEpoch: -1, FetchOffset: b.next, LogStartOffset: -1,
			PartitionMaxBytes: tailPartitionMaxBytes,
		})
	}
}

// each walks the last response and calls take for every partition of
// the loop's that brought records without an error, then flushes emit,
// which take fills; it stops when emit's reader is gone. A partition
// whose offset retention deleted moves back into the log; a moved leader
// makes each return errRelocate once the rest of the response was taken.
func (f *fetchLoop[P]) each(ctx context.Context, emit *tailEmitter, take func(p P, records []byte) error) error {
	var relocate bool
	emit.stopped = false
	code, err := decodeFetch(f.fetch.buf[4:], f.fetch.version, func(topic string, fp fetchPartition) error {
		if emit.stopped {
			return context.Canceled // the reader ended while records were sent
		}
		p, ok := f.part(fp.partition)
		if topic != f.topic || !ok {
			return nil
		}
		err := kafkaError(fp.errorCode, "")
		switch {
		case err == nil:
		case errors.Is(err, kafka.OffsetOutOfRange):
			return f.c.clampPart(ctx, f.topic, p.base())
		case isLeaderMove(err):
			relocate = true
			return nil
		default:
			return fmt.Errorf("partition %d: %w", fp.partition, err)
		}
		if len(fp.records) == 0 {
			return nil
		}
		if err := take(p, fp.records); err != nil {
			return fmt.Errorf("partition %d: %w", fp.partition, err)
		}
		return nil
	})
	if emit.stopped || !emit.flush() {
		return ctx.Err()
	}
	if err == nil {
		err = kafkaError(code, "")
	}
	if err == nil && relocate {
		err = errRelocate
	}
	return err
}

// part returns the loop's partition id.
func (f *fetchLoop[P]) part(id int32) (P, bool) {
	for _, p := range f.parts {
		if p.base().id == id {
			return p, true
		}
	}
	var none P
	return none, false
}

// keepParts keeps the partitions for which keep reports true.
func (f *fetchLoop[P]) keepParts(keep func(P) bool) {
	kept := f.parts[:0]
	for _, p := range f.parts {
		if keep(p) {
			kept = append(kept, p)
		}
	}
	clear(f.parts[len(kept):])
	f.parts = kept
}

// splitByLeader groups partitions by leader, then splits each leader's
// share over up to conns connections in all (at least one per leader),
// round-robin so that each connection gets a mix of partitions.
func splitByLeader[P fetchedPart](parts []P, conns int) [][]P {
	byLeader := map[int32][]P{}
	var leaders []int32
	for _, p := range parts {
		l := p.base().leader
		if _, ok := byLeader[l]; !ok {
			leaders = append(leaders, l)
		}
		byLeader[l] = append(byLeader[l], p)
	}
	var groups [][]P
	for _, leader := range leaders {
		ps := byLeader[leader]
		n := min(max(conns/len(leaders), 1), len(ps))
		gs := make([][]P, n)
		for i, p := range ps {
			gs[i%n] = append(gs[i%n], p)
		}
		groups = append(groups, gs...)
	}
	return groups
}
