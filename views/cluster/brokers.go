package cluster

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// clusterLoadedMsg is the answer to ClusterInfo.
type clusterLoadedMsg struct {
	reqID uint64
	info  kafkaops.ClusterInfo
	err   error
}

// Brokers lists the cluster's brokers with its id and controller; enter
// opens a broker's configs.
type Brokers struct {
	kit.Asker
	svc  kafkaops.Service
	st   *theme.Styles
	keys brokersKeys

	width, height int

	reqID   uint64
	loaded  bool
	err     error
	info    kafkaops.ClusterInfo // brokers sorted by id
	scroll  kit.Scroller
	loading bool

	// nodes stops and starts nodes of the bundled cluster (nil: not
	// offered); stopped are the nodes stopped at the last load, asking
	// the node whose stop or start waits for y, acting the one whose stop
	// or start is in flight (answered by request nodeID).
	nodes   kafkaops.LocalNodes
	stopped map[int32]bool
	asking  *kafkaops.LocalNode
	acting  *kafkaops.LocalNode
	nodeID  uint64
}

var _ kit.Screen = (*Brokers)(nil)

// NewBrokers returns the brokers view. It loads the cluster's layout in
// Init.
func NewBrokers(svc kafkaops.Service, st *theme.Styles) kit.Screen {
	return NewBrokersWithNodes(svc, st, nil)
}

// NewBrokersWithNodes returns the brokers view of the bundled cluster the
// explorer runs: it also lists stopped nodes, and s stops or starts the
// selected one. A nil nodes is NewBrokers.
func NewBrokersWithNodes(svc kafkaops.Service, st *theme.Styles, nodes kafkaops.LocalNodes) kit.Screen {
	b := &Brokers{
		svc:   svc,
		st:    st,
		keys:  newBrokersKeys(),
		nodes: nodes,
	}
	b.SetSize(80, 24)
	return b
}

// Init loads the cluster's id, controller and brokers.
func (b *Brokers) Init() tea.Cmd { return b.load() }

func (b *Brokers) load() tea.Cmd {
	b.loading = true
	var cmd tea.Cmd
	b.reqID, cmd = kit.Ask(&b.Asker, b.svc.ClusterInfo, func(id uint64, info kafkaops.ClusterInfo, err error) tea.Msg {
		return clusterLoadedMsg{reqID: id, info: info, err: err}
	})
	return cmd
}

// brokersRowsTop is the body line of the first broker row: the cluster
// line, a blank line and the column headings come first.
const brokersRowsTop = 3

// Update handles keys, mouse events and the answer to its request.
//
// Mouse messages must carry Y relative to the first line of the body:
// line 0 is the cluster line, line 2 the column headings and line 3 the
// first broker.
func (b *Brokers) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case clusterLoadedMsg:
		if msg.reqID != b.reqID {
			return b, nil
		}
		b.loading = false
		if msg.err != nil {
			b.err = msg.err
			return b, kit.Status("cluster info: "+kafkaops.Describe(msg.err), true)
		}
		keep, hadSel := b.selected()
		b.loaded, b.err, b.info = true, nil, msg.info
		b.info.Brokers = slices.Clone(msg.info.Brokers)
		b.addStopped()
		slices.SortFunc(b.info.Brokers, func(x, y kafkaops.Broker) int { return cmp.Compare(x.ID, y.ID) })
		b.scroll.SetN(len(b.info.Brokers))
		if hadSel {
			for i, br := range b.info.Brokers {
				if br.ID == keep.ID {
					b.scroll.MoveTo(i)
				}
			}
		}
		return b, nil
	case nodeDoneMsg:
		return b, b.nodeDone(msg)
	case tea.KeyPressMsg:
		if b.asking != nil {
			return b, b.answerNode(msg)
		}
		if kit.KeyScroll(&b.scroll, b.keys.list, msg) {
			return b, nil
		}
		switch {
		case b.nodes != nil && kit.Matches(msg, b.keys.Node):
			return b, b.askNode()
		case kit.Matches(msg, b.keys.Open):
			return b, b.open()
		case kit.Matches(msg, b.keys.Refresh):
			return b, b.load()
		case kit.Matches(msg, b.keys.Back):
			return b, kit.Pop()
		}
	case tea.MouseWheelMsg:
		b.scroll.Scroll(kit.WheelDelta(tea.Mouse(msg)))
	case tea.MouseClickMsg:
		row := msg.Y - brokersRowsTop
		start, end := b.scroll.Window()
		if msg.Button != tea.MouseLeft || row < 0 || start+row >= end {
			return b, nil
		}
		if start+row == b.scroll.Cursor {
			return b, b.open()
		}
		b.scroll.MoveTo(start + row)
	}
	return b, nil
}

