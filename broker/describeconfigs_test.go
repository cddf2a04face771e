package broker

import (
	"slices"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// describedConfig is one config as DescribeConfigs answered it.
type describedConfig struct {
	value     string
	source    kmsg.ConfigSource
	isDefault bool
	synonyms  []string // "name=value source"
}

// describeAt sends DescribeConfigs at version v (with synonyms from v1)
// for one resource and returns its configs by name.
func describeAt(t *testing.T, cl *kgo.Client, v int16, typ kmsg.ConfigResourceType, name string) map[string]describedConfig {
	t.Helper()
	req := kmsg.NewPtrDescribeConfigsRequest()
	req.Version = v
	req.IncludeSynonyms = v >= 1
	rr := kmsg.NewDescribeConfigsRequestResource()
	rr.ResourceType, rr.ResourceName = typ, name
	req.Resources = append(req.Resources, rr)
	resp, err := req.RequestWith(testContext(t, 10*time.Second), cl)
	if err != nil {
		t.Fatalf("describe configs %s v%d: %v", name, v, err)
	}
	out := map[string]describedConfig{}
	for _, r := range resp.Resources {
		if err := kerr.ErrorForCode(r.ErrorCode); err != nil {
			t.Fatalf("describe configs %s v%d: %v", name, v, err)
		}
		for _, c := range r.Configs {
			d := describedConfig{source: c.Source, isDefault: c.IsDefault}
			if c.Value != nil {
				d.value = *c.Value
			}
			for _, s := range c.ConfigSynonyms {
				d.synonyms = append(d.synonyms, s.Name+"="+deref(s.Value)+" "+s.Source.String())
			}
			out[c.Name] = d
		}
	}
	return out
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}

// TestTopicReportsTheBrokersRetention checks that a topic without its own
// retention.ms reports the broker's --retention, from the broker's static
// config, and that only topic-level keys are listed; an override is the
// topic's own.
func TestTopicReportsTheBrokersRetention(t *testing.T) {
	b := startTestBroker(t, Options{Retention: time.Hour})
	cl := newClient(t, b.Addr())
	createTopic(t, cl, "plain", 1, nil)
	createTopic(t, cl, "own", 1, map[string]string{"retention.ms": "60000"})

	v1 := describeAt(t, cl, 1, kmsg.ConfigResourceTypeTopic, "plain")
	got := v1["retention.ms"]
	if got.value != "3600000" || got.source != kmsg.ConfigSourceStaticBrokerConfig {
		t.Errorf("plain retention.ms = %s %s, want 3600000 STATIC_BROKER_CONFIG", got.value, got.source)
	}
	if want := []string{"log.retention.ms=3600000 STATIC_BROKER_CONFIG", "log.retention.ms=604800000 DEFAULT_CONFIG"}; !slices.Equal(got.synonyms, want) {
		t.Errorf("plain retention.ms synonyms = %q, want %q", got.synonyms, want)
	}
	if seg := v1["segment.bytes"]; seg.value != "104857600" || seg.source != kmsg.ConfigSourceDefaultConfig {
		t.Errorf("plain segment.bytes = %s %s, want 104857600 DEFAULT_CONFIG", seg.value, seg.source)
	}
	for name := range v1 {
		if name == "log.retention.ms" || name == "num.partitions" || name == "kfake.is_internal" {
			t.Errorf("topic configs list the broker key %s", name)
		}
	}
	// v0 has no source: kafka-python's describe_configs reads is_default.
	if v0 := describeAt(t, cl, 0, kmsg.ConfigResourceTypeTopic, "plain")["retention.ms"]; v0.value != "3600000" || v0.isDefault {
		t.Errorf("v0 plain retention.ms = %s default=%v, want 3600000 not default", v0.value, v0.isDefault)
	}
	own := describeAt(t, cl, 1, kmsg.ConfigResourceTypeTopic, "own")["retention.ms"]
	if own.value != "60000" || own.source != kmsg.ConfigSourceDynamicTopicConfig || len(own.synonyms) != 3 {
		t.Errorf("own retention.ms = %+v, want 60000 DYNAMIC_TOPIC_CONFIG with 3 synonyms", own)
	}
}

// TestDefaultRetentionIsTheDefault checks that without --retention a
// topic's retention.ms is Kafka's default, from DEFAULT_CONFIG.
func TestDefaultRetentionIsTheDefault(t *testing.T) {
	b := startTestBroker(t, Options{})
	cl := newClient(t, b.Addr())
	createTopic(t, cl, "plain", 1, nil)
	got := describeAt(t, cl, 1, kmsg.ConfigResourceTypeTopic, "plain")["retention.ms"]
	if got.value != "604800000" || got.source != kmsg.ConfigSourceDefaultConfig {
		t.Errorf("retention.ms = %s %s, want 604800000 DEFAULT_CONFIG", got.value, got.source)
	}
}

// TestBrokerReportsWhatItRuns checks the broker's own configs on one
// plaintext node: replication factor 1, no SASL mechanisms, no super
// users, no rack; its data dir and its flags' values.
func TestBrokerReportsWhatItRuns(t *testing.T) {
	dir := t.TempDir()
	b := startTestBroker(t, Options{DataDir: dir, Retention: 2 * time.Hour, Partitions: 3})
	cl := newClient(t, b.Addr())
	got := describeAt(t, cl, 1, kmsg.ConfigResourceTypeBroker, "0")
	for name, want := range map[string]string{
		"default.replication.factor": "1",
		"broker.id":                  "0",
		"log.dir":                    dir,
		"log.retention.ms":           "7200000",
		"num.partitions":             "3",
	} {
		if got[name].value != want {
			t.Errorf("broker %s = %q, want %q", name, got[name].value, want)
		}
	}
	for _, name := range []string{"sasl.enabled.mechanisms", "super.users", "broker.rack"} {
		if c, ok := got[name]; ok {
			t.Errorf("plaintext broker reports %s = %q", name, c.value)
		}
	}
	if s := got["log.retention.ms"].source; s != kmsg.ConfigSourceStaticBrokerConfig {
		t.Errorf("broker log.retention.ms source %s, want STATIC_BROKER_CONFIG", s)
	}
}

// TestAlteredBrokerRetentionIsDynamic checks that after a client sets the
// cluster's log.retention.ms, topics report it as a dynamic default.
func TestAlteredBrokerRetentionIsDynamic(t *testing.T) {
	b := startTestBroker(t, Options{Retention: time.Hour})
	cl := newClient(t, b.Addr())
	createTopic(t, cl, "plain", 1, nil)
	req := kmsg.NewPtrIncrementalAlterConfigsRequest()
	rr := kmsg.NewIncrementalAlterConfigsRequestResource()
	rr.ResourceType = kmsg.ConfigResourceTypeBroker
	c := kmsg.NewIncrementalAlterConfigsRequestResourceConfig()
	c.Name, c.Value, c.Op = "log.retention.ms", kmsg.StringPtr("120000"), kmsg.IncrementalAlterConfigOpSet
	rr.Configs = append(rr.Configs, c)
	req.Resources = append(req.Resources, rr)
	resp, err := req.RequestWith(testContext(t, 10*time.Second), cl)
	if err != nil || resp.Resources[0].ErrorCode != 0 {
		t.Fatalf("alter broker log.retention.ms: %v %+v", err, resp)
	}
	got := describeAt(t, cl, 1, kmsg.ConfigResourceTypeTopic, "plain")["retention.ms"]
	if got.value != "120000" || got.source != kmsg.ConfigSourceDynamicDefaultBrokerConfig {
		t.Errorf("retention.ms = %s %s, want 120000 DYNAMIC_DEFAULT_BROKER_CONFIG", got.value, got.source)
	}
}
