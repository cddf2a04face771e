package ui

import (
	"strings"
	"testing"

	"kscope/views/kit"
)

// Issue 13 item 11: a screen's status text goes when the screen is left,
// or when the screen says its cause is gone; the root's own texts stay.
func TestStatusGoesWithItsScreen(t *testing.T) {
	h := newHarness(t, newFakeService())
	h.send(kit.NavigateMsg{Route: kit.Route{Kind: kit.RouteTopicDetail, Topic: "billing"}})
	h.send(kit.StatusMsg{Text: "reset offsets: refused, the group has members", Error: true})
	if !strings.Contains(h.view(), "✗ reset offsets: refused") {
		t.Fatalf("no status:\n%s", h.view())
	}
	h.press(":")
	h.typeText("brokers")
	h.press("enter")
	if h.titles() != "Topics > Brokers" {
		t.Fatalf("stack %q", h.titles())
	}
	if v := h.view(); strings.Contains(v, "reset offsets") {
		t.Errorf("the group's refusal still shows on the brokers screen:\n%s", v)
	}

	// esc back: gone too.
	h.send(kit.StatusMsg{Text: "brokers: something", Error: true})
	h.press("esc")
	if v := h.view(); strings.Contains(v, "brokers: something") {
		t.Errorf("the status outlived its screen after esc:\n%s", v)
	}

	// A screen that closes itself and then says why keeps its text on
	// the screen below (delete: pop, then "deleted topic x").
	h.send(kit.NavigateMsg{Route: kit.Route{Kind: kit.RouteTopicDetail, Topic: "x"}})
	h.send(kit.PopMsg{})
	h.send(kit.StatusMsg{Text: "deleted topic x"})
	if v := h.view(); !strings.Contains(v, "deleted topic x") {
		t.Errorf("the status after a pop is gone:\n%s", v)
	}

	// The active screen takes its error back when its cause is fixed.
	h.send(kit.StatusMsg{Text: "produce: the value is not JSON", Error: true})
	h.send(kit.ClearStatusMsg{})
	if v := h.view(); strings.Contains(v, "not JSON") {
		t.Errorf("ClearStatus left the text:\n%s", v)
	}
}

// Issue 13 item 12: at 80 columns a long message wraps onto the key
// hints' line instead of losing its end; a short one leaves the hints.
func TestLongStatusWraps(t *testing.T) {
	h := newHarness(t, newFakeService())
	msg := "value: null (a tombstone) · type a value or ctrl+n again to send one, or esc to keep editing the form"
	h.send(kit.StatusMsg{Text: msg})
	lines := strings.Split(h.view(), "\n")
	if len(lines) != 24 {
		t.Fatalf("the frame has %d lines, want 24", len(lines))
	}
	bottom := strings.Join(strings.Fields(strings.Join(lines[22:], " ")), " ")
	if !strings.Contains(bottom, "ctrl+n again to send one, or esc to keep editing the form") || strings.Contains(bottom, "…") {
		t.Errorf("the message is cut:\n%s", strings.Join(lines[22:], "\n"))
	}
	h.send(kit.StatusMsg{Text: "short"})
	lines = strings.Split(h.view(), "\n")
	if !strings.Contains(lines[23], "q quit") {
		t.Errorf("a short message hides the key hints: %q", lines[23])
	}
}
