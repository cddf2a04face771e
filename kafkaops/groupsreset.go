package kafkaops

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/protocol/deletegroups"
	"github.com/segmentio/kafka-go/protocol/offsetcommit"
)

// ResetKind says where ResetOffsets moves a group's offsets to.
type ResetKind int

// The targets of an offset reset.
const (
	// ResetEarliest moves to the log start offset.
	ResetEarliest ResetKind = iota
	// ResetLatest moves to the log end offset (nothing left to read).
	ResetLatest
	// ResetTime moves to the first record at or after ResetRequest.Time
	// (the log end when there is none).
	ResetTime
	// ResetOffset moves to ResetRequest.Offset.
	ResetOffset
	// ResetShift moves the committed offset by ResetRequest.Offset
	// (negative to re-read).
	ResetShift
)

// String names the kind for messages.
func (k ResetKind) String() string {
	switch k {
	case ResetEarliest:
		return "earliest"
	case ResetLatest:
		return "latest"
	case ResetTime:
		return "time"
	case ResetOffset:
		return "offset"
	case ResetShift:
		return "shift"
	}
	return fmt.Sprintf("ResetKind(%d)", int(k))
}

// AllPartitions, as ResetRequest.Partition, means every partition of the
// topic.
const AllPartitions = -1

// ResetRequest says whose offsets to move, which ones and where to.
type ResetRequest struct {
	Group string
	// Topic limits the reset to one topic; "" means every topic the group
	// has committed offsets on.
	Topic string
	// Partition limits the reset to one partition of Topic, or
	// AllPartitions.
	Partition int
	Kind      ResetKind
	// Offset is the target of ResetOffset or the delta of ResetShift.
	Offset int64
	// Time is the timestamp of ResetTime.
	Time time.Time
	// DryRun computes the changes without committing them.
	DryRun bool
}

// OffsetChange is one partition's move in an offset reset.
type OffsetChange struct {
	Topic     string
	Partition int
	// Current is the committed offset before the reset, or -1 when
	// HasCurrent is false.
	Current    int64
	HasCurrent bool
	// New is the offset after the reset, clamped to [LogStart, LogEnd].
	New      int64
	LogStart int64
	LogEnd   int64
}

// LagAfter returns the lag the partition has after the reset.
func (o OffsetChange) LagAfter() int64 { return max(o.LogEnd-o.New, 0) }

// ErrGroupActive marks an operation refused because the group has active
// members: Kafka only lets offsets be reset, and groups be deleted, while
// no consumer is in the group.
var ErrGroupActive = errors.New("group has active members")

// groupActiveError says why a reset or delete was refused: the members
// seen before asking, or the broker's own refusal (cause).
type groupActiveError struct {
	group   string
	members int
	state   string
	cause   error // the broker's error, nil when refused before asking
}

func (e *groupActiveError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "group %q ", e.group)
	switch {
	case e.members > 0:
		fmt.Fprintf(&b, "has %d active member", e.members)
		if e.members > 1 {
			b.WriteString("s")
		}
		if e.state != "" {
			fmt.Fprintf(&b, " (%s)", e.state)
		}
	case e.state != "":
		fmt.Fprintf(&b, "is %s, not empty", e.state)
	default:
		b.WriteString("has active members")
	}
	b.WriteString(": stop its consumers first")
	if e.cause != nil {
		fmt.Fprintf(&b, " (broker: %v)", e.cause)
	}
	return b.String()
}

func (e *groupActiveError) Unwrap() []error {
	if e.cause == nil {
		return []error{ErrGroupActive}
	}
	return []error{ErrGroupActive, e.cause}
}

// IsGroupActive reports whether err means the group has active members
// (refused by kscope's own check or by the broker).
func IsGroupActive(err error) bool { return errors.Is(err, ErrGroupActive) }

// busyCodes are the broker's answers to a commit or delete that a group's
// live members forbid.
var busyCodes = []kafka.Error{kafka.UnknownMemberId, kafka.IllegalGeneration, kafka.RebalanceInProgress, kafka.NonEmptyGroup}

// asGroupActive wraps a broker error that means "the group is in use" so
// IsGroupActive sees it; other errors pass through.
func asGroupActive(group string, err error) error {
	for _, code := range busyCodes {
		if errors.Is(err, code) {
			return &groupActiveError{group: group, cause: err}
		}
	}
	return err
}

