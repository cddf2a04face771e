package kafkaops

import "context"

// partitionLeaders returns the leader of each partition of topics that
// want keeps, from one metadata request; partitions of deleted topics
// are left out.
func (c *Client) partitionLeaders(ctx context.Context, topics map[string]bool, want func(topicPartition) bool) (map[topicPartition]int32, error) {
	// Not nil even when empty: nil would ask for every topic.
	names := make([]string, 0, len(topics))
	for t := range topics {
		names = append(names, t)
	}
	md, err := c.metadata(ctx, names)
	if err != nil {
		return nil, err
	}
	out := map[topicPartition]int32{}
	for _, t := range md.Topics {
		for _, p := range t.Partitions {
			if tp := (topicPartition{t.Name, p.PartitionIndex}); want(tp) {
				out[tp] = p.LeaderID
			}
		}
	}
	return out, nil
}
