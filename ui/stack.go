package ui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"kscope/views/cluster"
	"kscope/views/kit"
)

// updateTop sends msg to the active screen only.
func (m *Model) updateTop(msg tea.Msg) tea.Cmd {
	if len(m.stack) == 0 {
		return nil
	}
	i := len(m.stack) - 1
	var cmd tea.Cmd
	m.stack[i], cmd = m.stack[i].Update(msg)
	return cmd
}

// broadcast sends msg to every screen on the stack: what concerns them all
// (topics changed, a connection check), not an answer to one screen's
// request, which goes by deliver. While paused, only
// the top screen gets it now; the others get it when the pause ends.
func (m *Model) broadcast(msg tea.Msg) tea.Cmd {
	if m.paused() {
		m.hold(msg)
		return m.updateTop(msg)
	}
	var cmds []tea.Cmd
	for i := range m.stack {
		var cmd tea.Cmd
		m.stack[i], cmd = m.stack[i].Update(msg)
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

// deliver hands an addressed message to the screen that asked for it, and
// to no other; it is dropped when that screen has left the stack. While
// paused, a screen under the top gets it when the pause ends.
func (m *Model) deliver(msg kit.AddressedMsg) tea.Cmd {
	for i, s := range m.stack {
		a, ok := s.(kit.Addressable)
		if !ok || a.Address() != msg.To {
			continue
		}
		if m.paused() && i != len(m.stack)-1 {
			m.hold(msg)
			return nil
		}
		var cmd tea.Cmd
		m.stack[i], cmd = s.Update(msg.Msg)
		return cmd
	}
	return nil
}

// hold keeps a message for the paused screens, up to maxHeld.
func (m *Model) hold(msg tea.Msg) {
	if len(m.held) < maxHeld {
		m.held = append(m.held, msg)
		return
	}
	m.logger().Warn("message dropped while paused", "type", fmt.Sprintf("%T", msg))
}

// maxHeld bounds the messages kept for paused screens. Each refresh timer
// or load is one message that the screen re-arms only once it got it, so
// a few per screen is all there is; the cap guards against a screen that
// does otherwise.
const maxHeld = 1024

// paused reports whether the screens under the top one are paused: the
// top is the authentication failure screen. The cluster refused the
// credentials (revoked mid-session, say), so a screen below that went on
// refreshing would log in again and again in the background, each try
// counting against the account's failed logins. Their timers and results
// are held until the screen goes (see release).
func (m *Model) paused() bool {
	ce, ok := m.top().(*cluster.ConnError)
	return ok && ce.AuthFailed() && len(m.stack) > 1
}

// release delivers the held messages to the screens on the stack, in
// order: their timers fire late, once, and they refresh at once. The
// connection-error screen already had them.
func (m *Model) release() tea.Cmd {
	held := m.held
	m.held = nil
	var cmds []tea.Cmd
	for _, msg := range held {
		if a, ok := msg.(kit.AddressedMsg); ok {
			cmds = append(cmds, m.deliver(a))
			continue
		}
		for i := range m.stack {
			if isConnError(m.stack[i]) {
				continue
			}
			var cmd tea.Cmd
			m.stack[i], cmd = m.stack[i].Update(msg)
			cmds = append(cmds, cmd)
		}
	}
	return tea.Batch(cmds...)
}

func (m *Model) top() kit.Screen {
	if len(m.stack) == 0 {
		return nil
	}
	return m.stack[len(m.stack)-1]
}

// push opens s on top of the stack.
func (m *Model) push(s kit.Screen) tea.Cmd {
	if s == nil {
		return nil
	}
	m.showHelp = false
	s.SetSize(m.width, m.bodyHeight())
	m.stack = append(m.stack, s)
	return s.Init()
}

// pop closes the active screen; the root screen stays.
func (m *Model) pop() tea.Cmd {
	if len(m.stack) <= 1 {
		return nil
	}
	m.closeScreen(m.stack[len(m.stack)-1])
	m.stack = m.stack[:len(m.stack)-1]
	m.showHelp = false
	return nil
}

// closeScreen lets a screen that holds resources (a tail's stream) release
// them when it leaves the stack.
func (m *Model) closeScreen(s kit.Screen) {
	if c, ok := s.(interface{ Close() }); ok {
		c.Close()
	}
}

// resetTo replaces the whole stack with the screens given.
func (m *Model) resetTo(screens ...kit.Screen) tea.Cmd {
	for _, s := range m.stack {
		m.closeScreen(s)
	}
	m.stack = nil
	m.held = nil // for screens that are gone
	m.rootTopics = false
	var cmds []tea.Cmd
	for _, s := range screens {
		cmds = append(cmds, m.push(s))
	}
	return tea.Batch(cmds...)
}

// toRootTopics pops back to the topic browser at the bottom of the stack,
// building it if the bottom screen is something else.
func (m *Model) toRootTopics() tea.Cmd {
	if m.rootTopics && len(m.stack) > 0 {
		for len(m.stack) > 1 {
			m.pop()
		}
		return nil
	}
	return m.resetToTopics()
}

// resetToTopics replaces the stack with a new topic browser.
func (m *Model) resetToTopics() tea.Cmd {
	s, cmd := m.screenFor(kit.Route{Kind: kit.RouteTopics})
	if s == nil {
		return cmd
	}
	cmd = m.resetTo(s)
	m.rootTopics = true
	return cmd
}

// handlesEsc reports whether the screen has something of its own to clear
// with esc (see views.EscHandler).
func handlesEsc(s kit.Screen) bool {
	h, ok := s.(kit.EscHandler)
	return ok && h.HandlesEsc()
}

func isConnError(s kit.Screen) bool {
	_, ok := s.(*cluster.ConnError)
	return ok
}
