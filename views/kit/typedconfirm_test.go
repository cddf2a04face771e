package kit_test

import (
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

// confirmWords are the words the tests' confirmation says.
var confirmWords = kit.ConfirmWords{
	Busy:    "deleting…",
	Ready:   "enter deletes orders",
	Waiting: "enter deletes once the name matches · esc cancels",
}

// press gives c the keys and returns the last key's outcome.
func press(c *kit.TypedConfirm, keys ...string) kit.ConfirmOutcome {
	out := kit.ConfirmStay
	for _, k := range keys {
		for _, m := range kittest.KeyMsgs(k) {
			out = c.Key(m)
		}
	}
	return out
}

// confirmText is what c draws, without styles, trailing blanks trimmed.
func confirmText(c *kit.TypedConfirm) string {
	lines := strings.Split(ansi.Strip(strings.Join(c.Lines(kittest.TestStyles(), 60, confirmWords), "\n")), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

func TestTypedConfirmGoesOnlyWithTheExactName(t *testing.T) {
	c := kit.NewTypedConfirm("orders", "topic", "delete")
	want := "Type the topic's name to confirm:\n>\n\nenter deletes once the name matches · esc cancels"
	if got := confirmText(&c); got != want {
		t.Errorf("at the start:\n%s\nwant:\n%s", got, want)
	}
	if out := press(&c, "order"); out != kit.ConfirmEdited {
		t.Errorf("typing: outcome %d, want ConfirmEdited", out)
	}
	if out := press(&c, "enter"); out != kit.ConfirmStay {
		t.Fatalf("enter with a wrong name: outcome %d, want ConfirmStay", out)
	}
	if got := confirmText(&c); !strings.Contains(got, "! that is not the topic's name; type orders exactly") {
		t.Errorf("no mismatch line:\n%s", got)
	}
	press(&c, "s")
	got := confirmText(&c)
	if strings.Contains(got, "that is not") || !strings.Contains(got, "> orders") ||
		!strings.Contains(got, "enter deletes orders · esc cancels") {
		t.Errorf("after the name matched:\n%s", got)
	}
	if out := press(&c, "enter"); out != kit.ConfirmGo {
		t.Errorf("enter with the name: outcome %d, want ConfirmGo", out)
	}
}

func TestTypedConfirmBusyFailureAndCancel(t *testing.T) {
	c := kit.NewTypedConfirm("orders", "topic", "delete")
	c.Paste(tea.PasteMsg{Content: "orders"})
	if out := press(&c, "enter"); out != kit.ConfirmGo {
		t.Fatalf("pasted name: outcome %d, want ConfirmGo", out)
	}
	c.Start()
	if out := press(&c, "x", "enter"); out != kit.ConfirmStay || !strings.Contains(confirmText(&c), "> orders\n") {
		t.Errorf("keys while busy changed something (outcome %d):\n%s", out, confirmText(&c))
	}
	if got := confirmText(&c); !strings.HasSuffix(got, "\ndeleting…") {
		t.Errorf("busy line:\n%s", got)
	}
	cmd, ok := c.Finish(errors.New("[41] Not Controller: this is not the correct controller"))
	if ok || cmd == nil {
		t.Fatalf("a failure: ok %v, status command %v", ok, cmd != nil)
	}
	if st := kittest.Statuses(kittest.RunCmd(cmd)); len(st) != 1 || !strings.Contains(st[0], "[41] Not Controller") {
		t.Errorf("statuses %q", st)
	}
	if got := confirmText(&c); !strings.Contains(got, "✗ [41] Not Controller") || !strings.Contains(got, "> orders") {
		t.Errorf("the failure or the typed name is not shown:\n%s", got)
	}
	if out := press(&c, "enter"); out != kit.ConfirmGo {
		t.Errorf("retry: outcome %d, want ConfirmGo", out)
	}
	c.Start()
	if cmd, ok := c.Finish(nil); !ok || cmd != nil {
		t.Errorf("a success: ok %v, command %v", ok, cmd != nil)
	}
	if out := press(&c, "esc"); out != kit.ConfirmCancel {
		t.Errorf("esc: outcome %d, want ConfirmCancel", out)
	}
}

func TestTypedConfirmResetAndNoReadyWords(t *testing.T) {
	c := kit.NewTypedConfirm("orders", "topic", "purge")
	press(&c, "orders")
	st := ansi.Strip(c.Status(kittest.TestStyles(), 60, kit.ConfirmWords{Waiting: "enter purges once the name matches"}))
	if strings.TrimSpace(st) != "enter purges once the name matches" {
		t.Errorf("without Ready words, a matching name says %q", st)
	}
	press(&c, "backspace", "enter")
	c.Reset()
	if got := confirmText(&c); strings.Contains(got, "> orde") || strings.Contains(got, "that is not") {
		t.Errorf("Reset kept the typed text or the mismatch:\n%s", got)
	}
	if c.Keys.Confirm.Help().Desc != "purge" {
		t.Errorf("enter's help is %q", c.Keys.Confirm.Help().Desc)
	}
}
