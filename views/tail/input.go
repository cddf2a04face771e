package tail

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"kscope/views/kit"
)

// inputKind is what the tail's line input is for, if anything.
type inputKind int

const (
	inputNone   inputKind = iota // the list has focus
	inputFilter                  // `/`: the filter, applied as typed
	inputStart                   // `f`: where to start the tail again
)

// inputMode is the tail's line input: what it is open for, the text, and
// why the text cannot be used yet.
type inputMode struct {
	kind  inputKind
	input kit.LineInput
	err   string
	// fresh: the text is what the prompt opened with, untouched; the
	// first character typed replaces it rather than adding to it.
	fresh bool
}

// open gives the input focus for kind, holding value.
func (m *inputMode) open(kind inputKind, value string) {
	m.kind, m.err = kind, ""
	m.input.SetValue(value)
	m.fresh = kind == inputStart && value != ""
}

// edit passes a key to the input; on a fresh prompt a typed character
// replaces the text it opened with ("end" → "beginning", not
// "endbeginning"), and any other key keeps the text for editing.
func (m *inputMode) edit(msg tea.KeyPressMsg) bool {
	if m.fresh && msg.Text != "" {
		m.input.SetValue("")
	}
	m.fresh = false
	return m.input.Update(msg)
}

// close gives the focus back to the list.
func (m *inputMode) close() { m.kind, m.err = inputNone, "" }

// capturing reports whether the input has focus.
func (m *inputMode) capturing() bool { return m.kind != inputNone }

// filtering reports whether the filter input has focus.
func (m *inputMode) filtering() bool { return m.kind == inputFilter }

// prompting reports whether the start prompt has focus.
func (m *inputMode) prompting() bool { return m.kind == inputStart }

// startWords are the words of the `f` prompt that tab completes.
func startWords() []string { return []string{"beginning", "end", "partition"} }

// complete completes the last word typed to the only one of words it
// starts, if exactly one does.
func (m *inputMode) complete(words []string) {
	v := m.input.Value()
	i := strings.LastIndexByte(v, ' ') + 1
	last := v[i:]
	if last == "" {
		return
	}
	var match string
	for _, w := range words {
		if strings.HasPrefix(w, last) {
			if match != "" {
				return
			}
			match = w
		}
	}
	if match != "" {
		m.input.SetValue(v[:i] + match + " ")
		m.err, m.fresh = "", false
	}
}
