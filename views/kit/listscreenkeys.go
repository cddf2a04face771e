package kit

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// ListScreenKeys are the keys every list screen (topics, groups, schema
// subjects) has alike: movement, the filter's, enter to open the row and
// esc, which clears a kept filter before it closes the screen.
type ListScreenKeys struct {
	List ListKeys
	FilterKeys
	Open, Back key.Binding
}

// NewListScreenKeys returns the keys; open is enter's help word.
func NewListScreenKeys(open string) ListScreenKeys {
	return ListScreenKeys{List: NewListKeys(), FilterKeys: NewFilterKeys(), Open: OpenKey(open), Back: BackKey()}
}

// TakeInput gives msg to Input: a paste or key while the filter has
// focus, the wheel, a click. It reports whether Input took msg; a click
// on the selected row returns open's command.
func (l *FilterList[R]) TakeInput(msg tea.Msg, k FilterKeys, open func() tea.Cmd) (bool, tea.Cmd) {
	took, opened := l.Input(msg, k)
	if opened {
		return true, open()
	}
	return took, nil
}

// CommonKey handles a key every list screen handles alike: movement, the
// filter key (the filter takes the keys that follow), enter (open's
// command) and esc (clears a kept filter, else closes the screen). It
// reports whether it took msg.
func (l *FilterList[R]) CommonKey(msg tea.KeyPressMsg, k ListScreenKeys, open func() tea.Cmd) (bool, tea.Cmd) {
	if KeyScroll(&l.Scroll, k.List, msg) {
		return true, nil
	}
	switch {
	case Matches(msg, k.Open):
		return true, open()
	case Matches(msg, k.Filter):
		l.Filtering = true
		return true, nil
	case Matches(msg, k.Back):
		if l.Filter.Value() != "" {
			l.ClearFilter()
			return true, nil
		}
		return true, Pop()
	}
	return false, nil
}
