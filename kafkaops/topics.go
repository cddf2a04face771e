package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/protocol/createtopics"
	"github.com/segmentio/kafka-go/protocol/deletetopics"
	"github.com/segmentio/kafka-go/protocol/listoffsets"
	"github.com/segmentio/kafka-go/protocol/metadata"
)

// The special timestamps of a list-offsets request.
const (
	latestOffset   int64 = -1 // the high watermark
	earliestOffset int64 = -2 // the log start offset
)

// topicPartition keys per-partition results inside the package.
type topicPartition struct {
	topic     string
	partition int32
}

// ListTopics lists every topic with its message count: one metadata
// request, then two list-offsets requests (log start and high watermark)
// per leader broker covering all its partitions.
func (c *Client) ListTopics(ctx context.Context) ([]Topic, error) {
	md, err := c.metadata(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("list topics: %w", err)
	}
	offs, err := c.offsetsAt(ctx, partitionsByLeader(md.Topics), earliestOffset, latestOffset)
	if err != nil {
		return nil, fmt.Errorf("list topics: %w", err)
	}
	low, high := offs[0], offs[1]
	topics := make([]Topic, 0, len(md.Topics))
	for _, t := range md.Topics {
		if t.ErrorCode != 0 {
			// A topic being deleted or without a leader still exists for
			// the user: list it with what is known rather than hide it.
			topics = append(topics, Topic{Name: t.Name, Partitions: len(t.Partitions), Internal: t.IsInternal})
			continue
		}
		topic := topicOf(t)
		for _, p := range t.Partitions {
			k := topicPartition{t.Name, p.PartitionIndex}
			topic.Messages += max(high[k]-low[k], 0)
		}
		topics = append(topics, topic)
	}
	slices.SortFunc(topics, func(a, b Topic) int { return strings.Compare(a.Name, b.Name) })
	return topics, nil
}

func topicOf(t metadata.ResponseTopic) Topic {
	topic := Topic{Name: t.Name, Partitions: len(t.Partitions), Internal: t.IsInternal}
	if len(t.Partitions) > 0 {
		topic.ReplicationFactor = len(t.Partitions[0].ReplicaNodes)
	}
	return topic
}

// DescribeTopic returns one topic with leader, replicas, ISR and
// watermarks per partition.
func (c *Client) DescribeTopic(ctx context.Context, name string) (TopicDetail, error) {
	l, err := c.topicLayoutOf(ctx, name)
	if err != nil {
		return TopicDetail{}, fmt.Errorf("describe topic %q: %w", name, err)
	}
	offs, err := c.offsetsAt(ctx, l.byLeader(nil), earliestOffset, latestOffset)
	if err != nil {
		return TopicDetail{}, fmt.Errorf("describe topic %q: %w", name, err)
	}
	d := TopicDetail{Topic: Topic{Name: name, Partitions: len(l.partitions), Internal: l.internal}}
	for _, p := range l.partitions {
		k := topicPartition{name, p.id}
		part := Partition{
			ID: int(p.id), Leader: p.leader,
			Replicas: slices.Clone(p.replicas), ISR: slices.Clone(p.isr),
			Low: offs[0][k], High: offs[1][k],
		}
		d.Messages += part.Messages()
		d.PartitionList = append(d.PartitionList, part)
	}
	if len(l.partitions) > 0 {
		d.ReplicationFactor = len(l.partitions[0].replicas)
	}
	return d, nil
}

// byLeader groups the topic's partitions (all when only is empty) by
// leader broker; partitions without a leader are left out.
func (l topicLayout) byLeader(only []int32) map[int32][]topicPartition {
	m := map[int32][]topicPartition{}
	for _, p := range l.partitions {
		if p.leader < 0 || (len(only) > 0 && !slices.Contains(only, p.id)) {
			continue
		}
		m[p.leader] = append(m[p.leader], topicPartition{l.name, p.id})
	}
	return m
}

