package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/protocol/metadata"
)

// topicLayout is what metadata says about one topic: where its
// partitions live.
type topicLayout struct {
	name       string
	internal   bool
	partitions []partitionLayout // sorted by id
	seen       time.Time         // when metadata said so
}

// layoutTTL is how long Produce trusts a cached layout: partitions added
// elsewhere change where keys hash to, so it must not be trusted forever
// (kafka-python refreshes every 5 minutes; an explorer can afford more).
const layoutTTL = 30 * time.Second

// partitionLayout is one partition's placement.
type partitionLayout struct {
	id       int32
	leader   int32
	replicas []int32
	isr      []int32
}

// ClusterInfo returns the cluster id, the controller and the brokers.
func (c *Client) ClusterInfo(ctx context.Context) (ClusterInfo, error) {
	md, addr, err := c.metadataFrom(ctx, []string{})
	if err != nil {
		return ClusterInfo{}, fmt.Errorf("cluster info: %w", err)
	}
	info := ClusterInfo{ClusterID: md.ClusterID, ControllerID: md.ControllerID, KafkaVersion: c.kafkaVersion(addr)}
	for _, b := range md.Brokers {
		info.Brokers = append(info.Brokers, Broker{ID: b.NodeID, Host: b.Host, Port: int(b.Port), Rack: b.Rack})
	}
	slices.SortFunc(info.Brokers, func(a, b Broker) int { return int(a.ID) - int(b.ID) })
	return info, nil
}

// metadata asks any broker for fresh metadata of topics (nil means every
// topic, empty means none) without creating missing topics, and remembers
// the broker addresses and topic layouts for routing.
func (c *Client) metadata(ctx context.Context, topics []string) (*metadata.Response, error) {
	md, _, err := c.metadataFrom(ctx, topics)
	return md, err
}

// sharedMetadata is metadata for named topics, asked once for callers
// that ask for the same names at the same time: a tick of the topic
// browser counts the rows on screen and sizes them at once, and both need
// their layout. The answer is shared, so callers must only read it. A
// caller whose own context is live retries on its own when the shared
// request ended with the context of the caller that sent it.
func (c *Client) sharedMetadata(ctx context.Context, names []string) (*metadata.Response, error) {
	key := "\x01" // every topic (nil names); no topic name holds a control byte
	if names != nil {
		key = strings.Join(names, "\x00")
	}
	ch := c.flights.DoChan(key, func() (any, error) { return c.metadata(ctx, names) })
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case r := <-ch:
		if r.Err != nil && ctx.Err() == nil && (errors.Is(r.Err, context.Canceled) || errors.Is(r.Err, context.DeadlineExceeded)) {
			return c.metadata(ctx, names)
		}
		if r.Err != nil {
			return nil, r.Err
		}
		return r.Val.(*metadata.Response), nil
	}
}

// metadataFrom is metadata that also returns the address of the broker
// that answered.
func (c *Client) metadataFrom(ctx context.Context, topics []string) (*metadata.Response, string, error) {
	res, addr, err := c.wire.roundTripAny(ctx, &metadata.Request{TopicNames: topics})
	if err != nil {
		return nil, addr, err
	}
	md := res.(*metadata.Response)
	c.learn(md)
	return md, addr, nil
}

// learn records broker addresses and the layouts of healthy topics.
func (c *Client) learn(md *metadata.Response) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.live = c.live[:0]
	for _, b := range md.Brokers {
		c.brokers[b.NodeID] = joinHostPort(b.Host, int(b.Port))
		c.live = append(c.live, b.NodeID)
	}
	// A listing of every topic (100,000 at scale) refreshes the layouts
	// already cached but adds none: caching them all would keep one per
	// topic alive for routing that only a few topics ever need.
	all := len(md.Topics) > maxLearnedLayouts
	for _, t := range md.Topics {
		if t.ErrorCode != 0 {
			delete(c.layouts, t.Name)
			continue
		}
		if _, known := c.layouts[t.Name]; all && !known {
			continue
		}
		c.layouts[t.Name] = layoutOf(t)
	}
}

