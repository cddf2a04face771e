package views

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"kscope/kafkaops"
	"kscope/theme"
)

var update = flag.Bool("update", false, "update golden files")

// fakeService is a kafkaops.Service for screen tests. It embeds the
// interface (nil), so a method a test did not set up panics when called;
// the fields below answer the methods the screens use. Build it with a
// struct literal or newFakeService and change fields between calls.
type fakeService struct {
	kafkaops.Service

	mu            sync.Mutex
	Cluster       kafkaops.ClusterInfo
	ClusterErr    error
	Topics        []kafkaops.Topic
	TopicsErr     error
	Details       map[string]kafkaops.TopicDetail
	DescribeErr   error
	Configs       map[string][]kafkaops.ConfigEntry
	ConfigsErr    error
	BrokerCfgs    map[int32][]kafkaops.ConfigEntry
	BrokerCfgsErr error
	// Calls counts calls per method name.
	Calls map[string]int
}

// newFakeService returns a fake holding the given topics, with no details
// or configs.
func newFakeService(topics ...kafkaops.Topic) *fakeService {
	return &fakeService{Topics: topics}
}

func (f *fakeService) count(name string) {
	if f.Calls == nil {
		f.Calls = map[string]int{}
	}
	f.Calls[name]++
}

func (f *fakeService) calls(name string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.Calls[name]
}

func (f *fakeService) ClusterInfo(ctx context.Context) (kafkaops.ClusterInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.count("ClusterInfo")
	return f.Cluster, f.ClusterErr
}

func (f *fakeService) ListTopics(ctx context.Context) ([]kafkaops.Topic, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.count("ListTopics")
	if f.TopicsErr != nil {
		return nil, f.TopicsErr
	}
	return append([]kafkaops.Topic(nil), f.Topics...), nil
}

func (f *fakeService) DescribeTopic(ctx context.Context, name string) (kafkaops.TopicDetail, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.count("DescribeTopic")
	if f.DescribeErr != nil {
		return kafkaops.TopicDetail{}, f.DescribeErr
	}
	d, ok := f.Details[name]
	if !ok {
		return kafkaops.TopicDetail{}, kafkaops.ErrNotFound
	}
	return d, nil
}

func (f *fakeService) TopicConfigs(ctx context.Context, name string) ([]kafkaops.ConfigEntry, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.count("TopicConfigs")
	if f.ConfigsErr != nil {
		return nil, f.ConfigsErr
	}
	return append([]kafkaops.ConfigEntry(nil), f.Configs[name]...), nil
}

func (f *fakeService) BrokerConfigs(ctx context.Context, id int32) ([]kafkaops.ConfigEntry, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.count("BrokerConfigs")
	if f.BrokerCfgsErr != nil {
		return nil, f.BrokerCfgsErr
	}
	c, ok := f.BrokerCfgs[id]
	if !ok {
		return nil, kafkaops.ErrNotFound
	}
	return append([]kafkaops.ConfigEntry(nil), c...), nil
}

// testStyles are the no-colour styles, so rendered text is plain apart from
// bold, faint and reverse attributes.
func testStyles() *theme.Styles { return theme.New(true, true) }

// cmdWait bounds how long runCmd waits for one command: service calls on
// the fake return at once, timers (tea.Tick) never within it.
const cmdWait = 30 * time.Millisecond

// runCmd runs cmd and the commands of any batch it returns, and returns the
// messages that arrived in time. Timer commands are left running.
func runCmd(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-ch:
	case <-time.After(cmdWait):
		return nil
	}
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, runCmd(c)...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}

// feed sends msg to s, then runs the commands it returns and feeds their
// results back until none are left. Messages meant for the root
// (navigation, status) are returned instead.
func feed(s Screen, msg tea.Msg) (Screen, []tea.Msg) {
	var out []tea.Msg
	queue := []tea.Msg{msg}
	for len(queue) > 0 {
		m := queue[0]
		queue = queue[1:]
		switch m.(type) {
		case NavigateMsg, PopMsg, PushMsg, StatusMsg:
			out = append(out, m)
			continue
		}
		var cmd tea.Cmd
		s, cmd = s.Update(m)
		queue = append(queue, runCmd(cmd)...)
	}
	return s, out
}

// start builds the screen's first frame: size, Init, results fed back.
func start(t *testing.T, s Screen, w, h int) (Screen, []tea.Msg) {
	t.Helper()
	s.SetSize(w, h)
	var out []tea.Msg
	for _, m := range runCmd(s.Init()) {
		var o []tea.Msg
		s, o = feed(s, m)
		out = append(out, o...)
	}
	return s, out
}

// press sends keys one at a time; "enter", "esc", "tab", "up", "down",
// "pgdown", "pgup", "home", "end", "backspace" and "shift+tab" are special
// keys, anything else is typed rune by rune.
func press(s Screen, keys ...string) (Screen, []tea.Msg) {
	var out []tea.Msg
	for _, k := range keys {
		for _, km := range keyMsgs(k) {
			var o []tea.Msg
			s, o = feed(s, km)
			out = append(out, o...)
		}
	}
	return s, out
}

func keyMsgs(k string) []tea.KeyPressMsg {
	special := map[string]tea.KeyPressMsg{
		"enter":     {Code: tea.KeyEnter},
		"esc":       {Code: tea.KeyEscape},
		"tab":       {Code: tea.KeyTab},
		"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
		"up":        {Code: tea.KeyUp},
		"down":      {Code: tea.KeyDown},
		"pgup":      {Code: tea.KeyPgUp},
		"pgdown":    {Code: tea.KeyPgDown},
		"home":      {Code: tea.KeyHome},
		"end":       {Code: tea.KeyEnd},
		"backspace": {Code: tea.KeyBackspace},
		"space":     {Code: tea.KeySpace, Text: " "},
	}
	if m, ok := special[k]; ok {
		return []tea.KeyPressMsg{m}
	}
	var out []tea.KeyPressMsg
	for _, r := range k {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return out
}

// plain is the screen's View without styles.
func plain(s Screen) string { return ansi.Strip(s.View()) }

// statuses returns the texts of the status messages in msgs.
func statuses(msgs []tea.Msg) []string {
	var out []string
	for _, m := range msgs {
		if s, ok := m.(StatusMsg); ok {
			out = append(out, s.Text)
		}
	}
	return out
}

// navigations returns the routes of the navigation messages in msgs.
func navigations(msgs []tea.Msg) []Route {
	var out []Route
	for _, m := range msgs {
		if n, ok := m.(NavigateMsg); ok {
			out = append(out, n.Route)
		}
	}
	return out
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	// Trailing blanks are invisible in review and editors strip them.
	lines := strings.Split(got, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	got = strings.Join(lines, "\n") + "\n"
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./views -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file (go test ./views -update rewrites it)\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func lipglossWidth(s string) int { return ansi.StringWidth(s) }
