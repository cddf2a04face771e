package broker

import (
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
	"github.com/twmb/franz-go/pkg/sasl/scram"
)

// Issue 13: with SASL on, a logged-in client reads what the broker runs
// (the --retention value with its source, replication factor 1, only
// topic-level keys), as on a plaintext broker; kfake's own answer said
// 7 days, a replication factor of 3 and listed broker keys per topic.
func TestSASLDescribeConfigsTellsWhatTheBrokerRuns(t *testing.T) {
	b := startTestBroker(t, Options{Retention: time.Hour, SASL: []SASLUser{{Mechanism: SASLScramSHA256, User: "app", Pass: "pw"}}})
	cl := newClient(t, b.Addr(), kgo.SASL(scram.Auth{User: "app", Pass: "pw"}.AsSha256Mechanism()))
	createTopic(t, cl, "orders", 1, nil)
	for _, v := range []int16{1, 4} { // v4 is flexible
		topic := describeAt(t, cl, v, kmsg.ConfigResourceTypeTopic, "orders")
		if got := topic["retention.ms"]; got.value != "3600000" || got.source != kmsg.ConfigSourceStaticBrokerConfig {
			t.Errorf("v%d: topic retention.ms = %s %s, want 3600000 STATIC_BROKER_CONFIG", v, got.value, got.source)
		}
		if _, ok := topic["log.retention.ms"]; ok {
			t.Errorf("v%d: the topic lists the broker key log.retention.ms", v)
		}
		broker := describeAt(t, cl, v, kmsg.ConfigResourceTypeBroker, "0")
		if got := broker["default.replication.factor"].value; got != "1" {
			t.Errorf("v%d: default.replication.factor = %q, want 1", v, got)
		}
		if got := broker["sasl.enabled.mechanisms"].value; got != "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512" {
			t.Errorf("v%d: sasl.enabled.mechanisms = %q", v, got)
		}
	}
	// A stranger still reads nothing: kfake refuses before any answer.
	stranger := newClient(t, b.Addr(), kgo.RequestRetries(0))
	req := kmsg.NewPtrDescribeConfigsRequest()
	rr := kmsg.NewDescribeConfigsRequestResource()
	rr.ResourceType, rr.ResourceName = kmsg.ConfigResourceTypeTopic, "orders"
	req.Resources = append(req.Resources, rr)
	if resp, err := req.RequestWith(testContext(t, 5*time.Second), stranger); err == nil && len(resp.Resources) > 0 && len(resp.Resources[0].Configs) > 0 {
		t.Errorf("a client that never logged in read %d configs", len(resp.Resources[0].Configs))
	}
}
