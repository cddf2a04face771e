package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/protocol"
	"github.com/segmentio/kafka-go/protocol/produce"
)

// Produce writes one record and says where it landed. With AnyPartition a
// record with a key (even an empty one) goes where Kafka's default
// partitioner would put it (murmur2 of the key), so kafka-python, the Java
// client and kscope agree; a record with a nil key goes round-robin.
func (c *Client) Produce(ctx context.Context, r ProduceRequest) (ProduceResult, error) {
	res, err := c.produceOnce(ctx, []ProduceRequest{r})
	if isStaleRouting(err) {
		// A leader moved or the topic was recreated since the layout was
		// cached: the record was not written, so one retry is safe.
		res, err = c.produceOnce(ctx, []ProduceRequest{r})
	}
	if err != nil {
		return ProduceResult{}, fmt.Errorf("produce to %q: %w", r.Topic, err)
	}
	return res[0], nil
}

// ProduceBatch writes records with one produce request per leader broker
// and returns where each landed, in order.
func (c *Client) ProduceBatch(ctx context.Context, rs []ProduceRequest) ([]ProduceResult, error) {
	if len(rs) == 0 {
		return nil, nil
	}
	res, err := c.produceOnce(ctx, rs)
	if err != nil {
		return nil, fmt.Errorf("produce %d records: %w", len(rs), err)
	}
	return res, nil
}

func isStaleRouting(err error) bool {
	return errors.Is(err, kafka.NotLeaderForPartition) || errors.Is(err, kafka.LeaderNotAvailable) ||
		errors.Is(err, kafka.UnknownTopicOrPartition)
}

// placed is one record with the partition and leader chosen for it.
type placed struct {
	index     int // in the caller's slice
	partition int32
	leader    int32
}

func (c *Client) produceOnce(ctx context.Context, rs []ProduceRequest) ([]ProduceResult, error) {
	places := make([]placed, len(rs))
	for i, r := range rs {
		p, err := c.place(ctx, r)
		if err != nil {
			return nil, err
		}
		p.index = i
		places[i] = p
	}
	byLeader := map[int32][]placed{}
	for _, p := range places {
		byLeader[p.leader] = append(byLeader[p.leader], p)
	}
	results := make([]ProduceResult, len(rs))
	now := time.Now()
	for leader, ps := range byLeader {
		if err := c.produceTo(ctx, leader, rs, ps, now, results); err != nil {
			return nil, err
		}
	}
	return results, nil
}

// place validates a record and picks its partition and that partition's
// leader from the cached layout.
func (c *Client) place(ctx context.Context, r ProduceRequest) (placed, error) {
	if r.Topic == "" {
		return placed{}, fmt.Errorf("%w: topic name is empty", ErrInvalid)
	}
	l, err := c.cachedLayout(ctx, r.Topic)
	if err != nil {
		return placed{}, err
	}
	n := len(l.partitions)
	if n == 0 {
		return placed{}, &brokerError{code: kafka.LeaderNotAvailable, msg: "topic has no partitions"}
	}
	part := r.Partition
	switch {
	case part == AnyPartition && r.Key != nil:
		part = kafka.Murmur2Balancer{Consistent: true}.Balance(kafka.Message{Key: r.Key}, partitionIDs(n)...)
	case part == AnyPartition:
		part = int(c.roundRobin.Add(1) % uint32(n))
	case part < 0 || part >= n:
		return placed{}, fmt.Errorf("%w: partition %d does not exist, the topic has %d (0 to %d)", ErrInvalid, part, n, n-1)
	}
	pl := l.partitions[part]
	if pl.leader < 0 {
		return placed{}, &brokerError{code: kafka.LeaderNotAvailable, msg: fmt.Sprintf("partition %d has no leader", part)}
	}
	return placed{partition: pl.id, leader: pl.leader}, nil
}

func partitionIDs(n int) []int {
	ids := make([]int, n)
	for i := range ids {
		ids[i] = i
	}
	return ids
}

// produceTo sends the records placed on one leader in one request and
// fills in their results.
func (c *Client) produceTo(ctx context.Context, leader int32, rs []ProduceRequest, ps []placed, now time.Time, results []ProduceResult) error {
	type key struct {
		topic     string
		partition int32
	}
	groups := map[key][]placed{}
	var order []key
	for _, p := range ps {
		k := key{rs[p.index].Topic, p.partition}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], p)
	}
	req := &produce.Request{Acks: -1, Timeout: int32(c.cfg.RequestTimeout.Milliseconds())}
	topicIndex := map[string]int{}
	for _, k := range order {
		i, ok := topicIndex[k.topic]
		if !ok {
			i = len(req.Topics)
			topicIndex[k.topic] = i
			req.Topics = append(req.Topics, produce.RequestTopic{Topic: k.topic})
		}
		recs := make([]protocol.Record, 0, len(groups[k]))
		for _, p := range groups[k] {
			recs = append(recs, wireRecord(rs[p.index], now))
		}
		req.Topics[i].Partitions = append(req.Topics[i].Partitions, produce.RequestPartition{
			Partition: k.partition,
			RecordSet: protocol.RecordSet{Version: 2, Records: protocol.NewRecordReader(recs...)},
		})
	}
	res, err := c.roundTripBroker(ctx, leader, req)
	if err != nil {
		return err
	}
	for _, t := range res.(*produce.Response).Topics {
		for _, p := range t.Partitions {
			if err := kafkaError(p.ErrorCode, p.ErrorMessage); err != nil {
				if isStaleRouting(err) {
					c.forgetLayout(t.Topic)
				}
				return fmt.Errorf("partition %d: %w", p.Partition, err)
			}
			for i, pl := range groups[key{t.Topic, p.Partition}] {
				results[pl.index] = ProduceResult{Partition: int(p.Partition), Offset: p.BaseOffset + int64(i)}
			}
		}
	}
	return nil
}

func wireRecord(r ProduceRequest, now time.Time) protocol.Record {
	if !r.Timestamp.IsZero() {
		now = r.Timestamp
	}
	rec := protocol.Record{Time: now, Key: protocol.NewBytes(r.Key), Value: protocol.NewBytes(r.Value)}
	for _, h := range r.Headers {
		rec.Headers = append(rec.Headers, protocol.Header{Key: h.Key, Value: h.Value})
	}
	return rec
}
