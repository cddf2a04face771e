package transfer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// importPlanMsg brings what the file holds and the destination's
// partition count.
type importPlanMsg struct {
	id   uint64
	plan importPlan
	err  error
}

// importPlan is what an import is checked against before it runs.
type importPlan struct {
	path    string // absolute
	summary kafkaops.ImportSummary
	// fileErr is why the file cannot be read, with the line number.
	fileErr error
	// missing says the topic does not exist; create is the topic the
	// import offers to create instead: the partitions the file's records
	// need, the cluster's default replication factor.
	missing    bool
	create     kafkaops.NewTopic
	partitions int
}

// importEvent reports an import's progress; the last has finished set.
type importEvent struct {
	done     int64
	err      error
	finished bool
}

// The import's options, in tab order.
const (
	importFieldParts = iota
	importFieldStamps
	importFields
)

// Import imports a JSON-lines file in the export's shape (the kcat -J
// lines kscope's exports write) into a topic: it reads the file through
// first and shows what it holds (records, partitions, the first bad line
// if any) with the options, offers to create a missing topic with the
// partitions the records need, then produces it with progress; esc
// stops it between batches.
type Import struct {
	core

	topic, path string
	planID      uint64
	plan        *importPlan
	listErr     error

	ch <-chan importEvent
}

var _ kit.Screen = (*Import)(nil)

// NewImport returns the import screen of the file at path into topic.
func NewImport(svc kafkaops.Service, st *theme.Styles, topic, path string) *Import {
	return &Import{core: newCore(svc, st, importTexts), topic: topic, path: strings.TrimSpace(path)}
}

// Init reads the file through and looks the topic up.
func (m *Import) Init() tea.Cmd {
	svc, topic, path := m.svc, m.topic, m.path
	var cmd tea.Cmd
	m.planID, cmd = kit.Ask(&m.Asker, func(ctx context.Context) (importPlan, error) {
		return planImport(ctx, svc, topic, path)
	}, func(id uint64, p importPlan, err error) tea.Msg { return importPlanMsg{id: id, plan: p, err: err} })
	return cmd
}

// planImport reads the file through and looks the topic up; err is a
// failure to list the topics, which the plan cannot do without.
func planImport(ctx context.Context, svc kafkaops.Service, topic, path string) (importPlan, error) {
	p := importPlan{path: expandPath(path)}
	if path == "" {
		p.path, p.fileErr = "", errors.New("no file named: write :import TOPIC FILE")
	} else if f, err := os.Open(p.path); err != nil {
		p.fileErr = err
	} else {
		p.summary, p.fileErr = kafkaops.SummarizeJSONL(f)
		f.Close()
	}
	ts, err := svc.ListTopics(ctx)
	if err != nil {
		return p, err
	}
	t, ok := topicsOf(ts)[topic]
	p.partitions = t.Partitions
	if !ok {
		p.missing = true
		p.create = kafkaops.NewTopic{Name: topic, Partitions: p.summary.MaxPartition() + 1, ReplicationFactor: defaultRF(ctx, svc)}
	}
	return p, nil
}

// defaultRF is the replication factor a new topic gets: the cluster's
// default.replication.factor, at most its brokers, 1 when it does not
// say.
func defaultRF(ctx context.Context, svc kafkaops.Service) int {
	d, err := kafkaops.ClusterDefaults(ctx, svc)
	if err != nil || d.ReplicationFactor < 1 {
		return 1
	}
	if d.Brokers > 0 {
		return min(d.ReplicationFactor, d.Brokers)
	}
	return d.ReplicationFactor
}

// expandPath makes path absolute, reading a leading ~ as the home
// directory.
func expandPath(path string) string {
	if rest, ok := strings.CutPrefix(path, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			path = filepath.Join(home, rest)
		}
	}
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}

// Title names the screen.
func (m *Import) Title() string { return "Import into " + kit.Sanitize(m.topic) }

// Capturing is false: the screen has no text input.
func (m *Import) Capturing() bool { return false }

