package topics

import (
	"context"
	"errors"
	"fmt"
	"kscope/views/kit"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"kscope/kafkaops"
	"kscope/theme"
)

// createDefaultsMsg brings the cluster's broker count and topic defaults
// (num.partitions, default.replication.factor).
type createDefaultsMsg struct {
	reqID    uint64
	defaults kafkaops.TopicDefaults
	err      error
}

// createTopicNamesMsg brings the existing topic names, for the "already
// exists" and metric-name collision warnings.
type createTopicNamesMsg struct {
	reqID uint64
	names []string
	err   error // only the warnings are missing
}

// topicCreatedMsg is the broker's answer to the create request.
type topicCreatedMsg struct {
	reqID uint64
	name  string
	err   error
}

// The create form's fixed fields; config rows follow them.
const (
	createName = iota
	createParts
	createRF
	createFirstConfig
)

// CreateTopic is the create-topic form: name, partitions, replication
// factor and optional key=value configs, validated as they are typed. A
// failed create keeps every field; a created topic opens its detail.
type CreateTopic struct {
	kit.Asker
	svc  kafkaops.Service
	st   *theme.Styles
	keys createKeys

	width, height int

	name, parts, rf kit.LineInput
	cfg             []kit.LineInput // config rows; the last one is always empty
	focus           int
	sugg            int // the selected completion of the focused row

	defaultsID                     uint64
	brokers, defParts, defRF       int // 0 until known
	defaultsErr                    error
	namesID                        uint64
	existing                       map[string]bool
	metricNames                    map[string]string // name with '.' as '_' → existing name
	touched                        [createFirstConfig]bool
	reqID                          uint64
	submitting, submitted, confirm bool
	failure                        string // the last create's error, in words
	lastSubmitted                  kafkaops.NewTopic
	top                            int // the first body line shown when the form scrolls
}

var _ kit.Screen = (*CreateTopic)(nil)

// NewCreateTopic returns the create-topic form. Init loads the defaults it
// shows (the broker count and the cluster's num.partitions and
// default.replication.factor) and the topic names it warns about.
func NewCreateTopic(svc kafkaops.Service, st *theme.Styles) kit.Screen {
	c := &CreateTopic{svc: svc, st: st, keys: newCreateKeys(), cfg: []kit.LineInput{{}}}
	c.SetSize(80, 24)
	return c
}

// Init loads the defaults and the topic names.
func (c *CreateTopic) Init() tea.Cmd {
	svc := c.svc
	var defaults, names tea.Cmd
	c.defaultsID, defaults = kit.Ask(&c.Asker,
		func(ctx context.Context) (kafkaops.TopicDefaults, error) { return kafkaops.ClusterDefaults(ctx, svc) },
		func(id uint64, d kafkaops.TopicDefaults, err error) tea.Msg {
			return createDefaultsMsg{reqID: id, defaults: d, err: err}
		})
	c.namesID, names = kit.Ask(&c.Asker, svc.ListTopics, func(id uint64, ts []kafkaops.Topic, err error) tea.Msg {
		names := make([]string, len(ts))
		for i, t := range ts {
			names[i] = t.Name
		}
		return createTopicNamesMsg{reqID: id, names: names, err: err}
	})
	return tea.Batch(defaults, names)
}

// Update handles keys, pastes and the answers of the service.
func (c *CreateTopic) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case createDefaultsMsg:
		if msg.reqID == c.defaultsID {
			c.brokers, c.defParts, c.defRF, c.defaultsErr = msg.defaults.Brokers, msg.defaults.Partitions, msg.defaults.ReplicationFactor, msg.err
		}
	case createTopicNamesMsg:
		if msg.reqID == c.namesID && msg.err == nil {
			c.setNames(msg.names)
		}
	case kit.TopicsChangedMsg:
		if c.existing != nil {
			return c, c.Init()
		}
	case topicCreatedMsg:
		return c, c.created(msg)
	case tea.PasteMsg:
		if !c.submitting && !c.confirm {
			c.input(c.focus).Update(msg)
			c.edited()
		}
	case tea.KeyPressMsg:
		return c, c.key(msg)
	}
	return c, nil
}

