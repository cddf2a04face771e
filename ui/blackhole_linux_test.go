//go:build linux

package ui

import (
	"io"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"kscope/internal/testnet"
	"kscope/kafkaops"
	"kscope/views/cluster"
)

// blackHole is testnet.BlackHole: a loopback address where dials hang.
func blackHole(t testing.TB) string { return testnet.BlackHole(t) }

// probe runs the root model in a real Bubble Tea program and reports,
// from the program's own goroutine, the first frame that shows the
// connection-error screen.
type probe struct {
	m    *Model
	seen chan string
	sent bool
}

func (p *probe) Init() tea.Cmd { return p.m.Init() }

func (p *probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := p.m.Update(msg)
	if _, ok := p.m.top().(*cluster.ConnError); ok && !p.sent {
		p.sent = true
		p.seen <- ansi.Strip(p.m.View().Content)
	}
	return p, cmd
}

func (p *probe) View() tea.View { return p.m.View() }

// TestBlackHoledClusterShowsTheErrorScreenAndStaysResponsive: the
// explorer pointed at an address that never answers shows the
// connection-error screen once the dial timeout passes, not a frozen
// "Connecting…", and q still quits at once.
func TestBlackHoledClusterShowsTheErrorScreenAndStaysResponsive(t *testing.T) {
	const dialTimeout = 500 * time.Millisecond
	addr := blackHole(t)
	svc, err := kafkaops.New(kafkaops.Config{Brokers: []string{addr}, DialTimeout: dialTimeout})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	p := &probe{
		m:    New(Options{Service: svc, Addr: addr, Refresh: time.Second, Build: stubBuilder}),
		seen: make(chan string, 1),
	}
	prog := tea.NewProgram(p, tea.WithInput(nil), tea.WithOutput(io.Discard), tea.WithWindowSize(80, 24),
		tea.WithoutSignalHandler())
	done := make(chan error, 1)
	start := time.Now()
	go func() {
		_, err := prog.Run()
		done <- err
	}()
	select {
	case v := <-p.seen:
		took := time.Since(start)
		if took > dialTimeout+time.Second {
			t.Errorf("the error screen came after %s, want about the dial timeout %s", took, dialTimeout)
		}
		for _, want := range []string{"Cannot reach the Kafka cluster", "cannot reach " + addr, "timeout", "Retrying in 1s"} {
			if !strings.Contains(v, want) {
				t.Errorf("error screen lacks %q:\n%s", want, v)
			}
		}
		t.Logf("error screen after %s", took.Round(time.Millisecond))
	case err := <-done:
		t.Fatalf("the program ended before showing the error: %v", err)
	case <-time.After(10 * time.Second):
		prog.Kill()
		t.Fatal("no connection-error screen within 10s: frozen")
	}
	// The first automatic retry starts a second later and dials the black
	// hole again: keys must still be handled at once while it hangs.
	time.Sleep(1200 * time.Millisecond)
	quitAt := time.Now()
	prog.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	select {
	case <-done:
		if took := time.Since(quitAt); took > 500*time.Millisecond {
			t.Errorf("q took %s to quit", took)
		}
	case <-time.After(5 * time.Second):
		prog.Kill()
		t.Fatal("q did not quit within 5s: frozen")
	}
}
