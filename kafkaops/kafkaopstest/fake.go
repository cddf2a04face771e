package kafkaopstest

import (
	"context"
	"sync"

	"kscope/kafkaops"
)

// FakeService is a kafkaops.Service for screen tests. It embeds the
// interface (nil), so a method a test did not set up panics when called;
// the fields below answer the methods the screens use. Build it with a
// struct literal or newFakeService and change fields between calls.
type FakeService struct {
	kafkaops.Service

	Mu            sync.Mutex
	Cluster       kafkaops.ClusterInfo
	ClusterErr    error
	Topics        []kafkaops.Topic
	TopicsErr     error
	Details       map[string]kafkaops.TopicDetail
	DescribeErr   error
	Configs       map[string][]kafkaops.ConfigEntry
	ConfigsErr    error
	BrokerCfgs    map[int32][]kafkaops.ConfigEntry
	BrokerCfgsErr error
	// Calls counts calls per method name.
	Calls map[string]int
}

// NewFakeService returns a fake holding the given topics, with no details
// or configs.
func NewFakeService(topics ...kafkaops.Topic) *FakeService {
	return &FakeService{Topics: topics}
}

func (f *FakeService) count(name string) {
	if f.Calls == nil {
		f.Calls = map[string]int{}
	}
	f.Calls[name]++
}

func (f *FakeService) CallCount(name string) int {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	return f.Calls[name]
}

func (f *FakeService) ClusterInfo(ctx context.Context) (kafkaops.ClusterInfo, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	f.count("ClusterInfo")
	return f.Cluster, f.ClusterErr
}

func (f *FakeService) ListTopics(ctx context.Context) ([]kafkaops.Topic, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	f.count("ListTopics")
	if f.TopicsErr != nil {
		return nil, f.TopicsErr
	}
	return append([]kafkaops.Topic(nil), f.Topics...), nil
}

func (f *FakeService) DescribeTopic(ctx context.Context, name string) (kafkaops.TopicDetail, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	f.count("DescribeTopic")
	if f.DescribeErr != nil {
		return kafkaops.TopicDetail{}, f.DescribeErr
	}
	d, ok := f.Details[name]
	if !ok {
		return kafkaops.TopicDetail{}, kafkaops.ErrNotFound
	}
	return d, nil
}

func (f *FakeService) TopicConfigs(ctx context.Context, name string) ([]kafkaops.ConfigEntry, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	f.count("TopicConfigs")
	if f.ConfigsErr != nil {
		return nil, f.ConfigsErr
	}
	return append([]kafkaops.ConfigEntry(nil), f.Configs[name]...), nil
}

func (f *FakeService) BrokerConfigs(ctx context.Context, id int32) ([]kafkaops.ConfigEntry, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	f.count("BrokerConfigs")
	if f.BrokerCfgsErr != nil {
		return nil, f.BrokerCfgsErr
	}
	c, ok := f.BrokerCfgs[id]
	if !ok {
		return nil, kafkaops.ErrNotFound
	}
	return append([]kafkaops.ConfigEntry(nil), c...), nil
}
