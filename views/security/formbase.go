package security

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// doneMsg is the answer to a change that returns only an error.
type doneMsg struct {
	reqID uint64
	err   error
}

// formKeys are the keys of the create and edit screens.
type formKeys struct {
	fieldKeys
	Submit, Back key.Binding
}

func newFormKeys(submit string) formKeys {
	return formKeys{
		fieldKeys: newFieldKeys(),
		Submit:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", submit)),
		Back:      kit.EscKey("cancel"),
	}
}

// fixFirst is what enter says on a form with a field marked ✗.
const fixFirst = "fix the fields marked ✗ first"

// formBase is what every security form holds alike: the service and
// styles, its keys, its size and scroll, its fields, the request in
// flight and the last failure in words.
type formBase struct {
	kit.Asker
	svc  kafkaops.Service
	st   *theme.Styles
	keys formKeys

	width, height int
	top           int

	form    fieldSet
	reqID   uint64
	failure string
}

// newFormBase returns a form's shared parts; submit is enter's help
// word.
func newFormBase(svc kafkaops.Service, st *theme.Styles, submit string, form fieldSet) formBase {
	return formBase{svc: svc, st: st, keys: newFormKeys(submit), form: form}
}

// SetSize sets the body size.
func (b *formBase) SetSize(width, height int) { b.width, b.height = width, height }

// Capturing is true: the fields take every letter.
func (b *formBase) Capturing() bool { return true }

// edit gives a key or a paste to the fields; an edit clears the failure.
func (b *formBase) edit(msg tea.Msg) {
	if b.form.update(msg) {
		b.failure = ""
	}
}

// refuse says to fix the fields marked ✗ first, and from now on marks
// every field whose value is wrong, typed in or not.
func (b *formBase) refuse() {
	b.failure = fixFirst
	b.form.submitted = true
}

// do runs call off the UI goroutine; its answer comes back as a doneMsg
// with the form's new request id.
func (b *formBase) do(call func(ctx context.Context) error) tea.Cmd {
	var cmd tea.Cmd
	b.reqID, cmd = kit.Do(&b.Asker, call, func(id uint64, err error) tea.Msg { return doneMsg{reqID: id, err: err} })
	return cmd
}

// page draws the form's page: title, the fields and what follows them
// (fl, scrolled to keep its focus in view) and the footer.
func (b *formBase) page(title string, fl kit.FormLines, footer []string) string {
	return page(b.st, title, fl.Lines, fl.Lo, fl.Hi, footer, max(b.width, 20), b.height, &b.top)
}

// sendForm is a form sent with one call when enter is pressed (CreateACL,
// ScramUser): esc closes it, enter sends it once every field is valid,
// and the answer closes it, or keeps it open with the failure in words
// and nothing typed lost.
type sendForm struct {
	formBase
	busy bool
}

// update handles msg: the answer to the form's call goes to done; esc
// closes the form; while the call runs nothing else does anything; enter
// calls submit; other keys and pastes edit the fields.
func (f *sendForm) update(msg tea.Msg, submit func() tea.Cmd, done func(error) tea.Cmd) tea.Cmd {
	switch msg := msg.(type) {
	case doneMsg:
		if msg.reqID == f.reqID && f.busy {
			f.busy = false
			return done(msg.err)
		}
		return nil
	case tea.KeyPressMsg:
		switch {
		case kit.Matches(msg, f.keys.Back):
			return kit.Pop()
		case f.busy:
			return nil
		case kit.Matches(msg, f.keys.Submit):
			return submit()
		}
	}
	if !f.busy {
		f.edit(msg)
	}
	return nil
}

// start sends call when the form is valid (ok), and otherwise says to
// fix the fields first.
func (f *sendForm) start(ok bool, call func(ctx context.Context) error) tea.Cmd {
	if !ok {
		f.refuse()
		return nil
	}
	f.busy, f.failure = true, ""
	return f.do(call)
}

// finish closes the form and reloads the list named what, saying done
// in the status line; or, on an error, keeps the form open with what
// went wrong while doing it in words.
func (f *sendForm) finish(err error, doing, what, done string) tea.Cmd {
	if err != nil {
		f.failure = explain(doing, err)
		return kit.Status(f.failure, true)
	}
	return tea.Batch(changed(what), kit.Status(done, false), kit.Pop())
}

// footer says busy while the call runs, the failure once one happened,
// and else hint.
func (f *sendForm) footer(busy, hint string) []string {
	st, w := f.st, max(f.width, 20)
	switch {
	case f.busy:
		return []string{st.Accent.Render("  " + busy)}
	case f.failure != "":
		return kit.Wrapped(st.Error, "✗ "+f.failure, w)
	}
	return kit.Wrapped(st.Subtle, hint, w)
}

// ShortHelp lists the keys for the bottom line.
func (f *sendForm) ShortHelp() []key.Binding {
	if f.busy {
		return []key.Binding{f.keys.Back}
	}
	return []key.Binding{f.keys.Next, f.keys.Right, f.keys.Submit, f.keys.Back}
}

// FullHelp lists every key.
func (f *sendForm) FullHelp() [][]key.Binding {
	k := f.keys
	return [][]key.Binding{{k.Next, k.Prev, k.Left, k.Right}, {k.Submit, k.Back}}
}