// ResetOffsets moves a group's committed offsets. It finds the group's
// coordinator, refuses while the group has members, computes the new
// offsets (list-offsets per leader for log start, log end and, for
// ResetTime, the timestamp), and unless r.DryRun commits them with an
// offset-commit as an admin does (generation -1, no member id).
func (c *Client) ResetOffsets(ctx context.Context, r ResetRequest) ([]OffsetChange, error) {
	changes, err := c.resetOffsets(ctx, r)
	if err != nil {
		return nil, fmt.Errorf("reset offsets of group %q: %w", r.Group, err)
	}
	return changes, nil
}

func (c *Client) resetOffsets(ctx context.Context, r ResetRequest) ([]OffsetChange, error) {
	if err := validateReset(r); err != nil {
		return nil, err
	}
	coord, err := c.coordinator(ctx, r.Group)
	if err != nil {
		return nil, err
	}
	if err := c.ensureEmpty(ctx, coord, r.Group); err != nil {
		return nil, err
	}
	committed, err := c.committedOffsets(ctx, coord, r.Group)
	if err != nil {
		return nil, err
	}
	parts, err := c.resetScope(ctx, r, committed)
	if err != nil {
		return nil, err
	}
	byLeader := map[int32][]topicPartition{}
	for tp, leader := range parts {
		byLeader[leader] = append(byLeader[leader], tp)
	}
	stamps := []int64{earliestOffset, latestOffset}
	if r.Kind == ResetTime {
		stamps = append(stamps, r.Time.UnixMilli())
	}
	offs, err := c.offsetsAt(ctx, byLeader, stamps...)
	if err != nil {
		return nil, err
	}
	changes := make([]OffsetChange, 0, len(parts))
	for tp := range parts {
		low, okLow := offs[0][tp]
		high, okHigh := offs[1][tp]
		if !okLow || !okHigh {
			return nil, fmt.Errorf("no offsets for %s/%d (leader unavailable?)", tp.topic, tp.partition)
		}
		cur, has := committed[tp]
		ch := OffsetChange{Topic: tp.topic, Partition: int(tp.partition), Current: -1, HasCurrent: has, LogStart: low, LogEnd: high}
		if has {
			ch.Current = cur
		}
		var target int64
		switch r.Kind {
		case ResetEarliest:
			target = low
		case ResetLatest:
			target = high
		case ResetTime:
			target = high // no record at or after the time: nothing to read
			if at, ok := offs[2][tp]; ok && at >= 0 {
				target = at
			}
		case ResetOffset:
			target = r.Offset
		case ResetShift:
			if !has {
				return nil, fmt.Errorf("%w: %s/%d has no committed offset to shift from", ErrInvalid, tp.topic, tp.partition)
			}
			target = cur + r.Offset
		}
		ch.New = min(max(target, low), high)
		changes = append(changes, ch)
	}
	slices.SortFunc(changes, func(a, b OffsetChange) int {
		return cmp.Or(strings.Compare(a.Topic, b.Topic), cmp.Compare(a.Partition, b.Partition))
	})
	if r.DryRun {
		return changes, nil
	}
	if err := c.commitAdmin(ctx, coord, r.Group, changes); err != nil {
		return nil, err
	}
	return changes, nil
}

func validateReset(r ResetRequest) error {
	switch {
	case r.Group == "":
		return fmt.Errorf("%w: group id is empty", ErrInvalid)
	case r.Kind < ResetEarliest || r.Kind > ResetShift:
		return fmt.Errorf("%w: unknown reset kind %d", ErrInvalid, int(r.Kind))
	case r.Partition != AllPartitions && r.Partition < 0:
		return fmt.Errorf("%w: partition %d", ErrInvalid, r.Partition)
	case r.Partition != AllPartitions && r.Topic == "":
		return fmt.Errorf("%w: a partition needs its topic", ErrInvalid)
	case r.Kind == ResetTime && r.Time.IsZero():
		return fmt.Errorf("%w: reset to a time needs the time", ErrInvalid)
	case r.Kind == ResetOffset && r.Offset < 0:
		return fmt.Errorf("%w: offset %d is negative", ErrInvalid, r.Offset)
	}
	return nil
}

// ensureEmpty describes the group and refuses when it has members or is
// rebalancing. A group the coordinator does not know is empty: committing
// creates it.
func (c *Client) ensureEmpty(ctx context.Context, coord int32, id string) error {
	g, err := c.groupMembers(ctx, coord, id)
	if IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(g.Members) > 0 || (g.State != "Empty" && g.State != "Dead" && g.State != "") {
		return &groupActiveError{group: id, members: len(g.Members), state: g.State}
	}
	return nil
}