func (c *CreateTopic) setNames(names []string) {
	c.existing = make(map[string]bool, len(names))
	c.metricNames = make(map[string]string, len(names))
	for _, n := range names {
		c.existing[n] = true
		c.metricNames[strings.ReplaceAll(n, ".", "_")] = n
	}
}

// input returns the field at index i.
func (c *CreateTopic) input(i int) *kit.LineInput {
	switch i {
	case createName:
		return &c.name
	case createParts:
		return &c.parts
	case createRF:
		return &c.rf
	}
	return &c.cfg[i-createFirstConfig]
}

func (c *CreateTopic) fieldCount() int { return createFirstConfig + len(c.cfg) }

// key handles a key press.
func (c *CreateTopic) key(msg tea.KeyPressMsg) tea.Cmd {
	fk := c.keys.form
	if c.confirm {
		switch {
		case kit.Matches(msg, fk.Discard):
			return kit.Pop()
		case kit.Matches(msg, fk.Keep):
			c.confirm = false
		}
		return nil
	}
	if kit.Matches(msg, fk.Cancel) {
		if c.dirty() {
			c.confirm = true
			return nil
		}
		return kit.Pop()
	}
	if c.submitting {
		return nil // the form is locked until the broker answers
	}
	switch {
	case kit.Matches(msg, fk.Submit):
		return c.submit()
	case kit.Matches(msg, fk.Next):
		if c.complete() {
			return nil
		}
		c.move(1)
	case kit.Matches(msg, fk.Prev), kit.Matches(msg, c.keys.move.Up):
		c.move(-1)
	case kit.Matches(msg, c.keys.move.Down):
		c.move(1)
	case kit.Matches(msg, c.keys.Cycle):
		if n := len(c.completions()); n > 0 {
			d := 1
			if kit.Matches(msg, c.keys.CyclePrev) {
				d = -1
			}
			c.sugg = (c.sugg + d + n) % n
		}
	case kit.Matches(msg, c.keys.Enter):
		if c.focus == c.fieldCount()-1 {
			return c.submit()
		}
		c.move(1)
	default:
		if c.input(c.focus).Update(msg) {
			c.edited()
		}
	}
	return nil
}

// edited runs after a field's text changed.
func (c *CreateTopic) edited() {
	if c.focus < createFirstConfig {
		c.touched[c.focus] = true
	}
	c.sugg = 0
	c.tidyRows()
}

// move moves the focus by d fields, wrapping around.
func (c *CreateTopic) move(d int) {
	n := c.fieldCount()
	c.focus = (c.focus + d + n) % n
	c.sugg = 0
	c.tidyRows()
}

// tidyRows keeps exactly one empty config row, at the end, and drops
// empty rows the focus left.
func (c *CreateTopic) tidyRows() {
	focusRow := c.focus - createFirstConfig
	var rows []kit.LineInput
	newFocus := c.focus
	for i, r := range c.cfg {
		last := i == len(c.cfg)-1
		if r.Value() == "" && !last && i != focusRow {
			if focusRow > i {
				newFocus--
			}
			continue
		}
		rows = append(rows, r)
	}
	if rows[len(rows)-1].Value() != "" {
		rows = append(rows, kit.LineInput{})
	}
	// Two empty rows at the end (the focused one emptied): keep one.
	for len(rows) > 1 && rows[len(rows)-1].Value() == "" && rows[len(rows)-2].Value() == "" &&
		newFocus-createFirstConfig != len(rows)-1 {
		rows = rows[:len(rows)-1]
	}
	c.cfg = rows
	c.focus = min(newFocus, c.fieldCount()-1)
}

