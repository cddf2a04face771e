package kit

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"kscope/kafkaops"
	"kscope/theme"
)

// TopicsChangedMsg says a topic was created or deleted. The root sends it
// to every screen on the stack, and the topic browser reloads its list.
type TopicsChangedMsg struct{ Topic string }

// TopicsChanged returns the command that announces a created or deleted
// topic.
func TopicsChanged(name string) tea.Cmd {
	return func() tea.Msg { return TopicsChangedMsg{Topic: name} }
}

// NoteKind says how a field's note reads: a hint, a warning that does not
// block submitting, or an error that does.
type NoteKind int

// The kinds of note.
const (
	NoteNone NoteKind = iota
	NoteHint
	NoteOK
	NoteWarn
	NoteErr
)

// Note is the line shown under a field.
type Note struct {
	Kind NoteKind
	Text string
}

// HintNote is a hint under a field.
func HintNote(s string) Note { return Note{NoteHint, s} }

// OkNote says a field's value is good.
func OkNote(s string) Note { return Note{NoteOK, s} }

// WarnNote is a warning that does not block submitting.
func WarnNote(s string) Note { return Note{NoteWarn, s} }

// ErrNote is an error that blocks submitting.
func ErrNote(s string) Note { return Note{NoteErr, s} }

// Render draws the note in at most w cells ("" when there is none).
func (n Note) Render(st *theme.Styles, w int) string {
	switch n.Kind {
	case NoteHint:
		return st.Subtle.Render(Truncate(n.Text, w))
	case NoteOK:
		return st.OK.Render(Truncate("✓ "+n.Text, w))
	case NoteWarn:
		return st.Warning.Render(Truncate("! "+n.Text, w))
	case NoteErr:
		return st.Error.Render(Truncate("✗ "+n.Text, w))
	}
	return ""
}

// RenderWrapped draws the note in lines of at most w cells, wrapped at
// spaces, at most maxLines of them (the last one cut).
func (n Note) RenderWrapped(st *theme.Styles, w, maxLines int) []string {
	if n.Kind == NoteNone {
		return nil
	}
	prefix := map[NoteKind]string{NoteOK: "✓ ", NoteWarn: "! ", NoteErr: "✗ "}[n.Kind]
	var lines []string
	line := prefix
	for i, wd := range strings.Fields(n.Text) {
		switch {
		case i == 0:
			line += wd
		case lipgloss.Width(line)+1+lipgloss.Width(wd) > w:
			lines = append(lines, line)
			line = "  " + wd
		default:
			line += " " + wd
		}
	}
	lines = append(lines, line)
	if len(lines) > maxLines {
		lines = lines[:maxLines]
		lines[maxLines-1] += " …"
	}
	for i, l := range lines {
		lines[i] = n.style(st).Render(Truncate(l, w))
	}
	return lines
}

// style is the note's style.
func (n Note) style(st *theme.Styles) lipgloss.Style {
	switch n.Kind {
	case NoteOK:
		return st.OK
	case NoteWarn:
		return st.Warning
	case NoteErr:
		return st.Error
	}
	return st.Subtle
}

// InvalidText is an ErrInvalid error's text without the "invalid
// request: " prefix, which says nothing under a form field.
func InvalidText(err error) string {
	s := err.Error()
	if errors.Is(err, kafkaops.ErrInvalid) {
		s = strings.TrimPrefix(s, kafkaops.ErrInvalid.Error()+": ")
	}
	return s
}

// FormKeys are the keys every form shares.
type FormKeys struct {
	Next, Prev, Submit, Cancel key.Binding
	// While asking whether to discard what was typed.
	Discard, Keep key.Binding
}

// NewFormKeys returns a form's keys; submit is the submit key's help.
func NewFormKeys(submit string) FormKeys {
	return FormKeys{
		Next:    key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next")),
		Prev:    key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "prev")),
		Submit:  key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", submit)),
		Cancel:  EscKey("cancel"),
		Discard: key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "discard")),
		Keep:    key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "keep editing")),
	}
}

// LabelWidth is the width of the label column of a form.
const LabelWidth = 22

// FieldLabel renders a label padded to the label column, marked when its
// field has focus (the mark is seen without colour too).
func FieldLabel(st *theme.Styles, name string, focused bool) string {
	name = Truncate(name, LabelWidth-3)
	pad := strings.Repeat(" ", max(LabelWidth-2-lipgloss.Width(name), 1))
	if focused {
		return st.Accent.Render("▸ "+name) + pad
	}
	return "  " + name + pad
}

