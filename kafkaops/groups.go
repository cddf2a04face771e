package kafkaops

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/protocol/describegroups"
	"github.com/segmentio/kafka-go/protocol/findcoordinator"
	"github.com/segmentio/kafka-go/protocol/listgroups"
	"github.com/segmentio/kafka-go/protocol/offsetfetch"
)

// consumerProtocol is the protocol type of consumer groups, whose member
// metadata and assignments follow Kafka's consumer protocol.
const consumerProtocol = "consumer"

// ListGroups lists the consumer groups of every broker with their state:
// one list-groups and one describe-groups request per broker.
func (c *Client) ListGroups(ctx context.Context) ([]GroupSummary, error) {
	groups, err := c.allGroups(ctx)
	if err != nil {
		return nil, fmt.Errorf("list groups: %w", err)
	}
	out := make([]GroupSummary, len(groups))
	for i, g := range groups {
		out[i] = GroupSummary{ID: g.ID, State: g.State, ProtocolType: g.ProtocolType, Coordinator: g.Coordinator}
	}
	return out, nil
}

// allGroups describes every group of every broker, members included: one
// list-groups and one describe-groups request (naming all its groups) per
// broker, brokers asked concurrently. Sorted by id.
func (c *Client) allGroups(ctx context.Context) ([]Group, error) {
	md, err := c.metadata(ctx, []string{})
	if err != nil {
		return nil, err
	}
	var (
		mu     sync.Mutex
		wg     sync.WaitGroup
		groups []Group
		errs   []error
	)
	for _, b := range md.Brokers {
		wg.Go(func() {
			gs, err := c.brokerGroups(ctx, b.NodeID)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, fmt.Errorf("broker %d: %w", b.NodeID, err))
				return
			}
			groups = append(groups, gs...)
		})
	}
	wg.Wait()
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	slices.SortFunc(groups, func(a, b Group) int { return strings.Compare(a.ID, b.ID) })
	return groups, nil
}

// brokerGroups lists the groups one broker coordinates and describes them
// all in one request.
func (c *Client) brokerGroups(ctx context.Context, broker int32) ([]Group, error) {
	res, err := c.roundTripBroker(ctx, broker, &listgroups.Request{})
	if err != nil {
		return nil, err
	}
	lg := res.(*listgroups.Response)
	if err := kafkaError(lg.ErrorCode, ""); err != nil {
		return nil, err
	}
	if len(lg.Groups) == 0 {
		return nil, nil
	}
	req := &describegroups.Request{}
	for _, g := range lg.Groups {
		req.Groups = append(req.Groups, g.GroupID)
	}
	res, err = c.roundTripBroker(ctx, broker, req)
	if err != nil {
		return nil, err
	}
	described := map[string]describegroups.ResponseGroup{}
	for _, g := range res.(*describegroups.Response).Groups {
		described[g.GroupID] = g
	}
	out := make([]Group, 0, len(lg.Groups))
	for _, g := range lg.Groups {
		dg, ok := described[g.GroupID]
		if !ok || dg.ErrorCode != 0 {
			// Listed but not described (deleted in between, or an error
			// for this one group): list what is known.
			out = append(out, Group{ID: g.GroupID, ProtocolType: g.ProtocolType, Coordinator: broker})
			continue
		}
		grp := groupOf(dg, broker)
		if grp.ProtocolType == "" {
			grp.ProtocolType = g.ProtocolType
		}
		out = append(out, grp)
	}
	return out, nil
}

// DescribeGroup returns a group's members and, per partition it has
// committed to or has assigned, the committed offset, log-end offset and
// owning member.
func (c *Client) DescribeGroup(ctx context.Context, id string) (Group, error) {
	g, err := c.describeGroup(ctx, id)
	if err != nil {
		return Group{}, fmt.Errorf("describe group %q: %w", id, err)
	}
	return g, nil
}

func (c *Client) describeGroup(ctx context.Context, id string) (Group, error) {
	if id == "" {
		return Group{}, fmt.Errorf("%w: group id is empty", ErrInvalid)
	}
	coord, err := c.coordinator(ctx, id)
	if err != nil {
		return Group{}, err
	}
	g, err := c.groupMembers(ctx, coord, id)
	if err != nil {
		return Group{}, err
	}
	committed, err := c.committedOffsets(ctx, coord, id)
	if err != nil {
		return Group{}, err
	}
	g.Lag, err = c.groupLag(ctx, g.Members, committed)
	if err != nil {
		return Group{}, err
	}
	return g, nil
}

// coordinator finds the broker that coordinates a group.
func (c *Client) coordinator(ctx context.Context, id string) (int32, error) {
	res, _, err := c.wire.roundTripAny(ctx, &findcoordinator.Request{Key: id})
	if err != nil {
		return 0, err
	}
	fc := res.(*findcoordinator.Response)
	if err := kafkaError(fc.ErrorCode, fc.ErrorMessage); err != nil {
		return 0, fmt.Errorf("find coordinator: %w", err)
	}
	return fc.NodeID, nil
}

// groupMembers describes the group on its coordinator and decodes its
// members' subscriptions and assignments.
func (c *Client) groupMembers(ctx context.Context, coord int32, id string) (Group, error) {
	res, err := c.roundTripBroker(ctx, coord, &describegroups.Request{Groups: []string{id}})
	if err != nil {
		return Group{}, err
	}
	groups := res.(*describegroups.Response).Groups
	if len(groups) != 1 {
		return Group{}, fmt.Errorf("coordinator answered %d groups for one", len(groups))
	}
	dg := groups[0]
	if err := kafkaError(dg.ErrorCode, ""); err != nil {
		return Group{}, err
	}
	// Before describe-groups v6 a missing group is answered as "Dead".
	if dg.GroupState == "Dead" {
		return Group{}, &brokerError{code: kafka.GroupIdNotFound}
	}
	return groupOf(dg, coord), nil
}

