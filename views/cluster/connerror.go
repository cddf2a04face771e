package cluster

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// MaxRetryDelay caps the exponential backoff between automatic retries.
const MaxRetryDelay = 30 * time.Second

// RetryDelay returns how long the connection-error screen waits before its
// automatic retry after failures failed attempts: 1s, 2s, 4s, ... capped
// at MaxRetryDelay.
func RetryDelay(failures int) time.Duration {
	if failures < 1 {
		failures = 1
	}
	if failures > 6 { // 1<<5 s is already past the cap
		return MaxRetryDelay
	}
	return min(time.Second<<(failures-1), MaxRetryDelay)
}

// ConnCheckedMsg is the answer to a connection check (Service.ClusterInfo
// with a timeout). The root sends the checks and acts on success; the
// connection-error screen schedules its next retry on failure.
type ConnCheckedMsg struct {
	// Addr is the address that was checked.
	Addr string
	// Info is the cluster's layout when Err is nil.
	Info kafkaops.ClusterInfo
	// Err says why the check failed, nil when it succeeded.
	Err error
}

// StartLocalMsg asks the root to start the bundled broker and connect the
// explorer to it (the welcome screen's one key).
type StartLocalMsg struct{}

// connTickMsg counts down to the next automatic retry; id drops ticks of a
// countdown that was restarted.
type connTickMsg struct{ id int }

// ConnErrorOptions configures the connection-error screen.
type ConnErrorOptions struct {
	// Addr is the address that was tried.
	Addr string
	// Err is what failed.
	Err error
	// Retry returns the command that checks the connection again; its
	// answer must be a ConnCheckedMsg.
	Retry func() tea.Cmd
	// OfferLocal turns the screen into kscope's welcome: nothing answers
	// at the default address, so offer to start the bundled broker (l)
	// and explain --brokers and --context.
	OfferLocal bool
	// Context names the context in use, "" when there is none; an
	// authentication failure asks to fix it.
	Context string
}

// ConnError is the full-pane screen shown while the cluster cannot be
// reached: what was tried, what failed, a countdown to the next automatic
// retry with exponential backoff, and r to retry now. When the broker was
// reached but refused the credentials or the certificate
// (kafkaops.IsAuthFailed) it says so and does not retry by itself:
// retrying cannot help until the settings change, and each attempt could
// count against the account's failed logins.
type ConnError struct {
	st   *theme.Styles
	opts ConnErrorOptions
	err  error

	failures  int  // failed attempts so far
	remaining int  // seconds to the next automatic retry
	checking  bool // a retry is in flight
	tickID    int

	width, height int
	keys          connErrorKeys
}

var _ kit.Screen = (*ConnError)(nil)

// NewConnError returns the connection-error screen for the options. The
// first automatic retry comes one second after Init.
func NewConnError(st *theme.Styles, opts ConnErrorOptions) *ConnError {
	c := &ConnError{
		st:       st,
		opts:     opts,
		err:      opts.Err,
		failures: 1,
		keys:     newConnErrorKeys(),
	}
	c.keys.Local.SetEnabled(opts.OfferLocal)
	c.remaining = int(RetryDelay(c.failures) / time.Second)
	return c
}

// Init starts the countdown to the first automatic retry, unless the
// failure is an authentication one.
func (c *ConnError) Init() tea.Cmd {
	if c.AuthFailed() {
		return nil
	}
	return c.tick()
}

// AuthFailed reports whether the last failure was an authentication or
// TLS verification one, which the screen does not retry by itself.
func (c *ConnError) AuthFailed() bool { return kafkaops.IsAuthFailed(c.err) }

// Failures returns how many connection attempts have failed so far.
func (c *ConnError) Failures() int { return c.failures }

// Remaining returns the seconds left before the next automatic retry, or 0
// while a retry is in flight.
func (c *ConnError) Remaining() int {
	if c.checking {
		return 0
	}
	return c.remaining
}

// Checking reports whether a retry is in flight.
func (c *ConnError) Checking() bool { return c.checking }

// Update handles the retry key, the countdown and the answers to retries.
func (c *ConnError) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case connTickMsg:
		if msg.id != c.tickID || c.checking {
			return c, nil
		}
		c.remaining--
		if c.remaining <= 0 {
			return c, c.retryNow()
		}
		return c, c.tick()
	case ConnCheckedMsg:
		if msg.Err == nil || !c.checking {
			return c, nil // success: the root replaces this screen
		}
		c.checking = false
		c.err = msg.Err
		c.failures++
		c.remaining = int(RetryDelay(c.failures) / time.Second)
		if c.AuthFailed() {
			c.tickID++ // no automatic retry: r only
			return c, nil
		}
		return c, c.tick()
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, c.keys.Retry):
			if c.checking {
				return c, nil
			}
			return c, c.retryNow()
		case key.Matches(msg, c.keys.Local):
			return c, func() tea.Msg { return StartLocalMsg{} }
		}
	}
	return c, nil
}

