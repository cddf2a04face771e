package kit

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"kscope/kafkaops"
	"kscope/theme"
)

// TypedConfirmKeys are the keys of a typed-name confirmation.
type TypedConfirmKeys struct {
	Confirm key.Binding // enter: go ahead once the name matches
	Cancel  key.Binding // esc: leave without doing anything
}

// NewTypedConfirmKeys returns the keys; verb is enter's help word
// ("delete", "purge").
func NewTypedConfirmKeys(verb string) TypedConfirmKeys {
	return TypedConfirmKeys{
		Confirm: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", verb)),
		Cancel:  EscKey("cancel"),
	}
}

// ConfirmOutcome is what a key press did to a TypedConfirm.
type ConfirmOutcome int

// The outcomes of TypedConfirm.Key.
const (
	ConfirmStay   ConfirmOutcome = iota // typed, refused or ignored: stay
	ConfirmCancel                       // esc: leave without doing anything
	ConfirmGo                           // enter with the name typed exactly
	ConfirmEdited                       // a key edited the typed text
)

// TypedConfirm is the typed-name confirmation of a destructive action:
// an input where the user types the name of what goes, and the line
// under it that says whether enter will go ahead, that the name does not
// match, that the action runs, or why it failed. The screen that holds
// one says what will change above it, starts the action on ConfirmGo and
// reports the answer with Finish.
type TypedConfirm struct {
	// Keys are enter and esc, for the screen's help line.
	Keys TypedConfirmKeys

	name, noun string
	input      LineInput
	mismatch   bool // enter was pressed with the wrong name
	busy       bool
	failure    string
}

// NewTypedConfirm returns the confirmation for name, a noun's name
// ("topic", "subject"): the prompt reads "Type the topic's name to
// confirm:". verb is enter's help word.
func NewTypedConfirm(name, noun, verb string) TypedConfirm {
	return TypedConfirm{Keys: NewTypedConfirmKeys(verb), name: name, noun: noun}
}

// Key handles a key press: esc cancels (also while the action runs);
// enter goes ahead when the typed text is the name, and otherwise says
// that it is not; any other key edits the typed text (ConfirmEdited when
// it changed something).
func (c *TypedConfirm) Key(msg tea.KeyPressMsg) ConfirmOutcome {
	switch {
	case Matches(msg, c.Keys.Cancel):
		return ConfirmCancel
	case c.busy:
		return ConfirmStay
	case Matches(msg, c.Keys.Confirm):
		if !c.Matched() {
			c.mismatch = true
			return ConfirmStay
		}
		return ConfirmGo
	}
	if c.input.Update(msg) {
		c.mismatch = false
		return ConfirmEdited
	}
	return ConfirmStay
}

// Paste adds pasted text to the typed text, unless the action runs.
func (c *TypedConfirm) Paste(msg tea.PasteMsg) {
	if !c.busy {
		c.input.Update(msg)
		c.mismatch = false
	}
}

// Matched reports whether the typed text is the name, exactly.
func (c *TypedConfirm) Matched() bool { return c.input.Value() == c.name }

// Busy reports whether the action runs.
func (c *TypedConfirm) Busy() bool { return c.busy }

// Start marks the action as running: until Finish, only esc does
// anything and the line under the input says it runs.
func (c *TypedConfirm) Start() { c.busy, c.failure = true, "" }

// Finish ends the running action. On an error the Kafka error stays
// under the input in words, the typed name is kept for another try, and
// the command returned shows it in the status line as well; ok is false
// then. On success it returns nil and true.
func (c *TypedConfirm) Finish(err error) (cmd tea.Cmd, ok bool) {
	if err != nil {
		return c.Fail(kafkaops.Describe(err)), false
	}
	c.busy = false
	return nil, true
}

// Fail ends the running action with a failure said in text (a screen
// that explains errors its own way): it stays under the input, and the
// command returned shows it in the status line.
func (c *TypedConfirm) Fail(text string) tea.Cmd {
	c.busy, c.failure = false, text
	return Status(text, true)
}

// ConfirmWords are what the line under a TypedConfirm's input says.
type ConfirmWords struct {
	// Busy is said while the action runs ("deleting…").
	Busy string
	// Ready is said, in the error colour and followed by " · esc
	// cancels", once the name matches ("enter deletes v3"); when empty,
	// Waiting stays.
	Ready string
	// Waiting is said until the name matches ("enter deletes once the
	// name matches · esc cancels").
	Waiting string
}

// Reset empties the typed text and forgets a mismatch, for a
// confirmation asked again (after its subject changed).
func (c *TypedConfirm) Reset() {
	c.input.SetValue("")
	c.mismatch = false
}

// Lines draws the prompt, the input, a blank line and the line that says
// what enter does, cw cells wide.
func (c *TypedConfirm) Lines(st *theme.Styles, cw int, words ConfirmWords) []string {
	return append(c.Prompt(st, cw), "", c.Status(st, cw, words))
}

// Prompt draws the request to type the name and the input, cw cells wide.
func (c *TypedConfirm) Prompt(st *theme.Styles, cw int) []string {
	return []string{confirmWrap(cw, "Type the "+c.noun+"'s name to confirm:"),
		st.Accent.Render("> ") + InputView(&c.input, st, !c.busy, "", "", cw-2)}
}

// Status draws the line that says what enter does, that the action runs,
// that the typed name is not the name, or why the action failed.
func (c *TypedConfirm) Status(st *theme.Styles, cw int, words ConfirmWords) string {
	switch {
	case c.busy:
		return st.Accent.Render(words.Busy)
	case c.failure != "":
		return st.Error.Render(confirmWrap(cw, "✗ "+c.failure))
	case c.mismatch:
		return st.Warning.Render(confirmWrap(cw, "! that is not the "+c.noun+"'s name; type "+Sanitize(c.name)+" exactly"))
	case c.Matched() && words.Ready != "" && lipgloss.Width(words.Ready+" · esc cancels") > cw:
		// A long name: the way out on its own line rather than past the box.
		return st.Error.Render(words.Ready) + "\n" + st.Subtle.Render("esc cancels")
	case c.Matched() && words.Ready != "":
		return st.Error.Render(words.Ready) + st.Subtle.Render(" · esc cancels")
	}
	return st.Subtle.Render(confirmWrap(cw, words.Waiting))
}

// confirmWrap wraps s to cw cells.
func confirmWrap(cw int, s string) string { return lipgloss.NewStyle().Width(cw).Render(s) }