// completions returns the focused config row's completions.
func (c *CreateTopic) completions() []string {
	if c.focus < createFirstConfig {
		return nil
	}
	return kafkaops.TopicConfigCompletions(c.input(c.focus).Value())
}

// complete applies the selected completion and reports whether there was
// one; tab moves on when there is nothing to complete.
func (c *CreateTopic) complete() bool {
	cs := c.completions()
	if len(cs) == 0 {
		return false
	}
	c.input(c.focus).SetValue(cs[min(c.sugg, len(cs)-1)])
	c.edited()
	return true
}

// dirty reports whether anything was typed.
func (c *CreateTopic) dirty() bool {
	if c.name.Value() != "" || c.parts.Value() != "" || c.rf.Value() != "" {
		return true
	}
	for _, r := range c.cfg {
		if r.Value() != "" {
			return true
		}
	}
	return false
}

// partitionsDefault is the partition count an empty field means.
func (c *CreateTopic) partitionsDefault() int { return max(c.defParts, 1) }

// rfDefault is the replication factor an empty field means: the
// cluster's default.replication.factor when the cluster has that many
// brokers, else 1.
func (c *CreateTopic) rfDefault() int {
	if c.defRF >= 1 && (c.brokers == 0 || c.defRF <= c.brokers) {
		return c.defRF
	}
	return 1
}

// nameNote validates the name.
func (c *CreateTopic) nameNote() kit.Note {
	name := c.name.Value()
	if name == "" {
		if c.touched[createName] || c.submitted {
			return kit.ErrNote("a topic needs a name")
		}
		return kit.HintNote("letters, digits, '.', '_' and '-', up to 249 characters")
	}
	if err := kafkaops.ValidateTopicName(name); err != nil {
		return kit.ErrNote(kit.InvalidText(err))
	}
	if c.existing[name] {
		return kit.WarnNote("a topic named " + name + " already exists")
	}
	if other, ok := c.metricNames[strings.ReplaceAll(name, ".", "_")]; ok {
		return kit.WarnNote("collides with topic " + other + " in metric names, where '.' and '_' are the same")
	}
	if strings.Contains(name, ".") && strings.Contains(name, "_") {
		return kit.WarnNote("mixes '.' and '_': they collide in metric names, as Kafka warns; use one of them")
	}
	return kit.OkNote("valid name")
}

// partsValue returns the partition count and its note.
func (c *CreateTopic) partsValue() (int, kit.Note) {
	s := strings.TrimSpace(c.parts.Value())
	if s == "" {
		return c.partitionsDefault(), kit.Note{}
	}
	n, err := strconv.Atoi(s)
	switch {
	case err != nil:
		return 0, kit.ErrNote("partitions must be a whole number")
	case n < 1:
		return n, kit.ErrNote("a topic needs at least 1 partition")
	case n > 10000:
		return n, kit.WarnNote("that is a lot of partitions; each one costs the brokers files and memory")
	}
	return n, kit.Note{}
}

// rfValue returns the replication factor and its note.
func (c *CreateTopic) rfValue() (int, kit.Note) {
	s := strings.TrimSpace(c.rf.Value())
	n := c.rfDefault()
	if s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			return 0, kit.ErrNote("the replication factor must be a whole number")
		}
	}
	switch {
	case n < 1:
		return n, kit.ErrNote("the replication factor must be at least 1")
	case c.brokers > 0 && n > c.brokers:
		return n, kit.ErrNote(fmt.Sprintf("the replication factor can be at most %d: the cluster has %s",
			c.brokers, kit.PluralCount(int64(c.brokers), "broker")))
	}
	return n, kit.Note{}
}

// configNotes validates every config row and returns the configs and a
// note per row.
func (c *CreateTopic) configNotes() (map[string]string, []kit.Note) {
	seen := map[string]bool{}
	cfgs := map[string]string{}
	notes := make([]kit.Note, len(c.cfg))
	for i, r := range c.cfg {
		k, v, n := checkConfigRow(r.Value(), seen)
		notes[i] = n
		if k != "" && n.Kind != kit.NoteErr {
			seen[k] = true
			cfgs[k] = v
		}
	}
	return cfgs, notes
}

