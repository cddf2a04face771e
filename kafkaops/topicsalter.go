package kafkaops

import (
	"context"
	"fmt"

	"github.com/segmentio/kafka-go/protocol/createpartitions"
)

// Operations of an incremental alter-configs request.
const (
	alterSet    int8 = 0
	alterDelete int8 = 1
)

// TopicAlter is a change to a topic: configs to set or to reset to their
// default, and a new, larger partition count.
type TopicAlter struct {
	Name string
	// Set maps config names to their new values.
	Set map[string]string
	// Delete lists configs to remove from the topic (back to the
	// broker's default).
	Delete []string
	// Partitions is the new partition count, 0 to leave it.
	Partitions int
}

// AlterTopic applies a change to a topic: configs with one incremental
// alter-configs request, then partitions with one create-partitions
// request, both to the controller. Kafka can only add partitions.
func (c *Client) AlterTopic(ctx context.Context, a TopicAlter) error {
	if err := c.alterTopic(ctx, a); err != nil {
		return fmt.Errorf("alter topic %q: %w", a.Name, err)
	}
	return nil
}

func (c *Client) alterTopic(ctx context.Context, a TopicAlter) error {
	if a.Name == "" {
		return fmt.Errorf("%w: topic name is empty", ErrInvalid)
	}
	if len(a.Set) == 0 && len(a.Delete) == 0 && a.Partitions == 0 {
		return fmt.Errorf("%w: nothing to change", ErrInvalid)
	}
	for _, k := range a.Delete {
		if _, ok := a.Set[k]; ok {
			return fmt.Errorf("%w: config %s is both set and deleted", ErrInvalid, k)
		}
	}
	md, err := c.metadata(ctx, []string{a.Name})
	if err != nil {
		return err
	}
	current := -1
	for _, t := range md.Topics {
		if t.Name == a.Name {
			if err := kafkaError(t.ErrorCode, ""); err != nil {
				return err
			}
			current = len(t.Partitions)
		}
	}
	if a.Partitions != 0 && a.Partitions <= current {
		return fmt.Errorf("%w: the topic has %d partitions; Kafka can only add partitions, so ask for more than %d", ErrInvalid, current, current)
	}
	if len(a.Set) > 0 || len(a.Delete) > 0 {
		if err := c.alterConfigs(ctx, md.ControllerID, a); err != nil {
			return err
		}
	}
	if a.Partitions > 0 {
		if err := c.addPartitions(ctx, md.ControllerID, a.Name, a.Partitions); err != nil {
			return err
		}
		c.forgetLayout(a.Name)
	}
	return nil
}

func (c *Client) alterConfigs(ctx context.Context, controller int32, a TopicAlter) error {
	if err := c.alterResourceConfigs(ctx, resourceTopic, a.Name, controller, ConfigAlter{Set: a.Set, Delete: a.Delete}); err != nil {
		return fmt.Errorf("configs: %w", err)
	}
	return nil
}

func (c *Client) addPartitions(ctx context.Context, controller int32, name string, total int) error {
	req := &createpartitions.Request{
		Topics:    []createpartitions.RequestTopic{{Name: name, Count: int32(total)}},
		TimeoutMs: int32(c.cfg.RequestTimeout.Milliseconds()),
	}
	out, err := c.roundTripBroker(ctx, controller, req)
	if err != nil {
		return err
	}
	for _, r := range out.(*createpartitions.Response).Results {
		if err := kafkaError(r.ErrorCode, r.ErrorMessage); err != nil {
			return fmt.Errorf("partitions: %w", err)
		}
	}
	return nil
}