func (b *Brokers) selected() (kafkaops.Broker, bool) {
	if len(b.info.Brokers) == 0 {
		return kafkaops.Broker{}, false
	}
	return b.info.Brokers[b.scroll.Cursor], true
}

func (b *Brokers) open() tea.Cmd {
	br, ok := b.selected()
	if !ok {
		return nil
	}
	return kit.Navigate(kit.Route{Kind: kit.RouteBrokerConfigs, BrokerID: br.ID})
}

// Title names the screen with the broker count.
func (b *Brokers) Title() string {
	if !b.loaded {
		return "Brokers"
	}
	return fmt.Sprintf("Brokers (%d)", len(b.info.Brokers))
}

// SetSize sets the body size.
func (b *Brokers) SetSize(width, height int) {
	b.width, b.height = width, height
	b.scroll.SetHeight(height - brokersRowsTop)
}

// Capturing is always false: the view has no text input.
func (b *Brokers) Capturing() bool { return false }

// ShortHelp lists the keys for the bottom line.
func (b *Brokers) ShortHelp() []key.Binding {
	if b.asking != nil {
		return []key.Binding{b.keys.Confirm, b.keys.Cancel}
	}
	if b.nodes != nil && b.acting == nil {
		// The node key takes the room of r (in the full help; a stop or
		// start reloads the list), so the line is not cut at 80 columns.
		return []key.Binding{b.keys.Open, b.nodeKey(), b.keys.Back}
	}
	return []key.Binding{b.keys.Open, b.keys.Refresh, b.keys.Back}
}

// FullHelp lists every key.
func (b *Brokers) FullHelp() [][]key.Binding {
	if b.asking != nil {
		return [][]key.Binding{b.keys.list.Bindings(), b.ShortHelp()}
	}
	keys := []key.Binding{b.keys.Open}
	if b.nodes != nil && b.acting == nil {
		keys = append(keys, b.nodeKey())
	}
	return [][]key.Binding{b.keys.list.Bindings(), append(keys, b.keys.Refresh, b.keys.Back)}
}

var brokerColumns = []kit.Column{
	{Title: "ID", Width: 6, Right: true},
	{Title: "HOST:PORT", Width: 20, Flex: true},
	{Title: "RACK", Width: 12, Flex: true},
	{Title: "ROLE", Width: 12},
}