// resetScope returns the partitions a reset covers, with their leaders:
// one partition, every partition of one topic, or every partition the
// group committed to.
func (c *Client) resetScope(ctx context.Context, r ResetRequest, committed map[topicPartition]int64) (map[topicPartition]int32, error) {
	if r.Topic != "" {
		l, err := c.topicLayoutOf(ctx, r.Topic)
		if err != nil {
			return nil, fmt.Errorf("topic %q: %w", r.Topic, err)
		}
		out := map[topicPartition]int32{}
		for _, p := range l.partitions {
			if r.Partition == AllPartitions || int(p.id) == r.Partition {
				out[topicPartition{r.Topic, p.id}] = p.leader
			}
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("%w: topic %q has no partition %d", ErrNotFound, r.Topic, r.Partition)
		}
		return out, nil
	}
	if len(committed) == 0 {
		return nil, fmt.Errorf("%w: the group has no committed offsets; choose a topic to reset", ErrInvalid)
	}
	topics := map[string]bool{}
	for tp := range committed {
		topics[tp.topic] = true
	}
	out, err := c.partitionLeaders(ctx, topics, func(tp topicPartition) bool {
		_, ok := committed[tp]
		return ok
	})
	if err != nil {
		return nil, err
	}
	// Committed offsets of deleted topics cannot be moved anywhere.
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: the group's topics no longer exist", ErrNotFound)
	}
	return out, nil
}

// commitAdmin commits changes for a group with no members, as Kafka's
// admin tools do: generation -1 and an empty member id, sent to the
// coordinator. A per-partition error fails the call; "the group is in
// use" errors read as such.
func (c *Client) commitAdmin(ctx context.Context, coord int32, group string, changes []OffsetChange) error {
	req := &offsetcommit.Request{GroupID: group, GenerationID: -1, RetentionTimeMs: -1}
	byTopic := map[string]int{}
	for _, ch := range changes {
		i, ok := byTopic[ch.Topic]
		if !ok {
			i = len(req.Topics)
			byTopic[ch.Topic] = i
			req.Topics = append(req.Topics, offsetcommit.RequestTopic{Name: ch.Topic})
		}
		req.Topics[i].Partitions = append(req.Topics[i].Partitions, offsetcommit.RequestPartition{
			PartitionIndex: int32(ch.Partition), CommittedOffset: ch.New, CommittedLeaderEpoch: -1,
		})
	}
	res, err := c.roundTripBroker(ctx, coord, req)
	if err != nil {
		return err
	}
	var errs []error
	for _, t := range res.(*offsetcommit.Response).Topics {
		for _, p := range t.Partitions {
			if err := kafkaError(p.ErrorCode, ""); err != nil {
				errs = append(errs, fmt.Errorf("commit %s/%d: %w", t.Name, p.PartitionIndex, err))
			}
		}
	}
	if len(errs) > 0 {
		return asGroupActive(group, errs[0])
	}
	return nil
}

// DeleteGroup deletes a group and its committed offsets. It refuses while
// the group has members (Kafka refuses too, with Non Empty Group).
func (c *Client) DeleteGroup(ctx context.Context, id string) error {
	if err := c.deleteGroup(ctx, id); err != nil {
		return fmt.Errorf("delete group %q: %w", id, err)
	}
	return nil
}

func (c *Client) deleteGroup(ctx context.Context, id string) error {
	if id == "" {
		return fmt.Errorf("%w: group id is empty", ErrInvalid)
	}
	coord, err := c.coordinator(ctx, id)
	if err != nil {
		return err
	}
	if _, err := c.groupMembers(ctx, coord, id); err != nil {
		return err // not found stays not found
	}
	if err := c.ensureEmpty(ctx, coord, id); err != nil {
		return err
	}
	res, err := c.roundTripBroker(ctx, coord, &deletegroups.Request{GroupIDs: []string{id}})
	if err != nil {
		return err
	}
	for _, g := range res.(*deletegroups.Response).Responses {
		if g.GroupID != id {
			continue
		}
		return asGroupActive(id, kafkaError(g.ErrorCode, ""))
	}
	return fmt.Errorf("the coordinator did not answer for the group")
}
