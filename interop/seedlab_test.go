package interop

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// pyLine is one JSON line printed by testdata/seedlab.py; each step fills
// some of the fields.
type pyLine struct {
	Created    [][]any            `json:"created"`
	Configs    map[string]*string `json:"configs"`
	Partitions *int               `json:"partitions"`

	Partition *int32  `json:"partition"`
	Offset    *int64  `json:"offset"`
	Value     *string `json:"value"`

	Assignment []int32           `json:"assignment"`
	Committed  map[string]*int64 `json:"committed"`
}

// seedlab runs one step of testdata/seedlab.py against addr.
func seedlab(t *testing.T, step, addr string, args ...string) []pyLine {
	t.Helper()
	argv := append([]string{"testdata/seedlab.py", step, addr}, args...)
	out := run(t, 60*time.Second, "", pythonKafka, argv...)
	var lines []pyLine
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if l == "" {
			continue
		}
		var pl pyLine
		if err := json.Unmarshal([]byte(l), &pl); err != nil {
			t.Fatalf("seedlab.py %s: line %q: %v\nall output:\n%s", step, l, err, out)
		}
		lines = append(lines, pl)
	}
	return lines
}

// records returns "partition/offset value" for each record line, sorted.
func records(lines []pyLine) []string {
	var out []string
	for _, l := range lines {
		if l.Value != nil {
			out = append(out, fmt.Sprintf("%d/%d %s", *l.Partition, *l.Offset, *l.Value))
		}
	}
	slices.Sort(out)
	return out
}

// The lab's two transactions as kafka-python's json.dumps writes them.
var labValues = []string{`{"atmid": 1, "transid": 100}`, `{"atmid": 2, "transid": 101}`}

// TestSeedLab runs the seed lab's kafka-python steps against a `kscope
// broker` process, then reads and writes the same topic with kcat; once as
// the newest release the broker models, then as Kafka 2.8 and as 4.0.
func TestSeedLab(t *testing.T) {
	requirePythonKafka(t)
	for _, release := range interopReleases {
		t.Run(releaseName(release), func(t *testing.T) { seedLab(t, release) })
	}
}

