package kit

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
)

// DryRunPhase is where a change that the broker checks before it is made
// stands.
type DryRunPhase int

// The phases of a DryRun, in the order a change goes through them.
const (
	DryRunEdit     DryRunPhase = iota // the user types the change
	DryRunChecking                    // the broker validates it (validateOnly)
	DryRunConfirm                     // what will change shows; y makes it
	DryRunApplying                    // the change is being made
)

// DryRunCheckingText is what a screen shows while the broker checks the
// change.
const DryRunCheckingText = "checking the change with the broker (dry run)…"

// DryRunAnswerMsg is the broker's answer to a DryRun's dry run or change.
type DryRunAnswerMsg struct {
	ReqID uint64
	Err   error
}

// DryRunKeys are the keys of a change that is dry-run before it is made.
type DryRunKeys struct {
	Submit key.Binding // enter: dry-run what is typed
	Apply  key.Binding // y: make the checked change
	Back   key.Binding // esc: close without a change
	// Revise leaves the confirmation for the edit (esc or n).
	Revise key.Binding
}

// NewDryRunKeys returns the keys; apply is y's help word ("apply", "add").
func NewDryRunKeys(apply string) DryRunKeys {
	return DryRunKeys{
		Submit: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "dry run")),
		Apply:  key.NewBinding(key.WithKeys("y"), key.WithHelp("y", apply)),
		Back:   EscKey("cancel"),
		Revise: key.NewBinding(key.WithKeys("esc", "n"), key.WithHelp("esc", "edit again")),
	}
}

// DryRun drives a change that the broker validates before it is made: the
// screen types the change (DryRunEdit), Start dry-runs it, the screen
// shows what will change and y makes it; a refusal goes back to the edit
// with the Kafka error in words, so nothing typed is lost. A screen holds
// one, handles its own keys in the edit phase and gives every other key
// to Key.
type DryRun struct {
	Keys DryRunKeys
	// Phase is where the change stands.
	Phase DryRunPhase
	// Failure says what went wrong last, in words; "" when nothing did.
	Failure string
	// Refused begins Failure when the broker refuses ("Kafka refused: ").
	Refused string
	// CloseOnCancel makes esc or n on the confirmation close the screen
	// rather than go back to the edit (a change with nothing to type).
	CloseOnCancel bool

	call  func(ctx context.Context, validateOnly bool) error
	reqID uint64
}

// Start dry-runs the change that call makes (validateOnly true) or
// checks; a must be the asking screen's Asker. call runs off the UI
// goroutine: it must use only what it captured.
func (d *DryRun) Start(a *Asker, call func(ctx context.Context, validateOnly bool) error) tea.Cmd {
	d.call, d.Failure, d.Phase = call, "", DryRunChecking
	return d.send(a, true)
}

// send asks the broker to validate (dryRun) or make the change.
func (d *DryRun) send(a *Asker, dryRun bool) tea.Cmd {
	call := d.call
	var cmd tea.Cmd
	d.reqID, cmd = Do(a, func(ctx context.Context) error { return call(ctx, dryRun) },
		func(id uint64, err error) tea.Msg { return DryRunAnswerMsg{ReqID: id, Err: err} })
	return cmd
}

// Key handles msg outside the edit phase and reports whether it did:
// esc closes while the broker works; on the confirmation y makes the
// change and esc or n goes back to the edit (or closes, CloseOnCancel).
// In the edit phase it handles nothing: the screen owns its inputs.
func (d *DryRun) Key(a *Asker, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	switch d.Phase {
	case DryRunEdit:
		return nil, false
	case DryRunConfirm:
		switch {
		case Matches(msg, d.Keys.Apply):
			d.Phase = DryRunApplying
			return d.send(a, false), true
		case Matches(msg, d.Keys.Revise):
			if d.CloseOnCancel {
				return Pop(), true
			}
			d.Phase = DryRunEdit
		}
		return nil, true
	}
	if Matches(msg, d.Keys.Back) {
		return Pop(), true
	}
	return nil, true
}

// Answer takes the broker's answer: a refusal goes back to the edit with
// Failure set (and says it in the status line), a passed dry run to the
// confirmation. done reports that the change was made; a stale answer
// does nothing.
func (d *DryRun) Answer(msg DryRunAnswerMsg) (done bool, cmd tea.Cmd) {
	if msg.ReqID != d.reqID {
		return false, nil
	}
	if msg.Err != nil {
		d.Phase = DryRunEdit
		d.Failure = d.Refused + kafkaops.Describe(msg.Err)
		return false, Status(d.Failure, true)
	}
	if d.Phase == DryRunChecking {
		d.Phase = DryRunConfirm
		return false, nil
	}
	return true, nil
}

// Help lists the keys for the phase, as Key handles them; edit is the
// screen's own list for the edit phase. A screen's box says the same
// with KeyHints.
func (d *DryRun) Help(edit []key.Binding) []key.Binding {
	switch d.Phase {
	case DryRunEdit:
		return edit
	case DryRunConfirm:
		if d.CloseOnCancel {
			return []key.Binding{d.Keys.Apply, d.Keys.Back}
		}
		return []key.Binding{d.Keys.Apply, d.Keys.Revise}
	case DryRunApplying:
		// The change goes on; esc only closes the box.
		return []key.Binding{EscKey("close")}
	}
	return []key.Binding{d.Keys.Back}
}
