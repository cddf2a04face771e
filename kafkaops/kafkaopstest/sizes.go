package kafkaopstest

import (
	"context"
	"slices"

	"kscope/kafkaops"
)

// TopicSizes answers from DiskSizes (only the named topics when some are
// named), or fails with SizesErr, so that every screen test can draw a
// topic's sizes; AdminFake's Sizes answers instead for an AdminFake.
func (f *FakeService) TopicSizes(ctx context.Context, topics ...string) (map[string]kafkaops.TopicSize, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	f.count("TopicSizes")
	if f.Err != nil {
		return nil, f.Err
	}
	if f.SizesErr != nil {
		return nil, f.SizesErr
	}
	out := map[string]kafkaops.TopicSize{}
	for name, s := range f.DiskSizes {
		if len(topics) == 0 || slices.Contains(topics, name) {
			out[name] = s
		}
	}
	return out, nil
}
