package interop

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestSeedLabWithKscopeCommands scripts every step of the seed lab with
// kscope's commands against a `kscope broker` process, and checks with
// the lab's own client, kafka-python, that what kscope did is what the
// lab expects: the topic, the two JSON transactions, and a group reset
// that makes a consumer group read them again.
func TestSeedLabWithKscopeCommands(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	bin := kscope(t)
	b := startBroker(t, t.TempDir())
	ks := func(stdin string, args ...string) string {
		t.Helper()
		return run(t, time.Minute, stdin, bin, append(args, "--brokers", b.Addr)...)
	}

	ks("", "topics", "create", "bankbranch", "--partitions", "2", "--replication-factor", "1")
	var d struct {
		Partitions        int `json:"partitions"`
		ReplicationFactor int `json:"replication_factor"`
		Configs           []struct {
			Name, Value string
		} `json:"configs"`
	}
	if err := json.Unmarshal([]byte(ks("", "topics", "describe", "bankbranch", "--all", "-o", "json")), &d); err != nil {
		t.Fatal(err)
	}
	if d.Partitions != 2 || d.ReplicationFactor != 1 {
		t.Errorf("describe: %d partitions, replication factor %d; want 2 and 1", d.Partitions, d.ReplicationFactor)
	}
	if !slices.ContainsFunc(d.Configs, func(c struct{ Name, Value string }) bool {
		return c.Name == "cleanup.policy" && c.Value == "delete"
	}) {
		t.Errorf("describe --all lacks cleanup.policy=delete: %+v", d.Configs)
	}

	ks(strings.Join(labValues, "\n")+"\n", "produce", "bankbranch")
	got := strings.Split(strings.TrimSpace(ks("", "consume", "bankbranch", "--exit")), "\n")
	slices.Sort(got)
	if !slices.Equal(got, labValues) {
		t.Errorf("kscope consume read %q, want %q", got, labValues)
	}

	t.Run("kafka-python", func(t *testing.T) {
		requirePythonKafka(t)
		var values []string
		for _, l := range seedlab(t, "consume", b.Addr, "2", "15000") {
			if l.Value != nil {
				values = append(values, *l.Value)
			}
		}
		slices.Sort(values)
		if !slices.Equal(values, labValues) {
			t.Errorf("KafkaConsumer read what kscope produced as %q, want %q", values, labValues)
		}
		// A group reads both and commits; kscope rewinds it; it reads both
		// again.
		for round := range 2 {
			if round == 1 {
				ks("", "groups", "reset", "atm-audit", "--topic", "bankbranch", "--to-earliest", "--execute")
			}
			n := 0
			for _, l := range seedlab(t, "group", b.Addr, "atm-audit", "2") {
				if l.Value != nil {
					n++
				}
			}
			if n != 2 {
				t.Errorf("group round %d read %d records, want 2", round+1, n)
			}
		}
		if out := ks("", "groups", "describe", "atm-audit"); !strings.Contains(out, "bankbranch") {
			t.Errorf("kscope groups describe does not show the lab group's topic:\n%s", out)
		}
	})
}
