package kafkaopstest

import (
	"context"
	"sync"

	"kscope/kafkaops"
)

// CloneFake is an AdminFake that also creates topics and copies records,
// for the clone screen's tests: CreateTopic records the topic and makes
// it describable, Copy records the request and hands out Events (or
// fails with CopyErr), and says whether the copy's context was
// cancelled.
type CloneFake struct {
	*AdminFake

	cmu       sync.Mutex
	Created   []kafkaops.NewTopic
	CreateErr error
	Copies    []kafkaops.CopyRequest
	CopyErr   error
	Events    chan kafkaops.CopyEvent
	ctx       context.Context
}

// NewCloneFake returns a CloneFake over an AdminFake of the topics, whose
// Events hold up to 64 events.
func NewCloneFake(topics ...kafkaops.Topic) *CloneFake {
	return &CloneFake{AdminFake: NewAdminFake(topics...), Events: make(chan kafkaops.CopyEvent, 64)}
}

// CreateTopic records t and adds it to the fake's topics with its
// partitions, unless CreateErr is set.
func (f *CloneFake) CreateTopic(ctx context.Context, t kafkaops.NewTopic) error {
	f.cmu.Lock()
	defer f.cmu.Unlock()
	if f.CreateErr != nil {
		return f.CreateErr
	}
	f.Created = append(f.Created, t)
	f.Mu.Lock()
	defer f.Mu.Unlock()
	top := kafkaops.Topic{Name: t.Name, Partitions: t.Partitions, ReplicationFactor: t.ReplicationFactor}
	f.Topics = append(f.Topics, top)
	if f.Details == nil {
		f.Details = map[string]kafkaops.TopicDetail{}
	}
	d := kafkaops.TopicDetail{Topic: top}
	for i := range t.Partitions {
		d.PartitionList = append(d.PartitionList, kafkaops.Partition{ID: i})
	}
	f.Details[t.Name] = d
	return nil
}

// Copy records r and hands out Events, or fails with CopyErr.
func (f *CloneFake) Copy(ctx context.Context, r kafkaops.CopyRequest) (<-chan kafkaops.CopyEvent, error) {
	f.cmu.Lock()
	defer f.cmu.Unlock()
	f.Copies = append(f.Copies, r)
	f.ctx = ctx
	if f.CopyErr != nil {
		return nil, f.CopyErr
	}
	return f.Events, nil
}

// CopyCancelled reports whether the last copy's context was cancelled.
func (f *CloneFake) CopyCancelled() bool {
	f.cmu.Lock()
	defer f.cmu.Unlock()
	return f.ctx != nil && f.ctx.Err() != nil
}

var _ kafkaops.Service = (*CloneFake)(nil)

// PlanClone returns the clone as AdminFake plans it, with the topic's
// overrides (its Configs whose source is the topic) as the real one
// does.
func (f *CloneFake) PlanClone(ctx context.Context, from, to string) (kafkaops.NewTopic, error) {
	t, err := f.AdminFake.PlanClone(ctx, from, to)
	if err != nil {
		return t, err
	}
	cfgs, err := f.TopicConfigs(ctx, from)
	if err != nil {
		return t, err
	}
	for _, e := range cfgs {
		if e.Source == kafkaops.SourceTopic && !e.Sensitive {
			t.Configs[e.Name] = e.Value
		}
	}
	return t, nil
}
