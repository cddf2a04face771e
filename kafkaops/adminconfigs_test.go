package kafkaops_test

import (
	"errors"
	"strconv"
	"testing"

	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kmsg"

	"kscope/kafkaops"
)

func TestAlterTopicConfigsDryRunSetAndReset(t *testing.T) {
	for _, nodes := range []int{1, 3} {
		t.Run(strconv.Itoa(nodes)+" nodes", func(t *testing.T) {
			b := startCluster(t, nodes)
			c := newClient(t, b.Addr())
			out := outside(t, b.Addr())
			mustCreate(t, c, "cfg", 1)
			ctx := testCtx(t)

			set := kafkaops.ConfigAlter{Set: map[string]string{"retention.ms": "604800000", "cleanup.policy": "compact"}, ValidateOnly: true}
			if err := c.AlterTopicConfigs(ctx, "cfg", set); err != nil {
				t.Fatalf("dry run: %v", err)
			}
			if got := outsideTopicConfigs(t, out, kmsg.ConfigResourceTypeTopic, "cfg"); got["retention.ms"] != "" {
				t.Fatalf("dry run changed retention.ms to %q", got["retention.ms"])
			}
			set.ValidateOnly = false
			if err := c.AlterTopicConfigs(ctx, "cfg", set); err != nil {
				t.Fatal(err)
			}
			got := outsideTopicConfigs(t, out, kmsg.ConfigResourceTypeTopic, "cfg")
			if got["retention.ms"] != "604800000" || got["cleanup.policy"] != "compact" {
				t.Fatalf("after set: overrides %v", got)
			}
			if err := c.AlterTopicConfigs(ctx, "cfg", kafkaops.ConfigAlter{Delete: []string{"cleanup.policy"}}); err != nil {
				t.Fatal(err)
			}
			got = outsideTopicConfigs(t, out, kmsg.ConfigResourceTypeTopic, "cfg")
			if _, ok := got["cleanup.policy"]; ok || got["retention.ms"] != "604800000" {
				t.Fatalf("after reset of cleanup.policy: overrides %v", got)
			}
		})
	}
}

func TestAlterTopicConfigsErrorsKeepKafkaTitle(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	mustCreate(t, c, "cfg", 1)
	err := c.AlterTopicConfigs(testCtx(t), "cfg", kafkaops.ConfigAlter{Set: map[string]string{"retention.ms": "soon"}, ValidateOnly: true})
	var ke kafka.Error
	if !errors.As(err, &ke) || kafkaops.ErrorTitle(err) == "" {
		t.Fatalf("bad value: %v, want a Kafka error", err)
	}
	if err := c.AlterTopicConfigs(testCtx(t), "cfg", kafkaops.ConfigAlter{}); !errors.Is(err, kafkaops.ErrInvalid) {
		t.Fatalf("empty change: %v, want ErrInvalid", err)
	}
	err = c.AlterTopicConfigs(testCtx(t), "nope", kafkaops.ConfigAlter{Set: map[string]string{"retention.ms": "1000"}})
	if !kafkaops.IsNotFound(err) {
		t.Fatalf("unknown topic: %v, want not found", err)
	}
}

func TestAlterBrokerConfigs(t *testing.T) {
	b := startCluster(t, 3)
	c := newClient(t, b.Addr())
	out := outside(t, b.Addr())
	ctx := testCtx(t)
	if err := c.AlterBrokerConfigs(ctx, 1, kafkaops.ConfigAlter{Set: map[string]string{"log.retention.ms": "3600000"}, ValidateOnly: true}); err != nil {
		t.Fatalf("dry run: %v", err)
	}
	if got := outsideTopicConfigs(t, out, kmsg.ConfigResourceTypeBroker, "1")["log.retention.ms"]; got == "3600000" {
		t.Fatal("dry run changed log.retention.ms")
	}
	if err := c.AlterBrokerConfigs(ctx, 1, kafkaops.ConfigAlter{Set: map[string]string{"log.retention.ms": "3600000"}}); err != nil {
		t.Fatal(err)
	}
	if got := outsideTopicConfigs(t, out, kmsg.ConfigResourceTypeBroker, "1")["log.retention.ms"]; got != "3600000" {
		t.Fatalf("log.retention.ms on broker 1 = %q, want 3600000", got)
	}
}

func TestCreatePartitionsDryRunAndGrow(t *testing.T) {
	for _, nodes := range []int{1, 3} {
		t.Run(strconv.Itoa(nodes)+" nodes", func(t *testing.T) {
			b := startCluster(t, nodes)
			c := newClient(t, b.Addr())
			out := outside(t, b.Addr())
			mustCreate(t, c, "grow", 2)
			ctx := testCtx(t)
			if err := c.CreatePartitions(ctx, "grow", 5, true); err != nil {
				t.Fatalf("dry run: %v", err)
			}
			if n := outsidePartitions(t, out, "grow"); n != 2 {
				t.Fatalf("after dry run the outside client sees %d partitions, want 2", n)
			}
			if err := c.CreatePartitions(ctx, "grow", 5, false); err != nil {
				t.Fatal(err)
			}
			if n := outsidePartitions(t, out, "grow"); n != 5 {
				t.Fatalf("after growing the outside client sees %d partitions, want 5", n)
			}
			if err := c.CreatePartitions(ctx, "grow", 3, false); !errors.Is(err, kafkaops.ErrInvalid) {
				t.Fatalf("shrink: %v, want ErrInvalid", err)
			}
		})
	}
}
