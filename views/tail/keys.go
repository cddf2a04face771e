package tail

import (
	"charm.land/bubbles/v2/key"

	"kscope/views/kit"
)

// tailKeys are the tail's keys: the shared movement, back and filter
// keys from kit, and the tail's own.
type tailKeys struct {
	kit.ListKeys

	Open   key.Binding
	Pause  key.Binding
	Filter key.Binding
	From   key.Binding
	Clear  key.Binding
	Export key.Binding
	Search key.Binding
	Copy   key.Binding
	// CopyAll copies the filter's matches, over the tail's window of the
	// whole topic, to another topic (C).
	CopyAll key.Binding
	// Replay opens the produce form filled with the selected record (R).
	Replay key.Binding
	Back   key.Binding

	Apply       key.Binding
	ClearFilter key.Binding
	Cancel      key.Binding
	Complete    key.Binding
}

// newTailKeys returns the tail's keys. The movement keys are the shared
// ones with the tail's help, except that space pauses here rather than
// pages down.
func newTailKeys() tailKeys {
	l := kit.NewListKeys()
	l.Up.SetHelp("↑/k", "up (stops following)")
	l.PageDown.SetKeys("pgdown", "ctrl+f")
	l.Home.SetHelp("g/home", "oldest")
	l.End.SetHelp("G/end", "follow")
	return tailKeys{
		ListKeys:    l,
		Open:        kit.OpenKey("record"),
		Pause:       key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "pause")),
		Filter:      kit.FilterKey("filter"),
		From:        key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "from")),
		Clear:       key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "clear")),
		Export:      key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export")),
		Search:      key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "search the whole topic")),
		Copy:        copyKey(),
		CopyAll:     key.NewBinding(key.WithKeys("C"), key.WithHelp("C", "copy matches to a topic")),
		Replay:      key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "replay the record")),
		Back:        kit.BackKey(),
		Apply:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		ClearFilter: kit.EscKey("clear filter"),
		Cancel:      kit.EscKey("cancel"),
		Complete:    key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete")),
	}
}

// recordKeys are the record detail's keys.
type recordKeys struct {
	list kit.ListKeys
	Copy key.Binding
	Hex  key.Binding
	Next key.Binding
	Prev key.Binding
	// Replay opens the produce form filled with the record (R).
	Replay key.Binding
	Back   key.Binding
	// Close is q, which also closes the detail when it reaches the
	// screen (the root normally takes q to quit first); no help.
	Close key.Binding
}

// newRecordKeys returns the record detail's keys.
func newRecordKeys() recordKeys {
	return recordKeys{
		list:   kit.NewListKeys(),
		Copy:   copyKey(),
		Hex:    key.NewBinding(key.WithKeys("h"), key.WithHelp("h", "hex view")),
		Next:   key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n/p", "next/prev record")),
		Prev:   key.NewBinding(key.WithKeys("ctrl+p"), key.WithHelp("ctrl+p", "previous record")),
		Replay: key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "replay")),
		Back:   kit.BackKey(),
		Close:  key.NewBinding(key.WithKeys("q")),
	}
}

// copyKey copies the record's value (c), in the list and the detail.
func copyKey() key.Binding {
	return key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy value"))
}
