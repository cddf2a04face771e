package cluster

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

func testContexts() []ContextEntry {
	return []ContextEntry{
		{Name: "local", Brokers: "127.0.0.1:9092"},
		{Name: "prod", Brokers: "kafka-1:9093,kafka-2:9093", Auth: "SCRAM-SHA-512 user app · TLS", ReadOnly: true},
		{Name: "evil\x1b[31m", Brokers: "x:1", Auth: "mTLS"},
	}
}

func TestContextsListsAndMarksTheCurrent(t *testing.T) {
	c := NewContexts(kittest.TestStyles(), testContexts(), "prod", "/home/u/.config/kscope/config.yaml")
	c.SetSize(80, 20)
	v := ansi.Strip(c.View())
	for _, want := range []string{"Contexts", "config.yaml", "NAME", "BROKERS", "AUTH", "MODE",
		"local", "127.0.0.1:9092", "none", "read-write",
		"● prod", "kafka-1:9093,kafka…", "SCRAM-SHA-512 user app · TLS", "read-only", `evil\x1b[31m`} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	lines := strings.Split(v, "\n")
	if len(lines) != 20 {
		t.Errorf("view has %d lines, want 20", len(lines))
	}
	for i, l := range lines {
		if lipgloss.Width(l) > 80 {
			t.Errorf("line %d is wider than 80: %q", i, l)
		}
	}
	if e, ok := c.Selected(); !ok || e.Name != "prod" {
		t.Errorf("cursor starts on %+v, want the current context", e)
	}
	if c.Title() != "Contexts (3)" {
		t.Errorf("title = %q", c.Title())
	}
}

func TestContextsEnterAsksForASwitch(t *testing.T) {
	c := NewContexts(kittest.TestStyles(), testContexts(), "prod", "")
	c.SetSize(80, 20)
	c.Update(tea.KeyPressMsg{Code: 'k', Text: "k"})
	_, cmd := c.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if cmd == nil {
		t.Fatal("enter did nothing")
	}
	if msg, ok := cmd().(SwitchContextMsg); !ok || msg.Name != "local" {
		t.Errorf("enter sent %#v, want a switch to local", msg)
	}
	// A click on the selected row switches too.
	_, cmd = c.Update(tea.MouseClickMsg{Button: tea.MouseLeft, Y: contextsRowsTop})
	if cmd == nil {
		t.Fatal("click on the selected row did nothing")
	}
	if msg, ok := cmd().(SwitchContextMsg); !ok || msg.Name != "local" {
		t.Errorf("click sent %#v", msg)
	}
	_, cmd = c.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	if _, ok := cmd().(kit.PopMsg); !ok {
		t.Errorf("esc does not go back")
	}
}

func TestContextsEmptySaysWhereToAddThem(t *testing.T) {
	c := NewContexts(kittest.TestStyles(), nil, "", "/home/u/.config/kscope/config.yaml")
	c.SetSize(80, 10)
	v := ansi.Strip(c.View())
	if !strings.Contains(v, "No contexts: add them to /home/u/.config/kscope/config.yaml") {
		t.Errorf("empty view:\n%s", v)
	}
	if _, cmd := c.Update(tea.KeyPressMsg{Code: tea.KeyEnter}); cmd != nil {
		t.Errorf("enter on no contexts did something")
	}
	// So the help line does not offer it, and the full help says why.
	if h := kit.KeyHints(c.ShortHelp()); strings.Contains(h, "enter") {
		t.Errorf("help line offers %q with no contexts", h)
	}
	if h := kit.KeyHints(c.FullHelp()[1]); !strings.Contains(h, "enter switch (no contexts)") {
		t.Errorf("full help %q", h)
	}
}
