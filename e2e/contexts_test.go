package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestContextSwitchInTheTUI starts kscope on the first context of a
// contexts file and switches to the second with :ctx, without a restart.
func TestContextSwitchInTheTUI(t *testing.T) {
	tmux := requireTmux(t)
	bin := buildKscope(t)
	first := startBroker(t, bin)
	second := startBroker(t, bin)
	createTopics(t, first, map[string]int{"first-orders": 1})
	createTopics(t, second, map[string]int{"second-only-payments": 2})

	home := t.TempDir()
	cfgHome := filepath.Join(home, "config")
	if err := os.MkdirAll(filepath.Join(cfgHome, "kscope"), 0o700); err != nil {
		t.Fatal(err)
	}
	cfg := fmt.Sprintf(`# two local brokers
current-context: first
contexts:
  - name: first
    brokers: [%s]
  - name: second
    brokers: [%s]
    read-only: true
`, first, second)
	if err := os.WriteFile(filepath.Join(cfgHome, "kscope", "config.yaml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	s := startTmux(t, tmux, fmt.Sprintf("env HOME=%s XDG_CONFIG_HOME=%s XDG_DATA_HOME= XDG_STATE_HOME= KSCOPE_BROKERS= %s; echo EXITED:$?; sleep 600", home, cfgHome, bin))

	scr := s.waitText("first-orders", 15*time.Second)
	header := strings.Split(scr, "\n")[0]
	if !strings.Contains(header, "first") || !strings.Contains(header, "connected") || strings.Contains(header, "read-only") {
		t.Errorf("header on the first context: %q", header)
	}

	// :ctx lists both contexts.
	s.keys(":")
	s.typeText("ctx")
	s.keys("Enter")
	scr = s.waitText("Contexts (2)", 5*time.Second)
	if l := lineWith(scr, "second"); !strings.Contains(l, second) || !strings.Contains(l, "read-only") {
		t.Errorf("contexts list row for second: %q\n%s", l, scr)
	}
	s.keys("Escape")
	s.waitFor("the topic browser again", 5*time.Second, func(scr string) bool {
		return strings.Contains(scr, "first-orders") && !strings.Contains(scr, "Contexts (2)")
	})

	// :ctx second switches: its topic shows, the first's is gone, the
	// header names it and says read-only.
	s.keys(":")
	s.typeText("ctx second")
	s.keys("Enter")
	scr = s.waitFor("the second context's topics", 15*time.Second, func(scr string) bool {
		return strings.Contains(scr, "second-only-payments") && !strings.Contains(scr, "first-orders")
	})
	header = strings.Split(scr, "\n")[0]
	for _, want := range []string{"second", "connected", "read-only"} {
		if !strings.Contains(header, want) {
			t.Errorf("header after :ctx second lacks %q: %q", want, header)
		}
	}

	s.keys("q")
	scr = s.waitText("EXITED:", 5*time.Second)
	if !strings.Contains(scr, "EXITED:0") {
		t.Fatalf("kscope exited badly:\n%s", scr)
	}
}
