// Package ui is kscope's root Bubble Tea model: the shell around the
// screens (header, status line, help, command palette), the navigation
// stack and the routing of messages to screens. It is the only package
// that returns a tea.View.
package ui

import (
	"log/slog"
	"os"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/cluster"
	"kscope/views/kit"
	"kscope/views/tail"
)

// DefaultTailBuffer is how many records a tail keeps unless told.
const DefaultTailBuffer = tail.DefaultTailBuffer

// DefaultCheckTimeout bounds one connection check (ClusterInfo).
const DefaultCheckTimeout = 5 * time.Second

// Options configures the explorer's root model.
type Options struct {
	// Service is the cluster the explorer shows.
	Service kafkaops.Service
	// Addr is the bootstrap address, shown in the header and the
	// connection error.
	Addr string
	// Cluster, when set, names the cluster in the header instead of Addr
	// (a context's name).
	Cluster string
	// ReadOnly disables everything that writes to the cluster.
	ReadOnly bool
	// Refresh is how often lists refresh themselves and the connection is
	// checked; zero turns both off.
	Refresh time.Duration
	// NoColor drops every colour (NO_COLOR).
	NoColor bool
	// CheckTimeout bounds one connection check (default 5s).
	CheckTimeout time.Duration
	// OfferLocal makes the first screen, when nothing answers at Addr, a
	// welcome that offers to start the bundled broker.
	OfferLocal bool
	// StartLocal starts the bundled broker and returns a service on it;
	// nil when the explorer cannot start one. It runs in a command, never
	// in Update.
	StartLocal func() (LocalCluster, error)
	// Build opens the screen a route names; nil means DefaultBuilder.
	Build Builder
	// Note, when set, is shown in the status line at start.
	Note string
	// Initial, when set, is a palette command run once the cluster
	// answers, on top of the topic browser ("tail bankbranch beginning",
	// from kscope tail).
	Initial string
	// TailBuffer is how many records a tail keeps (--tail-buffer; 0 means
	// DefaultTailBuffer).
	TailBuffer int
	// Decoder decodes schema-encoded values in the tail (a Schema
	// Registry session); nil: values are shown as they are.
	Decoder kafkaops.Decoder
	// Nodes stops and starts the nodes of the bundled cluster when the
	// explorer runs it itself (--local --nodes 3); nil otherwise.
	Nodes kafkaops.LocalNodes

	// Contexts are the contexts :ctx lists and switches between; Cluster
	// names the one in use.
	Contexts []ContextInfo
	// ContextsFile is the contexts file's path, for messages.
	ContextsFile string
	// ReloadContexts, when set, reads the contexts file again; :ctx runs
	// it (off the UI goroutine) before listing or switching, so contexts
	// added to the file since the start are there.
	ReloadContexts func() ([]ContextInfo, error)
	// Switch connects to a context for :ctx; nil disables switching.
	Switch SwitchFunc
	// SwitchTimeout bounds one switch (default DefaultSwitchTimeout).
	SwitchTimeout time.Duration
	// Warnings are shown in the status line at start (config warnings);
	// they hold no secret.
	Warnings []string
	// Log, when set, receives the debug log (--debug): connection checks,
	// context switches and errors, never a secret.
	Log *slog.Logger
	// Notices, when set, brings warnings from outside the UI (the bundled
	// broker's), each shown in the status line as it arrives.
	Notices <-chan string
}

// Env is what a Builder needs to construct a screen.
type Env struct {
	Service    kafkaops.Service
	Styles     *theme.Styles
	ReadOnly   bool
	Refresh    time.Duration
	TailBuffer int
	// Decoder decodes schema-encoded values; nil when no registry is set.
	Decoder kafkaops.Decoder
	// Registry is the Schema Registry (:schemas, the produce form's
	// encodings); nil when none is configured.
	Registry kafkaops.SchemaRegistry
	// Nodes stops and starts the nodes of the bundled cluster the
	// explorer runs itself; nil on any other cluster.
	Nodes kafkaops.LocalNodes
}

// Builder constructs the screen a route names; false means the screen does
// not exist (yet), and the root says so in the status line.
type Builder func(r kit.Route, env Env) (kit.Screen, bool)

// Model is the root model. Use New; the zero value is not usable.
type Model struct {
	opts  Options
	build Builder
	svc   kafkaops.Service
	addr  string

	// st is shared with every screen; a theme change rewrites it in
	// place so screens pick the new styles up on their next render.
	st     *theme.Styles
	isDark bool

	width, height int
	stack         []kit.Screen
	// rootTopics says the bottom of the stack is the topic browser the
	// root built, where :topics goes back to.
	rootTopics bool

	conn        connState
	info        kafkaops.ClusterInfo
	checkID     int
	checking    bool
	heartbeatID int
	starting    bool // the bundled broker is being started
	switchID    int  // the latest context switch; older answers are dropped

	// held are the messages for the screens under the authentication
	// failure screen, kept until it goes (see paused).
	held []tea.Msg

	status   statusLine
	palette  palette
	help     help.Model
	showHelp bool
	keys     globalKeys

	trace firstFrameTrace
	// warned names the contexts whose warnings were shown: once each.
	warned map[string]bool
}

