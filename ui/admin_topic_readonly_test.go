package ui

import (
	"strings"
	"testing"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
)

// topicAdminService is the demo cluster with the administration methods
// the reset, add-partitions and clone screens call.
func topicAdminService() (*fakeService, kafkaops.Service) {
	demo := newDemoService()
	admin := kafkaopstest.NewAdminFake()
	admin.FakeService = demo
	return demo, &kafkaopstest.CloneFake{AdminFake: admin}
}

// TestTopicAdminRefusedReadOnly: the reset of a config override, adding
// partitions and the clone are write routes, so a read-only context
// refuses them however they are asked for (the topic detail's x, + and
// C, :partitions and :clone, a route), while a writable context opens
// them.
func TestTopicAdminRefusedReadOnly(t *testing.T) {
	const why = "this context is read-only"
	for _, readOnly := range []bool{true, false} {
		demo, svc := topicAdminService()
		h := newHarness(t, demo, func(o *Options) { o.Service = svc; o.Build = DefaultBuilder; o.ReadOnly = readOnly })
		h.send(kit.NavigateMsg{Route: kit.Route{Kind: kit.RouteTopicDetail, Topic: "bankbranch"}})
		base := len(h.m.stack)
		check := func(what, title string) {
			t.Helper()
			opened := len(h.m.stack) != base || strings.Contains(h.titles(), title)
			if readOnly && (opened || !strings.Contains(h.m.status.text, why)) {
				t.Errorf("read-only: %s opened %q (status %q)", what, h.titles(), h.m.status.text)
			}
			if !readOnly && h.top().Title() != title {
				t.Errorf("writable: %s opened %q, want %q on top (status %q)", what, h.titles(), title, h.m.status.text)
			}
			if opened {
				for len(h.m.stack) > 1 {
					h.m.pop()
				}
				h.send(kit.NavigateMsg{Route: kit.Route{Kind: kit.RouteTopicDetail, Topic: "bankbranch"}})
			}
		}
		// The cursor starts on max.message.bytes, bankbranch's override.
		h.press("x")
		check("x on the topic detail", "Reset max.message.bytes")
		h.press("+")
		check("+ on the topic detail", "Add partitions · bankbranch")
		h.press("C")
		check("C on the topic detail", "Clone bankbranch")
		for cmd, title := range map[string]string{"partitions bankbranch": "Add partitions · bankbranch", "clone bankbranch": "Clone bankbranch"} {
			h.press(":")
			h.typeText(cmd)
			h.press("enter")
			check(":"+cmd, title)
		}
		if !readOnly {
			continue
		}
		for _, r := range []kit.Route{
			{Kind: kit.RouteResetTopicConfig, Topic: "bankbranch", Config: "max.message.bytes"},
			{Kind: kit.RouteAddPartitions, Topic: "bankbranch"},
			{Kind: kit.RouteCloneTopic, Topic: "bankbranch"},
		} {
			before := len(h.m.stack)
			h.send(kit.NavigateMsg{Route: r})
			if len(h.m.stack) != before || !strings.Contains(h.m.status.text, why) {
				t.Errorf("read-only route %v: stack %q, status %q", r.Kind, h.titles(), h.m.status.text)
			}
		}
	}
}

// TestTopicDetailHelpLineReadOnly: the help line of the topic detail on a
// read-only context offers no key that writes.
func TestTopicDetailHelpLineReadOnly(t *testing.T) {
	for _, readOnly := range []bool{true, false} {
		h := newHarness(t, newDemoService(), func(o *Options) { o.Build = DefaultBuilder; o.ReadOnly = readOnly })
		h.send(kit.NavigateMsg{Route: kit.Route{Kind: kit.RouteTopicDetail, Topic: "bankbranch"}})
		lines := strings.Split(strings.TrimRight(h.view(), "\n"), "\n")
		help := lines[len(lines)-1]
		if has := strings.Contains(help, "p produce"); has == readOnly {
			t.Errorf("read-only %v: help line %q", readOnly, help)
		}
	}
}
