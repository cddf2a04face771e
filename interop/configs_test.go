package interop

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestDescribeConfigsShowsBrokerRetention checks what kafka-python's
// describe_configs reads from `kscope broker --retention 1h`: a topic
// without an override has the broker's retention.ms, not Kafka's 7 days,
// and lists no broker-only key; the broker reports a replication factor
// of 1 and no SASL, super users or rack on a plaintext node.
func TestDescribeConfigsShowsBrokerRetention(t *testing.T) {
	requirePythonKafka(t)
	b := startBroker(t, t.TempDir(), "--retention", "1h")
	out := run(t, 60*time.Second, "", pythonKafka, "testdata/configs.py", b.Addr, "bankbranch")
	got := map[string]map[string][2]any{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var line struct {
			Resource string            `json:"resource"`
			Configs  map[string][2]any `json:"configs"`
		}
		if err := json.Unmarshal([]byte(l), &line); err != nil {
			t.Fatalf("configs.py line %q: %v\nall output:\n%s", l, err, out)
		}
		got[line.Resource] = line.Configs
	}
	topic, brk := got["topic"], got["broker"]
	// The second field is is_default (v0) or the source (v1+, which
	// kafka-python 2.0.2 picks): 4 is STATIC_BROKER_CONFIG.
	if v := topic["retention.ms"]; v[0] != "3600000" || (v[1] != false && v[1] != 4.0) {
		t.Errorf("topic retention.ms = %v, want [3600000 4] (the broker's static config, not a default)", v)
	}
	for _, name := range []string{"log.retention.ms", "num.partitions"} {
		if _, ok := topic[name]; ok {
			t.Errorf("topic configs list the broker key %s", name)
		}
	}
	if v := brk["default.replication.factor"]; v[0] != "1" {
		t.Errorf("broker default.replication.factor = %v, want 1", v)
	}
	for _, name := range []string{"sasl.enabled.mechanisms", "super.users", "broker.rack"} {
		if v, ok := brk[name]; ok {
			t.Errorf("plaintext broker reports %s = %v", name, v)
		}
	}
}
