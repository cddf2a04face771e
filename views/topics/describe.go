package topics

import "kscope/kafkaops"

// describeState is what the topic screens know from DescribeTopic.
type describeState struct {
	id     uint64
	loaded bool // DescribeTopic succeeded at least once
	err    error
	detail kafkaops.TopicDetail
}

// messages sums the partitions' messages (the topic's own count when the
// partition list is empty).
func (s *describeState) messages() int64 {
	if len(s.detail.PartitionList) == 0 {
		return s.detail.Messages
	}
	var n int64
	for _, p := range s.detail.PartitionList {
		n += p.Messages()
	}
	return n
}
