package ui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// Golden files hold the whole terminal as plain text at 100x30, so a
// review reads them like a screenshot. Regenerate with
// `go test ./ui -run Golden -update`.

const goldenW, goldenH = 100, 30

// runGolden starts the app in teatest with the ASCII colour profile,
// waits until the output shows every string in waitFor, runs the optional
// steps (each waiting for its own text), quits and compares the final
// frame with the test's golden file.
func runGolden(t *testing.T, m *Model, waitFor []string, steps ...goldenStep) {
	t.Helper()
	tm := teatest.NewTestModel(t, m,
		teatest.WithInitialTermSize(goldenW, goldenH),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)),
	)
	wait := func(texts []string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			frame := ansi.Strip(string(b))
			for _, s := range texts {
				if !strings.Contains(frame, s) {
					return false
				}
			}
			return true
		}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	}
	wait(waitFor)
	for _, s := range steps {
		for _, msg := range s.send {
			tm.Send(msg)
		}
		wait(s.waitFor)
	}
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	out := ansi.Strip(final.render())
	// Trailing spaces are noise in a review and in editors.
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	teatest.RequireEqualOutput(t, []byte(strings.Join(lines, "\n")+"\n"))
	if !bytes.Contains([]byte(out), []byte("kscope")) {
		t.Errorf("no header in the final frame")
	}
}

// goldenStep sends messages and waits for texts to appear.
type goldenStep struct {
	send    []tea.Msg
	waitFor []string
}

func TestGoldenErrorScreen(t *testing.T) {
	svc := newFakeService()
	svc.SetErr(errRefused)
	m := New(Options{Service: svc, Addr: "127.0.0.1:9092", Build: stubBuilder})
	runGolden(t, m, []string{"Retrying in 1s", "✗ unreachable"})
}

func TestGoldenWelcomeScreen(t *testing.T) {
	svc := newFakeService()
	svc.SetErr(errRefused)
	m := New(Options{Service: svc, Addr: "127.0.0.1:9092", Build: stubBuilder, OfferLocal: true,
		StartLocal: func() (LocalCluster, error) { return LocalCluster{}, errRefused }})
	runGolden(t, m, []string{"Welcome to kscope", "Retrying in 1s"})
}
