package topics

import (
	"context"
	"errors"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// detailLoadedMsg is the answer to DescribeTopic.
type detailLoadedMsg struct {
	reqID  uint64
	detail kafkaops.TopicDetail
	err    error
}

// detailTickMsg is the topic detail's auto-refresh timer firing.
type detailTickMsg struct{ id uint64 }

// topicGroupsLoadedMsg is the answer to TopicGroups.
type topicGroupsLoadedMsg struct {
	reqID  uint64
	groups []kafkaops.TopicGroupLag
	err    error
}

// detailPane names a pane of the topic detail.
type detailPane int

const (
	paneConfigs detailPane = iota
	panePartitions
	paneGroups
)

// groupsState is the groups pane's data: the consumer groups with
// committed offsets on the topic, and their lag on it.
type groupsState struct {
	id     uint64
	loaded bool
	err    error
	list   []kafkaops.TopicGroupLag
	scroll kit.Scroller
}

// TopicDetail shows one topic: a summary line, its configs and its
// partitions in two panes, side by side on a wide terminal and stacked on
// a narrow one. tab moves the focus between the panes; each scrolls.
type TopicDetail struct {
	svc   kafkaops.Service
	st    *theme.Styles
	topic string
	keys  detailKeys

	width, height int

	desc    describeState // the partitions and the summary
	cfgID   uint64
	configs *kit.ConfigPane
	parts   kit.Scroller
	focus   detailPane
	grp     groupsState // the groups with committed offsets on the topic
	sizes   sizesState  // the partitions' sizes on disk
	// readOnly leaves the keys that change the cluster out of the help
	// (the root refuses them, with the reason, if pressed).
	readOnly bool

	// The auto-refresh timer; the loads keep their own request ids.
	kit.Poller
}

var _ kit.Screen = (*TopicDetail)(nil)

// NewTopicDetail returns the detail screen of the topic named topic. It
// loads the partitions and the configs in Init.
func NewTopicDetail(svc kafkaops.Service, st *theme.Styles, topic string) kit.Screen {
	return NewTopicDetailFor(svc, st, topic, DetailOptions{})
}

// DetailOptions are what the topic detail needs to know of its context.
type DetailOptions struct {
	// ReadOnly: the context may not change the cluster, so the help
	// lists no key that would.
	ReadOnly bool
}

// NewTopicDetailFor returns the detail screen of the topic named topic
// in a context described by opts.
func NewTopicDetailFor(svc kafkaops.Service, st *theme.Styles, topic string, opts DetailOptions) kit.Screen {
	d := &TopicDetail{svc: svc, st: st, topic: topic, keys: newDetailKeys(), configs: kit.NewConfigPane(st), Poller: kit.Poller{Every: kit.DefaultRefresh}, readOnly: opts.ReadOnly}
	d.configs.EnableCursor()
	d.SetSize(80, 24)
	return d
}

// Init loads the topic's partitions and configs, in two requests, and
// starts the auto-refresh timer.
func (d *TopicDetail) Init() tea.Cmd {
	return tea.Batch(d.reload(), d.tick())
}

// reload loads the partitions, the configs and the groups again.
func (d *TopicDetail) reload() tea.Cmd {
	return tea.Batch(d.loadDetail(), d.loadConfigs(), d.loadGroups(), d.loadSizes())
}

// loadGroups asks which consumer groups have committed offsets on the
// topic, and their lag on it.
func (d *TopicDetail) loadGroups() tea.Cmd {
	svc, name := d.svc, d.topic
	var cmd tea.Cmd
	d.grp.id, cmd = kit.Ask(&d.Asker, func(ctx context.Context) ([]kafkaops.TopicGroupLag, error) { return svc.TopicGroups(ctx, name) },
		func(id uint64, gs []kafkaops.TopicGroupLag, err error) tea.Msg {
			return topicGroupsLoadedMsg{reqID: id, groups: gs, err: err}
		})
	return cmd
}

// tick arms the auto-refresh timer.
func (d *TopicDetail) tick() tea.Cmd {
	return d.Poller.Tick(func(id uint64) tea.Msg { return detailTickMsg{id: id} })
}

func (d *TopicDetail) loadDetail() tea.Cmd {
	svc, name := d.svc, d.topic
	var cmd tea.Cmd
	d.desc.id, cmd = kit.Ask(&d.Asker, func(ctx context.Context) (kafkaops.TopicDetail, error) { return svc.DescribeTopic(ctx, name) },
		func(id uint64, td kafkaops.TopicDetail, err error) tea.Msg {
			return detailLoadedMsg{reqID: id, detail: td, err: err}
		})
	return cmd
}

func (d *TopicDetail) loadConfigs() tea.Cmd {
	svc, name := d.svc, d.topic
	var cmd tea.Cmd
	d.cfgID, cmd = kit.Ask(&d.Asker, func(ctx context.Context) ([]kafkaops.ConfigEntry, error) { return svc.TopicConfigs(ctx, name) }, kit.ConfigsLoaded)
	return cmd
}

// Update handles keys, mouse events and the answers to its requests.
//
// Mouse messages must carry Y relative to the first line of the body (the
// summary is line 0, and line 1 when it wraps); X and Y pick the pane.
func (d *TopicDetail) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	cmd := d.update(msg)
	// The panes' sizes follow what was loaded: the partition count, the
	// groups and the summary's line count (its configs, or an error).
	d.relayout()
	return d, cmd
}