// request builds the create request and reports the first field with an
// error (-1 when none).
func (c *CreateTopic) request() (kafkaops.NewTopic, int) {
	t := kafkaops.NewTopic{Name: c.name.Value()}
	bad := -1
	flag := func(i int, n kit.Note) {
		if n.Kind == kit.NoteErr && bad < 0 {
			bad = i
		}
	}
	if n := c.nameNote(); n.Kind == kit.NoteErr || (t.Name == "") {
		if bad < 0 {
			bad = createName
		}
	}
	var n kit.Note
	t.Partitions, n = c.partsValue()
	flag(createParts, n)
	t.ReplicationFactor, n = c.rfValue()
	flag(createRF, n)
	cfgs, notes := c.configNotes()
	for i, n := range notes {
		flag(createFirstConfig+i, n)
	}
	if len(cfgs) > 0 {
		t.Configs = cfgs
	}
	return t, bad
}

// submit validates the form and sends the create request.
func (c *CreateTopic) submit() tea.Cmd {
	c.submitted = true
	t, bad := c.request()
	if bad >= 0 {
		c.focus = bad
		c.tidyRows()
		return kit.Status("create topic: fix the field marked ✗ first", true)
	}
	c.submitting = true
	c.failure = ""
	c.lastSubmitted = t
	svc := c.svc
	var cmd tea.Cmd
	c.reqID, cmd = kit.Do(&c.Asker, func(ctx context.Context) error { return svc.CreateTopic(ctx, t) },
		func(id uint64, err error) tea.Msg { return topicCreatedMsg{reqID: id, name: t.Name, err: err} })
	return cmd
}

// created handles the broker's answer: the topic's detail replaces the
// form, or the form stays, filled, with the error.
func (c *CreateTopic) created(msg topicCreatedMsg) tea.Cmd {
	if msg.reqID != c.reqID || !c.submitting {
		return nil
	}
	c.submitting = false
	if msg.err != nil {
		c.failure = kafkaops.Describe(msg.err)
		return kit.Status(c.failure, true)
	}
	t := c.lastSubmitted
	// The form closes first so esc on the detail goes back to where the
	// form was opened from, not to the form.
	return tea.Sequence(
		kit.Pop(),
		kit.Navigate(kit.Route{Kind: kit.RouteTopicDetail, Topic: msg.name}),
		kit.TopicsChanged(msg.name),
		kit.Status(fmt.Sprintf("created topic %s: %s, replication factor %d",
			kit.Sanitize(msg.name), kit.PluralCount(int64(t.Partitions), "partition"), t.ReplicationFactor), false),
	)
}

// Title names the screen.
func (c *CreateTopic) Title() string { return "Create topic" }

// SetSize sets the body size.
func (c *CreateTopic) SetSize(width, height int) { c.width, c.height = width, height }

// Capturing is always true: every key types into the form.
func (c *CreateTopic) Capturing() bool { return true }

// ShortHelp lists the keys for the bottom line.
func (c *CreateTopic) ShortHelp() []key.Binding {
	fk := c.keys.form
	if c.confirm {
		return []key.Binding{fk.Discard, fk.Keep}
	}
	if len(c.completions()) > 0 {
		return []key.Binding{c.keys.Complete, c.keys.Cycle, fk.Submit, fk.Cancel}
	}
	return []key.Binding{fk.Submit, fk.Next, fk.Prev, fk.Cancel}
}

// FullHelp lists every key.
func (c *CreateTopic) FullHelp() [][]key.Binding {
	fk := c.keys.form
	return [][]key.Binding{
		{fk.Next, fk.Prev, c.keys.Enter},
		{c.keys.Complete, c.keys.Cycle},
		{fk.Submit, fk.Cancel},
	}
}