var _ tea.Model = (*Model)(nil)

// New returns the root model for the options.
func New(opts Options) *Model {
	if opts.CheckTimeout <= 0 {
		opts.CheckTimeout = DefaultCheckTimeout
	}
	m := &Model{
		opts:   opts,
		build:  opts.Build,
		svc:    opts.Service,
		addr:   opts.Addr,
		isDark: true,
		st:     theme.New(true, opts.NoColor),
		help:   help.New(),
		keys:   newGlobalKeys(),
		trace:  firstFrameTrace{path: os.Getenv(TraceFirstFrameEnv)},
	}
	if m.build == nil {
		m.build = DefaultBuilder
	}
	m.help.Styles = helpStyles(m.st)
	m.palette.contexts = contextNames(opts.Contexts)
	// The context in use at start had its warnings in the start note.
	m.warned = map[string]bool{opts.Cluster: true}
	m.startNote()
	return m
}

// startNote shows the status line at start: the note (short: where the
// broker or the debug log is) as information, then the config warnings,
// if any, as warnings. It returns the tick that clears it, nil when there
// is nothing to show.
func (m *Model) startNote() tea.Cmd {
	if m.opts.Note == "" && len(m.opts.Warnings) == 0 {
		return nil
	}
	return m.status.setNotes(m.opts.Note, m.opts.Warnings)
}

// Service returns the service the explorer currently talks to (it changes
// when the bundled broker is started from the welcome screen).
func (m *Model) Service() kafkaops.Service { return m.svc }

// Init asks for the terminal's background colour and checks the
// connection.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor, m.check(), m.waitNotice()}
	if cmd := m.startNote(); cmd != nil {
		// New set the note; arm its clearing now that ticks can run.
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

// Update routes a message: window size; the open palette or help; a
// screen's focused input; global keys; then the active screen. Results of
// async work go to every screen on the stack, except while the
// authentication failure screen is up (see paused).
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	top := m.top()
	_, cmd := m.update(msg)
	m.followStatus(top)
	if len(m.held) > 0 && !m.paused() {
		cmd = tea.Batch(cmd, m.release())
	}
	return m, cmd
}

func (m *Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
		return m, nil
	case tea.BackgroundColorMsg:
		m.setTheme(msg.IsDark())
		return m, nil
	case tea.KeyPressMsg:
		return m, m.handleKey(msg)
	case tea.MouseMsg:
		return m, m.handleMouse(msg)
	case kit.NavigateMsg:
		return m, m.navigate(msg.Route)
	case kit.AddressedMsg:
		return m, m.deliver(msg)
	case kit.PopMsg:
		return m, m.pop()
	case kit.StatusMsg:
		if msg.Error {
			m.logger().Warn("status", "text", msg.Text)
		}
		cmd := m.status.set(msg.Text, msg.Error, false)
		m.status.owner = m.top()
		return m, cmd
	case statusClearMsg:
		m.status.clear(msg.id)
		return m, nil
	case kit.ClearStatusMsg:
		if m.status.owner != nil && m.status.owner == m.top() {
			m.status.clear(m.status.id)
		}
		return m, nil
	case paletteTopicsMsg:
		m.palette.topics = msg.names
		return m, nil
	case checkedMsg:
		if msg.id != m.checkID {
			return m, nil
		}
		m.checking = false
		// The connection-error screen also needs the answer, to schedule
		// its next retry.
		return m, tea.Batch(m.broadcast(msg.res), m.connChecked(msg.res))
	case heartbeatMsg:
		return m, m.heartbeat(msg.id)
	case noticeMsg:
		return m, m.notice(msg)
	case cluster.StartLocalMsg:
		return m, m.startLocal()
	case localStartedMsg:
		return m, m.localStarted(msg)
	case cluster.SwitchContextMsg:
		return m, m.switchContext(msg.Name)
	case contextsReloadedMsg:
		return m, m.contextsReloaded(msg)
	case switchedMsg:
		return m, m.switched(msg)
	}
	return m, m.broadcast(msg)
}