func (d *TopicDetail) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case detailTickMsg:
		// The cursor, the scroll offsets, the focus and the config filter
		// all stay: only the data is replaced.
		return d.Fired(msg.id, d.tick, d.reload)
	case topicGroupsLoadedMsg:
		if msg.reqID != d.grp.id {
			return nil
		}
		d.grp.loaded = true
		d.grp.err = msg.err
		if msg.err == nil {
			d.grp.list = msg.groups
		}
		d.grp.scroll.SetN(len(d.grp.list))
		if d.focus == paneGroups && len(d.grp.list) == 0 {
			d.focus = paneConfigs
		}
		return nil
	case detailLoadedMsg:
		if msg.reqID != d.desc.id {
			return nil
		}
		if msg.err != nil {
			// Say it once, not at every refresh while it keeps failing.
			again := d.desc.err != nil
			d.desc.err = msg.err
			if again {
				return nil
			}
			return kit.Status(d.describeErr(msg.err), true)
		}
		d.desc.loaded, d.desc.err, d.desc.detail = true, nil, msg.detail
		d.parts.SetN(len(msg.detail.PartitionList))
		return nil
	case kit.ConfigsLoadedMsg:
		if msg.ReqID != d.cfgID {
			return nil
		}
		if msg.Err != nil {
			again := d.configs.Err != nil
			d.configs.SetErr(msg.Err)
			if again {
				return nil
			}
			return kit.Status("configs of "+kit.Sanitize(d.topic)+": "+kafkaops.Describe(msg.Err), true)
		}
		d.configs.SetEntries(msg.Configs)
		return nil
	case sizesLoadedMsg:
		return d.sizesLoaded(msg)
	case kit.TopicsChangedMsg:
		// A config edit or a purge of this topic: show it now.
		if msg.Topic == d.topic {
			return d.reload()
		}
	case tea.PasteMsg:
		if d.configs.Capturing() {
			return d.configs.Update(msg)
		}
	case tea.KeyPressMsg:
		return d.key(msg)
	case tea.MouseWheelMsg:
		if p, ok := d.paneAt(msg.X, msg.Y); ok {
			if p == paneConfigs {
				d.configs.Scroll(kit.WheelDelta(tea.Mouse(msg)))
			} else {
				d.parts.Scroll(kit.WheelDelta(tea.Mouse(msg)))
			}
		}
	case tea.MouseClickMsg:
		if p, ok := d.paneAt(msg.X, msg.Y); ok && msg.Button == tea.MouseLeft {
			d.focus = p
			if p == paneConfigs {
				// 1: the border; then the pane's title and headings.
				d.configs.CursorToRow(msg.Y - d.layout().configs.y - 1 - kit.ConfigHeadLines)
			}
			if p == panePartitions {
				l := d.layout()
				row := msg.Y - l.parts.y - 1 - partsRowsTop // 1: the border
				if start, end := d.parts.Window(); row >= 0 && start+row < end {
					d.parts.MoveTo(start + row)
				}
			}
		}
	}
	return nil
}

