package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
)

// The topic browser's help line offers the writing keys where they fit,
// and leaves them out on a read-only context.
func TestTopicBrowserHelpListsWritingKeys(t *testing.T) {
	for _, tc := range []struct {
		width    int
		readOnly bool
		want     []string
		not      []string
	}{
		{width: 160, want: []string{"p produce", "n create", "d delete", "s sort", "r refresh", "q quit"}},
		{width: 80, want: []string{"p produce", "…", "q quit"}, not: []string{"d delete"}},
		{width: 160, readOnly: true, want: []string{"s sort", "r refresh"}, not: []string{"p produce", "n create", "d delete"}},
	} {
		svc := newFakeService()
		svc.Topics = []kafkaops.Topic{{Name: "bankbranch", Partitions: 2}}
		h := newHarness(t, svc, func(o *Options) { o.Build = DefaultBuilder; o.ReadOnly = tc.readOnly })
		h.send(tea.WindowSizeMsg{Width: tc.width, Height: 24})
		lines := strings.Split(h.view(), "\n")
		last := lines[len(lines)-1]
		for _, w := range tc.want {
			if !strings.Contains(last, w) {
				t.Errorf("width %d read-only %v: help line lacks %q: %q", tc.width, tc.readOnly, w, last)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(last, w) {
				t.Errorf("width %d read-only %v: help line has %q: %q", tc.width, tc.readOnly, w, last)
			}
		}
	}
}

// Issue 13 item 8: on an empty cluster the browser says n creates a topic
// and the help line shows n create at 80 columns.
func TestEmptyTopicBrowserOffersCreateAt80(t *testing.T) {
	svc := newFakeService()
	h := newHarness(t, svc, func(o *Options) { o.Build = DefaultBuilder })
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	view := h.view()
	lines := strings.Split(view, "\n")
	if last := lines[len(lines)-1]; !strings.Contains(last, "n create") {
		t.Errorf("help line at 80 columns lacks n create: %q", last)
	}
	if !strings.Contains(view, "press n to create one") {
		t.Errorf("the empty list does not say n creates a topic:\n%s", view)
	}
}
