package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kscope/broker"
	"kscope/kafkaops"
)

var update = flag.Bool("update", false, "rewrite the golden files of the commands for scripts")

// scriptResult is what one command run printed and its exit code.
type scriptResult struct {
	stdout, stderr string
	code           int
}

// scriptEnv is a bundled broker for command tests and a contexts dir of
// the test's own.
type scriptEnv struct {
	t    *testing.T
	addr string
}

func newScriptEnv(t *testing.T) *scriptEnv {
	t.Helper()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv(brokersEnv, "")
	b, err := broker.Start(broker.Options{Listen: "127.0.0.1:0", InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	return &scriptEnv{t: t, addr: b.Addr()}
}

// run runs kscope with args (and --brokers ADDR) in-process.
func (e *scriptEnv) run(stdin string, args ...string) scriptResult {
	e.t.Helper()
	return runKscope(e.t, stdin, append(args, "--brokers", e.addr)...)
}

func runKscope(t *testing.T, stdin string, args ...string) scriptResult {
	t.Helper()
	root := NewRootCommand()
	var out, errOut bytes.Buffer
	root.SetArgs(args)
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetIn(strings.NewReader(stdin))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := root.ExecuteContext(ctx)
	if err != nil {
		fmt.Fprintln(&errOut, "kscope:", err)
	}
	return scriptResult{out.String(), errOut.String(), exitCode(err)}
}

// golden compares a run with testdata/scripts/NAME.golden, with the
// broker's address and port written ADDR and PORT.
func (e *scriptEnv) golden(name string, r scriptResult) {
	e.t.Helper()
	_, port, _ := net.SplitHostPort(e.addr)
	text := r.stdout + "--- stderr\n" + r.stderr + fmt.Sprintf("--- exit %d\n", r.code)
	text = strings.ReplaceAll(text, e.addr, "ADDR")
	text = strings.ReplaceAll(text, port, "PORT")
	path := filepath.Join("testdata", "scripts", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			e.t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		e.t.Fatalf("%v (run go test ./cli -run %s -update to create it)", err, e.t.Name())
	}
	if string(want) != text {
		e.t.Errorf("%s differs from %s:\n--- got\n%s--- want\n%s", name, path, text, want)
	}
}

// labLines are the seed lab's two ATM transactions and two more, as
// jsonl with fixed partitions and times so that outputs are stable.
const labLines = `{"partition":0,"ts":1700000000000,"headers":["source","atm"],"key":"atm-1","payload":"{\"atmid\":1,\"transid\":100}"}
{"partition":1,"ts":1700000001000,"key":"atm-2","payload":"{\"atmid\":2,\"transid\":101}"}
{"partition":0,"ts":1700000002000,"key":null,"payload":"withdrawal\u001b[31m of 20"}
{"partition":1,"ts":1700000003000,"headers":["source","branch"],"key":"atm-1","payload":"{\"atmid\":1,\"transid\":102}"}
`

func TestScriptCommandsGolden(t *testing.T) {
	e := newScriptEnv(t)
	steps := []struct {
		name  string
		stdin string
		args  []string
	}{
		{"topics-create", "", []string{"topics", "create", "bankbranch", "--partitions", "2", "--replication-factor", "1"}},
		{"topics-create-configs", "", []string{"topics", "create", "audit", "--config", "retention.ms=86400000", "--config", "cleanup.policy=compact"}},
		{"topics-create-exists", "", []string{"topics", "create", "bankbranch", "--partitions", "2"}},
		{"topics-create-if-not-exists", "", []string{"topics", "create", "bankbranch", "--if-not-exists"}},
		{"topics-list", "", []string{"topics", "list"}},
		{"topics-list-json", "", []string{"topics", "list", "-o", "json"}},
		{"produce-jsonl", labLines, []string{"produce", "bankbranch", "--format", "jsonl", "--keep-partitions", "--keep-timestamps"}},
		{"topics-describe", "", []string{"topics", "describe", "audit"}},
		{"topics-describe-json", "", []string{"topics", "describe", "bankbranch", "-o", "json"}},
		{"consume-value", "", []string{"consume", "bankbranch", "--exit", "--partition", "0"}},
		{"consume-table", "", []string{"consume", "bankbranch", "--exit", "-o", "table", "--partition", "1"}},
		{"consume-jsonl-filter", "", []string{"consume", "bankbranch", "--exit", "-o", "jsonl", "--filter", "key:atm-1 header:source=atm"}},
		{"consume-window", "", []string{"consume", "bankbranch", "--from", "@1", "--to", "@2", "-o", "table", "--partition", "0"}},
		{"consume-max", "", []string{"consume", "bankbranch", "--partition", "1", "--max", "1", "--exit"}},
		{"topics-alter", "", []string{"topics", "alter", "audit", "--config", "retention.ms=3600000", "--partitions", "3"}},
		{"topics-describe-altered", "", []string{"topics", "describe", "audit"}},
		{"groups-reset-execute", "", []string{"groups", "reset", "atm-readers", "--topic", "bankbranch", "--to-offset", "1", "--execute"}},
		{"groups-list", "", []string{"groups", "list"}},
		{"groups-list-json", "", []string{"groups", "list", "-o", "json"}},
		{"groups-describe", "", []string{"groups", "describe", "atm-readers"}},
		{"groups-reset-dry-run", "", []string{"groups", "reset", "atm-readers", "--shift-by", "-1"}},
		{"groups-reset-no-target", "", []string{"groups", "reset", "atm-readers"}},
		{"brokers", "", []string{"brokers"}},
		{"brokers-json", "", []string{"brokers", "-o", "json"}},
		{"topics-delete", "", []string{"topics", "delete", "audit"}},
		{"topics-delete-missing", "", []string{"topics", "delete", "audit"}},
		{"consume-missing-topic", "", []string{"consume", "audit", "--exit"}},
		{"consume-bad-filter", "", []string{"consume", "bankbranch", "--exit", "--filter", "re:("}},
		{"consume-bad-from", "", []string{"consume", "bankbranch", "--from", "yesterday"}},
		{"produce-bad-line", "not json\n", []string{"produce", "bankbranch", "--format", "jsonl"}},
	}
	for _, s := range steps {
		e.golden(s.name, e.run(s.stdin, s.args...))
	}
	// After the dry run the committed offset is still 1.
	r := e.run("", "groups", "describe", "atm-readers", "-o", "json")
	if !strings.Contains(r.stdout, `"committed": 1,`) {
		t.Errorf("a dry run committed offsets:\n%s", r.stdout)
	}
}

func TestScriptUnreachableExitCode(t *testing.T) {
	addr := deadAddress(t)
	for _, args := range [][]string{{"topics", "list"}, {"consume", "t", "--exit"}, {"brokers"}} {
		r := runKscope(t, "", append(args, "--brokers", addr, "--timeout", "5s")...)
		if r.code != exitUnreachable || r.stdout != "" {
			t.Errorf("%v on a dead address: exit %d, stdout %q, stderr %q", args, r.code, r.stdout, r.stderr)
		}
	}
}

// TestReadOnlyRefusesWrites checks every write command is refused, with
// exit code 5 and nothing written, under --read-only and under a
// read-only context, while reads still work.
func TestReadOnlyRefusesWrites(t *testing.T) {
	e := newScriptEnv(t)
	if r := e.run("", "topics", "create", "keep", "--partitions", "2"); r.code != 0 {
		t.Fatalf("create: %+v", r)
	}
	if r := e.run("a\n", "produce", "keep"); r.code != 0 {
		t.Fatalf("produce: %+v", r)
	}
	if r := e.run("", "groups", "reset", "g", "--topic", "keep", "--to-earliest", "--execute"); r.code != 0 {
		t.Fatalf("reset: %+v", r)
	}
	cfgDir := filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "kscope")
	if err := os.MkdirAll(cfgDir, 0o700); err != nil {
		t.Fatal(err)
	}
	conf := fmt.Sprintf("contexts:\n  - name: prod\n    brokers: [%s]\n    read-only: true\n", e.addr)
	if err := os.WriteFile(filepath.Join(cfgDir, "config.yaml"), []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	writes := []struct {
		stdin string
		args  []string
	}{
		{"", []string{"topics", "create", "other"}},
		{"", []string{"topics", "delete", "keep"}},
		{"", []string{"topics", "alter", "keep", "--partitions", "3"}},
		{"b\n", []string{"produce", "keep"}},
		{"", []string{"groups", "reset", "g", "--topic", "keep", "--to-latest", "--execute"}},
	}
	for _, how := range [][]string{{"--brokers", e.addr, "--read-only"}, {"--context", "prod"}} {
		for _, w := range writes {
			r := runKscope(t, w.stdin, append(w.args, how...)...)
			if r.code != exitReadOnly || !strings.Contains(r.stderr, "refused: read-only") {
				t.Errorf("%v %v: exit %d, stderr %q; want %d and a refusal", w.args, how, r.code, r.stderr, exitReadOnly)
			}
		}
		// Reads and a reset's dry run still work.
		for _, args := range [][]string{{"topics", "list"}, {"consume", "keep", "--exit"}, {"groups", "reset", "g", "--to-latest"}} {
			if r := runKscope(t, "", append(args, how...)...); r.code != 0 {
				t.Errorf("%v %v: exit %d, stderr %q", args, how, r.code, r.stderr)
			}
		}
	}
	// Nothing was written: one topic, one record, offset still 0.
	r := e.run("", "topics", "describe", "keep", "-o", "json")
	for _, want := range []string{`"partitions": 2,`, `"messages": 1,`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("after the refusals, describe lacks %s:\n%s", want, r.stdout)
		}
	}
	if r := e.run("", "topics", "list"); strings.Contains(r.stdout, "other") {
		t.Errorf("a refused create created the topic:\n%s", r.stdout)
	}
	if r := e.run("", "groups", "describe", "g", "-o", "json"); !strings.Contains(r.stdout, `"committed": 0,`) {
		t.Errorf("a refused reset moved the offsets:\n%s", r.stdout)
	}
}

// TestExportImportIsByteIdentical exports a topic with consume -o jsonl
// and imports it into another with produce --format jsonl, then compares
// keys, values and headers byte for byte: binary, empty and absent ones
// too.
func TestExportImportIsByteIdentical(t *testing.T) {
	e := newScriptEnv(t)
	c, err := kafkaops.New(kafkaops.Config{Brokers: []string{e.addr}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, name := range []string{"src", "dst"} {
		if err := c.CreateTopic(ctx, kafkaops.NewTopic{Name: name, Partitions: 3, ReplicationFactor: 1}); err != nil {
			t.Fatal(err)
		}
	}
	var rs []kafkaops.ProduceRequest
	for i := range 300 {
		r := kafkaops.ProduceRequest{Topic: "src", Partition: i % 3, Value: []byte(fmt.Sprintf("value %d \"quoted\" <tag> & \\ \n newline", i))}
		switch i % 6 {
		case 0:
			r.Key = []byte{0xff, 0x00, byte(i)} // not UTF-8
		case 1:
			r.Key = []byte{} // empty, not absent
		case 2:
			r.Value = nil // a tombstone
		case 3:
			r.Value = []byte{0x80, 0x81, '\n', 0}
			r.Key = []byte("ключ")
		}
		if i%4 == 0 {
			r.Headers = []kafkaops.Header{{Key: "h1", Value: []byte("v")}, {Key: "bin", Value: []byte{0xc3, 0x28}}, {Key: "empty", Value: []byte{}}}
		}
		rs = append(rs, r)
	}
	if _, err := c.ProduceBatch(ctx, rs); err != nil {
		t.Fatal(err)
	}
	exp := e.run("", "consume", "src", "--exit", "-o", "jsonl")
	if exp.code != 0 || strings.Count(exp.stdout, "\n") != 300 {
		t.Fatalf("export: exit %d, %d lines, stderr %q", exp.code, strings.Count(exp.stdout, "\n"), exp.stderr)
	}
	imp := e.run(exp.stdout, "produce", "dst", "--format", "jsonl", "--keep-partitions", "--keep-timestamps")
	if imp.code != 0 {
		t.Fatalf("import: exit %d, stderr %q", imp.code, imp.stderr)
	}
	src, dst := readAll(t, c, "src"), readAll(t, c, "dst")
	if len(src) != 300 || len(dst) != 300 {
		t.Fatalf("read %d and %d records, want 300 each", len(src), len(dst))
	}
	for k, a := range src {
		b, ok := dst[k]
		if !ok {
			t.Fatalf("record %v missing after the import", k)
		}
		if !sameBytes(a.Key, b.Key) || !sameBytes(a.Value, b.Value) || !a.Timestamp.Equal(b.Timestamp) || len(a.Headers) != len(b.Headers) {
			t.Fatalf("record %v differs:\n src %#v\n dst %#v", k, a, b)
		}
		for i := range a.Headers {
			if a.Headers[i].Key != b.Headers[i].Key || !sameBytes(a.Headers[i].Value, b.Headers[i].Value) {
				t.Fatalf("record %v header %d differs: %#v vs %#v", k, i, a.Headers[i], b.Headers[i])
			}
		}
	}
}

// sameBytes compares bytes and also absent (nil) against empty.
func sameBytes(a, b []byte) bool { return bytes.Equal(a, b) && (a == nil) == (b == nil) }

type partOffset struct {
	p   int
	off int64
}

func readAll(t *testing.T, c *kafkaops.Client, topic string) map[partOffset]kafkaops.Record {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ch, err := c.Scan(ctx, kafkaops.ScanRequest{Topic: topic, From: kafkaops.ScanFromBeginning})
	if err != nil {
		t.Fatal(err)
	}
	out := map[partOffset]kafkaops.Record{}
	for ev := range ch {
		if ev.Err != nil {
			t.Fatal(ev.Err)
		}
		for _, r := range ev.Matches {
			out[partOffset{r.Partition, r.Offset}] = r
		}
	}
	return out
}

// TestCompletion checks that shell completion offers topics, groups and
// contexts.
func TestCompletion(t *testing.T) {
	e := newScriptEnv(t)
	e.run("", "topics", "create", "bankbranch")
	e.run("", "topics", "create", "audit")
	e.run("", "groups", "reset", "atm-readers", "--topic", "bankbranch", "--to-earliest", "--execute")
	cfgDir := filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "kscope")
	if err := os.MkdirAll(cfgDir, 0o700); err != nil {
		t.Fatal(err)
	}
	conf := fmt.Sprintf("contexts:\n  - name: prod\n    brokers: [%s]\n  - name: staging\n    brokers: [%s]\n", e.addr, e.addr)
	if err := os.WriteFile(filepath.Join(cfgDir, "config.yaml"), []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"__complete", "topics", "describe", "--brokers", e.addr, "b"}, "bankbranch\n:4\n"},
		{[]string{"__complete", "consume", "--brokers", e.addr, ""}, "audit\nbankbranch\n:4\n"},
		{[]string{"__complete", "groups", "describe", "--brokers", e.addr, "atm"}, "atm-readers\n:4\n"},
		{[]string{"__complete", "produce", "--context", "st"}, "staging\n:4\n"},
		{[]string{"__complete", "topics", "list", "--context", "prod", "-o", ""}, "table\njson\n:4\n"},
		// The explorer and `kscope tail`: contexts, topics, start words.
		{[]string{"__complete", "--context", "pr"}, "prod\n:4\n"},
		{[]string{"__complete", "tail", "--context", "st"}, "staging\n:4\n"},
		{[]string{"__complete", "tail", "--brokers", e.addr, "b"}, "bankbranch\n:4\n"},
		{[]string{"__complete", "tail", "--context", "prod", ""}, "audit\nbankbranch\n:4\n"},
		{[]string{"__complete", "tail", "bankbranch", "--from", ""}, "end\nbeginning\n-10\n@0\n10m\n1h\n1d\n:4\n"},
		{[]string{"__complete", "consume", "bankbranch", "--from", ""}, "end\nbeginning\n-10\n@0\n10m\n1h\n1d\n:4\n"},
	}
	for _, tc := range tests {
		r := runKscope(t, "", tc.args...)
		if r.stdout != tc.want {
			t.Errorf("%v: %q, want %q", tc.args, r.stdout, tc.want)
		}
	}
}

func TestProgressLine(t *testing.T) {
	p := &kafkaops.ScanProgress{Position: 250, Total: 1000, Matched: 3, RecordsPerSec: 1000, MBPerSec: 0.25, ETA: 750 * time.Millisecond, Elapsed: 250 * time.Millisecond}
	if got, want := progressLine(p, false), "\r\x1b[Kkscope: 250 of 1000 records (25%), 3 matches, 1000 records/s, 0.2 MB/s, ETA 1s"; got != want {
		t.Errorf("running:\n got %q\nwant %q", got, want)
	}
	p.Position = 1000
	if got := progressLine(p, true); !strings.HasSuffix(got, "(100%), 3 matches, 1000 records/s, 0.2 MB/s, 0.2 s\n") {
		t.Errorf("done: %q", got)
	}
}
