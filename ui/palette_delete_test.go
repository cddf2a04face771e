package ui

import (
	"strings"
	"testing"

	"kscope/kafkaops"
	"kscope/views/kit"
)

// deleteBuilder is stubBuilder plus a stub delete confirmation.
func deleteBuilder(r kit.Route, env Env) (kit.Screen, bool) {
	if r.Kind == kit.RouteDeleteTopic {
		return &stubScreen{title: "Delete " + r.Topic}, true
	}
	return stubBuilder(r, env)
}

func TestPaletteDeleteCompletesTopics(t *testing.T) {
	svc := newFakeService()
	svc.Topics = []kafkaops.Topic{{Name: "payments"}, {Name: "bankbranch"}, {Name: "__consumer_offsets", Internal: true}}
	h := newHarness(t, svc, func(o *Options) { o.Build = deleteBuilder })
	h.press(":")
	h.typeText("del")
	if v := h.view(); !strings.Contains(v, "delete <topic>") {
		t.Fatalf("palette after 'del':\n%s", v)
	}
	h.press("tab")
	h.typeText("ban")
	if v := h.view(); !strings.Contains(v, "bankbranch") || strings.Contains(v, "payments") || strings.Contains(v, "__consumer_offsets") {
		t.Errorf("topic suggestions after 'delete ban':\n%s", v)
	}
	h.press("tab")
	if got := h.m.palette.input.Value(); got != "delete bankbranch" {
		t.Fatalf("tab gave %q", got)
	}
	h.press("enter")
	if got := h.titles(); !strings.HasSuffix(got, " > Delete bankbranch") {
		t.Errorf("stack after :delete bankbranch: %s", got)
	}
}

func TestPaletteDeleteNeedsATopic(t *testing.T) {
	h := newHarness(t, newFakeService(), func(o *Options) { o.Build = deleteBuilder })
	h.press(":")
	h.typeText("delete")
	h.press("enter")
	if v := h.view(); !strings.Contains(v, "usage: :delete <topic>") {
		t.Errorf(":delete alone:\n%s", v)
	}
}

func TestPaletteDeleteReadOnly(t *testing.T) {
	h := newHarness(t, newFakeService(), func(o *Options) { o.ReadOnly = true; o.Build = deleteBuilder })
	h.press(":")
	h.typeText("delete bankbranch")
	h.press("enter")
	if v := h.view(); !strings.Contains(v, "disabled, this context is read-only") {
		t.Errorf(":delete on a read-only context:\n%s", v)
	}
	if got := h.titles(); strings.Contains(got, "Delete") {
		t.Errorf("the confirmation opened read-only: %s", got)
	}
}

// TestPaletteEscapesTopicNames: a topic name from the cluster with a bidi
// override and a zero-width space is shown escaped in the suggestions,
// as every screen shows it, never raw.
func TestPaletteEscapesTopicNames(t *testing.T) {
	svc := newFakeService()
	svc.Topics = []kafkaops.Topic{{Name: "pay\u202eevil\u200b"}}
	h := newHarness(t, svc)
	h.press(":")
	h.typeText("tail pay")
	v := h.view()
	if strings.ContainsAny(v, "\u202e\u200b") {
		t.Fatalf("raw bidi or zero-width character in the palette:\n%q", v)
	}
	if !strings.Contains(v, kit.Sanitize("pay\u202eevil")) {
		t.Errorf("topic not shown escaped:\n%s", v)
	}
}