// View renders the cluster line and the brokers table.
func (b *Brokers) View() string {
	st := b.st
	w := max(b.width, 20)
	var lines []string
	switch {
	case b.loaded:
		ctrl := "none"
		if b.info.ControllerID >= 0 {
			ctrl = "broker " + strconv.Itoa(int(b.info.ControllerID))
		}
		if b.stopped[b.info.ControllerID] {
			// kfake keeps naming a stopped node its controller.
			ctrl += " (stopped)"
		}
		id := kit.Sanitize(b.info.ClusterID)
		if id == "" {
			id = st.Subtle.Render("(none)")
		}
		line := st.Title.Render("Cluster") + " " + id + st.Subtle.Render(" · ") +
			"controller " + st.Accent.Render(ctrl) + st.Subtle.Render(" · ") +
			kit.PluralCount(int64(len(b.info.Brokers)), "broker")
		if b.err != nil {
			line += st.Subtle.Render(" · ") + st.Warning.Render("refresh failed")
		}
		if v := b.info.KafkaVersion; v != "" {
			// kversion's guess from the API versions the cluster serves:
			// last, and only when it fits whole.
			if more := line + st.Subtle.Render(" · ") + "Kafka " + kit.Sanitize(v); lipgloss.Width(more) <= w {
				line = more
			}
		}
		lines = append(lines, kit.Truncate(line, w))
	default:
		lines = append(lines, st.Title.Render("Cluster"))
	}
	lines = append(lines, b.questionLine(w))
	ws := kit.Layout(brokerColumns, w)
	lines = append(lines, kit.HeaderLine(st.TableHead, brokerColumns, ws, -1, ""))
	switch {
	case !b.loaded && b.err != nil:
		lines = append(lines, kit.Wrapped(st.Error, "Could not describe the cluster: "+kafkaops.Describe(b.err), w)...)
		lines = append(lines, st.Subtle.Render("  Press r to try again."))
	case !b.loaded:
		lines = append(lines, st.Subtle.Render("  Loading brokers…"))
	case len(b.info.Brokers) == 0:
		lines = append(lines, st.Subtle.Render("  The cluster listed no brokers."))
	default:
		lines = append(lines, kit.WindowRows(st, &b.scroll, brokerColumns, ws, true, b.brokerCells)...)
	}
	return kit.PadLines(strings.Join(lines, "\n"), w, b.height)
}

// brokerCells fills the cells of broker i's row.
func (b *Brokers) brokerCells(i int, _ bool, cells []string) {
	br := b.info.Brokers[i]
	cells[0] = strconv.Itoa(int(br.ID))
	cells[1] = kit.Sanitize(br.Addr())
	cells[2] = kit.Sanitize(br.Rack)
	if br.Rack == "" {
		cells[2] = "-"
	}
	cells[3] = ""
	switch {
	case b.stopped[br.ID]:
		cells[3] = "✗ stopped"
	case br.ID == b.info.ControllerID:
		cells[3] = "★ controller"
	}
}

// BrokerConfigs shows one broker's configs in the config pane: overrides
// first, sensitive values masked, `/` filters by name.
type BrokerConfigs struct {
	kit.Asker
	svc     kafkaops.Service
	st      *theme.Styles
	id      int32
	keys    brokersKeys
	width   int
	height  int
	reqID   uint64
	configs *kit.ConfigPane
	// addr is the broker's host:port, from the cluster's metadata ("" until
	// it arrives); infoID is that request's id.
	addr   string
	infoID uint64
	// check names configs just set on this broker alone: the next load
	// says when the cluster applied them to every broker instead.
	check []string
}

var _ kit.Screen = (*BrokerConfigs)(nil)

// NewBrokerConfigs returns the screen of broker id's configs. It loads
// them in Init.
func NewBrokerConfigs(svc kafkaops.Service, st *theme.Styles, id int32) kit.Screen {
	c := &BrokerConfigs{svc: svc, st: st, id: id, keys: newBrokersKeys(), configs: kit.NewConfigPane(st)}
	c.configs.EnableCursor()
	c.SetSize(80, 24)
	return c
}

// Init loads the broker's configs and its address.
func (c *BrokerConfigs) Init() tea.Cmd {
	var info tea.Cmd
	c.infoID, info = kit.Ask(&c.Asker, c.svc.ClusterInfo, func(id uint64, info kafkaops.ClusterInfo, err error) tea.Msg {
		return clusterLoadedMsg{reqID: id, info: info, err: err}
	})
	return tea.Batch(c.load(), info)
}

func (c *BrokerConfigs) load() tea.Cmd {
	svc, broker := c.svc, c.id
	var cmd tea.Cmd
	c.reqID, cmd = kit.Ask(&c.Asker, func(ctx context.Context) ([]kafkaops.ConfigEntry, error) { return svc.BrokerConfigs(ctx, broker) }, kit.ConfigsLoaded)
	return cmd
}

