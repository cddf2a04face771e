package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
)

// fakeService is the screens' fake (kafkaopstest.FakeService): one fake
// for every screen and app test.
type fakeService = kafkaopstest.FakeService

// newDemoService is a small cluster like the seed lab's: bankbranch with
// two partitions and a few other topics.
func newDemoService() *fakeService {
	f := newFakeService()
	f.Cluster.ClusterID = "kscope-local"
	f.Topics = []kafkaops.Topic{
		{Name: "bankbranch", Partitions: 2, ReplicationFactor: 1, Messages: 42},
		{Name: "payments", Partitions: 3, ReplicationFactor: 1, Messages: 1200},
		{Name: "orders", Partitions: 1, ReplicationFactor: 1},
		{Name: "audit-log", Partitions: 1, ReplicationFactor: 1, Messages: 7},
		{Name: "__consumer_offsets", Partitions: 50, ReplicationFactor: 1, Internal: true, Messages: 3},
	}
	f.TopicBytes = map[string]int64{"bankbranch": 8 << 10, "payments": 230 << 10, "orders": 0, "audit-log": 2 << 10, "__consumer_offsets": 12 << 10}
	f.Details = map[string]kafkaops.TopicDetail{
		"bankbranch": {
			Topic: f.Topics[0],
			PartitionList: []kafkaops.Partition{
				{ID: 0, Leader: 0, Replicas: []int32{0}, ISR: []int32{0}, Low: 0, High: 20},
				{ID: 1, Leader: 0, Replicas: []int32{0}, ISR: []int32{0}, Low: 0, High: 22},
			},
		},
	}
	f.Configs = map[string][]kafkaops.ConfigEntry{
		"bankbranch": {
			{Name: "cleanup.policy", Value: "delete", Source: kafkaops.SourceDefault, Default: true},
			{Name: "compression.type", Value: "producer", Source: kafkaops.SourceDefault, Default: true},
			{Name: "max.message.bytes", Value: "2097152", Source: kafkaops.SourceTopic},
			{Name: "min.insync.replicas", Value: "1", Source: kafkaops.SourceDefault, Default: true},
			{Name: "retention.bytes", Value: "-1", Source: kafkaops.SourceDefault, Default: true},
			{Name: "retention.ms", Value: "604800000", Source: kafkaops.SourceStaticBroker, Default: true},
			{Name: "segment.bytes", Value: "1073741824", Source: kafkaops.SourceDefault, Default: true},
		},
	}
	f.BrokerCfgs = map[int32][]kafkaops.ConfigEntry{
		0: {
			{Name: "log.retention.ms", Value: "604800000", Source: kafkaops.SourceStaticBroker},
			{Name: "num.partitions", Value: "1", Source: kafkaops.SourceStaticBroker},
			{Name: "sasl.jaas.config", Value: kafkaops.SensitiveMask, Source: kafkaops.SourceStaticBroker, Sensitive: true},
		},
	}
	return f
}

func newFakeService() *fakeService {
	return &fakeService{Cluster: kafkaops.ClusterInfo{
		ClusterID: "kscope-test",
		Brokers:   []kafkaops.Broker{{ID: 0, Host: "127.0.0.1", Port: 9092}},
	}}
}

// stubScreen records what reaches it.
type stubScreen struct {
	kit.Asker
	title     string
	capturing bool
	inited    bool
	w, h      int
	msgs      []tea.Msg
	keys      []string
	mouse     []tea.Mouse
}

// pingMsg stands for any async result.
type pingMsg struct{ n int }

func (s *stubScreen) Init() tea.Cmd { s.inited = true; return nil }

func (s *stubScreen) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		s.keys = append(s.keys, msg.String())
	case tea.MouseMsg:
		s.mouse = append(s.mouse, msg.Mouse())
	default:
		s.msgs = append(s.msgs, msg)
	}
	return s, nil
}

func (s *stubScreen) View() string {
	return fmt.Sprintf("[%s body %dx%d]", s.title, s.w, s.h)
}
func (s *stubScreen) SetSize(w, h int) { s.w, s.h = w, h }
func (s *stubScreen) Title() string    { return s.title }
func (s *stubScreen) ShortHelp() []key.Binding {
	return []key.Binding{key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "stub action"))}
}
func (s *stubScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }
func (s *stubScreen) Capturing() bool           { return s.capturing }

func (s *stubScreen) got(want tea.Msg) bool {
	for _, m := range s.msgs {
		if m == want {
			return true
		}
	}
	return false
}

// stubBuilder opens stub screens for topics, topic detail and brokers, and
// nothing else, like a kscope whose later screens are not built yet.
func stubBuilder(r kit.Route, _ Env) (kit.Screen, bool) {
	switch r.Kind {
	case kit.RouteTopics:
		return &stubScreen{title: "Topics"}, true
	case kit.RouteTopicDetail:
		return &stubScreen{title: r.Topic}, true
	case kit.RouteBrokers:
		return &stubScreen{title: "Brokers"}, true
	}
	return nil, false
}

// harness drives a Model the way the runtime would: it runs the commands
// Update returns and feeds their messages back, dropping commands that
// wait (ticks) so tests stay fast; tests send tick messages themselves.
type harness struct {
	t    *testing.T
	m    *Model
	svc  *fakeService
	quit bool
}

func newHarness(t *testing.T, svc *fakeService, mod ...func(*Options)) *harness {
	t.Helper()
	opts := Options{Service: svc, Addr: "127.0.0.1:9092", Refresh: 10 * time.Second, Build: stubBuilder}
	for _, f := range mod {
		f(&opts)
	}
	h := &harness{t: t, m: New(opts), svc: svc}
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.run(h.m.Init())
	return h
}

func (h *harness) send(msg tea.Msg) {
	_, cmd := h.m.Update(msg)
	h.run(cmd)
}

func (h *harness) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	select {
	case msg := <-ch:
		switch msg := msg.(type) {
		case nil:
		case tea.BatchMsg:
			for _, c := range msg {
				h.run(c)
			}
		case tea.QuitMsg:
			h.quit = true
		default:
			h.send(msg)
		}
	case <-time.After(50 * time.Millisecond):
	}
}

// press sends keys: single characters as typed, names like "esc",
// "enter", "tab", "ctrl+c" as such.
func (h *harness) press(keys ...string) {
	for _, k := range keys {
		h.send(keyMsg(k))
	}
}

func (h *harness) typeText(s string) {
	for _, r := range s {
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

func (h *harness) view() string { return ansi.Strip(h.m.View().Content) }

func (h *harness) top() kit.Screen { return h.m.top() }

func (h *harness) titles() string {
	var ts []string
	for _, s := range h.m.stack {
		ts = append(ts, s.Title())
	}
	return strings.Join(ts, " > ")
}

// hangingService never answers ClusterInfo, like a client that ignores
// its context on a black-holed address.
type hangingService struct {
	kafkaops.Service
	release chan struct{}
}

func (h *hangingService) ClusterInfo(context.Context) (kafkaops.ClusterInfo, error) {
	<-h.release
	return kafkaops.ClusterInfo{}, nil
}
