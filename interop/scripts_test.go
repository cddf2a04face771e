package interop

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"
)

// kcatLine is the part of a `kcat -J` line the search checks read.
type kcatLine struct {
	Partition int      `json:"partition"`
	Offset    int64    `json:"offset"`
	TS        int64    `json:"ts"`
	Key       *string  `json:"key"`
	Payload   *string  `json:"payload"`
	Headers   []string `json:"headers"`
}

func parseKcatLines(t *testing.T, out string) []kcatLine {
	t.Helper()
	var recs []kcatLine
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var r kcatLine
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%s: %v", sc.Text(), err)
		}
		recs = append(recs, r)
	}
	return recs
}

type at struct {
	p   int
	off int64
}

func positionsOf(recs []kcatLine) []at {
	out := make([]at, 0, len(recs))
	for _, r := range recs {
		out = append(out, at{r.Partition, r.Offset})
	}
	slices.SortFunc(out, func(a, b at) int {
		if a.p != b.p {
			return a.p - b.p
		}
		return int(a.off - b.off)
	})
	return out
}

// searchTopic fills a 4-partition topic through `kscope produce --format
// jsonl` with n records: every 101st value holds "needle-N", keys cycle
// through atm-0..atm-19, every 7th record has a header source=branch,
// record i is stamped base+i seconds.
func searchTopic(t *testing.T, bin, addr, topic string, n int, base int64) {
	t.Helper()
	run(t, time.Minute, "", bin, "topics", "create", topic, "--partitions", "4", "--brokers", addr)
	var in strings.Builder
	for i := range n {
		v := fmt.Sprintf("transaction %d amount %d", i, i%500)
		if i%101 == 0 {
			v += fmt.Sprintf(" needle-%d", i)
		}
		hdr := ""
		if i%7 == 0 {
			hdr = `"headers":["source","branch"],`
		}
		fmt.Fprintf(&in, `{"partition":%d,"ts":%d,%s"key":"atm-%d","payload":%q}`+"\n", i%4, base+int64(i)*1000, hdr, i%20, v)
	}
	run(t, 2*time.Minute, in.String(), bin, "produce", topic, "--format", "jsonl", "--keep-partitions", "--keep-timestamps", "--brokers", addr)
}

// TestSearchMatchesKcatBruteForce compares `kscope consume --filter`
// (the scan engine) with a brute-force pass over what `kcat -C -e -J`
// reads, across partitions, offset and time windows and the filter's
// terms, on a topic three times the tail's default ring.
func TestSearchMatchesKcatBruteForce(t *testing.T) {
	requireKcat(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	bin := kscope(t)
	b := startBroker(t, t.TempDir())
	const n = 30_000
	const base = int64(1_700_000_000_000)
	searchTopic(t, bin, b.Addr, "search", n, base)
	all := parseKcatLines(t, run(t, 2*time.Minute, "", "kcat", "-C", "-e", "-q", "-J", "-o", "beginning", "-b", b.Addr, "-t", "search"))
	if len(all) != n {
		t.Fatalf("kcat read %d records, want %d", len(all), n)
	}
	ts := func(i int) string { return time.UnixMilli(base + int64(i)*1000).UTC().Format(time.RFC3339) }
	tests := []struct {
		name string
		args []string
		want func(r kcatLine) bool
	}{
		{"text", []string{"--filter", "needle"}, func(r kcatLine) bool { return strings.Contains(*r.Payload, "needle") }},
		{"regexp", []string{"--filter", `re:needle-\d*7$`}, func(r kcatLine) bool {
			i := strings.Index(*r.Payload, "needle-")
			return i >= 0 && strings.HasSuffix(*r.Payload, "7")
		}},
		{"partitions and offsets", []string{"--filter", "p:1-2 offset:1000-4000 needle"}, func(r kcatLine) bool {
			return (r.Partition == 1 || r.Partition == 2) && r.Offset >= 1000 && r.Offset <= 4000 && strings.Contains(*r.Payload, "needle")
		}},
		{"offset window", []string{"--from", "@500", "--to", "@6000", "--filter", "amount 42"}, func(r kcatLine) bool {
			return r.Offset >= 500 && r.Offset < 6000 && strings.Contains(*r.Payload, "amount 42")
		}},
		{"time window", []string{"--from", ts(7000), "--to", ts(21000), "--filter", "key:atm-3"}, func(r kcatLine) bool {
			return r.TS >= base+7000*1000 && r.TS < base+21000*1000 && r.Key != nil && strings.Contains(*r.Key, "atm-3")
		}},
		{"header and partition", []string{"--partition", "3", "--filter", "header:source=branch"}, func(r kcatLine) bool {
			return r.Partition == 3 && slices.Equal(r.Headers, []string{"source", "branch"})
		}},
		{"oldest records only", []string{"--to", "@10", "--filter", "transaction"}, func(r kcatLine) bool { return r.Offset < 10 }},
		{"no match", []string{"--filter", "re:^nothing"}, func(kcatLine) bool { return false }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var want []kcatLine
			for _, r := range all {
				if tc.want(r) {
					want = append(want, r)
				}
			}
			args := append([]string{"consume", "search", "--exit", "-o", "jsonl", "--brokers", b.Addr}, tc.args...)
			got := parseKcatLines(t, run(t, time.Minute, "", bin, args...))
			if g, w := positionsOf(got), positionsOf(want); !slices.Equal(g, w) {
				t.Fatalf("kscope found %d records, kcat's brute force %d; first %v vs %v", len(g), len(w), g[:min(3, len(g))], w[:min(3, len(w))])
			}
			if tc.name != "no match" && len(want) == 0 {
				t.Fatal("the case selects nothing: it proves nothing")
			}
		})
	}
}

// TestConsumeIntoHeadExitsCleanly runs `kscope consume | head -n 1` under
// pipefail: kscope must exit 0 with nothing on stderr, both reading a
// window (--exit) and following.
func TestConsumeIntoHeadExitsCleanly(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	bin := kscope(t)
	b := startBroker(t, t.TempDir())
	run(t, time.Minute, "", bin, "topics", "create", "many", "--partitions", "2", "--brokers", b.Addr)
	var in strings.Builder
	for i := range 100_000 {
		fmt.Fprintf(&in, "line %d\n", i)
	}
	run(t, 2*time.Minute, in.String(), bin, "produce", "many", "--brokers", b.Addr)
	for _, extra := range []string{"--exit", "", "-o jsonl --exit"} {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		script := fmt.Sprintf("%q consume many --brokers %s %s | head -n 1", bin, b.Addr, extra)
		cmd := exec.CommandContext(ctx, "bash", "-o", "pipefail", "-c", script)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		cancel()
		if err != nil || stderr.Len() > 0 || strings.Count(stdout.String(), "\n") != 1 {
			t.Errorf("%s: %v, stdout %q, stderr %q; want exit 0, one line, no stderr", script, err, stdout.String(), stderr.String())
		}
	}
}
