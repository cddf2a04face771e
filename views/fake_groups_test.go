package views

import (
	"context"
	"sync"

	"kscope/kafkaops"
)

// TopicGroups answers that no group has committed offsets on the topic,
// so every screen test with a plain fakeService can open a topic detail.
// groupsFake answers with groups.
func (f *fakeService) TopicGroups(ctx context.Context, topic string) ([]kafkaops.TopicGroupLag, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.count("TopicGroups")
	return nil, nil
}

// groupsFake is a fakeService that also answers the consumer group
// methods from its fields, and records resets and deletions.
type groupsFake struct {
	*fakeService

	gmu          sync.Mutex
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

func newGroupsFake() *groupsFake {
	return &groupsFake{fakeService: newFakeService(), Groups: map[string]kafkaops.Group{}}
}

func (f *groupsFake) GroupOverviews(ctx context.Context) ([]kafkaops.GroupOverview, error) {
	f.gmu.Lock()
	defer f.gmu.Unlock()
	f.fakeService.mu.Lock()
	f.count("GroupOverviews")
	f.fakeService.mu.Unlock()
	if f.OverviewsErr != nil {
		return nil, f.OverviewsErr
	}
	return append([]kafkaops.GroupOverview(nil), f.Overviews...), nil
}

func (f *groupsFake) DescribeGroup(ctx context.Context, id string) (kafkaops.Group, error) {
	f.gmu.Lock()
	defer f.gmu.Unlock()
	f.fakeService.mu.Lock()
	f.count("DescribeGroup")
	f.fakeService.mu.Unlock()
	if f.GroupErr != nil {
		return kafkaops.Group{}, f.GroupErr
	}
	g, ok := f.Groups[id]
	if !ok {
		return kafkaops.Group{}, kafkaops.ErrNotFound
	}
	return g, nil
}

func (f *groupsFake) TopicGroups(ctx context.Context, topic string) ([]kafkaops.TopicGroupLag, error) {
	f.gmu.Lock()
	defer f.gmu.Unlock()
	return append([]kafkaops.TopicGroupLag(nil), f.TopicLags[topic]...), nil
}

func (f *groupsFake) ResetOffsets(ctx context.Context, r kafkaops.ResetRequest) ([]kafkaops.OffsetChange, error) {
	f.gmu.Lock()
	defer f.gmu.Unlock()
	f.Resets = append(f.Resets, r)
	if f.ResetErr != nil {
		return nil, f.ResetErr
	}
	if !r.DryRun && f.ApplyErr != nil {
		return nil, f.ApplyErr
	}
	return append([]kafkaops.OffsetChange(nil), f.ResetChanges...), nil
}

func (f *groupsFake) DeleteGroup(ctx context.Context, id string) error {
	f.gmu.Lock()
	defer f.gmu.Unlock()
	f.Deleted = append(f.Deleted, id)
	return f.DeleteErr
}
