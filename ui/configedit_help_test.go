package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
)

// The config edit's box and the help line under it say the same about
// esc: on the value it cancels, on the diff it goes back to the edit.
func TestConfigEditBoxAndHelpLineAgree(t *testing.T) {
	for _, r := range []kit.Route{
		{Kind: kit.RouteEditTopicConfig, Topic: "bankbranch", Config: "retention.ms"},
		{Kind: kit.RouteEditBrokerConfig, BrokerID: 0, Config: "log.retention.ms"},
	} {
		demo := newDemoService()
		af := kafkaopstest.NewAdminFake()
		af.FakeService = demo
		h := newHarness(t, demo, func(o *Options) { o.Build = DefaultBuilder; o.Service = af })
		h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
		h.send(kit.NavigateMsg{Route: r})
		h.press("ctrl+u")
		h.typeText("3d")
		for _, step := range []struct {
			key, box, line string
		}{
			{box: "· esc cancel", line: "• esc cancel"},
			{key: "enter", box: "y apply · esc edit again", line: "y apply • esc edit again"},
			{key: "esc", box: "· esc cancel", line: "• esc cancel"},
		} {
			if step.key != "" {
				h.press(step.key)
			}
			v := h.view()
			lines := strings.Split(v, "\n")
			if last := lines[len(lines)-1]; !strings.Contains(v, step.box) || !strings.Contains(last, step.line) {
				t.Errorf("%v after %q: want %q in the box and %q in the help line:\n%s", r.Kind, step.key, step.box, step.line, v)
			}
		}
	}
}
