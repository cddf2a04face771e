package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// brokerProc is a `kscope broker` subprocess on a fixed address and data
// dir, so that it can be stopped and started again where it was.
type brokerProc struct {
	t         *testing.T
	bin, addr string
	dir       string
	cmd       *exec.Cmd
	done      chan struct{}
}

// start runs the broker and waits until it listens.
func (b *brokerProc) start() {
	b.t.Helper()
	cmd := exec.Command(b.bin, brokerArgs("--listen", b.addr, "--data-dir", b.dir)...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.t.Fatal(err)
	}
	b.cmd, b.done = cmd, make(chan struct{})
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(out)
		signalled := false
		for sc.Scan() {
			if !signalled && strings.Contains(sc.Text(), "listening on") {
				close(ready)
				signalled = true
			}
		}
		_ = cmd.Wait()
		close(b.done)
	}()
	select {
	case <-ready:
	case <-b.done:
		b.t.Fatalf("kscope broker on %s exited before listening", b.addr)
	case <-time.After(15 * time.Second):
		b.t.Fatalf("kscope broker did not start on %s", b.addr)
	}
}

// stop sends sig and waits for the process to end.
func (b *brokerProc) stop(sig os.Signal) {
	b.t.Helper()
	if b.cmd == nil {
		return
	}
	_ = b.cmd.Process.Signal(sig)
	select {
	case <-b.done:
	case <-time.After(10 * time.Second):
		_ = b.cmd.Process.Kill()
		<-b.done
		b.t.Errorf("kscope broker did not stop on %v", sig)
	}
	b.cmd = nil
}

// kcatProduce produces values from..from+n-1 to topic with kcat, keyed
// k0..k6 so that both partitions get records; each value is its number.
func kcatProduce(t *testing.T, kcat, addr, topic string, from, n int) {
	t.Helper()
	var in strings.Builder
	for i := from; i < from+n; i++ {
		fmt.Fprintf(&in, "k%d:%d\n", i%7, i)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, kcat, "-P", "-b", addr, "-t", topic, "-K", ":")
	cmd.Stdin = strings.NewReader(in.String())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("kcat -P: %v\n%s", err, out)
	}
}

// TestTailBrokerRestart tails bankbranch from the beginning with
// `kscope tail`, stops the broker (SIGTERM, then in a second case
// SIGKILL) and sees the tail say reconnecting; starts it again on the
// same address and data dir, produces more and sees them arrive; then
// exports and checks that the file holds every offset of every
// partition once: no gap, no duplicate.
func TestTailBrokerRestart(t *testing.T) {
	tmux := requireTmux(t)
	kcat, err := exec.LookPath("kcat")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("kcat is required for the tail restart end-to-end test in CI: %v", err)
		}
		t.Skip("kcat not found: skipping the tail restart end-to-end test (install kcat to run it)")
	}
	bin := buildKscope(t)
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGKILL} {
		t.Run(sig.String(), func(t *testing.T) {
			tailAcrossRestart(t, tmux, kcat, bin, sig)
		})
	}
}

func tailAcrossRestart(t *testing.T, tmux, kcat, bin string, sig syscall.Signal) {
	const before, after = 40, 25
	b := &brokerProc{t: t, bin: bin, addr: freeAddr(t), dir: t.TempDir()}
	b.start()
	t.Cleanup(func() { b.stop(os.Interrupt) })
	createTopics(t, b.addr, map[string]int{"bankbranch": 2})
	kcatProduce(t, kcat, b.addr, "bankbranch", 0, before)

	dir, home := t.TempDir(), t.TempDir()
	s := startTmux(t, tmux, fmt.Sprintf("cd %s && env HOME=%s XDG_CONFIG_HOME= XDG_DATA_HOME= XDG_STATE_HOME= TZ=UTC %s tail bankbranch --brokers %s --from beginning; echo EXITED:$?; sleep 600",
		dir, home, bin, b.addr))
	s.waitText(fmt.Sprintf("received %d ·", before), 10*time.Second)

	b.stop(sig)
	s.waitText("reconnecting", 10*time.Second)

	b.start()
	kcatProduce(t, kcat, b.addr, "bankbranch", before, after)
	total := before + after
	scr := s.waitText(fmt.Sprintf("received %d ·", total), 15*time.Second)
	if strings.Contains(scr, "reconnecting") {
		t.Errorf("still reconnecting with every record in:\n%s", scr)
	}

	s.keys("e")
	scr = s.waitText(fmt.Sprintf("exported %d records to", total), 5*time.Second)
	files, _ := filepath.Glob(filepath.Join(dir, "kscope-tail-bankbranch-*.jsonl"))
	if len(files) != 1 {
		t.Fatalf("export files in %s: %v\n%s", dir, files, scr)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	offsets := map[int][]int64{}
	var values []int
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var rec struct {
			Partition int    `json:"partition"`
			Offset    int64  `json:"offset"`
			Payload   string `json:"payload"`
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		offsets[rec.Partition] = append(offsets[rec.Partition], rec.Offset)
		v, err := strconv.Atoi(rec.Payload)
		if err != nil {
			t.Fatalf("payload %q: %v", rec.Payload, err)
		}
		values = append(values, v)
	}
	// Every partition: offsets 0..n-1 once each, in order.
	n := 0
	for p, offs := range offsets {
		for i, o := range offs {
			if o != int64(i) {
				t.Errorf("partition %d: offsets %v, want 0..%d in order, no gap, no duplicate", p, offs, len(offs)-1)
				break
			}
		}
		n += len(offs)
	}
	if len(offsets) != 2 || n != total {
		t.Errorf("exported %d records over partitions %v, want %d over 2", n, slices.Sorted(maps.Keys(offsets)), total)
	}
	// And every produced value exactly once.
	slices.Sort(values)
	for i, v := range values {
		if v != i {
			t.Errorf("values %v: want 0..%d once each", values, total-1)
			break
		}
	}
	s.keys("q")
	s.waitText("EXITED:0", 10*time.Second)
}
