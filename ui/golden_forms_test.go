package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"kscope/views/kit"
)

// The forms in the whole app, on the demo cluster.

// typeMsgs turns text into key presses.
func typeMsgs(text string) []tea.Msg {
	var out []tea.Msg
	for _, r := range text {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return out
}

func TestGoldenCreateTopicForm(t *testing.T) {
	tab := tea.KeyPressMsg{Code: tea.KeyTab}
	runGolden(t, newDemoModel(), []string{"bankbranch", "payments"},
		goldenStep{
			send:    append(typeMsgs(":create"), tea.KeyPressMsg{Code: tea.KeyEnter}),
			waitFor: []string{"Create topic", "num.partitions"},
		},
		goldenStep{
			send:    append(append(typeMsgs("atm.tx_log"), tab), typeMsgs("2")...),
			waitFor: []string{"mixes '.' and '_'"},
		})
}

func TestGoldenProduceForm(t *testing.T) {
	runGolden(t, newDemoModel(), []string{"bankbranch", "payments"},
		goldenStep{
			send:    append(typeMsgs(":produce bankbranch"), tea.KeyPressMsg{Code: tea.KeyEnter}),
			waitFor: []string{"Produce to bankbranch", "max.message.bytes 2MiB"},
		},
		goldenStep{
			send:    append(append(typeMsgs("atm-1"), tea.KeyPressMsg{Code: tea.KeyTab}), typeMsgs(`{"atmid": 1, "transid": 100}`)...),
			waitFor: []string{"valid JSON"},
		})
}

func TestGoldenDeleteTopicModal(t *testing.T) {
	runGolden(t, newDemoModel(), []string{"bankbranch", "payments"},
		goldenStep{
			send:    []tea.Msg{kit.NavigateMsg{Route: kit.Route{Kind: kit.RouteDeleteTopic, Topic: "bankbranch"}}},
			waitFor: []string{"Delete topic bankbranch?", "42 messages"},
		},
		goldenStep{
			send:    typeMsgs("bankbranch"),
			waitFor: []string{"enter deletes bankbranch"},
		})
}

func TestReadOnlyRefusesForms(t *testing.T) {
	const want = "delete: disabled, this context is read-only"
	m := New(Options{Service: newDemoService(), Addr: "127.0.0.1:9092", ReadOnly: true})
	// The topic list's refusals arrive as commands, which run beside the
	// keys that follow them: the program quits itself once d's refusal is
	// shown rather than racing a ctrl+c against it (CI lost that race).
	q := &quitWhen{Model: m, done: func(m *Model) bool { return m.status.text == want }}
	tm := teatest.NewTestModel(t, q, teatest.WithInitialTermSize(goldenW, goldenH),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	waitText := func(text string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return strings.Contains(ansi.Strip(string(b)), text) },
			teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	}
	waitText("bankbranch")
	for _, msg := range append(typeMsgs(":create"), tea.KeyPressMsg{Code: tea.KeyEnter}) {
		tm.Send(msg)
	}
	waitText("create topic: disabled, this context is read-only")
	for _, r := range "npd" {
		tm.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*quitWhen).Model
	// Every refusal is an error (✗), the topic list's keys too.
	if got := final.status; got.text != want || !got.err {
		t.Errorf("status after d = %q (error %v), want the read-only refusal as an error", got.text, got.err)
	}
	if top := final.top(); top == nil || top.Title() != "Topics (4/5)" {
		t.Errorf("a form opened in read-only mode: %v", top)
	}
}

// quitWhen quits the program once done holds for the model after a
// message, so a test can wait on state that commands deliver.
type quitWhen struct {
	*Model
	done func(*Model) bool
}

// Update passes msg to the model and quits once done holds.
func (q *quitWhen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := q.Model.Update(msg)
	if q.done(q.Model) {
		return q, tea.Batch(cmd, tea.Quit)
	}
	return q, cmd
}
