package e2e

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestEditRetentionAndPurge edits retention.ms from a topic's config pane
// (dry run, diff, apply) and purges a partition (plan, typed name), in
// the real binary against `kscope broker`, and checks the purge with kcat.
func TestEditRetentionAndPurge(t *testing.T) {
	tmux := requireTmux(t)
	kcat := requireKcat(t)
	bin := buildKscope(t)
	addr := startBroker(t, bin)
	createTopics(t, addr, map[string]int{"ledger": 1})
	kcatProduce(t, kcat, addr, "ledger", 0, 10)

	home := t.TempDir()
	s := startTmux(t, tmux, fmt.Sprintf("env HOME=%s XDG_CONFIG_HOME= XDG_DATA_HOME= XDG_STATE_HOME= %s --brokers %s; echo EXITED:$?; sleep 600", home, bin, addr))
	s.waitText("ledger", 15*time.Second)
	s.keys("Enter")
	s.waitText("retention.ms", 15*time.Second)

	// Keep a filter on retention.ms in the config pane, then e edits it.
	s.keys("/")
	s.typeText("retention.ms")
	s.keys("Enter")
	s.keys("e")
	s.waitText("dry run", 10*time.Second)
	s.keys("C-u")
	s.typeText("1d")
	s.keys("Enter")
	scr := s.waitText("→", 10*time.Second)
	if !strings.Contains(scr, "86400000 (1d)") {
		t.Fatalf("the dry run's diff does not show the new value:\n%s", scr)
	}
	s.keys("y")
	overridden := regexp.MustCompile(`(?m)^\S*\s*[●▸] retention\.ms\s+86400000 \(1d\)\s+topic`)
	s.waitFor("the detail with retention.ms overridden", 15*time.Second, overridden.MatchString)

	// P purges: every partition, everything; the plan counts 10 records,
	// and nothing goes until the topic's name is typed.
	s.keys("Escape") // the kept filter; wait, or esc and P read as alt+P
	s.waitFor("the filter cleared", 10*time.Second, func(scr string) bool { return !strings.Contains(scr, "esc clear filter") })
	s.keys("P")
	s.waitText("enter show what would go", 10*time.Second)
	s.keys("Enter")
	s.waitText("10 records in all", 15*time.Second)
	s.typeText("ledger")
	s.keys("Enter")
	s.waitText("now starts at offset 10", 15*time.Second)
	if vals := kcatRead(t, kcat, addr, "ledger"); len(vals) != 0 {
		t.Errorf("kcat still reads %d records after the purge: %q", len(vals), vals)
	}
}
