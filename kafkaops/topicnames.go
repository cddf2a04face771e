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

// TopicOffsets returns the message count of each named topic: one
// metadata request for those topics, then, per leader broker, one
// list-offsets request for the log start and one for the high watermark
// covering all its partitions of them. A topic that does not exist or has
// no leader is left out of the map. No names: no request.
func (c *Client) TopicOffsets(ctx context.Context, names []string) (map[string]int64, error) {
	out := make(map[string]int64, len(names))
	if len(names) == 0 {
		return out, nil
	}
	md, err := c.sharedMetadata(ctx, names)
	if err != nil {
		return nil, fmt.Errorf("topic offsets: %w", err)
	}
	offs, err := c.offsetsAt(ctx, partitionsByLeader(md.Topics), earliestOffset, latestOffset)
	if err != nil {
		return nil, fmt.Errorf("topic offsets: %w", err)
	}
	low, high := offs[0], offs[1]
	for _, t := range md.Topics {
		if t.ErrorCode != 0 {
			continue
		}
		var n int64
		for _, p := range t.Partitions {
			k := topicPartition{t.Name, p.PartitionIndex}
			n += max(high[k]-low[k], 0)
		}
		out[t.Name] = n
	}
	return out, nil
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
