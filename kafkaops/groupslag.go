package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// GroupOverview is one consumer group with its totals, as listed by
// GroupOverviews for the groups view.
type GroupOverview struct {
	GroupSummary
	// Protocol is the assignor of a consumer group (e.g. range), empty
	// while the group has no members.
	Protocol string
	// Members is the number of members.
	Members int
	// Topics lists the topics the group has committed offsets on or is
	// assigned partitions of, sorted.
	Topics []string
	// Partitions counts the partitions committed or assigned; Committed
	// those with a committed offset.
	Partitions int
	Committed  int
	// Lag is the sum of the lag of the partitions with a committed offset;
	// it means nothing when Committed is 0 (see HasLag).
	Lag int64
}

// HasLag reports whether the group committed any offset, i.e. whether Lag
// is a figure rather than "nothing committed".
func (g GroupOverview) HasLag() bool { return g.Committed > 0 }

// TopicGroupLag is one group that has committed offsets on a topic, with
// its lag on that topic, as returned by TopicGroups.
type TopicGroupLag struct {
	Group   string
	State   string
	Members int
	// Partitions counts the topic's partitions the group committed to.
	Partitions int
	// Lag is the sum over those partitions of log end minus committed.
	Lag int64
}

// offsetFetchConcurrency bounds the offset-fetch requests in flight when
// listing the lag of every group. Kafka's offset-fetch carries one group
// per request before v8, and kafka-go's protocol package stops at v5, so
// N groups cost N offset-fetch requests; bounded, they reuse the pooled
// connections instead of opening one per group.
const offsetFetchConcurrency = 4

// groupOffsets is one described group and what it committed.
type groupOffsets struct {
	g         Group
	committed map[topicPartition]int64
}

// allGroupOffsets describes every group (one list-groups and one batched
// describe-groups request per broker) and fetches each group's committed
// offsets from its coordinator, at most offsetFetchConcurrency at a time.
func (c *Client) allGroupOffsets(ctx context.Context) ([]groupOffsets, error) {
	groups, err := c.allGroups(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]groupOffsets, len(groups))
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
		sem  = make(chan struct{}, offsetFetchConcurrency)
	)
	for i, g := range groups {
		out[i].g = g
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			committed, err := c.committedOffsets(ctx, g.Coordinator, g.ID)
			if err != nil {
				mu.Lock()
				errs = append(errs, fmt.Errorf("group %q: %w", g.ID, err))
				mu.Unlock()
				return
			}
			out[i].committed = committed
		})
	}
	wg.Wait()
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// GroupOverviews lists every consumer group with its state, assignor,
// member count, topics and total lag. The requests do not grow per group
// except offset-fetch: one list-groups and one describe-groups per broker,
// one offset-fetch per group (the protocol has no multi-group form that
// kafka-go speaks), then one metadata request and one list-offsets
// request per leader for the log ends of every group's partitions
// together.
func (c *Client) GroupOverviews(ctx context.Context) ([]GroupOverview, error) {
	all, err := c.allGroupOffsets(ctx)
	if err != nil {
		return nil, fmt.Errorf("list groups: %w", err)
	}
	parts := map[topicPartition]bool{}
	topics := map[string]bool{}
	owned := make([]map[topicPartition]bool, len(all))
	for i, gro := range all {
		owned[i] = map[topicPartition]bool{}
		for tp := range gro.committed {
			owned[i][tp] = true
		}
		for _, m := range gro.g.Members {
			for _, tp := range m.Assigned {
				owned[i][topicPartition{tp.Topic, int32(tp.Partition)}] = true
			}
		}
		for tp := range owned[i] {
			parts[tp], topics[tp.topic] = true, true
		}
	}
	ends := map[topicPartition]int64{}
	if len(parts) > 0 {
		if ends, err = c.logEnds(ctx, topics, parts); err != nil {
			return nil, fmt.Errorf("list groups: %w", err)
		}
	}
	out := make([]GroupOverview, 0, len(all))
	for i, gro := range all {
		g := gro.g
		o := GroupOverview{
			GroupSummary: GroupSummary{ID: g.ID, State: g.State, ProtocolType: g.ProtocolType, Coordinator: g.Coordinator},
			Protocol:     g.Protocol,
			Members:      len(g.Members),
			Partitions:   len(owned[i]),
		}
		seen := map[string]bool{}
		for tp := range owned[i] {
			if !seen[tp.topic] {
				seen[tp.topic] = true
				o.Topics = append(o.Topics, tp.topic)
			}
			if off, ok := gro.committed[tp]; ok {
				o.Committed++
				o.Lag += max(ends[tp]-off, 0)
			}
		}
		slices.Sort(o.Topics)
		out = append(out, o)
	}
	return out, nil
}

// TopicGroups returns the groups that have committed offsets on topic,
// with their lag on it, sorted by group id. It costs what GroupOverviews
// costs, with list-offsets for this topic's partitions only.
func (c *Client) TopicGroups(ctx context.Context, topic string) ([]TopicGroupLag, error) {
	all, err := c.allGroupOffsets(ctx)
	if err != nil {
		return nil, fmt.Errorf("groups of topic %q: %w", topic, err)
	}
	parts := map[topicPartition]bool{}
	for _, gro := range all {
		for tp := range gro.committed {
			if tp.topic == topic {
				parts[tp] = true
			}
		}
	}
	if len(parts) == 0 {
		return nil, nil
	}
	ends, err := c.logEnds(ctx, map[string]bool{topic: true}, parts)
	if err != nil {
		return nil, fmt.Errorf("groups of topic %q: %w", topic, err)
	}
	var out []TopicGroupLag
	for _, gro := range all {
		l := TopicGroupLag{Group: gro.g.ID, State: gro.g.State, Members: len(gro.g.Members)}
		for tp, off := range gro.committed {
			if tp.topic == topic {
				l.Partitions++
				l.Lag += max(ends[tp]-off, 0)
			}
		}
		if l.Partitions > 0 {
			out = append(out, l)
		}
	}
	slices.SortFunc(out, func(a, b TopicGroupLag) int { return strings.Compare(a.Group, b.Group) })
	return out, nil
}
