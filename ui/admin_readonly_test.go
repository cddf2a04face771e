package ui

import (
	"strings"
	"testing"

	"kscope/views/kit"
)

// TestAdminScreensRefusedReadOnly: the config edit and the purge are
// write routes, so a read-only context refuses them however they are
// asked for (the topic detail's e, a and P, :purge, a route), while a
// writable context opens them.
func TestAdminScreensRefusedReadOnly(t *testing.T) {
	const why = "this context is read-only"
	for _, readOnly := range []bool{true, false} {
		h := newHarness(t, newDemoService(), func(o *Options) { o.Build = DefaultBuilder; o.ReadOnly = readOnly })
		h.send(kit.NavigateMsg{Route: kit.Route{Kind: kit.RouteTopicDetail, Topic: "bankbranch"}})
		base := len(h.m.stack)
		for _, k := range []string{"e", "a", "P"} {
			h.press(k)
			opened := len(h.m.stack) > base
			if readOnly && (opened || !strings.Contains(h.m.status.text, why)) {
				t.Errorf("read-only: %s on the topic detail opened %q (status %q)", k, h.titles(), h.m.status.text)
			}
			if !readOnly && !opened {
				t.Errorf("writable: %s on the topic detail opened nothing (status %q)", k, h.m.status.text)
			}
			if opened {
				h.press("esc")
			}
		}
		h.press(":")
		h.typeText("purge bankbranch")
		h.press("enter")
		opened := strings.Contains(h.titles(), "Purge bankbranch")
		if readOnly && (opened || !strings.Contains(h.m.status.text, why)) {
			t.Errorf("read-only :purge: stack %q, status %q", h.titles(), h.m.status.text)
		}
		if !readOnly && !opened {
			t.Errorf("writable :purge did not open the purge: %q (status %q)", h.titles(), h.m.status.text)
		}
		if opened {
			h.press("esc")
		}
		if !readOnly {
			continue
		}
		for _, r := range []kit.Route{
			{Kind: kit.RouteEditTopicConfig, Topic: "bankbranch", Config: "retention.ms"},
			{Kind: kit.RoutePurge, Topic: "bankbranch"},
		} {
			h.send(kit.NavigateMsg{Route: r})
			if len(h.m.stack) != base || !strings.Contains(h.m.status.text, why) {
				t.Errorf("read-only route %v: stack %q, status %q", r.Kind, h.titles(), h.m.status.text)
			}
		}
	}
}
