package ui

import tea "charm.land/bubbletea/v2"

// noticeMsg is one warning from Options.Notices.
type noticeMsg struct{ text string }

// waitNotice waits for the next notice; nil when there are none to wait
// for.
func (m *Model) waitNotice() tea.Cmd {
	ch := m.opts.Notices
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		text, ok := <-ch
		if !ok {
			return nil
		}
		return noticeMsg{text: text}
	}
}

// notice shows a warning from outside the UI in the status line, for
// every screen (it is about no screen), after the start note if that
// still shows, and waits for the next one.
func (m *Model) notice(msg noticeMsg) tea.Cmd {
	return tea.Batch(m.status.setNotes(m.status.note, []string{msg.text}), m.waitNotice())
}
