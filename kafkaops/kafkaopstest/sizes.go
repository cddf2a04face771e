package kafkaopstest

import (
	"context"

	"kscope/kafkaops"
)

// TopicSizes answers from DiskSizes and TopicBytes: the named topics
// (every one when none is named) that they hold. With both nil it fails
// with NoLogDirs, as a cluster without DescribeLogDirs does; SizesErr
// fails it alone.
func (f *FakeService) TopicSizes(ctx context.Context, topics ...string) (map[string]kafkaops.TopicSize, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	f.count("TopicSizes")
	var asked []string
	if len(topics) > 0 {
		asked = append([]string{}, topics...)
	}
	f.SizesAsked = append(f.SizesAsked, asked)
	if f.Err != nil {
		return nil, f.Err
	}
	if f.SizesErr != nil {
		return nil, f.SizesErr
	}
	if f.TopicBytes == nil && f.DiskSizes == nil {
		return nil, NoLogDirs
	}
	out := map[string]kafkaops.TopicSize{}
	add := func(name string) {
		if s, ok := f.DiskSizes[name]; ok {
			out[name] = s
		} else if n, ok := f.TopicBytes[name]; ok {
			out[name] = kafkaops.TopicSize{Bytes: n, ReplicaBytes: n}
		}
	}
	if len(topics) == 0 {
		for name := range f.TopicBytes {
			add(name)
		}
		for name := range f.DiskSizes {
			add(name)
		}
	}
	for _, name := range topics {
		add(name)
	}
	return out, nil
}