// offsetsAt returns, for each timestamp (earliestOffset, latestOffset or
// milliseconds since the epoch), the offset of every partition, asking
// each leader once per timestamp with all its partitions in one request.
// Leaders are asked concurrently. A partition the broker answered with an
// error for is left out of the maps; for a timestamp after the last
// record Kafka answers offset -1, which is passed on.
func (c *Client) offsetsAt(ctx context.Context, byLeader map[int32][]topicPartition, stamps ...int64) ([]map[topicPartition]int64, error) {
	out := make([]map[topicPartition]int64, len(stamps))
	for i := range out {
		out[i] = map[topicPartition]int64{}
	}
	var (
		mu   sync.Mutex
		wg   sync.WaitGroup
		errs []error
	)
	for leader, parts := range byLeader {
		for i, ts := range stamps {
			wg.Go(func() {
				got, err := c.leaderOffsets(ctx, leader, parts, ts)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					errs = append(errs, fmt.Errorf("list offsets on broker %d: %w", leader, err))
					return
				}
				for k, v := range got {
					out[i][k] = v
				}
			})
		}
	}
	wg.Wait()
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// leaderOffsets sends one list-offsets request for parts to their leader.
func (c *Client) leaderOffsets(ctx context.Context, leader int32, parts []topicPartition, ts int64) (map[topicPartition]int64, error) {
	req := &listoffsets.Request{ReplicaID: -1}
	byTopic := map[string]int{}
	for _, p := range parts {
		i, ok := byTopic[p.topic]
		if !ok {
			i = len(req.Topics)
			byTopic[p.topic] = i
			req.Topics = append(req.Topics, listoffsets.RequestTopic{Topic: p.topic})
		}
		req.Topics[i].Partitions = append(req.Topics[i].Partitions,
			listoffsets.RequestPartition{Partition: p.partition, CurrentLeaderEpoch: -1, Timestamp: ts})
	}
	res, err := c.roundTripBroker(ctx, leader, req)
	if err != nil {
		return nil, err
	}
	got := make(map[topicPartition]int64, len(parts))
	for _, t := range res.(*listoffsets.Response).Topics {
		for _, p := range t.Partitions {
			if p.ErrorCode == 0 {
				got[topicPartition{t.Topic, p.Partition}] = p.Offset
			}
		}
	}
	return got, nil
}

// CreateTopic validates the request locally, then asks the controller to
// create the topic and waits, briefly, until metadata shows it so that a
// list right after includes it.
func (c *Client) CreateTopic(ctx context.Context, t NewTopic) error {
	if err := c.createTopic(ctx, t); err != nil {
		return fmt.Errorf("create topic %q: %w", t.Name, err)
	}
	return nil
}

func (c *Client) createTopic(ctx context.Context, t NewTopic) error {
	// Everything that can be checked without the cluster is checked first;
	// only the replication factor's upper bound needs the broker count.
	if err := validateNewTopic(t, max(t.ReplicationFactor, 1)); err != nil {
		return err
	}
	md, err := c.metadata(ctx, []string{})
	if err != nil {
		return err
	}
	if err := validateNewTopic(t, len(md.Brokers)); err != nil {
		return err
	}
	req := &createtopics.Request{
		TimeoutMs: int32(c.cfg.RequestTimeout.Milliseconds()),
		Topics: []createtopics.RequestTopic{{
			Name:              t.Name,
			NumPartitions:     int32(t.Partitions),
			ReplicationFactor: int16(t.ReplicationFactor),
			Configs:           configList(t.Configs),
		}},
	}
	res, err := c.roundTripBroker(ctx, md.ControllerID, req)
	if err != nil {
		return err
	}
	for _, r := range res.(*createtopics.Response).Topics {
		if err := kafkaError(r.ErrorCode, r.ErrorMessage); err != nil {
			return err
		}
	}
	c.awaitTopic(ctx, t.Name, true)
	return nil
}

func configList(m map[string]string) []createtopics.RequestConfig {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]createtopics.RequestConfig, 0, len(keys))
	for _, k := range keys {
		out = append(out, createtopics.RequestConfig{Name: k, Value: m[k]})
	}
	return out
}

// awaitTopic polls metadata until the topic exists (or is gone), for at
// most a couple of seconds: Kafka creates and deletes topics
// asynchronously, and the caller's next list should see the change. Not
// seeing it in time is not an error; the change was accepted.
func (c *Client) awaitTopic(ctx context.Context, name string, exists bool) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	for wait := 10 * time.Millisecond; ; wait = min(wait*2, 200*time.Millisecond) {
		_, err := c.topicLayoutOf(ctx, name)
		if (err == nil) == exists || (err != nil && !errors.Is(err, kafka.UnknownTopicOrPartition) && !errors.Is(err, kafka.LeaderNotAvailable)) {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}

// DeleteTopic asks the controller to delete a topic.
func (c *Client) DeleteTopic(ctx context.Context, name string) error {
	if err := c.deleteTopic(ctx, name); err != nil {
		return fmt.Errorf("delete topic %q: %w", name, err)
	}
	return nil
}

func (c *Client) deleteTopic(ctx context.Context, name string) error {
	if name == "" {
		return fmt.Errorf("%w: topic name is empty", ErrInvalid)
	}
	md, err := c.metadata(ctx, []string{})
	if err != nil {
		return err
	}
	req := &deletetopics.Request{TopicNames: []string{name}, TimeoutMs: int32(c.cfg.RequestTimeout.Milliseconds())}
	res, err := c.roundTripBroker(ctx, md.ControllerID, req)
	if err != nil {
		return err
	}
	for _, r := range res.(*deletetopics.Response).Responses {
		if err := kafkaError(r.ErrorCode, ""); err != nil {
			return err
		}
	}
	c.forgetLayout(name)
	c.awaitTopic(ctx, name, false)
	return nil
}
