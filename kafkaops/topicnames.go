package kafkaops

import (
	"context"
	"fmt"

	"github.com/segmentio/kafka-go/protocol/metadata"
)

// ListTopicNames lists every topic from one metadata request, without
// asking for offsets: Messages is zero in every topic. A screen that
// refreshes often pairs it with TopicOffsets for the topics on screen, so
// that a refresh costs what is shown rather than what exists.
func (c *Client) ListTopicNames(ctx context.Context) ([]Topic, error) {
	res, _, err := c.wire.roundTripAny(ctx, &listAllTopics{clientID: c.cfg.ClientID, known: c.knownLayouts()})
	if err != nil {
		return nil, fmt.Errorf("list topic names: %w", err)
	}
	l := res.(*topicListing)
	c.learnListing(l)
	return l.topics, nil // sorted by name
}

// TopicOffsets returns the message count of each named topic: per
// leader broker, one list-offsets request for the high watermarks of its
// partitions of them and, for the partitions whose high watermark moved
// since the last call (or a minute passed), one for the log starts. The
// layouts come from metadata seen within layoutTTL, else from one
// metadata request for those topics (see offsetwatch.go). A topic that
// does not exist or has no leader is left out of the map. No names: no
// request.
func (c *Client) TopicOffsets(ctx context.Context, names []string) (map[string]int64, error) {
	if len(names) == 0 {
		return map[string]int64{}, nil
	}
	counts, err := c.topicOffsets(ctx, names)
	if err != nil {
		return nil, fmt.Errorf("topic offsets: %w", err)
	}
	return counts, nil
}

func (c *Client) topicOffsets(ctx context.Context, names []string) (map[string]int64, error) {
	layouts, _, err := c.tickLayouts(ctx, names, false)
	if err != nil {
		return nil, err
	}
	counts, ok, err := c.watchedCounts(ctx, layouts)
	if err != nil || ok {
		return counts, err
	}
	// A leader refused a partition: it moved, or the topic changed.
	c.forgetLayout(names...)
	if layouts, _, err = c.tickLayouts(ctx, names, true); err != nil {
		return nil, err
	}
	counts, _, err = c.watchedCounts(ctx, layouts)
	return counts, err
}

// partitionsByLeader groups the partitions of topics by leader broker;
// partitions without a leader are left out.
func partitionsByLeader(topics []metadata.ResponseTopic) map[int32][]topicPartition {
	byLeader := map[int32][]topicPartition{}
	for _, t := range topics {
		for _, p := range t.Partitions {
			if p.LeaderID >= 0 {
				byLeader[p.LeaderID] = append(byLeader[p.LeaderID], topicPartition{t.Name, p.PartitionIndex})
			}
		}
	}
	return byLeader
}
