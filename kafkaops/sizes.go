package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/twmb/franz-go/pkg/kmsg"
)

// TopicSize is a topic's size on disk.
type TopicSize struct {
	// Bytes is the sum of Partitions: one copy of the data, as its
	// leaders hold it.
	Bytes int64
	// ReplicaBytes is the size summed over every replica on every
	// broker (what the topic costs the cluster's disks).
	ReplicaBytes int64
	// Partitions is each partition's size on its leader.
	Partitions map[int32]int64
}

// TopicSizes returns the size on disk of the named topics (every topic
// when none is named), from one DescribeLogDirs request per broker
// whatever the topic count. A topic detail names its one topic, so the
// brokers do not list every other one.
func (c *Client) TopicSizes(ctx context.Context, topics ...string) (map[string]TopicSize, error) {
	out, err := c.topicSizes(ctx, topics)
	if err != nil {
		return nil, fmt.Errorf("topic sizes: %w", err)
	}
	return out, nil
}

func (c *Client) topicSizes(ctx context.Context, topics []string) (map[string]TopicSize, error) {
	if len(topics) > 0 {
		return c.namedSizes(ctx, topics)
	}
	md, err := c.sharedMetadata(ctx, nil)
	if err != nil {
		return nil, err
	}
	leaders := map[topicPartition]int32{}
	for _, t := range md.Topics {
		if err := kafkaError(t.ErrorCode, ""); err != nil {
			return nil, fmt.Errorf("topic %q: %w", t.Name, err)
		}
		for _, p := range t.Partitions {
			leaders[topicPartition{t.Name, p.PartitionIndex}] = p.LeaderID
		}
	}
	brokers := make([]int32, 0, len(md.Brokers))
	for _, b := range md.Brokers {
		brokers = append(brokers, b.NodeID)
	}
	return c.logDirSizes(ctx, brokers, leaders, nil)
}

// logDirSizes asks each of brokers for the sizes of the partition
// replicas it holds of only (nil: of every topic), and sums them by
// topic: every replica in ReplicaBytes, the leader's (by leaders) in
// Partitions and Bytes.
func (c *Client) logDirSizes(ctx context.Context, brokers []int32, leaders map[topicPartition]int32, only []kmsg.DescribeLogDirsRequestTopic) (map[string]TopicSize, error) {
	var (
		mu   sync.Mutex
		wg   sync.WaitGroup
		errs []error
		out  = map[string]TopicSize{}
	)
	for _, id := range brokers {
		wg.Go(func() {
			sizes, err := c.brokerLogSizes(ctx, id, only)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, fmt.Errorf("describe log dirs of broker %d: %w", id, err))
				return
			}
			for tp, n := range sizes {
				ts := out[tp.topic]
				if ts.Partitions == nil {
					ts.Partitions = map[int32]int64{}
				}
				ts.ReplicaBytes += n
				if leaders[tp] == id {
					ts.Partitions[tp.partition] = n
				}
				out[tp.topic] = ts
			}
		})
	}
	wg.Wait()
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	for name, ts := range out {
		for _, n := range ts.Partitions {
			ts.Bytes += n
		}
		out[name] = ts
	}
	return out, nil
}

// brokerLogSizes asks one broker for the size of the partition replicas
// it holds, of the given topics or (nil) of all (every log dir, future
// replicas left out).
func (c *Client) brokerLogSizes(ctx context.Context, id int32, topics []kmsg.DescribeLogDirsRequestTopic) (map[topicPartition]int64, error) {
	req := kmsg.NewPtrDescribeLogDirsRequest()
	req.Topics = topics
	resp, err := c.roundTripKmsg(ctx, id, req)
	if err != nil {
		return nil, err
	}
	r := resp.(*kmsg.DescribeLogDirsResponse)
	if err := kafkaError(r.ErrorCode, ""); err != nil {
		return nil, err
	}
	sizes := map[topicPartition]int64{}
	for _, d := range r.Dirs {
		if err := kafkaError(d.ErrorCode, ""); err != nil {
			return nil, fmt.Errorf("log dir %s: %w", d.Dir, err)
		}
		for _, t := range d.Topics {
			for _, p := range t.Partitions {
				if !p.IsFuture {
					sizes[topicPartition{t.Topic, p.Partition}] += p.Size
				}
			}
		}
	}
	return sizes, nil
}
