package topics

import (
	"strings"

	"kscope/kafkaops"
)

// createDefaults is what the cluster says a new topic gets when a field
// is left empty, and how many brokers it has (all 0 until known).
type createDefaults struct {
	id uint64
	kafkaops.TopicDefaults
	err error
}

// partitions is the partition count an empty field means.
func (d *createDefaults) partitions() int { return max(d.Partitions, 1) }

// replicationFactor is the replication factor an empty field means: the
// cluster's default.replication.factor when the cluster has that many
// brokers, else 1.
func (d *createDefaults) replicationFactor() int {
	if d.ReplicationFactor >= 1 && (d.Brokers == 0 || d.ReplicationFactor <= d.Brokers) {
		return d.ReplicationFactor
	}
	return 1
}

// knownNames are the cluster's topic names, for the "already exists" and
// metric-name collision warnings; nil until loaded.
type knownNames struct {
	id       uint64
	existing map[string]bool
	metric   map[string]string // name with '.' as '_' → existing name
}

// set replaces the names.
func (k *knownNames) set(names []string) {
	k.existing = make(map[string]bool, len(names))
	k.metric = make(map[string]string, len(names))
	for _, n := range names {
		k.existing[n] = true
		k.metric[strings.ReplaceAll(n, ".", "_")] = n
	}
}

// createRequest is the create request's progress.
type createRequest struct {
	id        uint64
	inFlight  bool              // sent, the broker has not answered
	submitted bool              // a submit was tried: empty fields are errors now
	failure   string            // the last create's error, in words
	last      kafkaops.NewTopic // what was last sent
}
