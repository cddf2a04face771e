package security

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"kscope/theme"
	"kscope/views/kit"
)

// field is one line of a form: a text input, or a choice among fixed
// values that ← and → cycle.
type field struct {
	label       string
	choices     []string // non-nil: a choice field
	idx         int
	in          kit.LineInput
	mask        bool   // a password: drawn as •
	placeholder string // shown while the input is empty
	locked      bool   // shown, not editable (the user of a password change)
	edited      bool   // the user changed the value
}

// value is the field's text or chosen value, trimmed.
func (f *field) value() string {
	if f.choices != nil {
		return f.choices[f.idx]
	}
	if f.mask {
		return f.in.Value()
	}
	return strings.TrimSpace(f.in.Value())
}

// choose selects the choice named v (any case); it reports whether one
// matched.
func (f *field) choose(v string) bool {
	for i, c := range f.choices {
		if strings.EqualFold(c, v) {
			f.idx = i
			return true
		}
	}
	return false
}

// fieldKeys are the keys of a form built from fields.
type fieldKeys struct {
	Next, Prev, Left, Right key.Binding
}

func newFieldKeys() fieldKeys {
	return fieldKeys{
		Next:  key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", "next field")),
		Prev:  key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", "previous field")),
		Left:  key.NewBinding(key.WithKeys("left"), key.WithHelp("←", "previous choice")),
		Right: key.NewBinding(key.WithKeys("right"), key.WithHelp("→", "next choice")),
	}
}

// fieldSet is a form's fields and which one has focus; submitted says
// the form was sent (or refused) once, so that every wrong field shows
// its error from then on.
type fieldSet struct {
	fields    []field
	focus     int
	keys      fieldKeys
	submitted bool
}

// focused is the field with focus.
func (s *fieldSet) focused() *field { return &s.fields[s.focus] }

// move puts the focus d fields further, skipping locked ones.
func (s *fieldSet) move(d int) {
	n := len(s.fields)
	for range n {
		s.focus = (s.focus + d + n) % n
		if !s.fields[s.focus].locked {
			return
		}
	}
}

// update handles a key or a paste for the form and reports whether it
// changed a value (so the screen checks the form again).
func (s *fieldSet) update(msg tea.Msg) bool {
	f := s.focused()
	km, isKey := msg.(tea.KeyPressMsg)
	switch {
	case isKey && kit.Matches(km, s.keys.Next):
		s.move(1)
		return false
	case isKey && kit.Matches(km, s.keys.Prev):
		s.move(-1)
		return false
	case f.locked:
		return false
	case f.choices != nil && isKey:
		return s.edited(f, s.cycle(f, km))
	case f.choices != nil:
		return false
	}
	return s.edited(f, f.in.Update(msg))
}

// edited marks f edited when changed, and returns changed.
func (s *fieldSet) edited(f *field, changed bool) bool {
	f.edited = f.edited || changed
	return changed
}

// shown returns the note of the i-th field as the form shows it: an
// error under a field left empty only once the field was edited or the
// form submitted; before that it reads as a hint (what to type), not as
// a mistake not made yet.
func (s *fieldSet) shown(i int, n kit.Note) kit.Note {
	f := &s.fields[i]
	if n.Kind != kit.NoteErr || s.submitted || f.edited || f.value() != "" {
		return n
	}
	return kit.HintNote(n.Text)
}

// cycle changes a choice field: ← and → step through the values, space
// steps forward, a letter jumps to the next value starting with it.
func (s *fieldSet) cycle(f *field, km tea.KeyPressMsg) bool {
	n := len(f.choices)
	switch {
	case kit.Matches(km, s.keys.Left):
		f.idx = (f.idx - 1 + n) % n
	case kit.Matches(km, s.keys.Right) || km.String() == "space":
		f.idx = (f.idx + 1) % n
	case len(km.Text) == 1:
		letter := strings.ToUpper(km.Text)
		for i := 1; i <= n; i++ {
			j := (f.idx + i) % n
			if strings.HasPrefix(f.choices[j], letter) {
				f.idx = j
				return true
			}
		}
		return false
	default:
		return false
	}
	return true
}

// lines draws the fields, each with its note (notes[i], may be empty)
// beside it when it fits there, else under it; the FormLines mark the
// focused field so a short body scrolls to it.
func (s *fieldSet) lines(st *theme.Styles, w int, notes []kit.Note, active bool) kit.FormLines {
	var out kit.FormLines
	labelW := 0
	for _, f := range s.fields {
		labelW = max(labelW, len(f.label))
	}
	labelW += 4
	inputW := min(max(w-labelW-2, 8), 30)
	for i := range s.fields {
		f := &s.fields[i]
		focus := active && i == s.focus
		label := "  " + f.label
		if focus {
			label = st.Accent.Render("▸ " + f.label)
		}
		label += strings.Repeat(" ", max(labelW-len(f.label)-2, 1))
		line := label + s.valueView(st, f, focus, inputW)
		var note kit.Note
		if i < len(notes) {
			note = s.shown(i, notes[i])
		}
		room := w - labelW - inputW - 2
		if note.Kind == kit.NoteNone || lipgloss.Width(note.Text)+2 <= room {
			out.Field(focus, kit.SideBySide(line, note.Render(st, room), w))
			continue
		}
		// Under the value's text, which starts two cells into its column.
		under := note.RenderWrapped(st, max(w-labelW-2, 10), 2)
		for j := range under {
			under[j] = strings.Repeat(" ", labelW+2) + under[j]
		}
		out.Field(focus, append([]string{kit.Truncate(line, w)}, under...)...)
	}
	return out
}

// valueView draws one field's value in w cells.
func (s *fieldSet) valueView(st *theme.Styles, f *field, focus bool, w int) string {
	switch {
	case f.choices != nil && focus:
		return kit.Fit(st.InputFocus.Render("‹ "+f.choices[f.idx]+" ›"), w, false)
	case f.choices != nil:
		return kit.Fit("  "+f.choices[f.idx], w, false)
	case f.mask:
		return "  " + kit.InputView(masked(&f.in), st, focus, f.placeholder, "", w-2)
	case f.locked:
		return kit.Fit("  "+kit.Sanitize(f.in.Value()), w, false)
	}
	return "  " + kit.InputView(&f.in, st, focus, f.placeholder, "", w-2)
}

// masked is an input of as many • as in has characters, with the cursor
// where in has it.
func masked(in *kit.LineInput) *kit.LineInput {
	rs, pos := in.Runes()
	var m kit.LineInput
	m.SetValue(strings.Repeat("•", len(rs)))
	for range len(rs) - pos {
		m.Update(tea.KeyPressMsg{Code: tea.KeyLeft})
	}
	return &m
}