// groupOf turns a described group into a Group (no lag yet), decoding
// its members' subscriptions and assignments.
func groupOf(dg describegroups.ResponseGroup, coord int32) Group {
	g := Group{ID: dg.GroupID, State: dg.GroupState, ProtocolType: dg.ProtocolType, Protocol: dg.ProtocolData, Coordinator: coord}
	for _, m := range dg.Members {
		member := GroupMember{MemberID: m.MemberID, ClientID: m.ClientID, ClientHost: m.ClientHost}
		if dg.ProtocolType == consumerProtocol {
			// A member mid-rebalance may have no assignment yet, and other
			// clients may put anything here: show what decodes.
			member.Subscribed, _ = decodeSubscription(m.MemberMetadata)
			member.Assigned, _ = decodeAssignment(m.MemberAssignment)
		}
		g.Members = append(g.Members, member)
	}
	slices.SortFunc(g.Members, func(a, b GroupMember) int { return strings.Compare(a.MemberID, b.MemberID) })
	return g
}

// committedOffsets returns the group's committed offset per partition.
// kfake answers a group that never committed with error 69 (Group ID Not
// Found) where Kafka answers offset -1: both mean nothing is committed.
func (c *Client) committedOffsets(ctx context.Context, coord int32, id string) (map[topicPartition]int64, error) {
	res, err := c.roundTripBroker(ctx, coord, &offsetfetch.Request{GroupID: id})
	if err != nil {
		return nil, err
	}
	of := res.(*offsetfetch.Response)
	err = kafkaError(of.ErrorCode, "")
	if errors.Is(err, kafka.GroupIdNotFound) {
		return map[topicPartition]int64{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("fetch committed offsets: %w", err)
	}
	out := map[topicPartition]int64{}
	for _, t := range of.Topics {
		for _, p := range t.Partitions {
			if p.ErrorCode == 0 && p.CommittedOffset >= 0 {
				out[topicPartition{t.Name, p.PartitionIndex}] = p.CommittedOffset
			}
		}
	}
	return out, nil
}

// groupLag builds the lag table over every partition that is committed
// or assigned, with log-end offsets from one list-offsets request per
// leader.
func (c *Client) groupLag(ctx context.Context, members []GroupMember, committed map[topicPartition]int64) ([]PartitionLag, error) {
	owner := map[topicPartition]string{}
	for _, m := range members {
		for _, tp := range m.Assigned {
			owner[topicPartition{tp.Topic, int32(tp.Partition)}] = m.MemberID
		}
	}
	parts := map[topicPartition]bool{}
	topicSet := map[string]bool{}
	for tp := range committed {
		parts[tp], topicSet[tp.topic] = true, true
	}
	for tp := range owner {
		parts[tp], topicSet[tp.topic] = true, true
	}
	if len(parts) == 0 {
		return nil, nil
	}
	ends, err := c.logEnds(ctx, topicSet, parts)
	if err != nil {
		return nil, err
	}
	lags := make([]PartitionLag, 0, len(parts))
	for tp := range parts {
		off, ok := committed[tp]
		if !ok {
			off = -1
		}
		lags = append(lags, PartitionLag{
			Topic: tp.topic, Partition: int(tp.partition),
			Committed: off, HasCommitted: ok,
			LogEnd: ends[tp], MemberID: owner[tp],
		})
	}
	slices.SortFunc(lags, func(a, b PartitionLag) int {
		return cmp.Or(strings.Compare(a.Topic, b.Topic), cmp.Compare(a.Partition, b.Partition))
	})
	return lags, nil
}

// logEnds returns the high watermark of parts: one metadata request for
// their topics, then one list-offsets request per leader. Partitions of
// deleted topics are left out (LogEnd 0).
func (c *Client) logEnds(ctx context.Context, topics map[string]bool, parts map[topicPartition]bool) (map[topicPartition]int64, error) {
	leaders, err := c.partitionLeaders(ctx, topics, func(tp topicPartition) bool { return parts[tp] })
	if err != nil {
		return nil, err
	}
	byLeader := map[int32][]topicPartition{}
	for tp, leader := range leaders {
		if leader >= 0 {
			byLeader[leader] = append(byLeader[leader], tp)
		}
	}
	offs, err := c.offsetsAt(ctx, byLeader, latestOffset)
	if err != nil {
		return nil, err
	}
	return offs[0], nil
}

// decodeSubscription returns the topics of a consumer protocol
// subscription (version, topics, user data, owned partitions).
func decodeSubscription(b []byte) ([]string, error) {
	if len(b) == 0 {
		return nil, nil
	}
	r := &protoReader{b: b}
	r.int16()
	var topics []string
	for n := r.count(); n > 0 && r.err == nil; n-- {
		topics = append(topics, r.string())
	}
	return topics, r.err
}

// decodeAssignment returns the partitions of a consumer protocol
// assignment (version, [topic, [partition]], user data).
func decodeAssignment(b []byte) ([]TopicPartition, error) {
	if len(b) == 0 {
		return nil, nil
	}
	r := &protoReader{b: b}
	r.int16()
	var out []TopicPartition
	for n := r.count(); n > 0 && r.err == nil; n-- {
		topic := r.string()
		for m := r.count(); m > 0 && r.err == nil; m-- {
			out = append(out, TopicPartition{Topic: topic, Partition: int(r.int32())})
		}
	}
	slices.SortFunc(out, func(a, b TopicPartition) int {
		return cmp.Or(strings.Compare(a.Topic, b.Topic), cmp.Compare(a.Partition, b.Partition))
	})
	return out, r.err
}