// Update handles keys, the mouse wheel and the answer to its request.
func (c *BrokerConfigs) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case kit.ConfigsLoadedMsg:
		if msg.ReqID != c.reqID {
			return c, nil
		}
		if msg.Err != nil {
			c.configs.SetErr(msg.Err)
			return c, kit.Status(fmt.Sprintf("configs of broker %d: %s", c.id, kafkaops.Describe(msg.Err)), true)
		}
		c.configs.SetEntries(msg.Configs)
		check := c.check
		c.check = nil
		return c, clusterWideNote(c.id, check, msg.Configs)
	case brokerConfigsChangedMsg:
		if msg.id == c.id {
			c.check = msg.set
			return c, c.load()
		}
	case clusterLoadedMsg:
		// Without the address the title says the id alone: no need to
		// report the error, the configs' own load does.
		if i := slices.IndexFunc(msg.info.Brokers, func(b kafkaops.Broker) bool { return b.ID == c.id }); msg.reqID == c.infoID && i >= 0 {
			c.addr = kit.Sanitize(msg.info.Brokers[i].Addr())
		}
	case tea.PasteMsg:
		return c, c.configs.Update(msg)
	case tea.KeyPressMsg:
		if c.configs.Capturing() {
			return c, c.configs.Update(msg)
		}
		switch {
		case kit.Matches(msg, c.keys.Back):
			if c.configs.HasFilter() {
				c.configs.SetFilter("")
				return c, nil
			}
			return c, kit.Pop()
		case kit.Matches(msg, c.keys.Refresh):
			return c, c.load()
		case kit.Matches(msg, c.keys.Edit):
			return c, c.edit(false)
		case kit.Matches(msg, c.keys.Unset):
			return c, c.edit(true)
		}
		return c, c.configs.Update(msg)
	case tea.MouseWheelMsg:
		c.configs.Scroll(kit.WheelDelta(tea.Mouse(msg)))
	}
	return c, nil
}

// Title names the screen after the broker.
func (c *BrokerConfigs) Title() string { return fmt.Sprintf("Broker %d configs", c.id) }

// SetSize sets the body size; the pane's frame takes two rows and columns.
func (c *BrokerConfigs) SetSize(width, height int) {
	c.width, c.height = width, height
	c.configs.SetSize(max(width, 20)-2, max(height-1, 5)-2)
}

// HandlesEsc reports whether esc would clear a kept config filter rather
// than go back.
func (c *BrokerConfigs) HandlesEsc() bool { return c.configs.HasFilter() }

// Capturing reports whether the config filter has focus.
func (c *BrokerConfigs) Capturing() bool { return c.configs.Capturing() }

// ShortHelp lists the keys for the bottom line.
func (c *BrokerConfigs) ShortHelp() []key.Binding {
	if c.configs.Capturing() {
		return c.configs.Help()
	}
	back := c.keys.Back
	if c.configs.HasFilter() {
		back = c.configs.Keys.Clear
	}
	return append([]key.Binding{c.keys.Edit, c.keys.Unset}, append(c.configs.Help(), c.keys.Refresh, back)...)
}

// FullHelp lists every key.
func (c *BrokerConfigs) FullHelp() [][]key.Binding {
	return [][]key.Binding{c.keys.list.Bindings(), {c.configs.Keys.Filter, c.keys.Edit, c.keys.Unset, c.keys.Refresh, c.keys.Back}}
}

// View renders a title line and the config pane.
func (c *BrokerConfigs) View() string {
	w := max(c.width, 20)
	title := c.st.Title.Render(fmt.Sprintf("Broker %d", c.id))
	if c.addr != "" {
		title += c.st.Subtle.Render(" · ") + c.addr
	}
	return kit.PadLines(title+"\n"+kit.Frame(c.st, c.configs.View(true), true), w, c.height)
}
