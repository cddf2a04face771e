package produce

import (
	"charm.land/bubbles/v2/key"

	"kscope/views/kit"
)

// produceKeys are the produce form's key bindings; the form's shared keys
// (next, previous, submit, cancel) and the field movement come from the
// kit.
type produceKeys struct {
	form                     kit.FormKeys
	move                     kit.FieldMoveKeys
	Format, Pretty, Complete key.Binding
	Newline, Stop            key.Binding
	Null                     key.Binding
	// NextField is enter in a one-line field: the next field, or send on
	// the last one. In the editors enter is Newline.
	NextField key.Binding
}

func newProduceKeys() produceKeys {
	return produceKeys{
		form:      produceFormKeys(),
		move:      kit.NewFieldMoveKeys(),
		Format:    key.NewBinding(key.WithKeys("ctrl+t"), key.WithHelp("ctrl+t", "JSON/text")),
		Pretty:    key.NewBinding(key.WithKeys("ctrl+f"), key.WithHelp("ctrl+f", "pretty JSON")),
		Complete:  key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete topic")),
		Newline:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "new line (value, headers)")),
		Stop:      kit.EscKey("stop sending"),
		Null:      key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", "null value")),
		NextField: key.NewBinding(key.WithKeys("enter")),
	}
}

// produceFormKeys are the form's keys; esc closes the form, which stays
// filled between sends (the box says "esc closes" too).
func produceFormKeys() kit.FormKeys {
	k := kit.NewFormKeys("send")
	k.Cancel = kit.EscKey("close")
	return k
}
