package kafkaops

import (
	"context"
	"fmt"
)

// PlanClone returns the topic a clone of from named to would be: the same
// partition count, replication factor and config overrides (a sensitive
// override, which the broker does not return, is left out). Show it,
// then CreateTopic it; to copy the data too, run Copy with CloneCopy.
func (c *Client) PlanClone(ctx context.Context, from, to string) (NewTopic, error) {
	t, err := c.planClone(ctx, from, to)
	if err != nil {
		return NewTopic{}, fmt.Errorf("plan clone of topic %q as %q: %w", from, to, err)
	}
	return t, nil
}

func (c *Client) planClone(ctx context.Context, from, to string) (NewTopic, error) {
	if err := ValidateTopicName(to); err != nil {
		return NewTopic{}, err
	}
	if from == to {
		return NewTopic{}, fmt.Errorf("%w: a clone needs another name", ErrInvalid)
	}
	d, err := c.DescribeTopic(ctx, from)
	if err != nil {
		return NewTopic{}, err
	}
	cfgs, err := c.TopicConfigs(ctx, from)
	if err != nil {
		return NewTopic{}, err
	}
	t := NewTopic{Name: to, Partitions: len(d.PartitionList), ReplicationFactor: d.ReplicationFactor, Configs: map[string]string{}}
	for _, e := range cfgs {
		if e.Source == SourceTopic && !e.Sensitive {
			t.Configs[e.Name] = e.Value
		}
	}
	return t, nil
}

// CloneCopy is the Copy request that copies every record of from into its
// clone to, keeping partitions and timestamps (keys, values and headers
// are always kept). Copy produces in batches, so memory stays bounded
// whatever the topic's size.
func CloneCopy(from, to string) CopyRequest {
	return CopyRequest{Scan: ScanRequest{Topic: from, From: ScanFromBeginning}, To: to, KeepPartitions: true, KeepTimestamps: true}
}
