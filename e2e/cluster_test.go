package e2e

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// kcatPartition0 returns partition 0's leader and ISR line of topic as
// `kcat -L` prints them ("leader 2, replicas: 2,0,1, isrs: 2,0,1").
func kcatPartition0(t *testing.T, kcat, addr, topic string) (leader int, line string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, kcat, "-L", "-b", addr, "-t", topic, "-m", "5").CombinedOutput()
	if err != nil {
		t.Fatalf("kcat -L: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`partition 0, leader (-?\d+), (.*)`).FindStringSubmatch(string(out))
	if m == nil {
		t.Fatalf("kcat -L lists no partition 0 of %s:\n%s", topic, out)
	}
	leader, _ = strconv.Atoi(m[1])
	return leader, m[0]
}

// TestLocalClusterReassignAndStopNode drives `kscope --local --nodes 3
// --demo` in tmux: it moves bankbranch's partition 0 to another leader
// from the topic detail (R, e, enter, y) and checks the new leader with
// kcat; then it stops that node from the brokers view (s, y) and checks
// that kcat sees another leader and the node out of the ISR, and that the
// topic detail shows the partition under-replicated.
func TestLocalClusterReassignAndStopNode(t *testing.T) {
	tmux := requireTmux(t)
	kcat := requireKcat(t)
	bin := buildKscope(t)
	data := filepath.Join(t.TempDir(), "broker")
	s := startTmux(t, tmux, fmt.Sprintf("env HOME=%s XDG_CONFIG_HOME= XDG_DATA_HOME= XDG_STATE_HOME= %s --local --nodes 3 --local-listen 127.0.0.1:0 --data-dir %s --demo; echo EXITED:$?; sleep 600",
		t.TempDir(), bin, data))
	scr := s.waitFor("the 3-node cluster with bankbranch", 20*time.Second, func(scr string) bool {
		return strings.Contains(scr, "3 brokers") && strings.Contains(scr, "bankbranch ")
	})
	m := regexp.MustCompile(`bundled broker running at (127\.0\.0\.1:\d+)`).FindStringSubmatch(scr)
	if m == nil {
		t.Fatalf("no broker address in the status line:\n%s", scr)
	}
	addr := m[1]

	before, _ := kcatPartition0(t, kcat, addr, "bankbranch")
	target := (before + 1) % 3
	s.keys("Enter")
	s.waitText("Partitions (2)", 10*time.Second)
	s.keys("R")
	s.waitText("brokers 0,1,2", 10*time.Second)
	s.keys("e", "C-u")
	s.typeText(fmt.Sprintf("%d,%d,%d", target, (target+1)%3, (target+2)%3))
	s.keys("Enter")
	s.waitText("1 partition change", 5*time.Second)
	s.keys("Enter")
	s.waitText("Reassign 1 partition of bankbranch", 5*time.Second)
	s.keys("y")
	s.waitText("Reassignments in progress", 10*time.Second)
	deadline := time.Now().Add(10 * time.Second)
	for {
		leader, line := kcatPartition0(t, kcat, addr, "bankbranch")
		if leader == target {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("kcat still sees %q, want leader %d", line, target)
		}
		time.Sleep(100 * time.Millisecond)
	}

	s.keys(":")
	s.typeText("brokers")
	s.keys("Enter")
	s.waitText("Brokers (3)", 10*time.Second)
	for range target {
		s.keys("Down")
	}
	s.keys("s")
	s.waitText(fmt.Sprintf("Stop node %d", target), 5*time.Second)
	s.keys("y")
	scr = s.waitText("✗ stopped", 10*time.Second)
	if l := lineWith(scr, "✗ stopped"); !strings.Contains(l, "▸") {
		t.Errorf("the stopped node is not the selected one: %q\n%s", l, scr)
	}
	// Ask kcat through a node that runs: node 0 may be the one stopped.
	other := nodeAddr(t, scr, (target+1)%3)
	leader, line := kcatPartition0(t, kcat, other, "bankbranch")
	_, isr, _ := strings.Cut(line, "isrs: ")
	if leader == target || slices.Contains(strings.Split(isr, ","), strconv.Itoa(target)) {
		t.Errorf("with node %d stopped kcat sees %q, want another leader and %d out of the ISR", target, line, target)
	}

	// A palette command opens its screen over the topic browser.
	s.keys("Escape")
	s.waitText("Topics (2/2)", 5*time.Second)
	s.keys("Enter")
	scr = s.waitText("under-replicated", 10*time.Second)
	if l := lineWith(scr, "Partitions (2)"); !strings.Contains(l, "! 2 under-replicated") {
		t.Errorf("the partitions pane says %q, want both partitions under-replicated:\n%s", l, scr)
	}
	s.keys("q")
	if scr := s.waitText("EXITED:", 15*time.Second); !strings.Contains(scr, "EXITED:0") {
		t.Fatalf("kscope exited badly:\n%s", scr)
	}
}

// nodeAddr reads node id's host:port from the brokers view.
func nodeAddr(t *testing.T, scr string, id int) string {
	t.Helper()
	re := regexp.MustCompile(`(?m)^\S*\s+` + strconv.Itoa(id) + `\s+(127\.0\.0\.1:\d+)`)
	m := re.FindStringSubmatch(scr)
	if m == nil {
		t.Fatalf("the brokers view lists no node %d:\n%s", id, scr)
	}
	return m[1]
}