// maxLearnedLayouts is the most topics a metadata answer may hold for
// learn to cache the layouts of topics it did not know.
const maxLearnedLayouts = 1000

func layoutOf(t metadata.ResponseTopic) topicLayout {
	l := topicLayout{name: t.Name, internal: t.IsInternal, seen: time.Now()}
	for _, p := range t.Partitions {
		l.partitions = append(l.partitions, partitionLayout{
			id: p.PartitionIndex, leader: p.LeaderID, replicas: p.ReplicaNodes, isr: p.IsrNodes,
		})
	}
	slices.SortFunc(l.partitions, func(a, b partitionLayout) int { return int(a.id) - int(b.id) })
	return l
}

// topicLayoutOf returns one topic's layout from fresh metadata, or an
// error wrapping the broker's per-topic error (UnknownTopicOrPartition for
// a missing topic).
func (c *Client) topicLayoutOf(ctx context.Context, name string) (topicLayout, error) {
	md, err := c.metadata(ctx, []string{name})
	if err != nil {
		return topicLayout{}, err
	}
	for _, t := range md.Topics {
		if t.Name != name {
			continue
		}
		if err := kafkaError(t.ErrorCode, ""); err != nil {
			return topicLayout{}, err
		}
		return layoutOf(t), nil
	}
	return topicLayout{}, &brokerError{code: kafka.UnknownTopicOrPartition}
}

// cachedLayout returns a topic's layout as last seen, fetching it when
// unknown. Produce uses it to avoid a metadata request per record.
func (c *Client) cachedLayout(ctx context.Context, name string) (topicLayout, error) {
	c.mu.Lock()
	l, ok := c.layouts[name]
	c.mu.Unlock()
	if ok && time.Since(l.seen) < layoutTTL {
		return l, nil
	}
	return c.topicLayoutOf(ctx, name)
}

// forgetLayout drops the cached layouts of topics after the cluster said
// they are stale or this client changed them, and what the ticks watched
// of them.
func (c *Client) forgetLayout(topics ...string) {
	c.mu.Lock()
	for _, name := range topics {
		delete(c.layouts, name)
	}
	c.mu.Unlock()
	c.forgetWatched(topics...)
}

// liveBrokers returns the ids of the brokers of the last metadata answer,
// asking for one when there was none.
func (c *Client) liveBrokers(ctx context.Context) ([]int32, error) {
	c.mu.Lock()
	ids := slices.Clone(c.live)
	c.mu.Unlock()
	if len(ids) > 0 {
		return ids, nil
	}
	md, err := c.metadata(ctx, []string{})
	if err != nil {
		return nil, err
	}
	for _, b := range md.Brokers {
		ids = append(ids, b.NodeID)
	}
	return ids, nil
}

// brokerAddr returns the address of a broker id, asking the cluster when
// the id is not known yet.
func (c *Client) brokerAddr(ctx context.Context, id int32) (string, error) {
	c.mu.Lock()
	addr, ok := c.brokers[id]
	c.mu.Unlock()
	if ok {
		return addr, nil
	}
	if _, err := c.metadata(ctx, []string{}); err != nil {
		return "", err
	}
	c.mu.Lock()
	addr, ok = c.brokers[id]
	c.mu.Unlock()
	if !ok {
		return "", fmt.Errorf("broker %d: %w", id, ErrNotFound)
	}
	return addr, nil
}

// roundTripBroker sends req to the broker with the given id.
func (c *Client) roundTripBroker(ctx context.Context, id int32, req protoMessage) (protoMessage, error) {
	addr, err := c.brokerAddr(ctx, id)
	if err != nil {
		return nil, err
	}
	return c.wire.roundTrip(ctx, addr, req)
}
