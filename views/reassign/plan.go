// Package reassign holds the screens that move a topic's replicas between
// brokers: the plan (edit each partition's replica list, or change the
// replication factor of every partition), and the watch of reassignments
// in progress with their cancel. ui's route table marks the plan and the
// cancel as writes, so a read-only context never opens them.
package reassign

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// planMode is what the plan screen is doing.
type planMode int

const (
	modeList    planMode = iota // moving over partitions
	modeReplica                 // typing one partition's replica list
	modeFactor                  // typing the replication factor
	modeConfirm                 // the plan shows; y starts it
	modeApply                   // the request is on its way
)

// topicLoadedMsg is the answer to DescribeTopic.
type topicLoadedMsg struct {
	reqID  uint64
	detail kafkaops.TopicDetail
	err    error
}

// brokersLoadedMsg is the answer to ClusterInfo.
type brokersLoadedMsg struct {
	reqID uint64
	info  kafkaops.ClusterInfo
	err   error
}

// appliedMsg is the answer to ReassignPartitions.
type appliedMsg struct {
	reqID uint64
	err   error
}

// Plan edits where a topic's partitions live: e types a partition's
// replica list, f a replication factor for every partition (kscope
// proposes a balanced assignment), enter shows the plan, old → new per
// partition, and y starts it with AlterPartitionReassignments.
type Plan struct {
	kit.Asker
	svc   kafkaops.Service
	st    *theme.Styles
	topic string
	keys  planKeys

	width, height int

	topicID, infoID, applyID uint64
	detail                   kafkaops.TopicDetail
	brokers                  []int32
	loadErr                  error
	loaded                   int // answers arrived (topic, brokers)

	next   [][]int32 // the planned replicas, by row
	scroll kit.Scroller
	mode   planMode
	input  kit.LineInput
	// failure says what is wrong with the typed text or the last request.
	failure string
}

var _ kit.Screen = (*Plan)(nil)

// NewPlan returns the reassignment plan of topic.
func NewPlan(svc kafkaops.Service, st *theme.Styles, topic string) kit.Screen {
	p := &Plan{svc: svc, st: st, topic: topic, keys: newPlanKeys()}
	p.SetSize(80, 24)
	return p
}

// Init loads the topic's partitions and the cluster's brokers.
func (p *Plan) Init() tea.Cmd {
	svc, topic := p.svc, p.topic
	var a, b tea.Cmd
	p.topicID, a = kit.Ask(&p.Asker, func(ctx context.Context) (kafkaops.TopicDetail, error) { return svc.DescribeTopic(ctx, topic) },
		func(id uint64, d kafkaops.TopicDetail, err error) tea.Msg {
			return topicLoadedMsg{reqID: id, detail: d, err: err}
		})
	p.infoID, b = kit.Ask(&p.Asker, svc.ClusterInfo,
		func(id uint64, info kafkaops.ClusterInfo, err error) tea.Msg {
			return brokersLoadedMsg{reqID: id, info: info, err: err}
		})
	return tea.Batch(a, b)
}

// Update handles keys, pastes and the service's answers.
func (p *Plan) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case topicLoadedMsg:
		if msg.reqID == p.topicID {
			p.topicLoaded(msg)
		}
	case brokersLoadedMsg:
		if msg.reqID == p.infoID {
			p.brokersLoaded(msg)
		}
	case appliedMsg:
		return p, p.applied(msg)
	case tea.PasteMsg:
		if p.typing() {
			p.input.Update(msg)
		}
	case tea.KeyPressMsg:
		return p, p.key(msg)
	}
	return p, nil
}

func (p *Plan) topicLoaded(msg topicLoadedMsg) {
	p.loaded++
	if msg.err != nil {
		p.loadErr = msg.err
		return
	}
	p.detail = msg.detail
	slices.SortFunc(p.detail.PartitionList, func(a, b kafkaops.Partition) int { return a.ID - b.ID })
	p.resetPlan()
}

// resetPlan makes the plan the current replicas again.
func (p *Plan) resetPlan() {
	p.next = make([][]int32, len(p.detail.PartitionList))
	for i, part := range p.detail.PartitionList {
		p.next[i] = slices.Clone(part.Replicas)
	}
	p.scroll.SetN(len(p.next))
}