// retryNow stops the countdown and checks the connection.
func (c *ConnError) retryNow() tea.Cmd {
	c.tickID++
	if c.opts.Retry == nil {
		return nil
	}
	c.checking = true
	return c.opts.Retry()
}

func (c *ConnError) tick() tea.Cmd {
	c.tickID++
	id := c.tickID
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return connTickMsg{id: id} })
}

// View renders the error (or the welcome) centred in the pane.
func (c *ConnError) View() string {
	w := min(max(c.width-4, 20), 78)
	inner := w - 4 // the pane's border and padding
	var b strings.Builder
	label := func(k, v string) {
		const lw = 8
		val := lipgloss.NewStyle().Width(max(inner-lw, 10)).Render(v)
		b.WriteString(lipgloss.JoinHorizontal(lipgloss.Top,
			c.st.Subtle.Width(lw).Render(k), val))
		b.WriteString("\n")
	}
	if c.opts.OfferLocal {
		b.WriteString(c.st.Title.Render("Welcome to kscope") + "\n\n")
		b.WriteString(lipgloss.NewStyle().Width(inner).Render(
			"No Kafka broker answers at "+c.opts.Addr+".") + "\n\n")
		b.WriteString(c.st.Accent.Render("l") + "  start kscope's bundled broker here\n")
		b.WriteString(c.st.Subtle.Render("   (next time: kscope --local [--demo])") + "\n\n")
		b.WriteString("Or open the explorer on a cluster:\n")
		b.WriteString(c.st.Accent.Render("   kscope --brokers host:9092[,host2:9092]") + "\n")
		b.WriteString(c.st.Accent.Render("   KSCOPE_BROKERS=host:9092 kscope") + "\n")
		b.WriteString(c.st.Accent.Render("   kscope --context NAME") + c.st.Subtle.Render("  (a context of your kscope/config.yaml)") + "\n\n")
		label("Failed", kafkaops.Describe(c.err))
	} else if c.AuthFailed() {
		b.WriteString(c.st.Error.Render("Authentication or TLS failed") + "\n\n")
		b.WriteString(lipgloss.NewStyle().Width(inner).Render(
			"The broker answered but refused the credentials or the certificate. "+
				"Retrying will not help: "+c.fixHint()) + "\n\n")
		label("Tried", c.opts.Addr)
		label("Failed", kafkaops.Describe(c.err))
	} else {
		b.WriteString(c.st.Error.Render("Cannot reach the Kafka cluster") + "\n\n")
		label("Tried", c.opts.Addr)
		label("Failed", kafkaops.Describe(c.err))
	}
	b.WriteString("\n")
	switch {
	case c.checking:
		b.WriteString(c.st.Warning.Render("Checking " + c.opts.Addr + "…"))
	case c.AuthFailed():
		b.WriteString(c.st.Subtle.Render(fmt.Sprintf("No automatic retry (%s so far)", plural(c.failures, "failed attempt"))))
	default:
		b.WriteString(c.st.Subtle.Render(fmt.Sprintf("Retrying in %ds (%s so far)", c.remaining, plural(c.failures, "failed attempt"))))
	}
	b.WriteString("\n" + c.st.Subtle.Render("r retry now"))
	box := c.st.Pane.Padding(0, 1).Width(w).Render(b.String())
	return lipgloss.Place(max(c.width, 0), max(c.height, 0), lipgloss.Center, lipgloss.Center, box)
}

// fixHint says what to change after an authentication failure.
func (c *ConnError) fixHint() string {
	if c.opts.Context != "" {
		name := kit.Sanitize(c.opts.Context)
		return "fix the user name, password or certificates of context " + name +
			" in the contexts file, then :ctx " + name + " reloads it (r retries as it is)."
	}
	return "fix the SASL or TLS settings (use a context in the contexts file), then press r."
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// SetSize sets the pane's size.
func (c *ConnError) SetSize(width, height int) { c.width, c.height = width, height }

// Title names the screen.
func (c *ConnError) Title() string {
	if c.opts.OfferLocal {
		return "Welcome"
	}
	if c.AuthFailed() {
		return "Authentication failed"
	}
	return "Unreachable"
}

// ShortHelp lists the retry and start-local keys.
func (c *ConnError) ShortHelp() []key.Binding { return []key.Binding{c.keys.Retry, c.keys.Local} }

// FullHelp lists the same keys as ShortHelp.
func (c *ConnError) FullHelp() [][]key.Binding { return [][]key.Binding{c.ShortHelp()} }

// Capturing reports false: the screen has no text input.
func (c *ConnError) Capturing() bool { return false }
