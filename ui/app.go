// Package ui is kscope's root Bubble Tea model: the shell around the
// screens (header, status line, help, command palette), the navigation
// stack and the routing of messages to screens. It is the only package
// that returns a tea.View.
package ui

import (
	"context"
	"fmt"
	"kscope/views/cluster"
	"kscope/views/kit"
	"kscope/views/tail"
	"log/slog"
	"os"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"kscope/kafkaops"
	"kscope/theme"
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

	// Contexts are the contexts :ctx lists and switches between; Cluster
	// names the one in use.
	Contexts []ContextInfo
	// ContextsFile is the contexts file's path, for messages.
	ContextsFile string
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
}

// LocalCluster is a bundled broker started from the welcome screen.
type LocalCluster struct {
	// Addr is the broker's bootstrap address.
	Addr string
	// Service talks to it.
	Service kafkaops.Service
}

// Env is what a Builder needs to construct a screen.
type Env struct {
	Service    kafkaops.Service
	Styles     *theme.Styles
	ReadOnly   bool
	Refresh    time.Duration
	TailBuffer int
}

// Builder constructs the screen a route names; false means the screen does
// not exist (yet), and the root says so in the status line.
type Builder func(r kit.Route, env Env) (kit.Screen, bool)

// checkedMsg is a connection check's answer; id drops stale ones.
type checkedMsg struct {
	id  int
	res cluster.ConnCheckedMsg
}

// heartbeatMsg starts a periodic connection check; id drops ticks of an
// older loop.
type heartbeatMsg struct{ id int }

// localStartedMsg says whether the bundled broker started.
type localStartedMsg struct {
	local LocalCluster
	err   error
}

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
	cmds := []tea.Cmd{tea.RequestBackgroundColor, m.check()}
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
	_, cmd := m.update(msg)
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
		return m, m.status.set(msg.Text, msg.Error, false)
	case statusClearMsg:
		m.status.clear(msg.id)
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
	case cluster.StartLocalMsg:
		return m, m.startLocal()
	case localStartedMsg:
		return m, m.localStarted(msg)
	case cluster.SwitchContextMsg:
		return m, m.switchContext(msg.Name)
	case switchedMsg:
		return m, m.switched(msg)
	}
	return m, m.broadcast(msg)
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

// updateTop sends msg to the active screen only.
func (m *Model) updateTop(msg tea.Msg) tea.Cmd {
	if len(m.stack) == 0 {
		return nil
	}
	i := len(m.stack) - 1
	var cmd tea.Cmd
	m.stack[i], cmd = m.stack[i].Update(msg)
	return cmd
}