func (d *TopicDetail) describeErr(err error) string {
	if kafkaops.IsNotFound(err) || errors.Is(err, kafkaops.ErrNotFound) {
		return "topic " + kit.Sanitize(d.topic) + " does not exist (deleted?): " + kafkaops.Describe(err)
	}
	return "describe " + kit.Sanitize(d.topic) + ": " + kafkaops.Describe(err)
}

func (d *TopicDetail) key(msg tea.KeyPressMsg) tea.Cmd {
	if d.configs.Capturing() {
		return d.configs.Update(msg)
	}
	switch {
	case kit.Matches(msg, d.keys.Switch):
		d.switchFocus(kit.Matches(msg, d.keys.SwitchBack))
		return nil
	case kit.Matches(msg, d.keys.Back):
		if d.configs.HasFilter() {
			d.configs.SetFilter("")
			return nil
		}
		return kit.Pop()
	case kit.Matches(msg, d.keys.Refresh):
		return d.reload()
	case kit.Matches(msg, d.keys.Tail):
		return kit.Navigate(kit.Route{Kind: kit.RouteTail, Topic: d.topic})
	case kit.Matches(msg, d.keys.Search):
		return kit.Navigate(kit.Route{Kind: kit.RouteSearch, Topic: d.topic})
	case kit.Matches(msg, d.keys.Produce):
		// The root refuses it on a read-only context, with the reason.
		return kit.Navigate(kit.Route{Kind: kit.RouteProduce, Topic: d.topic})
	case kit.Matches(msg, d.keys.Copy):
		return kit.CopyText(d.topic, "the topic name")
	case kit.Matches(msg, d.keys.Delete):
		// The root refuses the route on a read-only context, with the
		// reason; the confirmation refuses an internal topic too.
		if isInternalTopic(kafkaops.Topic{Name: d.topic, Internal: d.desc.detail.Topic.Internal}) {
			return kit.Status(internalRefusal(d.topic), true)
		}
		return kit.Navigate(kit.Route{Kind: kit.RouteDeleteTopic, Topic: d.topic})
	case kit.Matches(msg, d.configs.Keys.Filter):
		d.focus = paneConfigs
		return d.configs.Update(msg)
	case kit.Matches(msg, d.keys.Purge):
		// The root refuses the admin routes on a read-only context.
		return kit.Navigate(kit.Route{Kind: kit.RoutePurge, Topic: d.topic})
	case kit.Matches(msg, d.keys.Reassign):
		return kit.Navigate(kit.Route{Kind: kit.RouteReassign, Topic: d.topic})
	case kit.Matches(msg, d.keys.AddParts):
		return kit.Navigate(kit.Route{Kind: kit.RouteAddPartitions, Topic: d.topic})
	case kit.Matches(msg, d.keys.Clone):
		return kit.Navigate(kit.Route{Kind: kit.RouteCloneTopic, Topic: d.topic})
	case d.focus == paneConfigs && kit.Matches(msg, d.keys.ResetConfig):
		return d.resetSelected()
	case d.focus == paneConfigs && kit.Matches(msg, d.keys.AddConfig):
		return kit.Navigate(kit.Route{Kind: kit.RouteEditTopicConfig, Topic: d.topic})
	case d.focus == paneConfigs && kit.Matches(msg, d.keys.Edit):
		return d.editSelected()
	}
	switch d.focus {
	case paneConfigs:
		return d.configs.Update(msg)
	case paneGroups:
		if kit.Matches(msg, d.keys.Open) && len(d.grp.list) > 0 {
			return kit.Navigate(kit.Route{Kind: kit.RouteGroupDetail, Group: d.grp.list[d.grp.scroll.Cursor].Group})
		}
		kit.KeyScroll(&d.grp.scroll, d.keys.list, msg)
		return nil
	}
	kit.KeyScroll(&d.parts, d.keys.list, msg)
	return nil
}

// editSelected opens the edit screen on the config under the configs
// pane's cursor (which a filter naming a config exactly puts on it).
func (d *TopicDetail) editSelected() tea.Cmd {
	e, ok := d.configs.Selected()
	if !ok {
		return kit.Status("no config to edit here: a shows how to add an override", true)
	}
	if e.ReadOnly {
		return kit.Status(kit.Sanitize(e.Name)+" is read-only: Kafka does not let it be changed", true)
	}
	return kit.Navigate(kit.Route{Kind: kit.RouteEditTopicConfig, Topic: d.topic, Config: e.Name})
}

