package kit

import (
	"strings"

	"charm.land/bubbles/v2/key"
)

// KeyHints renders the enabled bindings as a box's hint line, "enter dry
// run · esc cancel": the words the help line shows for the same keys, so
// that the two never disagree.
func KeyHints(bs []key.Binding) string {
	var parts []string
	for _, b := range bs {
		if b.Enabled() && b.Help().Key != "" {
			parts = append(parts, b.Help().Key+" "+b.Help().Desc)
		}
	}
	return strings.Join(parts, " · ")
}
