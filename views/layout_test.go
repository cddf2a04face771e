package views

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// TestScreensFitEverySize renders every screen at sizes from tiny to
// large: no panic, never wider than the body, exactly as tall.
func TestScreensFitEverySize(t *testing.T) {
	screens := map[string]func() Screen{
		"topics":        func() Screen { return NewTopics(bankFake(), testStyles(), TopicsOptions{Refresh: -1}) },
		"detail":        func() Screen { return NewTopicDetail(bankFake(), testStyles(), "bankbranch") },
		"brokers":       func() Screen { return NewBrokers(brokersFake(), testStyles()) },
		"brokerconfigs": func() Screen { return NewBrokerConfigs(brokersFake(), testStyles(), 1) },
	}
	sizes := [][2]int{{20, 5}, {40, 10}, {80, 24}, {100, 30}, {149, 40}, {150, 40}, {200, 50}, {300, 80}}
	for name, mk := range screens {
		for _, sz := range sizes {
			s, _ := start(t, mk(), sz[0], sz[1])
			// Exercise the keys and the mouse too.
			s, _ = press(s, "tab", "G", "j", "/", "e", "enter")
			s, _ = feed(s, tea.MouseWheelMsg{Button: tea.MouseWheelDown, X: 5, Y: sz[1] - 2})
			s, _ = feed(s, tea.MouseClickMsg{Button: tea.MouseLeft, X: 5, Y: 4})
			lines := strings.Split(s.View(), "\n")
			if len(lines) != sz[1] {
				t.Errorf("%s at %dx%d: %d lines", name, sz[0], sz[1], len(lines))
			}
			for i, l := range lines {
				if w := lipglossWidth(l); w > sz[0] {
					t.Errorf("%s at %dx%d: line %d is %d wide: %q", name, sz[0], sz[1], i, w, l)
				}
			}
		}
	}
}