// resetSelected opens the reset screen on the config under the cursor,
// if the topic overrides it.
func (d *TopicDetail) resetSelected() tea.Cmd {
	e, ok := d.configs.Selected()
	switch {
	case !ok:
		return kit.Status("no config to reset here", true)
	case e.Default:
		return kit.Status(kit.Sanitize(e.Name)+" is not overridden on this topic: it already has its default", true)
	case e.ReadOnly:
		return kit.Status(kit.Sanitize(e.Name)+" is read-only: Kafka does not let it be changed", true)
	}
	return kit.Navigate(kit.Route{Kind: kit.RouteResetTopicConfig, Topic: d.topic, Config: e.Name})
}

// switchFocus moves the focus to the next pane (back with shift+tab):
// configs, partitions, then the groups when there are any and the body
// has room to show them.
func (d *TopicDetail) switchFocus(back bool) {
	order := []detailPane{paneConfigs, panePartitions}
	if d.groupsFocusable() {
		order = append(order, paneGroups)
	}
	i := 0
	for j, p := range order {
		if p == d.focus {
			i = j
		}
	}
	step := 1
	if back {
		step = len(order) - 1
	}
	d.focus = order[(i+step)%len(order)]
}

// TopicInView is the topic the screen shows, for the palette's :tail and
// :produce without an argument.
func (d *TopicDetail) TopicInView() string { return d.topic }

// Title names the screen after the topic.
func (d *TopicDetail) Title() string { return kit.Sanitize(d.topic) }

// SetSize sets the body size.
func (d *TopicDetail) SetSize(width, height int) {
	d.width, d.height = width, height
	d.relayout()
}

// relayout sizes the panes to the layout; a focused groups pane that
// no longer fits gives the focus to the configs.
func (d *TopicDetail) relayout() {
	if d.focus == paneGroups && !d.groupsFocusable() {
		d.focus = paneConfigs
	}
	l := d.layout()
	d.configs.SetSize(l.configs.w-2, l.configs.h-2)
	d.parts.SetHeight(l.parts.h - 2 - partsRowsTop)
	d.grp.scroll.SetHeight(l.groups.h - 2 - groupsPaneRowsTop)
}

// HandlesEsc reports whether esc would clear a kept config filter rather
// than go back.
func (d *TopicDetail) HandlesEsc() bool { return d.configs.HasFilter() }

// Capturing reports whether the config filter has focus.
func (d *TopicDetail) Capturing() bool { return d.configs.Capturing() }

// ShortHelp lists the keys for the bottom line.
func (d *TopicDetail) ShortHelp() []key.Binding {
	if d.configs.Capturing() {
		return d.configs.Help()
	}
	back := d.keys.Back
	if d.configs.HasFilter() {
		back = d.configs.Keys.Clear
	}
	keys := []key.Binding{d.keys.Switch, d.keys.Tail}
	if !d.readOnly {
		keys = append(keys, d.keys.Produce)
	}
	return append(keys, append(d.configs.Help(), d.keys.Refresh, back)...)
}

// FullHelp lists every key; on a read-only context, none that writes.
func (d *TopicDetail) FullHelp() [][]key.Binding {
	open := d.keys.Open
	if !d.groupsFocusable() {
		// enter opens the group under the cursor of the groups pane,
		// which has none or has no room.
		open = kit.ShownDisabled(open, "no group shown")
	}
	out := [][]key.Binding{
		d.keys.list.Bindings(),
		{d.keys.Switch, d.configs.Keys.Filter, open, d.keys.Refresh, d.keys.Back},
		{d.keys.Tail, d.keys.Search, d.keys.Copy},
	}
	if d.readOnly {
		return out
	}
	out[2] = append(out[2], d.keys.Produce, d.keys.Delete)
	return append(out, []key.Binding{d.keys.Edit, d.keys.AddConfig, d.keys.ResetConfig, d.keys.Purge, d.keys.AddParts, d.keys.Clone, d.keys.Reassign})
}