// View renders the form.
func (c *CreateTopic) View() string {
	st := c.st
	w := max(c.width, 30)
	iw := kit.InputWidth(w)
	side := func(s string) string { return st.Subtle.Render(s) }
	under := func(n kit.Note) string {
		ls := n.RenderWrapped(st, w-kit.LabelWidth, 2)
		for i := range ls {
			ls[i] = strings.Repeat(" ", kit.LabelWidth) + ls[i]
		}
		return strings.Join(ls, "\n")
	}

	right := "loading cluster defaults…"
	switch {
	case c.defaultsErr != nil && c.brokers == 0:
		right = "cluster defaults unknown"
	case c.brokers > 0:
		right = kit.PluralCount(int64(c.brokers), "broker")
	}
	title := st.Title.Render("Create topic")
	gap := w - lipgloss.Width(title) - lipgloss.Width(right)
	head := []string{title + strings.Repeat(" ", max(gap, 2)) + side(right), ""}

	var body kit.FormLines
	row := func(i int, label, placeholder, info string) string {
		in := kit.InputView(c.input(i), st, c.focus == i && !c.confirm, placeholder, "", iw)
		return kit.SideBySide(kit.FieldLabel(st, label, c.focus == i)+in, side(info), w)
	}
	body.Field(c.focus == createName, row(createName, "Name", "", ""), under(c.nameNote()))

	partsInfo := fmt.Sprintf("cluster default %d (num.partitions)", c.partitionsDefault())
	if c.defParts == 0 {
		partsInfo = "default 1"
	}
	fieldLines := []string{row(createParts, "Partitions", strconv.Itoa(c.partitionsDefault()), partsInfo)}
	if _, n := c.partsValue(); n.Kind != kit.NoteNone {
		fieldLines = append(fieldLines, under(n))
	}
	body.Field(c.focus == createParts, fieldLines...)
	rfInfo := fmt.Sprintf("default %d", c.rfDefault())
	if c.brokers > 0 {
		rfInfo += " · cluster has " + kit.PluralCount(int64(c.brokers), "broker")
	}
	fieldLines = []string{row(createRF, "Replication factor", strconv.Itoa(c.rfDefault()), rfInfo)}
	if _, n := c.rfValue(); n.Kind != kit.NoteNone {
		fieldLines = append(fieldLines, under(n))
	}
	body.Field(c.focus == createRF, fieldLines...)

	body.Add("")
	_, notes := c.configNotes()
	for i := range c.cfg {
		fi := createFirstConfig + i
		label := ""
		if i == 0 {
			label = "Configs"
		}
		ph := ""
		if i == len(c.cfg)-1 {
			ph = "key=value"
		}
		focused := c.focus == fi && !c.confirm
		ghost := ""
		cs := c.completions()
		if focused && len(cs) > 0 {
			sel := cs[min(c.sugg, len(cs)-1)]
			if v := c.cfg[i].Value(); strings.HasPrefix(sel, v) {
				ghost = sel[len(v):]
			}
		}
		// Config rows are long and their side notes short.
		in := kit.InputView(&c.cfg[i], st, focused, ph, ghost, min(max(w-kit.LabelWidth-16, iw), 44))
		info := ""
		if notes[i].Kind == kit.NoteHint {
			info = notes[i].Text
		}
		if i == len(c.cfg)-1 && i == 0 && !focused {
			info = "optional · tab completes keys"
		}
		fieldLines = []string{kit.SideBySide(kit.FieldLabel(st, label, c.focus == fi)+in, side(info), w)}
		switch {
		case focused && len(cs) > 0:
			fieldLines = append(fieldLines, strings.Repeat(" ", kit.LabelWidth)+c.completionLine(cs, w-kit.LabelWidth))
		case notes[i].Kind == kit.NoteErr && (c.submitted || !focused), notes[i].Kind == kit.NoteWarn:
			fieldLines = append(fieldLines, under(notes[i]))
		}
		body.Field(c.focus == fi, fieldLines...)
	}

	foot := []string{""}
	switch {
	case c.confirm:
		foot = append(foot, st.Warning.Render(kit.Truncate("  Discard this form? What you typed is lost. y discards · n or esc keeps editing", w)))
	case c.submitting:
		foot = append(foot, st.Accent.Render(kit.Truncate("  creating "+kit.Sanitize(c.lastSubmitted.Name)+"…", w)))
	case c.failure != "":
		foot = append(foot, st.Error.Render(kit.Truncate("  ✗ "+c.failure, w)),
			st.Subtle.Render(kit.Truncate("  Every field is kept: change what is wrong and press ctrl+s again.", w)))
	default:
		foot = append(foot, st.Subtle.Render(kit.Truncate("  ctrl+s creates the topic (or enter on the last field) · esc cancels", w)))
	}
	// The title and the line under the form stay; the fields scroll.
	rows := c.height - len(head) - len(foot)
	lines := append(head, kit.ScrollLines(st, body.Lines, body.Lo, body.Hi, rows, w, &c.top)...)
	lines = append(lines, foot...)
	return kit.PadLines(strings.Join(lines, "\n"), w, c.height)
}

