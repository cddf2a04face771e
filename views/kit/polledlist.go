package kit

import (
	"context"
	"slices"

	tea "charm.land/bubbletea/v2"
)

// ListLoadedMsg is the answer to a PolledList's load: the items, or why
// they could not be listed. Manual says the user asked for it, so the
// status line says the refresh.
type ListLoadedMsg[T any] struct {
	ReqID  uint64
	Items  []T
	Err    error
	Manual bool
}

// ListTickMsg is a PolledList's refresh timer firing.
type ListTickMsg struct{ ID uint64 }

// PolledList is a FilterList that loads its items with Fetch, loads them
// again on its Poller's timer and on Reload, and rebuilds its rows only
// when the items changed: the consumer groups and the schema subjects.
type PolledList[T, R any] struct {
	FilterList[R]
	// Fetch lists the items; nil means there is nothing to list (no
	// load, no timer).
	Fetch func(ctx context.Context) ([]T, error)
	Same  func(a, b T) bool // whether an item is unchanged
	Row   func(T) R         // the row that shows an item

	items []T // the last load's items
}

// Start loads the items and arms the refresh timer.
func (l *PolledList[T, R]) Start() tea.Cmd {
	if l.Fetch == nil {
		return nil
	}
	return tea.Batch(l.Reload(false), l.rearm())
}

// Reload lists the items again; manual says the user asked for it.
func (l *PolledList[T, R]) Reload(manual bool) tea.Cmd {
	if l.Fetch == nil {
		return nil
	}
	return Load(&l.Poller, l.Fetch, func(id uint64, items []T, err error) tea.Msg {
		return ListLoadedMsg[T]{ReqID: id, Items: items, Err: err, Manual: manual}
	})
}

// rearm arms the refresh timer.
func (l *PolledList[T, R]) rearm() tea.Cmd {
	return l.Tick(func(id uint64) tea.Msg { return ListTickMsg{ID: id} })
}

// Poll handles the list's own messages: a load's answer and the timer.
// took is false for any other message.
func (l *PolledList[T, R]) Poll(msg tea.Msg) (took bool, cmd tea.Cmd) {
	switch msg := msg.(type) {
	case ListLoadedMsg[T]:
		return true, l.Answer(msg.ReqID, msg.Err, msg.Manual, len(msg.Items),
			func() bool { return slices.EqualFunc(msg.Items, l.items, l.Same) },
			func() []R { return l.rows(msg.Items) })
	case ListTickMsg:
		return true, l.Fired(msg.ID, l.rearm, func() tea.Cmd { return l.Reload(false) })
	}
	return false, nil
}

// rows keeps items as the last load's and returns their rows.
func (l *PolledList[T, R]) rows(items []T) []R {
	l.items = items
	rows := make([]R, len(items))
	for i, it := range items {
		rows[i] = l.Row(it)
	}
	return rows
}
