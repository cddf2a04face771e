package kafkaopstest

import (
	"context"
	"sync"

	"kscope/kafkaops"
)

// TopicGroups answers that no group has committed offsets on the topic,
// so every screen test with a plain fakeService can open a topic detail.
// groupsFake answers with groups.
func (f *FakeService) TopicGroups(ctx context.Context, topic string) ([]kafkaops.TopicGroupLag, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	f.count("TopicGroups")
	return nil, nil
}

// GroupsFake is a fakeService that also answers the consumer group
// methods from its fields, and records resets and deletions.
type GroupsFake struct {
	*FakeService

	Gmu          sync.Mutex
	Overviews    []kafkaops.GroupOverview
	OverviewsErr error
	Groups       map[string]kafkaops.Group
	GroupErr     error
	TopicLags    map[string][]kafkaops.TopicGroupLag
	// ResetChanges answers every ResetOffsets call that ResetErr does
	// not fail; ApplyErr fails only the calls that are not dry runs.
	ResetChanges []kafkaops.OffsetChange
	ResetErr     error
	ApplyErr     error
	Resets       []kafkaops.ResetRequest
	DeleteErr    error
	Deleted      []string
}

// NewGroupsFake returns a GroupsFake with no groups.
func NewGroupsFake() *GroupsFake {
	return &GroupsFake{FakeService: NewFakeService(), Groups: map[string]kafkaops.Group{}}
}

// GroupOverviews answers from Groups.
func (f *GroupsFake) GroupOverviews(ctx context.Context) ([]kafkaops.GroupOverview, error) {
	f.Gmu.Lock()
	defer f.Gmu.Unlock()
	f.FakeService.Mu.Lock()
	f.count("GroupOverviews")
	f.FakeService.Mu.Unlock()
	if f.OverviewsErr != nil {
		return nil, f.OverviewsErr
	}
	return append([]kafkaops.GroupOverview(nil), f.Overviews...), nil
}

// DescribeGroup answers the group from Groups.
func (f *GroupsFake) DescribeGroup(ctx context.Context, id string) (kafkaops.Group, error) {
	f.Gmu.Lock()
	defer f.Gmu.Unlock()
	f.FakeService.Mu.Lock()
	f.count("DescribeGroup")
	f.FakeService.Mu.Unlock()
	if f.GroupErr != nil {
		return kafkaops.Group{}, f.GroupErr
	}
	g, ok := f.Groups[id]
	if !ok {
		return kafkaops.Group{}, kafkaops.ErrNotFound
	}
	return g, nil
}

// TopicGroups answers the groups with lag on topic.
func (f *GroupsFake) TopicGroups(ctx context.Context, topic string) ([]kafkaops.TopicGroupLag, error) {
	f.Gmu.Lock()
	defer f.Gmu.Unlock()
	return append([]kafkaops.TopicGroupLag(nil), f.TopicLags[topic]...), nil
}

// ResetOffsets records r and answers the planned changes.
func (f *GroupsFake) ResetOffsets(ctx context.Context, r kafkaops.ResetRequest) ([]kafkaops.OffsetChange, error) {
	f.Gmu.Lock()
	defer f.Gmu.Unlock()
	f.Resets = append(f.Resets, r)
	if f.ResetErr != nil {
		return nil, f.ResetErr
	}
	if !r.DryRun && f.ApplyErr != nil {
		return nil, f.ApplyErr
	}
	return append([]kafkaops.OffsetChange(nil), f.ResetChanges...), nil
}

// DeleteGroup records the deletion.
func (f *GroupsFake) DeleteGroup(ctx context.Context, id string) error {
	f.Gmu.Lock()
	defer f.Gmu.Unlock()
	f.Deleted = append(f.Deleted, id)
	return f.DeleteErr
}
