package admin

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// MaxPartitions is the most partitions kscope lets a topic grow to: the
// bundled broker's cap (broker.DefaultMaxPartitions). A real cluster's
// own limit, if lower, shows in the dry run.
const MaxPartitions = 10000

// partsLoadedMsg brings the topic's partitions, for the current count.
type partsLoadedMsg struct {
	reqID  uint64
	detail kafkaops.TopicDetail
	err    error
}

// AddPartitions raises a topic's partition count (CreatePartitions): the
// new count is checked as it is typed (more than now, at most
// MaxPartitions), the broker validates it (validateOnly), the screen
// warns that keyed records will map to other partitions, and y adds
// them.
type AddPartitions struct {
	kit.Asker
	flow  kit.DryRun
	svc   kafkaops.Service
	st    *theme.Styles
	topic string

	width, height int

	loadID  uint64
	detail  kafkaops.TopicDetail
	loaded  bool
	loadErr error

	count kit.LineInput
	total int
}

var _ kit.Screen = (*AddPartitions)(nil)

// NewAddPartitions returns the add-partitions screen for topic.
func NewAddPartitions(svc kafkaops.Service, st *theme.Styles, topic string) kit.Screen {
	p := &AddPartitions{svc: svc, st: st, topic: topic}
	p.flow = kit.DryRun{Keys: kit.NewDryRunKeys("add"), Refused: "Kafka refused: "}
	p.SetSize(80, 24)
	return p
}

// Init loads the topic's partitions.
func (p *AddPartitions) Init() tea.Cmd {
	svc, topic := p.svc, p.topic
	var cmd tea.Cmd
	p.loadID, cmd = kit.Ask(&p.Asker, func(ctx context.Context) (kafkaops.TopicDetail, error) { return svc.DescribeTopic(ctx, topic) },
		func(id uint64, d kafkaops.TopicDetail, err error) tea.Msg {
			return partsLoadedMsg{reqID: id, detail: d, err: err}
		})
	return cmd
}

// current is the topic's partition count now.
func (p *AddPartitions) current() int { return len(p.detail.PartitionList) }

// Update handles keys, pastes and the service's answers.
func (p *AddPartitions) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case partsLoadedMsg:
		if msg.reqID == p.loadID {
			p.detail, p.loadErr, p.loaded = msg.detail, msg.err, msg.err == nil
		}
	case kit.DryRunAnswerMsg:
		return p, p.answer(msg)
	case tea.PasteMsg:
		if p.flow.Phase == kit.DryRunEdit {
			p.count.Update(msg)
		}
	case tea.KeyPressMsg:
		return p, p.key(msg)
	}
	return p, nil
}

// key handles a key press: the count's while it is typed, the dry run's
// flow after.
func (p *AddPartitions) key(msg tea.KeyPressMsg) tea.Cmd {
	if cmd, ok := p.flow.Key(&p.Asker, msg); ok {
		return cmd
	}
	switch {
	case kit.Matches(msg, p.flow.Keys.Back):
		return kit.Pop()
	case kit.Matches(msg, p.flow.Keys.Submit):
		return p.submit()
	}
	if p.count.Update(msg) {
		p.flow.Failure = ""
	}
	return nil
}

// parse reads the typed count and says what is wrong with it.
func (p *AddPartitions) parse() (int, error) {
	s := strings.TrimSpace(p.count.Value())
	n, err := strconv.Atoi(strings.TrimPrefix(s, "+"))
	switch {
	case !p.loaded:
		return 0, fmt.Errorf("the topic's partitions are not loaded yet")
	case s == "":
		return 0, fmt.Errorf("type the new partition count (more than %d), or +N to add N", p.current())
	case err != nil:
		return 0, fmt.Errorf("the partition count must be a whole number")
	}
	if strings.HasPrefix(s, "+") {
		n += p.current()
	}
	switch {
	case n <= p.current():
		return n, fmt.Errorf("the topic has %d partitions; Kafka can only add partitions, so type more than %d", p.current(), p.current())
	case n > MaxPartitions:
		return n, fmt.Errorf("%d partitions is more than kscope allows for one topic (%d)", n, MaxPartitions)
	}
	return n, nil
}

// submit dry-runs the new count against the broker.
func (p *AddPartitions) submit() tea.Cmd {
	if strings.HasPrefix(p.topic, "__") {
		p.flow.Failure = kit.Sanitize(p.topic) + " is an internal Kafka topic: kscope does not change its partitions"
		return nil
	}
	n, err := p.parse()
	if err != nil {
		p.flow.Failure = err.Error()
		return nil
	}
	p.total = n
	svc, topic := p.svc, p.topic
	return p.flow.Start(&p.Asker, func(ctx context.Context, validateOnly bool) error {
		return svc.CreatePartitions(ctx, topic, n, validateOnly)
	})
}

