package kit

import "charm.land/bubbles/v2/key"

// FieldMoveKeys move a form's focus to the field above or below. They
// are the arrow keys only (not k and j, which type into a field), and
// have no help of their own: the forms' help shows tab and shift+tab.
type FieldMoveKeys struct {
	Up, Down key.Binding
}

// NewFieldMoveKeys returns the form field movement keys.
func NewFieldMoveKeys() FieldMoveKeys {
	return FieldMoveKeys{
		Up:   key.NewBinding(key.WithKeys("up")),
		Down: key.NewBinding(key.WithKeys("down")),
	}
}
