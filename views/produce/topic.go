package produce

import (
	"slices"
	"strings"

	"kscope/kafkaops"
)

// topicNames are the cluster's topic names, which the topic field
// completes; the list is nil until loaded.
type topicNames struct {
	id   uint64
	list []string // sorted, internal topics left out
}

// topicInfo is what a record for the typed topic is checked against.
type topicInfo struct {
	id    uint64
	topic string // the topic the limits are about
	kafkaops.TopicLimits
	err error
}

// topicCompletion returns the first topic name the topic field is a
// strict prefix of, "" if none.
func (p *Produce) topicCompletion() string {
	v := p.form.topic.Value()
	if v == "" || slices.Contains(p.names.list, v) {
		return ""
	}
	for _, n := range p.names.list {
		if strings.HasPrefix(n, v) {
			return n
		}
	}
	return ""
}