// InputView renders a one-line input in w cells: the text scrolled so the
// cursor shows, a placeholder when empty and, when focused, ghost text (a
// completion) after the cursor.
func InputView(in *LineInput, st *theme.Styles, focused bool, placeholder, ghost string, w int) string {
	w = max(w, 4)
	text := st.Input
	if focused {
		text = st.InputFocus
	}
	if len(in.value) == 0 && placeholder != "" {
		return Fit(PlaceholderView(placeholder, st.Subtle, focused, w), w, false)
	}
	if !focused {
		return Fit(text.Render(Truncate(string(in.value), w)), w, false)
	}
	// Scroll so the cursor and a little context before it fit.
	start := 0
	if in.pos > w-2 {
		start = in.pos - (w - 2)
	}
	vis := in.value[start:]
	at := in.pos - start
	before := string(vis[:at])
	c, after := " ", ""
	if at < len(vis) {
		c, after = string(vis[at]), string(vis[at+1:])
	}
	var s string
	switch {
	case after == "" && ghost != "":
		// The cursor sits on the completion's first character.
		g := []rune(ghost)
		s = text.Render(before) + cursorStyle().Render(string(g[0])) + st.Subtle.Render(string(g[1:]))
	default:
		s = text.Render(before) + cursorStyle().Render(c) + text.Render(after)
	}
	return Fit(Truncate(s, w), w, false)
}

// InputWidth is the width of a form's one-line inputs in a body w cells
// wide: what is left after the label and a side note of about 36 cells.
func InputWidth(w int) int { return min(max(w-LabelWidth-38, 20), 34) }

// SideBySide joins left and right on one line of w cells, right after a
// gap of two. When right does not fit there it goes on the lines below,
// under the input and wrapped, so a note never loses its end.
func SideBySide(left, right string, w int) string {
	if right == "" {
		return Truncate(left, w)
	}
	room := w - lipgloss.Width(left) - 2
	if lipgloss.Width(right) <= room {
		return left + "  " + right
	}
	// The note does not fit beside the field: it goes under the input,
	// wrapped, rather than losing its end.
	under := max(w-LabelWidth, 12)
	lines := []string{Truncate(left, w)}
	for _, l := range strings.Split(ansi.Wrap(right, under, " ·"), "\n") {
		lines = append(lines, strings.Repeat(" ", LabelWidth)+Truncate(strings.TrimLeft(l, " "), under))
	}
	return strings.Join(lines, "\n")
}

// ModalBox draws lines in the theme's modal box, at most w cells wide,
// centred in a w×h area.
func ModalBox(st *theme.Styles, lines []string, w, h int) string {
	box := st.Modal.Render(strings.Join(lines, "\n"))
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, box)
}

// FormLines collects a form's lines and where the focused field is among
// them, so the form can scroll to it.
type FormLines struct {
	Lines  []string
	Lo, Hi int // the focused field's lines, its note included: [lo, hi)
}

// Add appends lines; a string holding newlines adds one line per piece.
func (f *FormLines) Add(ls ...string) {
	for _, l := range ls {
		f.Lines = append(f.Lines, strings.Split(l, "\n")...)
	}
}

// Field adds a field's lines and, when focused, marks them as the part
// that must stay in view.
func (f *FormLines) Field(focused bool, ls ...string) {
	lo := len(f.Lines)
	f.Add(ls...)
	if focused {
		f.Lo, f.Hi = lo, len(f.Lines)
	}
}

// ScrollLines fits body into rows lines. When it is longer it scrolls,
// from *top, just enough to show body[lo:hi] (its start first when it is
// taller than the window), and a subtle line at either end says how many
// lines are hidden there. It returns exactly rows lines (at least 3) when
// it scrolls, and body unchanged when it fits.
func ScrollLines(st *theme.Styles, body []string, lo, hi, rows, w int, top *int) []string {
	n := len(body)
	if n <= rows {
		*top = 0
		return body
	}
	rows = max(rows, 3)
	// visible is how many body lines show from t, after the marks.
	visible := func(t int) int {
		v := rows
		if t > 0 {
			v--
		}
		if t+v < n {
			v--
		}
		return v
	}
	lo = min(max(lo, 0), n-1)
	hi = min(max(hi, lo+1), n)
	t := *top
	for range 4 {
		t = min(max(t, 0), n-(rows-1))
		v := visible(t)
		switch {
		case lo < t:
			t = lo
		case hi > t+v:
			t = min(lo, hi-v)
		default:
			*top = t
			return scrollMarks(st, body, t, v, w)
		}
	}
	t = min(max(t, 0), n-(rows-1))
	*top = t
	return scrollMarks(st, body, t, visible(t), w)
}

// scrollMarks returns body[t:t+v] with a mark line above when lines are
// hidden above, and below when some are hidden below.
func scrollMarks(st *theme.Styles, body []string, t, v, w int) []string {
	out := make([]string, 0, v+2)
	if t > 0 {
		out = append(out, st.Subtle.Render(Truncate(fmt.Sprintf("  ↑ %s above", PluralCount(int64(t), "more line")), w)))
	}
	out = append(out, body[t:t+v]...)
	if below := len(body) - t - v; below > 0 {
		out = append(out, st.Subtle.Render(Truncate(fmt.Sprintf("  ↓ %s below", PluralCount(int64(below), "more line")), w)))
	}
	return out
}

// Wrapped renders text (indented by two spaces) in style on as many lines
// of w cells as it needs, up to two: what a question or a failure says is
// not cut at 80 columns.
func Wrapped(style lipgloss.Style, text string, w int) []string {
	return WrappedN(style, text, w, 2)
}