func (p *Plan) brokersLoaded(msg brokersLoadedMsg) {
	p.loaded++
	if msg.err != nil {
		p.loadErr = msg.err
		return
	}
	p.brokers = p.brokers[:0]
	for _, b := range msg.info.Brokers {
		p.brokers = append(p.brokers, b.ID)
	}
	slices.Sort(p.brokers)
}

// ready reports whether both answers arrived without error.
func (p *Plan) ready() bool { return p.loaded == 2 && p.loadErr == nil }

// typing reports whether the input has focus.
func (p *Plan) typing() bool { return p.mode == modeReplica || p.mode == modeFactor }

func (p *Plan) key(msg tea.KeyPressMsg) tea.Cmd {
	switch p.mode {
	case modeReplica, modeFactor:
		return p.typeKey(msg)
	case modeConfirm:
		switch {
		case kit.Matches(msg, p.keys.Apply):
			return p.apply()
		case kit.Matches(msg, p.keys.Revise):
			p.mode = modeList
		}
		return nil
	case modeApply:
		// Leaving does not take the request back: Kafka may have
		// started the move already, as the watch will show.
		if kit.Matches(msg, p.keys.Leave) {
			return kit.Pop()
		}
		return nil
	}
	if kit.Matches(msg, p.keys.Back) {
		return kit.Pop()
	}
	if !p.ready() {
		return nil
	}
	if kit.KeyScroll(&p.scroll, p.keys.list, msg) {
		return nil
	}
	p.failure = ""
	switch {
	case kit.Matches(msg, p.keys.Edit) && len(p.next) > 0:
		p.mode = modeReplica
		p.input.SetValue(joinIDs(p.next[p.scroll.Cursor]))
	case kit.Matches(msg, p.keys.Factor):
		p.mode = modeFactor
		p.input.SetValue("")
	case kit.Matches(msg, p.keys.Undo):
		p.resetPlan()
	case kit.Matches(msg, p.keys.Review):
		if len(p.changes()) == 0 {
			p.failure = "nothing changes yet: e edits a partition's replicas, f the replication factor"
			return nil
		}
		p.mode = modeConfirm
	}
	return nil
}

// typeKey handles a key while the replica list or the factor is typed.
func (p *Plan) typeKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case kit.Matches(msg, p.keys.Cancel):
		p.mode, p.failure = modeList, ""
		return nil
	case kit.Matches(msg, p.keys.Accept):
		p.accept()
		return nil
	}
	p.failure = ""
	p.input.Update(msg)
	return nil
}

// accept takes the typed replica list or factor into the plan.
func (p *Plan) accept() {
	if p.mode == modeReplica {
		reps, err := parseReplicas(p.input.Value(), p.brokers)
		if err != nil {
			p.failure = err.Error()
			return
		}
		p.next[p.scroll.Cursor] = reps
		p.mode = modeList
		return
	}
	rf, err := parseFactor(p.input.Value(), len(p.brokers))
	if err != nil {
		p.failure = err.Error()
		return
	}
	cur := make([][]int32, len(p.detail.PartitionList))
	for i, part := range p.detail.PartitionList {
		cur[i] = part.Replicas
	}
	p.next = propose(cur, p.brokers, rf)
	p.mode = modeList
}

// changes are the partitions whose replicas the plan changes.
func (p *Plan) changes() []kafkaops.Reassignment {
	var out []kafkaops.Reassignment
	for i, part := range p.detail.PartitionList {
		if !slices.Equal(part.Replicas, p.next[i]) {
			out = append(out, kafkaops.Reassignment{Topic: p.topic, Partition: int32(part.ID), Replicas: slices.Clone(p.next[i])})
		}
	}
	return out
}

// apply starts the reassignment.
func (p *Plan) apply() tea.Cmd {
	svc, rs := p.svc, p.changes()
	p.mode = modeApply
	var cmd tea.Cmd
	p.applyID, cmd = kit.Do(&p.Asker, func(ctx context.Context) error { return svc.ReassignPartitions(ctx, rs) },
		func(id uint64, err error) tea.Msg { return appliedMsg{reqID: id, err: err} })
	return cmd
}

