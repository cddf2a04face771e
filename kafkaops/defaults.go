package kafkaops

import (
	"context"
	"strconv"
	"strings"
)

// TopicDefaults is what a create request without a partition count or a
// replication factor falls back to on a cluster.
type TopicDefaults struct {
	// Brokers is the number of brokers in the cluster: the most a
	// replication factor can be.
	Brokers int
	// BrokerID is the broker whose configs were read: the controller, or
	// the first broker when the controller is not listed.
	BrokerID int32
	// Partitions is the broker's num.partitions; 0 when it did not say.
	Partitions int
	// ReplicationFactor is the broker's default.replication.factor; 0
	// when it did not say.
	ReplicationFactor int
}

// ClusterDefaults asks svc for the cluster's brokers and the topic
// defaults of its controller. When the broker count is known but the
// configs cannot be read, it returns the count with the error, so a form
// can still bound the replication factor.
func ClusterDefaults(ctx context.Context, svc Service) (TopicDefaults, error) {
	info, err := svc.ClusterInfo(ctx)
	if err != nil {
		return TopicDefaults{}, err
	}
	d := TopicDefaults{Brokers: len(info.Brokers)}
	if len(info.Brokers) == 0 {
		return d, nil
	}
	// The controller's defaults are the ones that apply to a create; any
	// broker's will do if it is not listed.
	d.BrokerID = info.Brokers[0].ID
	for _, b := range info.Brokers {
		if b.ID == info.ControllerID {
			d.BrokerID = b.ID
		}
	}
	cfgs, err := svc.BrokerConfigs(ctx, d.BrokerID)
	if err != nil {
		return d, err
	}
	for _, e := range cfgs {
		n, err := strconv.Atoi(strings.TrimSpace(e.Value))
		if err != nil {
			continue
		}
		switch e.Name {
		case "num.partitions":
			d.Partitions = n
		case "default.replication.factor":
			d.ReplicationFactor = n
		}
	}
	return d, nil
}

// TopicLimits is what a record sent to a topic is checked against.
type TopicLimits struct {
	// Partitions is the topic's partition count.
	Partitions int
	// MaxMessageBytes is the topic's max.message.bytes; 0 when unknown.
	MaxMessageBytes int64
}

// ProduceLimits asks svc for the partition count and max.message.bytes of
// the topic name. A topic that cannot be described is an error; configs
// that cannot be read only leave MaxMessageBytes at 0.
func ProduceLimits(ctx context.Context, svc Service, name string) (TopicLimits, error) {
	d, err := svc.DescribeTopic(ctx, name)
	if err != nil {
		return TopicLimits{}, err
	}
	l := TopicLimits{Partitions: d.Partitions}
	if n := len(d.PartitionList); n > 0 {
		l.Partitions = n
	}
	if cfgs, err := svc.TopicConfigs(ctx, name); err == nil {
		for _, c := range cfgs {
			if c.Name == "max.message.bytes" {
				l.MaxMessageBytes, _ = strconv.ParseInt(c.Value, 10, 64)
			}
		}
	}
	return l, nil
}
