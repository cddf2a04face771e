package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/twmb/franz-go/pkg/kmsg"
)

// PurgeRequest says which records of a topic to delete: those before an
// offset, or before a time, in some partitions or all.
type PurgeRequest struct {
	// Topic is the topic to purge.
	Topic string
	// Partitions are the partitions to purge; empty means every one.
	Partitions []int32
	// Before deletes the records before this time (by record timestamp)
	// when not zero; BeforeOffset is then ignored.
	Before time.Time
	// BeforeOffset deletes the records before this offset; PurgeAll (-1)
	// means every record (up to the high watermark).
	BeforeOffset int64
}

// PurgeAll is the BeforeOffset that deletes every record of a partition.
const PurgeAll int64 = -1

// PurgePlan is what a purge will delete, per partition, as the cluster
// stands now. Purge deletes exactly up to each Before.
type PurgePlan struct {
	// Topic is the topic to purge.
	Topic string
	// Partitions are the partitions the plan touches, by id.
	Partitions []PurgePartition
}

// PurgePartition is one partition of a PurgePlan.
type PurgePartition struct {
	// Partition is the partition id.
	Partition int32
	// Low and High are the log start offset and high watermark now.
	Low, High int64
	// Before is the offset records are deleted up to (exclusive): the
	// partition's new log start offset.
	Before int64
}

// Count is how many offsets the purge removes from the partition.
func (p PurgePartition) Count() int64 { return max(0, p.Before-p.Low) }

// Total is how many offsets the whole plan removes.
func (p PurgePlan) Total() int64 {
	var n int64
	for _, pp := range p.Partitions {
		n += pp.Count()
	}
	return n
}

// PurgeResult is one partition's log start offset after a purge.
type PurgeResult struct {
	// Partition is the partition id.
	Partition int32
	// Low is the partition's new log start offset.
	Low int64
}

// PlanPurge says how many records a purge would delete per partition,
// without deleting anything: one ListOffsets request per leader for the
// watermarks, one more for a time.
func (c *Client) PlanPurge(ctx context.Context, r PurgeRequest) (PurgePlan, error) {
	plan, err := c.planPurge(ctx, r)
	if err != nil {
		return PurgePlan{}, fmt.Errorf("plan purge of topic %q: %w", r.Topic, err)
	}
	return plan, nil
}

func (c *Client) planPurge(ctx context.Context, r PurgeRequest) (PurgePlan, error) {
	if r.Topic == "" {
		return PurgePlan{}, fmt.Errorf("%w: topic name is empty", ErrInvalid)
	}
	if r.Before.IsZero() && r.BeforeOffset < PurgeAll {
		return PurgePlan{}, fmt.Errorf("%w: offset %d: want an offset of 0 or more, or PurgeAll", ErrInvalid, r.BeforeOffset)
	}
	l, err := c.topicLayoutOf(ctx, r.Topic)
	if err != nil {
		return PurgePlan{}, err
	}
	for _, p := range r.Partitions {
		if !slices.ContainsFunc(l.partitions, func(pl partitionLayout) bool { return pl.id == p }) {
			return PurgePlan{}, fmt.Errorf("partition %d: %w", p, &brokerError{code: 3}) // UNKNOWN_TOPIC_OR_PARTITION
		}
	}
	stamps := []int64{earliestOffset, latestOffset}
	if !r.Before.IsZero() {
		stamps = append(stamps, r.Before.UnixMilli())
	}
	offs, err := c.offsetsAt(ctx, l.byLeader(r.Partitions), stamps...)
	if err != nil {
		return PurgePlan{}, err
	}
	plan := PurgePlan{Topic: r.Topic}
	for _, pl := range l.partitions {
		if len(r.Partitions) > 0 && !slices.Contains(r.Partitions, pl.id) {
			continue
		}
		k := topicPartition{r.Topic, pl.id}
		low, okLow := offs[0][k]
		high, okHigh := offs[1][k]
		if !okLow || !okHigh {
			return PurgePlan{}, fmt.Errorf("partition %d: no offsets from its leader", pl.id)
		}
		p := PurgePartition{Partition: pl.id, Low: low, High: high, Before: high}
		switch {
		case !r.Before.IsZero():
			// The first offset at or after the time; -1 when every
			// record is older, so all go.
			if at := offs[2][k]; at >= 0 {
				p.Before = at
			}
		case r.BeforeOffset != PurgeAll:
			p.Before = r.BeforeOffset
		}
		p.Before = min(max(p.Before, low), high)
		plan.Partitions = append(plan.Partitions, p)
	}
	return plan, nil
}

// Purge deletes the records a plan from PlanPurge shows (up to each
// partition's Before), with one DeleteRecords request per leader, and
// returns the new log start offsets. Partitions whose count is 0 are not
// sent.
func (c *Client) Purge(ctx context.Context, plan PurgePlan) ([]PurgeResult, error) {
	out, err := c.purge(ctx, plan)
	if err != nil {
		return out, fmt.Errorf("purge topic %q: %w", plan.Topic, err)
	}
	return out, nil
}

func (c *Client) purge(ctx context.Context, plan PurgePlan) ([]PurgeResult, error) {
	l, err := c.topicLayoutOf(ctx, plan.Topic)
	if err != nil {
		return nil, err
	}
	leaders := map[int32]int32{}
	for _, pl := range l.partitions {
		leaders[pl.id] = pl.leader
	}
	byLeader := map[int32]*kmsg.DeleteRecordsRequest{}
	for _, p := range plan.Partitions {
		if p.Count() == 0 {
			continue
		}
		leader, ok := leaders[p.Partition]
		if !ok || leader < 0 {
			return nil, fmt.Errorf("partition %d: no leader", p.Partition)
		}
		req := byLeader[leader]
		if req == nil {
			req = kmsg.NewPtrDeleteRecordsRequest()
			req.TimeoutMillis = int32(c.cfg.RequestTimeout.Milliseconds())
			rt := kmsg.NewDeleteRecordsRequestTopic()
			rt.Topic = plan.Topic
			req.Topics = append(req.Topics, rt)
			byLeader[leader] = req
		}
		rp := kmsg.NewDeleteRecordsRequestTopicPartition()
		rp.Partition, rp.Offset = p.Partition, p.Before
		req.Topics[0].Partitions = append(req.Topics[0].Partitions, rp)
	}
	var out []PurgeResult
	var errs []error
	defer c.forgetWatched(plan.Topic) // the counts show the purge at once
	for leader, req := range byLeader {
		resp, err := c.roundTripKmsg(ctx, leader, req)
		if err != nil {
			errs = append(errs, fmt.Errorf("delete records on broker %d: %w", leader, err))
			continue
		}
		for _, t := range resp.(*kmsg.DeleteRecordsResponse).Topics {
			for _, p := range t.Partitions {
				if err := kafkaError(p.ErrorCode, ""); err != nil {
					errs = append(errs, fmt.Errorf("partition %d: %w", p.Partition, err))
					continue
				}
				out = append(out, PurgeResult{Partition: p.Partition, Low: p.LowWatermark})
			}
		}
	}
	slices.SortFunc(out, func(a, b PurgeResult) int { return int(a.Partition - b.Partition) })
	return out, errors.Join(errs...)
}
