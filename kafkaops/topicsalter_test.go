package kafkaops_test

import (
	"errors"
	"testing"

	"kscope/kafkaops"
)

func TestAlterTopic(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	mustCreate(t, c, "alter-me", 2)
	ctx := testCtx(t)
	if err := c.AlterTopic(ctx, kafkaops.TopicAlter{Name: "alter-me", Set: map[string]string{"retention.ms": "3600000"}, Partitions: 3}); err != nil {
		t.Fatal(err)
	}
	d, err := c.DescribeTopic(ctx, "alter-me")
	if err != nil || d.Partitions != 3 {
		t.Fatalf("after alter: %d partitions, %v; want 3", d.Partitions, err)
	}
	value := func() string {
		cfgs, err := c.TopicConfigs(ctx, "alter-me")
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range cfgs {
			if e.Name == "retention.ms" {
				if e.Default {
					return "default"
				}
				return e.Value
			}
		}
		return "missing"
	}
	if v := value(); v != "3600000" {
		t.Errorf("retention.ms = %s, want 3600000", v)
	}
	if err := c.AlterTopic(ctx, kafkaops.TopicAlter{Name: "alter-me", Delete: []string{"retention.ms"}}); err != nil {
		t.Fatal(err)
	}
	if v := value(); v != "default" {
		t.Errorf("retention.ms after delete = %s, want the default", v)
	}
	for _, bad := range []kafkaops.TopicAlter{
		{Name: "alter-me"},                // nothing to do
		{Name: "alter-me", Partitions: 2}, // fewer partitions
		{Name: "alter-me", Set: map[string]string{"a": "1"}, Delete: []string{"a"}},
	} {
		if err := c.AlterTopic(ctx, bad); !errors.Is(err, kafkaops.ErrInvalid) {
			t.Errorf("%+v: %v, want invalid", bad, err)
		}
	}
	if err := c.AlterTopic(ctx, kafkaops.TopicAlter{Name: "nope", Partitions: 4}); !kafkaops.IsNotFound(err) {
		t.Errorf("missing topic: %v, want not found", err)
	}
}
