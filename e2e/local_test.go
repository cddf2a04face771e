package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestLocalDemoFirstRun is the new user's first run: `kscope --local
// --demo` on an empty data dir starts the bundled broker in-process, shows
// bankbranch filling up with ATM transactions, opens its detail with both
// partitions and its configs, and leaves the data dir behind for the next
// run.
func TestLocalDemoFirstRun(t *testing.T) {
	tmux := requireTmux(t)
	bin := buildKscope(t)
	data := filepath.Join(t.TempDir(), "broker")
	home := t.TempDir()
	s := startTmux(t, tmux, fmt.Sprintf("env HOME=%s XDG_CONFIG_HOME= XDG_DATA_HOME= XDG_STATE_HOME= %s --local --local-listen 127.0.0.1:0 --data-dir %s --demo; echo EXITED:$?; sleep 600",
		home, bin, data))

	scr := s.waitText("bankbranch", 15*time.Second)
	if !strings.Contains(scr, "bundled broker running at 127.0.0.1:") || !strings.Contains(scr, data) {
		t.Errorf("the status line does not say where the bundled broker runs and keeps data:\n%s", scr)
	}
	// The demo trickles records in: refresh (r, pressed on every poll) until
	// the count is no longer zero.
	s.waitFor("bankbranch to hold demo records", 15*time.Second, func(scr string) bool {
		s.keys("r")
		l := lineWith(scr, "bankbranch")
		f := strings.Fields(l)
		return len(f) > 0 && f[len(f)-1] != "0"
	})

	s.keys("Enter")
	scr = s.waitFor("bankbranch's detail", 10*time.Second, func(scr string) bool {
		return strings.Contains(scr, "Partitions (2)") && strings.Contains(scr, "cleanup.policy")
	})
	if l := lineWith(scr, "bankbranch ·"); !strings.Contains(l, "2 partitions") || !strings.Contains(l, "RF 1") {
		t.Errorf("summary line %q lacks 2 partitions and RF 1:\n%s", l, scr)
	}

	s.keys("Escape")
	s.waitFor("the topic browser again", 5*time.Second, func(scr string) bool {
		return strings.Contains(scr, "Topics (") && !strings.Contains(scr, "cleanup.policy")
	})
	s.keys("q")
	scr = s.waitText("EXITED:", 10*time.Second)
	if !strings.Contains(scr, "EXITED:0") {
		t.Fatalf("kscope exited badly:\n%s", scr)
	}
	// The bundled broker kept its data for the next run.
	if _, err := os.Stat(filepath.Join(data, "topics.json")); err != nil {
		t.Errorf("the data dir holds no topics after the run: %v", err)
	}
}
