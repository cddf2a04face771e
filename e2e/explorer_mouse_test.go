package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// mouse sends an SGR mouse report (the encoding kscope asks the terminal
// for) as if the terminal had written it: button b at column x, row y,
// both 1-based; release ends with m instead of M.
func (s *tmuxSession) mouse(b, x, y int, release bool) {
	s.t.Helper()
	end := "M"
	if release {
		end = "m"
	}
	s.typeText(fmt.Sprintf("\x1b[<%d;%d;%d%s", b, x, y, end))
}

// TestExplorerMouseAndEsc drives the real binary with the mouse (the
// wheel scrolls the topic list, a click selects a row and a click on the
// selected row opens it) and checks that esc first clears the detail's
// kept config filter, then goes back.
func TestExplorerMouseAndEsc(t *testing.T) {
	tmux := requireTmux(t)
	bin := buildKscope(t)
	addr := startBroker(t, bin)
	topics := map[string]int{}
	for i := range 40 {
		topics[fmt.Sprintf("t-%02d", i)] = 1
	}
	createTopics(t, addr, topics)

	home := t.TempDir()
	s := startTmux(t, tmux, fmt.Sprintf("env HOME=%s XDG_CONFIG_HOME= XDG_DATA_HOME= XDG_STATE_HOME= %s --brokers %s", home, bin, addr))
	s.waitText("Topics (40/40)", 15*time.Second)

	// Three notches of the wheel move the window by three rows each: the
	// first row shown is t-09 (header, title and headings come first).
	for range 3 {
		s.mouse(65, 10, 10, false)
	}
	s.waitFor("the wheel to scroll", 5*time.Second, func(scr string) bool {
		lines := strings.Split(scr, "\n")
		return len(lines) > 3 && strings.Contains(lines[3], "t-09")
	})

	// Terminal row 8 is the fifth visible row: t-13.
	s.mouse(0, 10, 8, false)
	s.mouse(0, 10, 8, true)
	s.waitFor("the click to select t-13", 5*time.Second, func(scr string) bool {
		return strings.HasPrefix(strings.TrimSpace(lineWith(scr, "t-13")), "▸")
	})
	// A click on the selected row opens it.
	s.mouse(0, 10, 8, false)
	s.mouse(0, 10, 8, true)
	s.waitText("cleanup.policy", 5*time.Second)

	// esc clears a kept config filter before it goes back.
	s.keys("/")
	s.typeText("segment")
	s.keys("Enter")
	s.waitText("/segment", 5*time.Second)
	s.keys("Escape")
	scr := s.waitFor("esc to clear the filter", 5*time.Second, func(scr string) bool {
		return !strings.Contains(scr, "/segment")
	})
	if !strings.Contains(scr, "cleanup.policy") {
		t.Fatalf("esc left the detail instead of clearing the filter:\n%s", scr)
	}
	s.keys("Escape")
	s.waitFor("the topic browser again", 5*time.Second, func(scr string) bool {
		return strings.Contains(scr, "Topics (40/40)") && !strings.Contains(scr, "cleanup.policy")
	})
}
