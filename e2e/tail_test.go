package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// requireKafkaPython returns a python with kafka-python (the lab's
// client); it skips without one, but fails in CI, where it must run.
func requireKafkaPython(t *testing.T) string {
	t.Helper()
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import kafka").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("kafka-python (/usr/bin/python3, Debian python3-kafka) is required for the tail end-to-end test in CI: %v", err)
		}
		t.Skip("kafka-python not found under /usr/bin/python3: skipping the tail end-to-end test")
	}
	return py
}

// produceATM produces ATM transactions from outside with kafka-python,
// as the lab's producer does: JSON values, the ATM id as the key, a
// header.
func produceATM(t *testing.T, py, addr string, from, n int) {
	t.Helper()
	script := fmt.Sprintf(`
import json
from kafka import KafkaProducer
p = KafkaProducer(bootstrap_servers=%q, value_serializer=lambda v: json.dumps(v).encode())
for i in range(%d, %d):
    kind = "deposit" if i %% 2 else "withdrawal"
    p.send("bankbranch", key=b"atm-%%d" %% (i %% 3), value={"atmid": i %% 3, "transid": i, "type": kind, "amount": i * 10},
           headers=[("source", b"e2e")])
p.flush()
p.close()
`, addr, from, from+n)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if out, err := exec.CommandContext(ctx, py, "-c", script).CombinedOutput(); err != nil {
		t.Fatalf("kafka-python producer: %v\n%s", err, out)
	}
}

// TestTailLive tails bankbranch in the explorer, produces from outside
// with kafka-python and sees the records arrive; pauses, filters, exports
// and checks the file; then opens `kscope tail --from beginning`.
func TestTailLive(t *testing.T) {
	tmux := requireTmux(t)
	py := requireKafkaPython(t)
	bin := buildKscope(t)
	addr := startBroker(t, bin)
	createTopics(t, addr, map[string]int{"bankbranch": 2})

	dir := t.TempDir()
	home := t.TempDir()
	env := fmt.Sprintf("cd %s && env HOME=%s XDG_CONFIG_HOME= XDG_DATA_HOME= XDG_STATE_HOME= TZ=UTC", dir, home)
	s := startTmux(t, tmux, fmt.Sprintf("%s %s --brokers %s; echo EXITED:$?; sleep 600", env, bin, addr))
	s.waitText("bankbranch", 15*time.Second)
	s.keys("t")
	s.waitText("Waiting for new records on bankbranch", 10*time.Second)

	produceATM(t, py, addr, 200, 4)
	// Poll until every part shows: tmux may capture a frame half drawn (the
	// rows written, the status bar not yet), so one capture is not enough.
	want := []string{`"transid":200`, `"transid":203`, "atm-", "received 4", "following"}
	s.waitFor(fmt.Sprintf("%q", want), 15*time.Second, func(scr string) bool {
		for _, w := range want {
			if !strings.Contains(scr, w) {
				return false
			}
		}
		return true
	})

	// Pause: the counters count, the rows hold still.
	s.keys("Space")
	s.waitText("PAUSED", 5*time.Second)
	produceATM(t, py, addr, 204, 2)
	scr := s.waitText("received 6", 15*time.Second)
	if strings.Contains(scr, `"transid":205`) {
		t.Errorf("a paused tail showed a new record:\n%s", scr)
	}
	s.keys("Space")
	s.waitText(`"transid":205`, 5*time.Second)

	// Filter on a JSON field.
	s.keys("/")
	s.typeText("type=deposit")
	s.keys("Enter")
	scr = s.waitText("filter field type = deposit", 5*time.Second)
	if strings.Contains(scr, `"withdrawal"`) || !strings.Contains(scr, `"transid":205`) || !strings.Contains(scr, "shown 3/") {
		t.Errorf("the filter should show the 3 deposits only:\n%s", scr)
	}

	// Export what matches, kcat -J shaped.
	s.keys("e")
	scr = s.waitText("exported 3 records to", 5*time.Second)
	files, _ := filepath.Glob(filepath.Join(dir, "kscope-tail-bankbranch-*.jsonl"))
	if len(files) != 1 {
		t.Fatalf("export files in %s: %v\n%s", dir, files, scr)
	}
	f, err := os.Open(files[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var n int
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var rec struct {
			Topic     string   `json:"topic"`
			Partition *int     `json:"partition"`
			Offset    *int64   `json:"offset"`
			TSType    string   `json:"tstype"`
			TS        int64    `json:"ts"`
			Key       string   `json:"key"`
			Payload   string   `json:"payload"`
			Headers   []string `json:"headers"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		var v map[string]any
		if err := json.Unmarshal([]byte(rec.Payload), &v); err != nil || v["type"] != "deposit" {
			t.Errorf("payload %q is not a deposit: %v", rec.Payload, err)
		}
		if rec.Topic != "bankbranch" || rec.Partition == nil || rec.Offset == nil || rec.TSType != "create" || rec.TS <= 0 ||
			!strings.HasPrefix(rec.Key, "atm-") || len(rec.Headers) != 2 || rec.Headers[0] != "source" || rec.Headers[1] != "e2e" {
			t.Errorf("export line not shaped like kcat -J: %s", sc.Text())
		}
		n++
	}
	if n != 3 {
		t.Errorf("%d exported lines, want 3", n)
	}

	// esc clears the filter, the next esc goes back to the topics.
	s.keys("Escape")
	s.waitText(`"withdrawal"`, 5*time.Second)
	s.keys("Escape")
	s.waitText("PARTITIONS", 5*time.Second)
	s.keys("q")
	s.waitText("EXITED:0", 10*time.Second)

	// kscope tail opens straight on the tail, from the beginning.
	s2 := startTmux(t, tmux, fmt.Sprintf("%s %s tail bankbranch --from beginning --brokers %s; echo EXITED:$?; sleep 600", env, bin, addr))
	scr = s2.waitText("received 6", 15*time.Second)
	if !strings.Contains(scr, "from the beginning · all partitions") || !strings.Contains(scr, `"transid":200`) {
		t.Errorf("kscope tail --from beginning:\n%s", scr)
	}
	s2.keys("q")
	s2.waitText("EXITED:0", 10*time.Second)
}