// completionLine lists completions with the selected one marked.
func (c *CreateTopic) completionLine(cs []string, w int) string {
	st := c.st
	parts := make([]string, 0, len(cs))
	for i, s := range cs {
		s = strings.TrimSuffix(s, "=")
		if _, v, ok := strings.Cut(s, "="); ok && v != "" {
			s = v
		}
		if i == min(c.sugg, len(cs)-1) {
			parts = append(parts, st.Accent.Render("["+s+"]"))
		} else {
			parts = append(parts, s)
		}
	}
	return st.Subtle.Render("tab ") + kit.Truncate(strings.Join(parts, "  "), w-4)
}

// checkConfigRow validates one key=value row; seen holds the keys of the
// rows above it. A key Kafka does not know is a warning (a newer broker
// may know it); everything else is an error.
func checkConfigRow(text string, seen map[string]bool) (key, value string, n kit.Note) {
	if strings.TrimSpace(text) == "" {
		return "", "", kit.Note{}
	}
	k, v, hasEq := strings.Cut(text, "=")
	key, value = strings.TrimSpace(k), strings.TrimSpace(v)
	switch {
	case !hasEq:
		return key, "", kit.ErrNote("write key=value, e.g. retention.ms=86400000")
	case key == "":
		return "", value, kit.ErrNote("the config has no name before '='")
	case seen[key]:
		return key, value, kit.ErrNote(key + " is set twice")
	case value == "":
		return key, value, kit.ErrNote(key + " needs a value")
	}
	if err := kafkaops.ValidateTopicConfig(key, value); err != nil {
		if errors.Is(err, kafkaops.ErrUnknownTopicConfig) {
			return key, value, kit.WarnNote("unknown config key " + key + ": the broker will likely reject it")
		}
		return key, value, kit.ErrNote(err.Error())
	}
	return key, value, configHint(key, value)
}

// configHint reads a valid value in human units: a duration, a size, or
// what -1 means.
func configHint(key, value string) kit.Note {
	spec, _ := kafkaops.TopicConfigSpec(key)
	if spec.Kind != kafkaops.ConfigLong {
		return kit.Note{}
	}
	i, _ := strconv.ParseInt(value, 10, 64)
	switch {
	case spec.Unit == "ms" && i >= 0:
		return kit.HintNote("= " + kit.HumanMillis(value))
	case spec.Unit == "bytes" && i >= 0:
		return kit.HintNote("= " + kit.HumanBytes(value))
	case i == -1:
		return kit.HintNote("-1: no limit")
	}
	return kit.Note{}
}
