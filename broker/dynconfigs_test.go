package broker

import (
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kmsg"
)

// alterBrokerConfig sets one cluster-wide broker config through
// IncrementalAlterConfigs.
func alterBrokerConfig(t *testing.T, addr, name, value string) {
	t.Helper()
	cl := newClient(t, addr)
	req := kmsg.NewPtrIncrementalAlterConfigsRequest()
	rr := kmsg.NewIncrementalAlterConfigsRequestResource()
	rr.ResourceType = kmsg.ConfigResourceTypeBroker
	c := kmsg.NewIncrementalAlterConfigsRequestResourceConfig()
	c.Name, c.Value, c.Op = name, kmsg.StringPtr(value), kmsg.IncrementalAlterConfigOpSet
	rr.Configs = append(rr.Configs, c)
	req.Resources = append(req.Resources, rr)
	resp, err := req.RequestWith(testContext(t, 10*time.Second), cl)
	if err != nil || resp.Resources[0].ErrorCode != 0 {
		t.Fatalf("alter broker %s: %v %+v", name, err, resp)
	}
}

// A broker config altered at run time outlives a restart, as Kafka's
// dynamic configs do, although kscope gives kfake a value for it from its
// flags at every start; a flag changed between starts, with no alter,
// still takes effect.
func TestAlteredBrokerConfigOutlivesARestart(t *testing.T) {
	dir := t.TempDir()
	start := func(retention time.Duration) (*Broker, map[string]describedConfig) {
		b, err := Start(Options{Listen: "127.0.0.1:0", DataDir: dir, Retention: retention})
		if err != nil {
			t.Fatal(err)
		}
		cl := newClient(t, b.Addr())
		return b, describeAt(t, cl, 1, kmsg.ConfigResourceTypeBroker, "0")
	}
	b, _ := start(time.Hour)
	alterBrokerConfig(t, b.Addr(), "log.retention.ms", "120000")
	b.Close()

	b, got := start(time.Hour)
	if c := got["log.retention.ms"]; c.value != "120000" || c.source != kmsg.ConfigSourceDynamicDefaultBrokerConfig {
		t.Errorf("after a restart log.retention.ms = %s %s, want the altered 120000 DYNAMIC_DEFAULT_BROKER_CONFIG", c.value, c.source)
	}
	b.Close()

	// A data dir whose flag was never altered follows the flag.
	dir = t.TempDir()
	b, _ = start(time.Hour)
	b.Close()
	b, got = start(2 * time.Hour)
	defer b.Close()
	if c := got["log.retention.ms"]; c.value != "7200000" || c.source != kmsg.ConfigSourceStaticBrokerConfig {
		t.Errorf("a changed flag: log.retention.ms = %s %s, want 7200000 STATIC_BROKER_CONFIG", c.value, c.source)
	}
}