// ShortHelp lists the keys that work now.
func (m *Import) ShortHelp() []key.Binding {
	k := m.keys
	return m.shortHelp(k.Start, k.Toggle, k.Next, k.Back)
}

// Update handles keys, the plan and the import's progress.
func (m *Import) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case importPlanMsg:
		if msg.id == m.planID {
			p := msg.plan
			m.plan, m.listErr = &p, msg.err
		}
	case kit.TopicOfferMsg:
		return m, m.created(msg)
	case kit.StreamMsg[importEvent]:
		return m, take(&m.core, msg, m.ch, m.apply)
	case tea.KeyPressMsg:
		return m, m.key(msg, m.planKey)
	}
	return m, nil
}

// planKey handles a key while the options are edited.
func (m *Import) planKey(msg tea.KeyPressMsg) tea.Cmd {
	_, cmd := m.core.planKey(msg, importFields, m.start)
	return cmd
}

// check says why the import cannot start as planned, "" when it can
// (when the topic is missing, once it is created).
func (m *Import) check() string {
	p := m.plan
	switch {
	case p == nil:
		return "still reading the file"
	case m.listErr != nil:
		return "could not list the topics: " + kafkaops.Describe(m.listErr)
	case p.fileErr != nil:
		return fileProblem(p)
	case p.summary.Records == 0:
		return "the file holds no records"
	case p.missing:
		return ""
	case m.opts.keepParts && p.summary.MaxPartition() >= p.partitions:
		return fmt.Sprintf("keep partitions needs partition %d in %s; it has %s", p.summary.MaxPartition(),
			kit.Sanitize(m.topic), kit.PluralCount(int64(p.partitions), "partition"))
	}
	return ""
}

// fileProblem says why the file cannot be imported, naming the line.
func fileProblem(p *importPlan) string {
	if p.path == "" {
		return p.fileErr.Error()
	}
	return "cannot import " + kit.Sanitize(p.path) + ": " + kit.Sanitize(p.fileErr.Error())
}

// start checks the plan, offers to create a missing topic, or starts
// the import.
func (m *Import) start() tea.Cmd {
	if why := m.check(); why != "" {
		return m.refuse(why)
	}
	if m.plan.missing {
		m.offer.Offer(m.plan.create, "what the file's records need")
		return nil
	}
	return m.begin()
}

// created imports into the topic the offer created, or says why it was
// not created.
func (m *Import) created(msg kit.TopicOfferMsg) tea.Cmd {
	if ok, cmd := m.core.created(msg); !ok {
		return cmd
	}
	m.plan.missing, m.plan.partitions = false, m.offer.Topic().Partitions
	return tea.Batch(kit.TopicsChanged(m.topic), m.begin())
}

// begin starts producing the file's records.
func (m *Import) begin() tea.Cmd {
	m.launch(m.topic)
	req := kafkaops.ImportRequest{Topic: m.topic, KeepPartitions: m.opts.keepParts, KeepTimestamps: m.opts.keepStamps}
	m.ch = runImport(m.run.ctx, m.svc, m.plan.path, req)
	return wait(&m.core, m.ch)
}

// runImport produces the file's records in a goroutine and streams its
// progress; the channel is closed after the finished event.
func runImport(ctx context.Context, svc kafkaops.Service, path string, req kafkaops.ImportRequest) <-chan importEvent {
	ch := make(chan importEvent, 16)
	go func() {
		defer close(ch)
		var n int64
		f, err := os.Open(path)
		if err == nil {
			n, err = kafkaops.ImportJSONL(ctx, svc, f, req, func(done int64) {
				select {
				case ch <- importEvent{done: done}:
				default: // the reader is behind: the next report says more
				}
			})
			f.Close()
		}
		select {
		case ch <- importEvent{done: n, err: err, finished: true}:
		case <-ctx.Done():
		}
	}()
	return ch
}

// apply takes one of the import's progress reports in; end says it
// ended the import.
func (m *Import) apply(ev importEvent) (end bool, err error) {
	m.sent = max(m.sent, ev.done)
	return ev.finished, ev.err
}