// broadcast sends msg to every screen on the stack, so a screen in the
// background still receives the results it asked for. While paused, only
// the top screen gets it now; the others get it when the pause ends.
func (m *Model) broadcast(msg tea.Msg) tea.Cmd {
	if m.paused() {
		m.hold(msg)
		return m.updateTop(msg)
	}
	var cmds []tea.Cmd
	for i := range m.stack {
		var cmd tea.Cmd
		m.stack[i], cmd = m.stack[i].Update(msg)
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

// deliver hands an addressed message to the screen that asked for it, and
// to no other; it is dropped when that screen has left the stack. While
// paused, a screen under the top gets it when the pause ends.
func (m *Model) deliver(msg kit.AddressedMsg) tea.Cmd {
	for i, s := range m.stack {
		a, ok := s.(kit.Addressable)
		if !ok || a.Address() != msg.To {
			continue
		}
		if m.paused() && i != len(m.stack)-1 {
			m.hold(msg)
			return nil
		}
		var cmd tea.Cmd
		m.stack[i], cmd = s.Update(msg.Msg)
		return cmd
	}
	return nil
}

// hold keeps a message for the paused screens, up to maxHeld.
func (m *Model) hold(msg tea.Msg) {
	if len(m.held) < maxHeld {
		m.held = append(m.held, msg)
		return
	}
	m.logger().Warn("message dropped while paused", "type", fmt.Sprintf("%T", msg))
}

// maxHeld bounds the messages kept for paused screens. Each refresh timer
// or load is one message that the screen re-arms only once it got it, so
// a few per screen is all there is; the cap guards against a screen that
// does otherwise.
const maxHeld = 1024

// paused reports whether the screens under the top one are paused: the
// top is the authentication failure screen. The cluster refused the
// credentials (revoked mid-session, say), so a screen below that went on
// refreshing would log in again and again in the background, each try
// counting against the account's failed logins. Their timers and results
// are held until the screen goes (see release).
func (m *Model) paused() bool {
	ce, ok := m.top().(*cluster.ConnError)
	return ok && ce.AuthFailed() && len(m.stack) > 1
}

// release delivers the held messages to the screens on the stack, in
// order: their timers fire late, once, and they refresh at once. The
// connection-error screen already had them.
func (m *Model) release() tea.Cmd {
	held := m.held
	m.held = nil
	var cmds []tea.Cmd
	for _, msg := range held {
		if a, ok := msg.(kit.AddressedMsg); ok {
			cmds = append(cmds, m.deliver(a))
			continue
		}
		for i := range m.stack {
			if isConnError(m.stack[i]) {
				continue
			}
			var cmd tea.Cmd
			m.stack[i], cmd = m.stack[i].Update(msg)
			cmds = append(cmds, cmd)
		}
	}
	return tea.Batch(cmds...)
}

func (m *Model) top() kit.Screen {
	if len(m.stack) == 0 {
		return nil
	}
	return m.stack[len(m.stack)-1]
}

// push opens s on top of the stack.
func (m *Model) push(s kit.Screen) tea.Cmd {
	if s == nil {
		return nil
	}
	m.showHelp = false
	s.SetSize(m.width, m.bodyHeight())
	m.stack = append(m.stack, s)
	return s.Init()
}

// pop closes the active screen; the root screen stays.
func (m *Model) pop() tea.Cmd {
	if len(m.stack) <= 1 {
		return nil
	}
	m.closeScreen(m.stack[len(m.stack)-1])
	m.stack = m.stack[:len(m.stack)-1]
	m.showHelp = false
	return nil
}

// closeScreen lets a screen that holds resources (a tail's stream) release
// them when it leaves the stack.
func (m *Model) closeScreen(s kit.Screen) {
	if c, ok := s.(interface{ Close() }); ok {
		c.Close()
	}
}

// resetTo replaces the whole stack with the screens given.
func (m *Model) resetTo(screens ...kit.Screen) tea.Cmd {
	for _, s := range m.stack {
		m.closeScreen(s)
	}
	m.stack = nil
	m.held = nil // for screens that are gone
	m.rootTopics = false
	var cmds []tea.Cmd
	for _, s := range screens {
		cmds = append(cmds, m.push(s))
	}
	return tea.Batch(cmds...)
}

func (m *Model) env() Env {
	return Env{Service: m.svc, Styles: m.st, ReadOnly: m.opts.ReadOnly, Refresh: m.opts.Refresh, TailBuffer: m.opts.TailBuffer}
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
		if arg == "" {
			return m.showContexts()
		}
		return m.switchContext(arg)
	}
	e, ok := routeByCommand(name)
	if !ok {
		return m.status.set("unknown command :"+name+" (try :topics, :brokers, :groups, :tail <topic>)", true, false)
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

// toRootTopics pops back to the topic browser at the bottom of the stack,
// building it if the bottom screen is something else.
func (m *Model) toRootTopics() tea.Cmd {
	if m.rootTopics && len(m.stack) > 0 {
		for len(m.stack) > 1 {
			m.pop()
		}
		return nil
	}
	return m.resetToTopics()
}

// resetToTopics replaces the stack with a new topic browser.
func (m *Model) resetToTopics() tea.Cmd {
	s, cmd := m.screenFor(kit.Route{Kind: kit.RouteTopics})
	if s == nil {
		return cmd
	}
	cmd = m.resetTo(s)
	m.rootTopics = true
	return cmd
}

// handlesEsc reports whether the screen has something of its own to clear
// with esc (see views.EscHandler).
func handlesEsc(s kit.Screen) bool {
	h, ok := s.(kit.EscHandler)
	return ok && h.HandlesEsc()
}

func isConnError(s kit.Screen) bool {
	_, ok := s.(*cluster.ConnError)
	return ok
}

// check asks the cluster for its layout, with a timeout.
func (m *Model) check() tea.Cmd {
	m.checkID++
	m.checking = true
	id, svc, addr, timeout := m.checkID, m.svc, m.addr, m.opts.CheckTimeout
	m.logger().Debug("connection check", "addr", addr)
	return func() tea.Msg {
		res := cluster.ConnCheckedMsg{Addr: addr}
		res.Info, res.Err = clusterInfo(svc, addr, timeout)
		return checkedMsg{id: id, res: res}
	}
}

// clusterInfo calls svc.ClusterInfo and gives up after timeout even if the
// service does not honour its context, so a dead or black-holed broker can
// never hang the explorer.
func clusterInfo(svc kafkaops.Service, addr string, timeout time.Duration) (kafkaops.ClusterInfo, error) {
	if svc == nil {
		return kafkaops.ClusterInfo{}, errNoService
	}
	type answer struct {
		info kafkaops.ClusterInfo
		err  error
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	ch := make(chan answer, 1)
	go func() {
		info, err := svc.ClusterInfo(ctx)
		ch <- answer{info, err}
	}()
	select {
	case a := <-ch:
		return a.info, a.err
	case <-ctx.Done():
		return kafkaops.ClusterInfo{}, fmt.Errorf("no answer from %s within %s", addr, timeout)
	}
}

// retry is the connection-error screen's way to check again.
func (m *Model) retry() tea.Cmd {
	m.conn = connConnecting
	return m.check()
}

// connChecked acts on a check's answer: on success the screens come back
// (or the topic browser opens); on failure the connection-error screen
// takes the front.
func (m *Model) connChecked(res cluster.ConnCheckedMsg) tea.Cmd {
	if res.Err != nil {
		m.logger().Warn("connection check failed", "addr", res.Addr, "auth", kafkaops.IsAuthFailed(res.Err), "err", kafkaops.Describe(res.Err))
		m.conn = connUnreachable
		if kafkaops.IsAuthFailed(res.Err) {
			m.conn = connAuthFailed
		}
		if top := m.top(); top != nil && isConnError(top) {
			return nil // it schedules its own retry
		}
		ce := cluster.NewConnError(m.st, cluster.ConnErrorOptions{
			Addr:       m.addr,
			Err:        res.Err,
			Retry:      m.retry,
			OfferLocal: m.opts.OfferLocal && len(m.stack) == 0,
			Context:    m.opts.Cluster,
		})
		return m.push(ce)
	}
	if m.conn != connConnected {
		m.logger().Info("connected", "addr", res.Addr, "brokers", len(res.Info.Brokers), "cluster-id", res.Info.ClusterID)
	}
	m.conn = connConnected
	m.info = res.Info
	var cmds []tea.Cmd
	for len(m.stack) > 0 && isConnError(m.top()) {
		m.closeScreen(m.top())
		m.stack = m.stack[:len(m.stack)-1]
	}
	if len(m.stack) == 0 {
		cmds = append(cmds, m.resetToTopics())
		if c := m.opts.Initial; c != "" {
			// Once only: a later reconnection keeps the user's stack.
			m.opts.Initial = ""
			name, arg, _ := strings.Cut(c, " ")
			cmds = append(cmds, m.runCommand(name, strings.TrimSpace(arg)))
		}
	}
	cmds = append(cmds, m.scheduleHeartbeat())
	return tea.Batch(cmds...)
}

// scheduleHeartbeat arms the next periodic connection check.
func (m *Model) scheduleHeartbeat() tea.Cmd {
	if m.opts.Refresh <= 0 {
		return nil
	}
	m.heartbeatID++
	id := m.heartbeatID
	return tea.Tick(m.opts.Refresh, func(time.Time) tea.Msg { return heartbeatMsg{id: id} })
}

// heartbeat checks the connection unless a check is already running or
// the connection-error screen is retrying on its own.
func (m *Model) heartbeat(id int) tea.Cmd {
	if id != m.heartbeatID || m.checking {
		return nil
	}
	if top := m.top(); top != nil && isConnError(top) {
		return nil
	}
	return m.check()
}

// startLocal starts the bundled broker in a command.
func (m *Model) startLocal() tea.Cmd {
	if m.opts.StartLocal == nil {
		return m.status.set("this kscope cannot start the bundled broker; run kscope --local", true, false)
	}
	if m.starting {
		return nil
	}
	m.starting = true
	start := m.opts.StartLocal
	return tea.Batch(m.status.set("starting the bundled broker…", false, true),
		func() tea.Msg {
			l, err := start()
			return localStartedMsg{local: l, err: err}
		})
}

// localStarted switches the explorer to the bundled broker once it runs.
func (m *Model) localStarted(msg localStartedMsg) tea.Cmd {
	m.starting = false
	if msg.err != nil {
		return m.status.set("could not start the bundled broker: "+kafkaops.Describe(msg.err), true, false)
	}
	if m.svc != nil && m.svc != msg.local.Service {
		_ = m.svc.Close()
	}
	m.svc, m.addr = msg.local.Service, msg.local.Addr
	m.conn = connConnecting
	return tea.Batch(m.status.set("bundled broker started at "+msg.local.Addr, false, false), m.check())
}

// resize lays the screens out for a new terminal size.
func (m *Model) resize(w, h int) {
	m.width, m.height = w, h
	m.help.SetWidth(w)
	for _, s := range m.stack {
		s.SetSize(w, m.bodyHeight())
	}
}

// bodyHeight is what is left for the screen under the header and above
// the status and key-hint lines.
func (m *Model) bodyHeight() int {
	return max(m.height-headerHeight-2, 1)
}

// setTheme rebuilds the styles for the terminal's background.
func (m *Model) setTheme(isDark bool) {
	m.isDark = isDark
	*m.st = *theme.New(isDark, m.opts.NoColor)
	m.help.Styles = helpStyles(m.st)
}

// View renders the whole terminal and asks for the alternate screen, mouse
// reporting and a window title.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	if top := m.top(); top != nil {
		m.trace.frame(top, top.Title())
	}
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "kscope · " + m.clusterName()
	return v
}

// render draws header, body, status line and key hints, with the palette
// or the help on top of the body.
func (m *Model) render() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	bh := m.bodyHeight()
	var body string
	if top := m.top(); top != nil {
		body = top.View()
	} else {
		text := "Connecting to " + m.clusterName() + "…"
		if m.conn == connConnected {
			text = "Connected to " + m.clusterName() + ". Press : for commands."
		}
		body = lipgloss.Place(m.width, bh, lipgloss.Center, lipgloss.Center, m.st.Subtle.Render(text))
	}
	body = fitBlock(body, m.width, bh)
	frame := strings.Join([]string{
		truncateWidth(m.headerView(), m.width),
		body,
		m.status.view(m.st, m.width),
		truncateWidth(m.shortHelpView(), m.width),
	}, "\n")

	var overlay string
	var x, y int
	switch {
	case m.palette.open:
		overlay = m.palette.view(m.st, m.width)
		x, y = max((m.width-lipgloss.Width(overlay))/2, 0), headerHeight+1
	case m.showHelp:
		overlay = clipBlock(m.fullHelpView(), m.width, bh)
		y = headerHeight + max(bh-lipgloss.Height(overlay), 0)
	default:
		return frame
	}
	return lipgloss.NewCompositor(
		lipgloss.NewLayer(frame),
		lipgloss.NewLayer(overlay).X(x).Y(y).Z(1),
	).Render()
}

// fitBlock cuts or pads s to exactly h lines of at most w cells, so a
// screen that draws too much cannot push the status line off the terminal.
func fitBlock(s string, w, h int) string {
	lines := clipLines(s, w, h)
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// clipBlock cuts s to at most h lines of at most w cells.
func clipBlock(s string, w, h int) string { return strings.Join(clipLines(s, w, h), "\n") }

func clipLines(s string, w, h int) []string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		lines[i] = truncateWidth(l, w)
	}
	return lines
}