// followStatus clears a screen's status text when the screen it was
// about has been left (a refusal on the group detail must not show on
// the brokers screen); top is the active screen before the update. The
// root's own texts (the connection, a context switch) have no owner and
// stay their time.
func (m *Model) followStatus(top kit.Screen) {
	now := m.top()
	if now != top && m.status.owner != nil && m.status.owner != now {
		m.status.clear(m.status.id)
	}
}

// handleKey applies the routing order to a key press.
func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, m.keys.ForceQuit) {
		return tea.Quit
	}
	if m.palette.open {
		if run := m.palette.update(msg); run != nil {
			return m.runCommand(run.name, run.arg)
		}
		return nil
	}
	if m.showHelp && (key.Matches(msg, m.keys.Help) || key.Matches(msg, m.keys.Back)) {
		m.showHelp = false
		return nil
	}
	top := m.top()
	if top != nil && top.Capturing() {
		return m.updateTop(msg)
	}
	switch {
	case key.Matches(msg, m.keys.Quit):
		return tea.Quit
	case key.Matches(msg, m.keys.Palette):
		m.showHelp = false
		return m.palette.show(m.svc)
	case key.Matches(msg, m.keys.Help):
		m.showHelp = !m.showHelp
		return nil
	case key.Matches(msg, m.keys.Back) && len(m.stack) > 1 && !handlesEsc(top):
		return m.pop()
	}
	return m.updateTop(msg)
}

// handleMouse forwards a mouse event inside the body to the active screen,
// with Y made relative to the body.
func (m *Model) handleMouse(msg tea.MouseMsg) tea.Cmd {
	if m.palette.open || m.showHelp {
		return nil
	}
	mm := msg.Mouse()
	mm.Y -= headerHeight
	if mm.Y < 0 || mm.Y >= m.bodyHeight() {
		return nil
	}
	var out tea.Msg
	switch msg.(type) {
	case tea.MouseClickMsg:
		out = tea.MouseClickMsg(mm)
	case tea.MouseReleaseMsg:
		out = tea.MouseReleaseMsg(mm)
	case tea.MouseWheelMsg:
		out = tea.MouseWheelMsg(mm)
	case tea.MouseMotionMsg:
		out = tea.MouseMotionMsg(mm)
	default:
		return nil
	}
	return m.updateTop(out)
}

func (m *Model) env() Env {
	return Env{Service: m.svc, Styles: m.st, ReadOnly: m.opts.ReadOnly, Refresh: m.opts.Refresh, TailBuffer: m.opts.TailBuffer, Decoder: m.opts.Decoder, Registry: registryOf(m.opts.Decoder), Nodes: m.opts.Nodes}
}

// screenFor builds the screen a route names, or says in the status line
// why there is none.
func (m *Model) screenFor(r kit.Route) (kit.Screen, tea.Cmd) {
	if m.opts.ReadOnly && writesRoute(r.Kind) {
		// Whatever asked (a key, the palette, a view), a read-only
		// context opens no screen that writes.
		return nil, m.status.set(routeName(r.Kind)+": disabled, this context is read-only", true, false)
	}
	s, ok := m.build(r, m.env())
	if !ok || s == nil {
		return nil, m.status.set(routeName(r.Kind)+" is not available yet in this version of kscope", true, false)
	}
	// A screen that refreshes itself follows the explorer's --refresh
	// (zero: off), whichever builder made it.
	if rs, ok := s.(kit.Refresher); ok {
		rs.SetRefresh(m.opts.Refresh)
	}
	return s, nil
}

// navigate opens the screen a route names on top of the stack.
func (m *Model) navigate(r kit.Route) tea.Cmd {
	s, cmd := m.screenFor(r)
	if s == nil {
		return cmd
	}
	return m.push(s)
}

// runCommand runs a palette command.
func (m *Model) runCommand(name, arg string) tea.Cmd {
	switch name {
	case "quit":
		return tea.Quit
	case "":
		return nil
	case "ctx":
		return m.reloadContexts(arg)
	}
	e, ok := routeByCommand(name)
	if !ok {
		return m.status.set("unknown command :"+name+" (try :topics, :brokers, :groups, :tail <topic>)", true, false)
	}
	if e.arg == "topic" && arg == "" {
		// On a topic's screen, the topic in view.
		if v, ok := m.top().(kit.TopicViewer); ok {
			arg = v.TopicInView()
		}
	}
	if e.arg != "" && arg == "" {
		return m.status.set("usage: :"+name+" <"+e.arg+">", true, false)
	}
	r := e.target(arg)
	if r.Kind == kit.RouteTopics {
		return m.toRootTopics()
	}
	s, cmd := m.screenFor(r)
	if s == nil {
		return cmd
	}
	// A top-level command starts from the topic browser, so esc goes back
	// there rather than through everything opened before.
	return tea.Batch(m.toRootTopics(), m.push(s))
}