// applied reports the answer and opens the watch of reassignments.
func (p *Plan) applied(msg appliedMsg) tea.Cmd {
	if msg.reqID != p.applyID {
		return nil
	}
	if msg.err != nil {
		p.mode = modeConfirm
		p.failure = "Kafka refused the reassignment: " + kafkaops.Describe(msg.err)
		return kit.Status(p.failure, true)
	}
	done := fmt.Sprintf("reassignment of %s started in %s", kit.PluralCount(int64(len(p.changes())), "partition"), kit.Sanitize(p.topic))
	return tea.Sequence(kit.Pop(), kit.TopicsChanged(p.topic), kit.Navigate(kit.Route{Kind: kit.RouteReassignments}), kit.Status(done, false))
}

// Title names the screen after the topic.
func (p *Plan) Title() string { return "Reassign " + kit.Sanitize(p.topic) }

// planTop is the body line of the first partition row: the topic line,
// a message line and the column headings come first.
const planTop = 3

// SetSize sets the body size; the input's two lines stay at the bottom.
func (p *Plan) SetSize(width, height int) {
	p.width, p.height = width, height
	p.scroll.SetHeight(height - planTop - 2)
}

// Capturing reports whether keys type into the input.
func (p *Plan) Capturing() bool { return p.typing() }

// HandlesEsc reports whether esc leaves the plan's review rather than the
// screen.
func (p *Plan) HandlesEsc() bool { return p.mode != modeList }

// ShortHelp lists the keys for the bottom line.
func (p *Plan) ShortHelp() []key.Binding {
	switch p.mode {
	case modeReplica, modeFactor:
		return []key.Binding{p.keys.Accept, p.keys.Cancel}
	case modeConfirm:
		return []key.Binding{p.keys.Apply, p.keys.Revise}
	case modeApply:
		return []key.Binding{p.keys.Leave}
	}
	return append(p.listKeys(), p.keys.Back)
}

// listKeys are the list's keys that do something now: none before the
// topic and brokers are loaded, review and undo once the plan changes
// something.
func (p *Plan) listKeys() []key.Binding {
	if !p.ready() {
		return nil
	}
	var out []key.Binding
	if len(p.next) > 0 {
		out = append(out, p.keys.Edit)
	}
	out = append(out, p.keys.Factor)
	if len(p.changes()) > 0 {
		out = append(out, p.keys.Review, p.keys.Undo)
	}
	return out
}

// FullHelp lists every key that works in the plan's state: the short
// help's while typing, reviewing or sending, else the list's keys too.
func (p *Plan) FullHelp() [][]key.Binding {
	if p.mode != modeList {
		return [][]key.Binding{p.ShortHelp()}
	}
	return [][]key.Binding{p.keys.list.Bindings(), {p.keys.Edit, p.keys.Factor, p.keys.Review, p.keys.Undo, p.keys.Back}}
}

var planColumns = []kit.Column{
	{Title: "P", Width: 4, Right: true},
	{Title: "LEADER", Width: 6, Right: true},
	{Title: "ISR", Width: 8, Flex: true},
	{Title: "REPLICAS", Width: 9, Flex: true},
	{Title: "NEW", Width: 9, Flex: true},
}

// View renders the plan: the partitions with their new replicas, or the
// review of what changes.
func (p *Plan) View() string {
	w := max(p.width, 20)
	if p.mode == modeConfirm || p.mode == modeApply {
		return kit.PadLines(p.reviewView(w), w, p.height)
	}
	st := p.st
	lines := []string{p.headLine(w), p.messageLine(w)}
	ws := kit.Layout(planColumns, w)
	lines = append(lines, kit.HeaderLine(st.TableHead, planColumns, ws, -1, ""))
	switch {
	case p.loadErr != nil:
		lines = append(lines, st.Error.Render(kit.Truncate("  Could not describe the topic: "+kafkaops.Describe(p.loadErr), w)))
	case !p.ready():
		lines = append(lines, st.Subtle.Render("  Loading partitions and brokers…"))
	default:
		start, end := p.scroll.Window()
		for i := start; i < end; i++ {
			lines = append(lines, p.row(i, ws))
		}
	}
	body := kit.PadLines(strings.Join(lines, "\n"), w, max(p.height-2, 1))
	return body + "\n" + p.inputLines(w)
}

