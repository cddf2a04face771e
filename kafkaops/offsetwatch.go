package kafkaops

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/twmb/franz-go/pkg/kmsg"
)

// The topic browser counts and sizes the rows on screen every tick (10 s
// by default). On an idle cluster each tick would ask the same five
// questions and get the same answers, and at 100,000 topics the broker's
// share of those answers was most of the gap between kscope's idle CPU and
// ktea's (issue 17). So a tick asks only what may have changed:
//
//   - the layouts of the rows (which partitions, which leader) are the
//     ones metadata gave within layoutTTL, asked again only when one is
//     older or missing, or when a leader refused a partition (it moved);
//   - the high watermarks are asked every tick: they are what moves;
//   - a partition's log start offset is asked again only when its high
//     watermark moved or the last one is watchTTL old (retention and
//     deletes by other clients move it without moving the high mark);
//   - a topic's size is asked again only when a high watermark of it moved
//     since it was measured, or it is watchTTL old.
//
// A change made through this client (delete records, delete a topic, add
// partitions, move replicas) forgets what is watched of that topic, so
// that it shows at once.

// watchTTL is the longest a log start offset or a size read by an earlier
// tick is trusted while the topic's high watermarks have not moved.
const watchTTL = time.Minute

// maxWatched is the most partitions whose offsets are kept; past it the
// ones not read within watchTTL are dropped (a user scrolling through
// 100,000 topics).
const maxWatched = 10_000

// watchedOffsets is what the last tick read of one partition.
type watchedOffsets struct {
	low, high int64
	lowAt     time.Time // when low was read
	highAt    time.Time // when high was read
}

// watchedSize is a topic's size and the high watermarks it was measured
// at, by partition, in its layout's order.
type watchedSize struct {
	size  TopicSize
	highs []int64
	at    time.Time
}

// tickLayouts returns the layouts of names, from the cache when every one
// was seen within layoutTTL (unless fresh), else from one shared metadata
// request. A name the cluster does not know (or that has an error) is
// left out; topicErr is the first such error, for callers that want
// every name.
func (c *Client) tickLayouts(ctx context.Context, names []string, fresh bool) (ls []topicLayout, topicErr, err error) {
	if !fresh {
		if ls, ok := c.cachedLayouts(names); ok {
			return ls, nil, nil
		}
	}
	md, err := c.sharedMetadata(ctx, names)
	if err != nil {
		return nil, nil, err
	}
	ls = make([]topicLayout, 0, len(md.Topics))
	for _, t := range md.Topics {
		if err := kafkaError(t.ErrorCode, ""); err != nil {
			if topicErr == nil {
				topicErr = fmt.Errorf("topic %q: %w", t.Name, err)
			}
			continue
		}
		ls = append(ls, layoutOf(t))
	}
	return ls, topicErr, nil
}

// cachedLayouts returns the cached layouts of names when every one is
// younger than layoutTTL.
func (c *Client) cachedLayouts(names []string) ([]topicLayout, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ls := make([]topicLayout, 0, len(names))
	for _, name := range names {
		l, ok := c.layouts[name]
		if !ok || time.Since(l.seen) >= layoutTTL {
			return nil, false
		}
		ls = append(ls, l)
	}
	return ls, true
}

// watchedCounts returns the message count of each topic of layouts. ok is
// false when a leader did not answer for one of its partitions (a layout
// gone stale): the caller asks metadata again and retries.
func (c *Client) watchedCounts(ctx context.Context, layouts []topicLayout) (counts map[string]int64, ok bool, err error) {
	byLeader := map[int32][]topicPartition{}
	for _, l := range layouts {
		for _, p := range l.partitions {
			if p.leader >= 0 {
				byLeader[p.leader] = append(byLeader[p.leader], topicPartition{l.name, p.id})
			}
		}
	}
	got, err := c.offsetsAt(ctx, byLeader, latestOffset)
	if err != nil {
		return nil, false, err
	}
	highs, now := got[0], time.Now()
	ok = true
	lows := map[topicPartition]int64{}
	stale := map[int32][]topicPartition{} // log starts to ask, by leader
	c.watchMu.Lock()
	for leader, parts := range byLeader {
		for _, tp := range parts {
			h, answered := highs[tp]
			if !answered {
				ok = false
				continue
			}
			w, seen := c.watched[tp]
			if seen && w.high == h && now.Sub(w.lowAt) < watchTTL {
				lows[tp] = w.low
				continue
			}
			stale[leader] = append(stale[leader], tp)
		}
	}
	c.watchMu.Unlock()
	if len(stale) > 0 {
		got, err := c.offsetsAt(ctx, stale, earliestOffset)
		if err != nil {
			return nil, false, err
		}
		for tp, lo := range got[0] {
			lows[tp] = lo
		}
	}
	c.watch(highs, lows, stale, now)
	counts = make(map[string]int64, len(layouts))
	for _, l := range layouts {
		var n int64
		for _, p := range l.partitions {
			tp := topicPartition{l.name, p.id}
			n += max(highs[tp]-lows[tp], 0)
		}
		counts[l.name] = n
	}
	return counts, ok, nil
}