// answer handles the broker's answer to the dry run or the change.
func (p *AddPartitions) answer(msg kit.DryRunAnswerMsg) tea.Cmd {
	applied, cmd := p.flow.Answer(msg)
	if !applied {
		return cmd
	}
	done := fmt.Sprintf("%s now has %d partitions (%d added)", kit.Sanitize(p.topic), p.total, p.total-p.current())
	return tea.Sequence(kit.Pop(), kit.TopicsChanged(p.topic), kit.Status(done, false))
}

// Title names the screen.
func (p *AddPartitions) Title() string { return "Add partitions · " + kit.Sanitize(p.topic) }

// SetSize sets the body size.
func (p *AddPartitions) SetSize(width, height int) { p.width, p.height = width, height }

// Capturing is true while the count is typed.
func (p *AddPartitions) Capturing() bool { return p.flow.Phase == kit.DryRunEdit }

// ShortHelp lists the keys for the bottom line.
func (p *AddPartitions) ShortHelp() []key.Binding {
	return p.flow.Help([]key.Binding{p.flow.Keys.Submit, p.flow.Keys.Back})
}

// FullHelp lists every key.
func (p *AddPartitions) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

// View draws the box centred in the body.
func (p *AddPartitions) View() string {
	st := p.st
	cw, wrap := kit.ModalWrap(p.width)
	lines := []string{st.Title.Render(kit.Truncate("Add partitions to "+kit.Sanitize(p.topic), cw)), ""}
	switch {
	case p.loadErr != nil:
		lines = append(lines, st.Error.Render(wrap("Could not describe the topic: "+kafkaops.Describe(p.loadErr))))
	case !p.loaded:
		lines = append(lines, st.Subtle.Render("Loading the partitions…"))
	default:
		lines = append(lines, fmt.Sprintf("Partitions now: %d", p.current()))
	}
	lines = append(lines, "", "New partition count (or +N):",
		st.Accent.Render("> ")+kit.InputView(&p.count, st, p.flow.Phase == kit.DryRunEdit, "", "", cw-2))
	if p.flow.Phase == kit.DryRunEdit && p.flow.Failure == "" && strings.TrimSpace(p.count.Value()) != "" {
		if n, err := p.parse(); err != nil {
			lines = append(lines, st.Warning.Render(wrap("! "+err.Error())))
		} else {
			lines = append(lines, st.Subtle.Render(wrap(fmt.Sprintf("= %d partitions, %d new", n, n-p.current()))))
		}
	}
	lines = append(lines, p.footer(wrap)...)
	return kit.FitModal(st, lines, p.width, p.height)
}

// footer says where the change stands: the plan and the warning, progress
// or the error.
func (p *AddPartitions) footer(wrap func(string) string) []string {
	st := p.st
	out := []string{""}
	switch {
	case p.flow.Failure != "":
		out = append(out, st.Error.Render(wrap("✗ "+p.flow.Failure)))
	case p.flow.Phase == kit.DryRunChecking:
		out = append(out, st.Accent.Render(kit.DryRunCheckingText))
	case p.flow.Phase == kit.DryRunConfirm, p.flow.Phase == kit.DryRunApplying:
		out = append(out, wrap(fmt.Sprintf("partitions: %d → %d (new: %s)", p.current(), p.total, newIDs(p.current(), p.total))))
		out = append(out, st.Warning.Render(wrap("! Keyed records will map to other partitions: a key's partition is its hash modulo the count, so most keys' new records land apart from their old ones, out of order with them. Partitions cannot be removed.")))
		if p.flow.Phase == kit.DryRunApplying {
			out = append(out, st.Accent.Render("adding…"))
		} else {
			out = append(out, "", st.Subtle.Render(wrap("the broker accepts it (dry run) · "+kit.KeyHints(p.ShortHelp()))))
		}
	default:
		out = append(out, st.Subtle.Render(wrap(kit.KeyHints(p.ShortHelp()))))
	}
	return out
}

// newIDs names the partitions a change from have to total partitions
// adds: "2, 3" or "2…9".
func newIDs(have, total int) string {
	switch total - have {
	case 1:
		return strconv.Itoa(have)
	case 2:
		return fmt.Sprintf("%d, %d", have, have+1)
	}
	return fmt.Sprintf("%d…%d", have, total-1)
}

// HandlesEsc reports whether esc goes back to the count (from the
// confirmation) rather than closing the screen.
func (p *AddPartitions) HandlesEsc() bool { return p.flow.Phase == kit.DryRunConfirm }