// headLine names the topic, its size and the brokers.
func (p *Plan) headLine(w int) string {
	st := p.st
	line := st.Title.Render(kit.Sanitize(p.topic))
	if p.ready() {
		rf := 0
		if len(p.detail.PartitionList) > 0 {
			rf = len(p.detail.PartitionList[0].Replicas)
		}
		line += st.Subtle.Render(" · ") + kit.PluralCount(int64(len(p.next)), "partition") +
			st.Subtle.Render(" · ") + "RF " + strconv.Itoa(rf) +
			st.Subtle.Render(" · ") + "brokers " + joinIDs(p.brokers)
	}
	return kit.Truncate(line, w)
}

// messageLine says how many partitions change, or what is wrong.
func (p *Plan) messageLine(w int) string {
	st := p.st
	if p.failure != "" && !p.typing() {
		return st.Error.Render(kit.Truncate("✗ "+p.failure, w))
	}
	if n := len(p.changes()); n > 0 {
		return st.Accent.Render(kit.Truncate(fmt.Sprintf("%s change · enter reviews the plan", kit.PluralCount(int64(n), "partition")), w))
	}
	return ""
}

// row renders partition row i.
func (p *Plan) row(i int, ws []int) string {
	st := p.st
	part := p.detail.PartitionList[i]
	leader := strconv.Itoa(int(part.Leader))
	if part.Leader < 0 {
		leader = "none"
	}
	isr := joinIDs(part.ISR)
	if part.UnderReplicated() {
		isr += " !"
	}
	next := joinIDs(p.next[i])
	if slices.Equal(p.next[i], part.Replicas) {
		next = "="
	} else {
		next = "→ " + next
	}
	cells := []string{strconv.Itoa(part.ID), leader, isr, joinIDs(part.Replicas), next}
	selected := i == p.scroll.Cursor
	line := kit.RowLine(cells, planColumns, ws, selected, st.Selected)
	if !selected && !slices.Equal(p.next[i], part.Replicas) {
		line = st.Accent.Render(line)
	}
	return line
}

// inputLines are the two bottom lines: the input while typing, a hint
// otherwise.
func (p *Plan) inputLines(w int) string {
	st := p.st
	if !p.typing() {
		return "\n" + st.Subtle.Render(kit.Truncate("e replica list · f replication factor for all · enter review", w))
	}
	prompt := "Replication factor for every partition (1-" + strconv.Itoa(len(p.brokers)) + "): "
	if p.mode == modeReplica {
		prompt = fmt.Sprintf("Replicas of partition %d (leader first): ", p.detail.PartitionList[p.scroll.Cursor].ID)
	}
	if w < 70 {
		prompt = strings.Replace(strings.Replace(prompt, " for every partition", "", 1), " (leader first)", "", 1)
	}
	in := st.Accent.Render(prompt) + kit.InputView(&p.input, st, true, "", "", max(w-len([]rune(prompt)), 4))
	msg := ""
	if p.failure != "" {
		msg = st.Error.Render(kit.Truncate("✗ "+p.failure, w))
	}
	return kit.Truncate(in, w) + "\n" + msg
}

// reviewView lists what the plan changes, old → new per partition.
func (p *Plan) reviewView(w int) string {
	st := p.st
	rs := p.changes()
	lines := []string{
		st.Title.Render(kit.Truncate(fmt.Sprintf("Reassign %s of %s", kit.PluralCount(int64(len(rs)), "partition"), kit.Sanitize(p.topic)), w)),
		"",
	}
	room := max(p.height-6, 1)
	old := map[int32][]int32{}
	for _, part := range p.detail.PartitionList {
		old[int32(part.ID)] = part.Replicas
	}
	for i, r := range rs {
		if i == room-1 && len(rs) > room {
			lines = append(lines, st.Subtle.Render(fmt.Sprintf("  … and %d more", len(rs)-i)))
			break
		}
		lines = append(lines, kit.Truncate(fmt.Sprintf("  partition %-4d %s → %s", r.Partition, joinIDs(old[r.Partition]), joinIDs(r.Replicas)), w))
	}
	lines = append(lines, "")
	switch {
	case p.mode == modeApply:
		lines = append(lines, st.Accent.Render("starting the reassignment…"))
	case p.failure != "":
		lines = append(lines, kit.Wrapped(st.Error, "✗ "+p.failure, w)...)
	default:
		lines = append(lines, kit.Wrapped(st.Subtle, "Kafka copies the data in the background · y starts it · esc edits", w)...)
	}
	return strings.Join(lines, "\n")
}
