package kafkaopstest

import (
	"context"
	"slices"
	"strings"
	"sync"

	"kscope/kafkaops"
)

// FakeService is the kafkaops.Service of every screen and app test. It
// embeds the interface (nil), so a method a test did not set up panics
// when called; the fields below answer the methods the screens use. Build
// it with a struct literal or NewFakeService and change fields between
// calls (holding Mu, or through SetErr, while the app runs).
type FakeService struct {
	kafkaops.Service

	Mu sync.Mutex
	// Err, when set, fails every call, as a cluster that went away does.
	Err error
	// Closed says whether Close was called.
	Closed        bool
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
	// OffsetsAsked holds the names of each TopicOffsets call, in order.
	OffsetsAsked [][]string
	// TopicBytes is what TopicSizes answers, by topic (Bytes only), and
	// DiskSizes the same with every figure; with both nil it answers as a
	// cluster without DescribeLogDirs. SizesAsked holds the names of each
	// TopicSizes call (nil: every topic).
	TopicBytes map[string]int64
	DiskSizes  map[string]kafkaops.TopicSize
	SizesAsked [][]string
	// SizesErr, when set, fails TopicSizes alone.
	SizesErr error
	// Calls counts calls per method name.
	Calls map[string]int
	// namesHeld, when set, keeps ListTopicNames waiting (holdnames.go).
	namesHeld chan struct{}
}

// NewFakeService returns a fake holding the given topics, with no details
// or configs.
func NewFakeService(topics ...kafkaops.Topic) *FakeService {
	return &FakeService{Topics: topics}
}

// count records a call of the named method.
func (f *FakeService) count(name string) {
	if f.Calls == nil {
		f.Calls = map[string]int{}
	}
	f.Calls[name]++
}

// SetErr makes every later call fail with err (nil: answer again).
func (f *FakeService) SetErr(err error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	f.Err = err
}

// Close records that the service was closed.
func (f *FakeService) Close() error {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	f.Closed = true
	return nil
}

// CallCount returns how many times the named method was called.
func (f *FakeService) CallCount(name string) int {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	return f.Calls[name]
}

// ClusterInfo answers from the fake's fields.
func (f *FakeService) ClusterInfo(ctx context.Context) (kafkaops.ClusterInfo, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	f.count("ClusterInfo")
	if f.Err != nil {
		return kafkaops.ClusterInfo{}, f.Err
	}
	return f.Cluster, f.ClusterErr
}

// ListTopics answers from the fake's fields.
func (f *FakeService) ListTopics(ctx context.Context) ([]kafkaops.Topic, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	f.count("ListTopics")
	if f.Err != nil {
		return nil, f.Err
	}
	if f.TopicsErr != nil {
		return nil, f.TopicsErr
	}
	return sortedByName(append([]kafkaops.Topic(nil), f.Topics...)), nil
}

// DescribeTopic answers from the fake's fields.
func (f *FakeService) DescribeTopic(ctx context.Context, name string) (kafkaops.TopicDetail, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	f.count("DescribeTopic")
	if f.Err != nil {
		return kafkaops.TopicDetail{}, f.Err
	}
	if f.DescribeErr != nil {
		return kafkaops.TopicDetail{}, f.DescribeErr
	}
	d, ok := f.Details[name]
	if !ok {
		return kafkaops.TopicDetail{}, kafkaops.ErrNotFound
	}
	return d, nil
}

// TopicConfigs answers from the fake's fields.
func (f *FakeService) TopicConfigs(ctx context.Context, name string) ([]kafkaops.ConfigEntry, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	f.count("TopicConfigs")
	if f.Err != nil {
		return nil, f.Err
	}
	if f.ConfigsErr != nil {
		return nil, f.ConfigsErr
	}
	return append([]kafkaops.ConfigEntry(nil), f.Configs[name]...), nil
}

// BrokerConfigs answers from the fake's fields.
func (f *FakeService) BrokerConfigs(ctx context.Context, id int32) ([]kafkaops.ConfigEntry, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	f.count("BrokerConfigs")
	if f.Err != nil {
		return nil, f.Err
	}
	if f.BrokerCfgsErr != nil {
		return nil, f.BrokerCfgsErr
	}
	c, ok := f.BrokerCfgs[id]
	if !ok {
		return nil, kafkaops.ErrNotFound
	}
	return append([]kafkaops.ConfigEntry(nil), c...), nil
}

// ListTopicNames answers from the fake's fields with every Messages zero,
// as the real metadata-only listing does.
func (f *FakeService) ListTopicNames(ctx context.Context) ([]kafkaops.Topic, error) {
	if err := f.waitNames(ctx); err != nil {
		return nil, err
	}
	f.Mu.Lock()
	defer f.Mu.Unlock()
	f.count("ListTopicNames")
	if f.Err != nil {
		return nil, f.Err
	}
	if f.TopicsErr != nil {
		return nil, f.TopicsErr
	}
	out := append([]kafkaops.Topic(nil), f.Topics...)
	for i := range out {
		out[i].Messages = 0
	}
	return sortedByName(out), nil
}

// sortedByName sorts topics by name, as the client lists them.
func sortedByName(topics []kafkaops.Topic) []kafkaops.Topic {
	byName := func(a, b kafkaops.Topic) int { return strings.Compare(a.Name, b.Name) }
	if !slices.IsSortedFunc(topics, byName) {
		slices.SortFunc(topics, byName)
	}
	return topics
}

// TopicOffsets answers with the Messages of the named topics in Topics
// and records the names it was asked for in OffsetsAsked.
func (f *FakeService) TopicOffsets(ctx context.Context, names []string) (map[string]int64, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	f.count("TopicOffsets")
	f.OffsetsAsked = append(f.OffsetsAsked, append([]string(nil), names...))
	if f.Err != nil {
		return nil, f.Err
	}
	if f.TopicsErr != nil {
		return nil, f.TopicsErr
	}
	asked := make(map[string]bool, len(names))
	for _, n := range names {
		asked[n] = true
	}
	out := map[string]int64{}
	for _, t := range f.Topics {
		if asked[t.Name] {
			out[t.Name] = t.Messages
		}
	}
	return out, nil
}

// NoLogDirs is the error TopicSizes gives on a cluster without
// DescribeLogDirs; set it as SizesErr.
var NoLogDirs error = &kafkaops.FeatureError{API: "DescribeLogDirs", Missing: true}
