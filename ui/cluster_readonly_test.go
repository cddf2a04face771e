package ui

import (
	"strings"
	"testing"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
)

// TestClusterWritesRefusedReadOnly: the broker config edit, the replica
// plan and the cancel of a reassignment are write routes, refused on a
// read-only context however they are asked for (the broker configs' e and
// x, the topic detail's R, :reassign, a route); the watch of
// reassignments only reads and opens on both.
func TestClusterWritesRefusedReadOnly(t *testing.T) {
	const why = "this context is read-only"
	for _, readOnly := range []bool{true, false} {
		svc := newDemoService()
		svc.BrokerCfgs[0] = append(svc.BrokerCfgs[0], kafkaops.ConfigEntry{Name: "log.cleaner.threads", Value: "2", Source: kafkaops.SourceDynamicBroker})
		admin := &kafkaopstest.AdminFake{FakeService: svc, BrokerAlters: map[int32][]kafkaops.ConfigAlter{}}
		h := newHarness(t, svc, func(o *Options) { o.Build = DefaultBuilder; o.ReadOnly = readOnly; o.Service = admin })
		check := func(what string, opened bool) {
			t.Helper()
			if readOnly && (opened || !strings.Contains(h.m.status.text, why)) {
				t.Errorf("read-only: %s opened %q (status %q)", what, h.titles(), h.m.status.text)
			}
			if !readOnly && !opened {
				t.Errorf("writable: %s opened nothing: %q (status %q)", what, h.titles(), h.m.status.text)
			}
		}
		h.send(kit.NavigateMsg{Route: kit.Route{Kind: kit.RouteBrokerConfigs, BrokerID: 0}})
		// The dynamic override is the pane's first row (overrides come
		// first), where the cursor starts.
		for _, k := range []string{"e", "x"} {
			base := len(h.m.stack)
			h.press(k)
			opened := len(h.m.stack) > base
			check("broker configs "+k, opened)
			if opened {
				h.press("esc")
			}
		}
		h.send(kit.NavigateMsg{Route: kit.Route{Kind: kit.RouteTopicDetail, Topic: "bankbranch"}})
		base := len(h.m.stack)
		h.press("R")
		opened := strings.Contains(h.titles(), "Reassign bankbranch")
		check("R on the topic detail", opened)
		if opened {
			h.press("esc")
		}
		if len(h.m.stack) != base {
			t.Fatalf("esc did not close the plan: %q", h.titles())
		}
		h.press(":")
		h.typeText("reassign bankbranch")
		h.press("enter")
		opened = strings.Contains(h.titles(), "Reassign bankbranch")
		check(":reassign", opened)
		if opened {
			h.press("esc")
		}
		h.press(":")
		h.typeText("reassignments")
		h.press("enter")
		if !strings.Contains(h.titles(), "Reassignments") {
			t.Errorf("read-only %v: :reassignments did not open the watch: %q (status %q)", readOnly, h.titles(), h.m.status.text)
		}
		if !readOnly {
			continue
		}
		for _, r := range []kit.Route{
			{Kind: kit.RouteEditBrokerConfig, BrokerID: 0, Config: "log.cleaner.threads"},
			{Kind: kit.RouteReassign, Topic: "bankbranch"},
			{Kind: kit.RouteCancelReassignment, Topic: "bankbranch"},
		} {
			n := len(h.m.stack)
			h.send(kit.NavigateMsg{Route: r})
			if len(h.m.stack) != n || !strings.Contains(h.m.status.text, why) {
				t.Errorf("read-only route %v: stack %q, status %q", r.Kind, h.titles(), h.m.status.text)
			}
		}
	}
}
