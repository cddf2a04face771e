package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/segmentio/kafka-go/protocol/alterpartitionreassignments"
	"github.com/segmentio/kafka-go/protocol/listpartitionreassignments"
)

// Reassignment moves one partition's replicas to the given brokers (the
// first is the preferred leader); more or fewer brokers than now change
// the partition's replication factor.
type Reassignment struct {
	// Topic and Partition name the partition.
	Topic     string
	Partition int32
	// Replicas are the broker ids the partition should live on.
	Replicas []int32
}

// ReassignmentStatus is a reassignment in progress.
type ReassignmentStatus struct {
	// Topic and Partition name the partition.
	Topic     string
	Partition int32
	// Replicas are the partition's current replicas.
	Replicas []int32
	// Adding are the replicas being added, Removing those being removed.
	Adding, Removing []int32
}

// ReassignPartitions starts moving replicas with one
// AlterPartitionReassignments request to the controller. Kafka copies the
// data in the background: ListReassignments shows what is still in
// progress.
func (c *Client) ReassignPartitions(ctx context.Context, rs []Reassignment) error {
	for _, r := range rs {
		if len(r.Replicas) == 0 {
			return fmt.Errorf("reassign partitions: %w: %s[%d] has no replicas (use CancelReassignment to cancel)", ErrInvalid, r.Topic, r.Partition)
		}
		if dup := firstDuplicate(r.Replicas); dup >= 0 {
			return fmt.Errorf("reassign partitions: %w: %s[%d] names broker %d twice", ErrInvalid, r.Topic, r.Partition, dup)
		}
	}
	if err := c.alterReassignments(ctx, rs); err != nil {
		return fmt.Errorf("reassign partitions: %w", err)
	}
	return nil
}

// CancelReassignment cancels the reassignment in progress of one
// partition; Kafka answers NO_REASSIGNMENT_IN_PROGRESS when there is none.
func (c *Client) CancelReassignment(ctx context.Context, topic string, partition int32) error {
	if err := c.alterReassignments(ctx, []Reassignment{{Topic: topic, Partition: partition}}); err != nil {
		return fmt.Errorf("cancel reassignment of %s[%d]: %w", topic, partition, err)
	}
	return nil
}

func firstDuplicate(ids []int32) int32 {
	for i, id := range ids {
		if slices.Contains(ids[:i], id) {
			return id
		}
	}
	return -1
}

// alterReassignments sends one request; a nil Replicas cancels.
func (c *Client) alterReassignments(ctx context.Context, rs []Reassignment) error {
	if len(rs) == 0 {
		return fmt.Errorf("%w: no partition given", ErrInvalid)
	}
	req := &alterpartitionreassignments.Request{TimeoutMs: int32(c.cfg.RequestTimeout.Milliseconds())}
	byTopic := map[string]int{}
	for _, r := range rs {
		i, ok := byTopic[r.Topic]
		if !ok {
			i = len(req.Topics)
			byTopic[r.Topic] = i
			req.Topics = append(req.Topics, alterpartitionreassignments.RequestTopic{Name: r.Topic})
		}
		req.Topics[i].Partitions = append(req.Topics[i].Partitions,
			alterpartitionreassignments.RequestPartition{PartitionIndex: r.Partition, Replicas: r.Replicas})
	}
	md, err := c.metadata(ctx, []string{})
	if err != nil {
		return err
	}
	// Replicas and leaders move: the counts and sizes ask layouts again.
	defer func() { c.forgetLayout(slices.Collect(maps.Keys(byTopic))...) }()
	res, err := c.roundTripBroker(ctx, md.ControllerID, req)
	if err != nil {
		return err
	}
	r := res.(*alterpartitionreassignments.Response)
	if err := kafkaError(r.ErrorCode, r.ErrorMessage); err != nil {
		return err
	}
	var errs []error
	for _, t := range r.Results {
		for _, p := range t.Partitions {
			if err := kafkaError(p.ErrorCode, p.ErrorMessage); err != nil {
				errs = append(errs, fmt.Errorf("%s[%d]: %w", t.Name, p.PartitionIndex, err))
			}
		}
	}
	return errors.Join(errs...)
}

// ListReassignments returns every reassignment in progress, with one
// ListPartitionReassignments request to the controller.
func (c *Client) ListReassignments(ctx context.Context) ([]ReassignmentStatus, error) {
	out, err := c.listReassignments(ctx)
	if err != nil {
		return nil, fmt.Errorf("list reassignments: %w", err)
	}
	return out, nil
}

func (c *Client) listReassignments(ctx context.Context) ([]ReassignmentStatus, error) {
	md, err := c.metadata(ctx, []string{})
	if err != nil {
		return nil, err
	}
	req := &listpartitionreassignments.Request{TimeoutMs: int32(c.cfg.RequestTimeout.Milliseconds())} // nil Topics: all
	res, err := c.roundTripBroker(ctx, md.ControllerID, req)
	if err != nil {
		return nil, err
	}
	r := res.(*listpartitionreassignments.Response)
	if err := kafkaError(r.ErrorCode, r.ErrorMessage); err != nil {
		return nil, err
	}
	var out []ReassignmentStatus
	for _, t := range r.Topics {
		for _, p := range t.Partitions {
			out = append(out, ReassignmentStatus{Topic: t.Name, Partition: p.PartitionIndex, Replicas: p.Replicas, Adding: p.AddingReplicas, Removing: p.RemovingReplicas})
		}
	}
	slices.SortFunc(out, func(a, b ReassignmentStatus) int {
		if n := strings.Compare(a.Topic, b.Topic); n != 0 {
			return n
		}
		return int(a.Partition - b.Partition)
	})
	return out, nil
}
