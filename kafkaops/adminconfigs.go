package kafkaops

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/segmentio/kafka-go/protocol/createpartitions"
	"github.com/segmentio/kafka-go/protocol/incrementalalterconfigs"
)

// ConfigAlter is a change to the configs of a topic or a broker.
type ConfigAlter struct {
	// Set maps config names to their new values.
	Set map[string]string
	// Delete lists overrides to remove, so the config goes back to its
	// default (the broker's for a topic, the static one for a broker).
	Delete []string
	// ValidateOnly asks the broker to check the change without making it
	// (a dry run).
	ValidateOnly bool
}

// check refuses an empty or contradictory change before anything is sent.
func (a ConfigAlter) check() error {
	if len(a.Set) == 0 && len(a.Delete) == 0 {
		return fmt.Errorf("%w: nothing to change", ErrInvalid)
	}
	for _, k := range a.Delete {
		if _, ok := a.Set[k]; ok {
			return fmt.Errorf("%w: config %s is both set and deleted", ErrInvalid, k)
		}
	}
	return nil
}

// AllBrokers is the broker id that AlterBrokerConfigs takes for the
// cluster-wide default of a dynamic broker config.
const AllBrokers int32 = -1

// AlterTopicConfigs sets and resets configs of a topic with one
// IncrementalAlterConfigs request to the controller; with ValidateOnly the
// broker only checks the change.
func (c *Client) AlterTopicConfigs(ctx context.Context, topic string, a ConfigAlter) error {
	if err := c.alterResourceConfigs(ctx, resourceTopic, topic, -1, a); err != nil {
		return fmt.Errorf("%s configs of topic %q: %w", alterVerb(a.ValidateOnly), topic, err)
	}
	return nil
}

// AlterBrokerConfigs sets and resets dynamic configs of one broker (or,
// with AllBrokers, the cluster-wide default) with one
// IncrementalAlterConfigs request to that broker (the controller for
// AllBrokers).
func (c *Client) AlterBrokerConfigs(ctx context.Context, brokerID int32, a ConfigAlter) error {
	name := ""
	if brokerID != AllBrokers {
		name = strconv.Itoa(int(brokerID))
	}
	if err := c.alterResourceConfigs(ctx, resourceBroker, name, brokerID, a); err != nil {
		return fmt.Errorf("%s configs of %s: %w", alterVerb(a.ValidateOnly), brokerName(brokerID), err)
	}
	return nil
}

func brokerName(id int32) string {
	if id == AllBrokers {
		return "every broker"
	}
	return fmt.Sprintf("broker %d", id)
}

func alterVerb(validateOnly bool) string {
	if validateOnly {
		return "validate a change to"
	}
	return "alter"
}

// alterResourceConfigs sends one IncrementalAlterConfigs request for one
// resource to target (the controller when target is -1).
func (c *Client) alterResourceConfigs(ctx context.Context, typ int8, name string, target int32, a ConfigAlter) error {
	if err := a.check(); err != nil {
		return err
	}
	if typ == resourceTopic && name == "" {
		return fmt.Errorf("%w: topic name is empty", ErrInvalid)
	}
	if target < 0 {
		md, err := c.metadata(ctx, []string{})
		if err != nil {
			return err
		}
		target = md.ControllerID
	}
	res := incrementalalterconfigs.RequestResource{ResourceType: typ, ResourceName: name}
	names := make([]string, 0, len(a.Set))
	for k := range a.Set {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		res.Configs = append(res.Configs, incrementalalterconfigs.RequestConfig{Name: k, ConfigOperation: alterSet, Value: a.Set[k]})
	}
	for _, k := range a.Delete {
		res.Configs = append(res.Configs, incrementalalterconfigs.RequestConfig{Name: k, ConfigOperation: alterDelete})
	}
	req := &incrementalalterconfigs.Request{Resources: []incrementalalterconfigs.RequestResource{res}, ValidateOnly: a.ValidateOnly}
	out, err := c.roundTripBroker(ctx, target, req)
	if err != nil {
		return err
	}
	for _, r := range out.(*incrementalalterconfigs.Response).Responses {
		if err := kafkaError(r.ErrorCode, r.ErrorMessage); err != nil {
			return err
		}
	}
	return nil
}

// CreatePartitions raises a topic's partition count to total with one
// CreatePartitions request to the controller; with validateOnly the
// broker only checks it. Kafka can only add partitions, and records with
// a key will then map to other partitions than before.
func (c *Client) CreatePartitions(ctx context.Context, topic string, total int, validateOnly bool) error {
	if err := c.createPartitions(ctx, topic, total, validateOnly); err != nil {
		return fmt.Errorf("%s topic %q to %d partitions: %w", map[bool]string{false: "grow", true: "validate growing"}[validateOnly], topic, total, err)
	}
	return nil
}

func (c *Client) createPartitions(ctx context.Context, topic string, total int, validateOnly bool) error {
	l, err := c.topicLayoutOf(ctx, topic)
	if err != nil {
		return err
	}
	if total <= len(l.partitions) {
		return fmt.Errorf("%w: the topic has %d partitions; Kafka can only add partitions, so ask for more than %d", ErrInvalid, len(l.partitions), len(l.partitions))
	}
	md, err := c.metadata(ctx, []string{})
	if err != nil {
		return err
	}
	req := &createpartitions.Request{
		Topics:       []createpartitions.RequestTopic{{Name: topic, Count: int32(total)}},
		TimeoutMs:    int32(c.cfg.RequestTimeout.Milliseconds()),
		ValidateOnly: validateOnly,
	}
	out, err := c.roundTripBroker(ctx, md.ControllerID, req)
	if err != nil {
		return err
	}
	for _, r := range out.(*createpartitions.Response).Results {
		if err := kafkaError(r.ErrorCode, r.ErrorMessage); err != nil {
			return err
		}
	}
	if !validateOnly {
		c.forgetLayout(topic)
	}
	return nil
}