// watch records a tick's reads: every high watermark, and the log starts
// read again (those of stale), at now.
func (c *Client) watch(highs, lows map[topicPartition]int64, stale map[int32][]topicPartition, now time.Time) {
	c.watchMu.Lock()
	defer c.watchMu.Unlock()
	if c.watched == nil {
		c.watched = map[topicPartition]watchedOffsets{}
	}
	for tp, h := range highs {
		lo, known := lows[tp]
		if !known {
			continue // its log start did not answer: not watched
		}
		w := c.watched[tp]
		w.high, w.highAt = h, now
		w.low = lo
		c.watched[tp] = w
	}
	for _, parts := range stale {
		for _, tp := range parts {
			if w, ok := c.watched[tp]; ok {
				w.lowAt = now
				c.watched[tp] = w
			}
		}
	}
	if len(c.watched) > maxWatched {
		for tp, w := range c.watched {
			if now.Sub(w.highAt) >= watchTTL {
				delete(c.watched, tp)
			}
		}
	}
	if len(c.watched) > maxWatched {
		clear(c.watched)
	}
}

// watchedSizeOf returns the size of l measured earlier when none of its
// high watermarks moved since, as the last tick read them after the
// measure, and it is younger than watchTTL.
func (c *Client) watchedSizeOf(l topicLayout, now time.Time) (TopicSize, bool) {
	c.watchMu.Lock()
	defer c.watchMu.Unlock()
	s, ok := c.sizes[l.name]
	if !ok || now.Sub(s.at) >= watchTTL || len(s.highs) != len(l.partitions) {
		return TopicSize{}, false
	}
	for i, p := range l.partitions {
		w, ok := c.watched[topicPartition{l.name, p.id}]
		if !ok || !w.highAt.After(s.at) || w.high != s.highs[i] {
			return TopicSize{}, false
		}
	}
	return s.size, true
}

// watchSize records a topic's size measured at, with the high watermarks
// the last tick read (a partition never read: not recorded, so the next
// tick measures it again).
func (c *Client) watchSize(l topicLayout, size TopicSize, at time.Time) {
	c.watchMu.Lock()
	defer c.watchMu.Unlock()
	highs := make([]int64, len(l.partitions))
	for i, p := range l.partitions {
		w, ok := c.watched[topicPartition{l.name, p.id}]
		if !ok {
			delete(c.sizes, l.name)
			return
		}
		highs[i] = w.high
	}
	if c.sizes == nil {
		c.sizes = map[string]watchedSize{}
	}
	if len(c.sizes) >= maxWatched {
		clear(c.sizes)
	}
	c.sizes[l.name] = watchedSize{size: size, highs: highs, at: at}
}

// forgetWatched drops what the ticks watched of topics, after this client
// changed them.
func (c *Client) forgetWatched(topics ...string) {
	c.watchMu.Lock()
	defer c.watchMu.Unlock()
	for tp := range c.watched {
		if slices.Contains(topics, tp.topic) {
			delete(c.watched, tp)
		}
	}
	for _, t := range topics {
		delete(c.sizes, t)
	}
}

// namedSizes returns the sizes of the named topics: those whose high
// watermarks did not move since they were measured from the last
// answers, the others from one DescribeLogDirs request per broker.
func (c *Client) namedSizes(ctx context.Context, names []string) (map[string]TopicSize, error) {
	layouts, topicErr, err := c.tickLayouts(ctx, names, false)
	if err != nil {
		return nil, err
	}
	if topicErr != nil {
		return nil, topicErr
	}
	now := time.Now()
	out := make(map[string]TopicSize, len(layouts))
	leaders := map[topicPartition]int32{}
	var only []kmsg.DescribeLogDirsRequestTopic
	var asked []topicLayout
	for _, l := range layouts {
		if s, ok := c.watchedSizeOf(l, now); ok {
			out[l.name] = s
			continue
		}
		asked = append(asked, l)
		rt := kmsg.NewDescribeLogDirsRequestTopic()
		rt.Topic = l.name
		for _, p := range l.partitions {
			leaders[topicPartition{l.name, p.id}] = p.leader
			rt.Partitions = append(rt.Partitions, p.id)
		}
		only = append(only, rt)
	}
	if len(asked) == 0 {
		return out, nil
	}
	brokers, err := c.liveBrokers(ctx)
	if err != nil {
		return nil, err
	}
	got, err := c.logDirSizes(ctx, brokers, leaders, only)
	if err != nil {
		return nil, err
	}
	for _, l := range asked {
		s := got[l.name]
		out[l.name] = s
		c.watchSize(l, s, now)
	}
	return out, nil
}