// seedLab is TestSeedLab against one release ("" for the default).
func seedLab(t *testing.T, release string) {
	b := startBroker(t, t.TempDir(), releaseFlags(release)...)

	// KafkaAdminClient: create_topics, describe_configs.
	admin := seedlab(t, "admin", b.Addr)
	if len(admin) != 3 {
		t.Fatalf("admin step printed %d lines, want 3: %+v", len(admin), admin)
	}
	if got := fmt.Sprint(admin[0].Created); got != "[[bankbranch 0]]" {
		t.Errorf("create_topics answered %s, want [[bankbranch 0]] (no error)", got)
	}
	cfg := admin[1].Configs
	if v := cfg["cleanup.policy"]; v == nil || *v != "delete" {
		t.Errorf("describe_configs: cleanup.policy = %v, want delete (all: %d entries)", strOrNil(v), len(cfg))
	}
	if v := cfg["retention.ms"]; v == nil || *v == "" {
		t.Errorf("describe_configs: retention.ms missing")
	}
	if admin[2].Partitions == nil || *admin[2].Partitions != 2 {
		t.Errorf("describe_topics: bankbranch has %v partitions, want 2", admin[2].Partitions)
	}

	// KafkaProducer with the lab's JSON value_serializer.
	produced := seedlab(t, "produce", b.Addr, `{"atmid":1,"transid":100}`, `{"atmid":2,"transid":101}`)
	if len(produced) != 2 {
		t.Fatalf("produce step printed %d lines, want 2: %+v", len(produced), produced)
	}
	var want []string
	perPartition := map[int32]int64{}
	for i, l := range produced {
		if l.Partition == nil || l.Offset == nil {
			t.Fatalf("produce: line %d has no partition/offset: %+v", i, l)
		}
		want = append(want, fmt.Sprintf("%d/%d %s", *l.Partition, *l.Offset, labValues[i]))
		perPartition[*l.Partition]++
	}
	slices.Sort(want)

	// KafkaConsumer('bankbranch', auto_offset_reset='earliest').
	if got := records(seedlab(t, "consume", b.Addr, "2", "15000")); !slices.Equal(got, want) {
		t.Errorf("KafkaConsumer received %q, want %q", got, want)
	}

	// A consumer group: the first run gets both and commits, the second
	// run of the same group is assigned both partitions and gets nothing.
	wantCommitted := fmt.Sprintf("map[0:%d 1:%d]", perPartition[0], perPartition[1])
	for run, wantRecords := range [][]string{want, nil} {
		lines := seedlab(t, "group", b.Addr, "atm-audit", fmt.Sprint(len(wantRecords)))
		if got := records(lines); !slices.Equal(got, wantRecords) {
			t.Errorf("group run %d received %q, want %q", run+1, got, wantRecords)
		}
		last := lines[len(lines)-1]
		if !slices.Equal(last.Assignment, []int32{0, 1}) {
			t.Errorf("group run %d: assignment %v, want [0 1]", run+1, last.Assignment)
		}
		if got := committedString(last.Committed); got != wantCommitted {
			t.Errorf("group run %d: committed %s, want %s", run+1, got, wantCommitted)
		}
	}

	t.Run("kcat", func(t *testing.T) {
		requireKcat(t)
		meta := run(t, 30*time.Second, "", "kcat", "-b", b.Addr, "-L", "-m", "10")
		if !strings.Contains(meta, `topic "bankbranch" with 2 partitions:`) {
			t.Errorf("kcat -L does not list bankbranch with 2 partitions:\n%s", meta)
		}
		third := `{"atmid": 3, "transid": 102}`
		run(t, 30*time.Second, third+"\n", "kcat", "-b", b.Addr, "-P", "-t", "bankbranch", "-m", "10")
		out := run(t, 30*time.Second, "", "kcat", "-b", b.Addr, "-C", "-t", "bankbranch",
			"-e", "-o", "beginning", "-q", "-m", "10", "-f", "%s\n")
		got := strings.Split(strings.TrimSpace(out), "\n")
		slices.Sort(got)
		wantValues := append(slices.Clone(labValues), third)
		if !slices.Equal(got, wantValues) {
			t.Errorf("kcat -C read %q, want %q", got, wantValues)
		}
	})
}

func strOrNil(s *string) string {
	if s == nil {
		return "<missing>"
	}
	return *s
}

// committedString renders committed offsets as map[partition:offset],
// with "nil" for a partition that has none.
func committedString(m map[string]*int64) string {
	parts := map[string]string{}
	for p, o := range m {
		parts[p] = "nil"
		if o != nil {
			parts[p] = fmt.Sprint(*o)
		}
	}
	return fmt.Sprint(parts)
}

// TestDemoWithKafkaPython runs `kscope broker --demo` and checks that a
// kafka-python consumer sees ATM transactions arriving.
func TestDemoWithKafkaPython(t *testing.T) {
	requirePythonKafka(t)
	b := startBroker(t, t.TempDir(), "--demo")
	lines := seedlab(t, "consume", b.Addr, "3", "15000")
	if len(lines) != 3 {
		t.Fatalf("consumer received %d records, want 3: %+v", len(lines), lines)
	}
	for _, l := range lines {
		var tx struct {
			ATMID     *int     `json:"atmid"`
			TransID   *int     `json:"transid"`
			Amount    *float64 `json:"amount"`
			Type      string   `json:"type"`
			Timestamp string   `json:"timestamp"`
		}
		if err := json.Unmarshal([]byte(*l.Value), &tx); err != nil {
			t.Fatalf("value %q is not JSON: %v", *l.Value, err)
		}
		if tx.ATMID == nil || tx.TransID == nil || tx.Amount == nil || tx.Type == "" {
			t.Errorf("value %s lacks atmid, transid, amount or type", *l.Value)
		}
		if _, err := time.Parse(time.RFC3339Nano, tx.Timestamp); err != nil {
			t.Errorf("value %s: timestamp: %v", *l.Value, err)
		}
		if *l.Partition < 0 || *l.Partition > 1 {
			t.Errorf("record in partition %d of a 2-partition topic", *l.Partition)
		}
	}
}
