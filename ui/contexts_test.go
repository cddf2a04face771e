package ui

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"kscope/kafkaops"
	"kscope/views/cluster"
	"kscope/views/kit"
)

// fakeSwitch is a Switch func over fake services, one per context.
type fakeSwitch struct {
	mu    sync.Mutex
	svcs  map[string]*fakeService
	infos map[string]ContextInfo
	errs  map[string]error
	calls []string
}

func (f *fakeSwitch) fn(name string) (kafkaops.Service, ContextInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, name)
	if err := f.errs[name]; err != nil {
		return nil, ContextInfo{}, err
	}
	return f.svcs[name], f.infos[name], nil
}

// newContextsHarness starts on context "dev" (its service svc) with a
// second context "prod", read-only, whose service has other topics.
func newContextsHarness(t *testing.T, build Builder) (*harness, *fakeService, *fakeSwitch) {
	t.Helper()
	prod := newDemoService()
	prod.Topics = []kafkaops.Topic{{Name: "prod-only-topic", Partitions: 1, ReplicationFactor: 3}}
	prod.Cluster.Brokers = []kafkaops.Broker{{ID: 1, Host: "kafka-1", Port: 9093}, {ID: 2, Host: "kafka-2", Port: 9093}}
	contexts := []ContextInfo{
		{Name: "dev", Addr: "127.0.0.1:9092", Refresh: 10 * time.Second},
		{Name: "prod", Addr: "kafka-1:9093,kafka-2:9093", Auth: "SCRAM-SHA-512 user app · TLS", ReadOnly: true, Refresh: 10 * time.Second, TailBuffer: 500},
	}
	sw := &fakeSwitch{
		svcs:  map[string]*fakeService{"prod": prod, "dev": newDemoService()},
		infos: map[string]ContextInfo{"prod": contexts[1], "dev": contexts[0]},
		errs:  map[string]error{},
	}
	h := newHarness(t, newDemoService(), func(o *Options) {
		o.Cluster = "dev"
		o.Contexts = contexts
		o.ContextsFile = "/home/u/.config/kscope/config.yaml"
		o.Switch = sw.fn
		if build != nil {
			o.Build = build
		}
	})
	return h, prod, sw
}

func TestCtxSwitchReplacesServiceAndResetsStack(t *testing.T) {
	h, prod, sw := newContextsHarness(t, nil)
	old := h.svc
	if !strings.Contains(h.view(), "dev") {
		t.Fatalf("header lacks the context name:\n%s", h.view())
	}
	// Open something on top of the topic browser, to see the stack reset.
	h.send(kit.NavigateMsg{Route: kit.Route{Kind: kit.RouteBrokers}})
	if got := h.titles(); !strings.Contains(got, "Brokers") {
		t.Fatalf("stack = %s", got)
	}

	h.press(":")
	h.typeText("ctx prod")
	h.press("enter")

	if len(sw.calls) != 1 || sw.calls[0] != "prod" {
		t.Fatalf("switch calls = %v", sw.calls)
	}
	if h.m.Service() != prod {
		t.Errorf("the service was not replaced")
	}
	old.Mu.Lock()
	closed := old.Closed
	old.Mu.Unlock()
	if !closed {
		t.Errorf("the old service was not closed")
	}
	if got := h.titles(); got != "Topics" {
		t.Errorf("stack after the switch = %q, want the topic browser alone", got)
	}
	if prod.CallCount("ClusterInfo") == 0 {
		t.Errorf("the connection was not checked on the new context")
	}
	header := strings.Split(h.view(), "\n")[0]
	for _, want := range []string{"prod", "read-only", "2 brokers", "connected"} {
		if !strings.Contains(header, want) {
			t.Errorf("header %q lacks %q", header, want)
		}
	}
	if !h.m.opts.ReadOnly || h.m.opts.TailBuffer != 500 {
		t.Errorf("the context's settings did not apply: read-only %v, tail buffer %d", h.m.opts.ReadOnly, h.m.opts.TailBuffer)
	}
	if env := h.m.env(); env.Service != prod || !env.ReadOnly {
		t.Errorf("new screens would not get the new context: %+v", env)
	}

	// And back: read-write again, no read-only in the header.
	h.press(":")
	h.typeText("ctx dev")
	h.press("enter")
	header = strings.Split(h.view(), "\n")[0]
	if !strings.Contains(header, "dev") || strings.Contains(header, "read-only") {
		t.Errorf("header after switching back = %q", header)
	}
	if h.m.opts.ReadOnly {
		t.Errorf("still read-only after switching to a read-write context")
	}
}

func TestCtxListShowsContextsAndEnterSwitches(t *testing.T) {
	h, prod, _ := newContextsHarness(t, nil)
	h.press(":")
	h.typeText("ctx")
	h.press("enter")
	if _, ok := h.top().(*cluster.Contexts); !ok {
		t.Fatalf("top = %T, want the contexts list; stack %s", h.top(), h.titles())
	}
	v := h.view()
	for _, want := range []string{"dev", "prod", "kafka-1:9093", "SCRAM-SHA-512 user app", "read-only", "config.yaml"} {
		if !strings.Contains(v, want) {
			t.Errorf("contexts list lacks %q:\n%s", want, v)
		}
	}
	h.press("j", "enter")
	if h.m.Service() != prod {
		t.Fatalf("enter on prod did not switch")
	}
	if got := h.titles(); got != "Topics" {
		t.Errorf("stack = %q", got)
	}
}

func TestCtxPaletteCompletesContextNames(t *testing.T) {
	h, _, _ := newContextsHarness(t, nil)
	h.press(":")
	h.typeText("ctx p")
	ss := h.m.palette.suggestions()
	if len(ss) == 0 || ss[0].value != "ctx prod" {
		t.Fatalf("suggestions for 'ctx p' = %+v", ss)
	}
	h.press("tab")
	if got := h.m.palette.input.Value(); got != "ctx prod" {
		t.Errorf("tab completed to %q", got)
	}
	h.press("esc")

	// ":ctx " alone offers the list first, then each context.
	h.press(":")
	h.typeText("ctx ")
	ss = h.m.palette.suggestions()
	if len(ss) != 3 || ss[0].value != "ctx" || ss[1].value != "ctx dev" || ss[2].value != "ctx prod" {
		t.Errorf("suggestions for 'ctx ' = %+v", ss)
	}
	h.press("enter")
	if _, ok := h.top().(*cluster.Contexts); !ok {
		t.Errorf("enter on ':ctx ' opened %T, want the list", h.top())
	}
}

func TestCtxUnknownAndFailedSwitchKeepTheSession(t *testing.T) {
	h, _, sw := newContextsHarness(t, nil)
	before := h.m.Service()

	h.press(":")
	h.typeText("ctx nope")
	h.press("enter")
	if !strings.Contains(h.m.status.text, "no context nope") || !strings.Contains(h.m.status.text, "dev, prod") {
		t.Errorf("status = %q", h.m.status.text)
	}

	sw.errs["prod"] = errors.New(`context "prod": TLS CA file /x/ca.pem: no such file or directory`)
	h.press(":")
	h.typeText("ctx prod")
	h.press("enter")
	if h.m.Service() != before {
		t.Errorf("a failed switch replaced the service")
	}
	if !h.m.status.err || !strings.Contains(h.m.status.text, "cannot switch to prod") || !strings.Contains(h.m.status.text, "ca.pem") {
		t.Errorf("status = %q", h.m.status.text)
	}
	if strings.Contains(strings.Split(h.view(), "\n")[0], "prod") {
		t.Errorf("header names prod after a failed switch")
	}
}

func TestCtxWithoutContextsSaysWhere(t *testing.T) {
	h := newHarness(t, newDemoService(), func(o *Options) { o.ContextsFile = "/home/u/.config/kscope/config.yaml" })
	h.press(":")
	h.typeText("ctx prod")
	h.press("enter")
	if !strings.Contains(h.m.status.text, "no contexts") || !strings.Contains(h.m.status.text, "config.yaml") {
		t.Errorf("status = %q", h.m.status.text)
	}
}

func TestCtxSwitchThatHangsGivesUp(t *testing.T) {
	h, _, _ := newContextsHarness(t, nil)
	block := make(chan struct{})
	defer close(block)
	h.m.opts.Switch = func(string) (kafkaops.Service, ContextInfo, error) {
		<-block
		return nil, ContextInfo{}, errors.New("late")
	}
	h.m.opts.SwitchTimeout = 20 * time.Millisecond
	cmd := h.m.switchContext("prod")
	msg := runBatchFor[switchedMsg](t, cmd)
	if msg.err == nil || !strings.Contains(msg.err.Error(), "did not connect within") {
		t.Errorf("err = %v", msg.err)
	}
}

// runBatchFor runs cmd (and the commands of a batch) until one returns a
// T, skipping ticks.
func runBatchFor[T any](t *testing.T, cmd tea.Cmd) T {
	t.Helper()
	var zero T
	if cmd == nil {
		t.Fatalf("no command")
	}
	ch := make(chan any, 1)
	go func() { ch <- cmd() }()
	select {
	case msg := <-ch:
		if v, ok := msg.(T); ok {
			return v
		}
		if b, ok := msg.(tea.BatchMsg); ok {
			for _, c := range b {
				if c == nil {
					continue
				}
				if v, ok := tryRun[T](c); ok {
					return v
				}
			}
		}
	case <-time.After(2 * time.Second):
	}
	t.Fatalf("no %T came", zero)
	return zero
}

func tryRun[T any](c tea.Cmd) (T, bool) {
	ch := make(chan any, 1)
	go func() { ch <- c() }()
	select {
	case msg := <-ch:
		v, ok := msg.(T)
		return v, ok
	case <-time.After(time.Second):
		var zero T
		return zero, false
	}
}

func TestReadOnlyContextDisablesEveryWrite(t *testing.T) {
	h, _, _ := newContextsHarness(t, DefaultBuilder)
	h.press(":")
	h.typeText("ctx prod")
	h.press("enter")
	if !h.m.opts.ReadOnly {
		t.Fatalf("prod is not read-only")
	}
	const why = "this context is read-only"

	// The topic browser's create, delete and produce keys.
	for _, k := range []string{"n", "d", "p"} {
		h.press(k)
		if !strings.Contains(h.m.status.text, why) {
			t.Errorf("%s on the topic browser: status %q", k, h.m.status.text)
		}
		if got := h.titles(); got != h.top().Title() || len(h.m.stack) != 1 {
			t.Errorf("%s on the topic browser opened %s", k, got)
		}
	}
	// The palette's writing commands.
	for _, c := range []string{"create", "produce prod-only-topic"} {
		h.press(":")
		h.typeText(c)
		h.press("enter")
		if !strings.Contains(h.m.status.text, "read-only") || len(h.m.stack) != 1 {
			t.Errorf(":%s: status %q, stack %s", c, h.m.status.text, h.titles())
		}
	}
	// A route to a writing screen, whoever asks for it.
	for _, k := range []kit.RouteKind{kit.RouteProduce, kit.RouteCreateTopic, kit.RouteDeleteTopic} {
		h.send(kit.NavigateMsg{Route: kit.Route{Kind: k, Topic: "prod-only-topic"}})
		if !strings.Contains(h.m.status.text, why) || len(h.m.stack) != 1 {
			t.Errorf("route %v: status %q, stack %s", k, h.m.status.text, h.titles())
		}
	}
	// Group detail's reset and delete, on a screen built for this context.
	gd, ok := h.m.build(kit.Route{Kind: kit.RouteGroupDetail, Group: "payments-app"}, h.m.env())
	if !ok {
		t.Fatal("no group detail")
	}
	gd.SetSize(80, 20)
	for _, k := range []string{"o", "d"} {
		_, cmd := gd.Update(keyMsg(k))
		msg, ok := tryRun[kit.StatusMsg](cmd)
		if !ok || !strings.Contains(msg.Text, why) {
			t.Errorf("%s on group detail: %+v", k, msg)
		}
	}
	var help []string
	for _, b := range gd.ShortHelp() {
		if b.Enabled() && (b.Help().Key == "o" || b.Help().Key == "d") {
			t.Errorf("group detail's %s key is enabled on a read-only context", b.Help().Key)
		}
	}
	for _, col := range gd.FullHelp() {
		for _, b := range col {
			help = append(help, b.Help().Desc)
		}
	}
	if joined := strings.Join(help, " "); !strings.Contains(joined, "read-only") {
		t.Errorf("group detail's help does not say why reset/delete are off: %q", joined)
	}
}

func TestLongErrorsNeverWrapTheStatusLineOrErrorScreen(t *testing.T) {
	h, _, sw := newContextsHarness(t, nil)
	long := "dial tcp 10.0.0.1:9093: " + strings.Repeat("connect: connection refused; ", 200)
	sw.errs["prod"] = errors.New(long)
	h.press(":")
	h.typeText("ctx prod")
	h.press("enter")
	checkFits(t, h)

	// The error screen with a long error.
	h.svc.SetErr(errors.New(long + "\n\x1b[31mred\x1b[0m"))
	h.m.conn = connConnected
	h.send(checkedMsg{id: h.m.checkID, res: cluster.ConnCheckedMsg{Addr: h.m.addr, Err: h.svc.Err}})
	if _, ok := h.top().(*cluster.ConnError); !ok {
		t.Fatalf("top = %T", h.top())
	}
	checkFits(t, h)
}

// checkFits says whether the frame is exactly 24 lines of at most 80
// cells.
func checkFits(t *testing.T, h *harness) {
	t.Helper()
	lines := strings.Split(h.view(), "\n")
	if len(lines) != 24 {
		t.Errorf("frame has %d lines, want 24:\n%s", len(lines), h.view())
	}
	for i, l := range lines {
		if w := lipgloss.Width(l); w > 80 {
			t.Errorf("line %d is %d cells wide: %q", i, w, l)
		}
	}
}

// TestCtxReadsTheContextsFileAgain: a context added to the file after the
// start can be listed and switched to, because :ctx reads the file again.
func TestCtxReadsTheContextsFileAgain(t *testing.T) {
	added := ContextInfo{Name: "extra", Addr: "127.0.0.1:9094", Refresh: 10 * time.Second}
	sw := &fakeSwitch{
		svcs:  map[string]*fakeService{"extra": newDemoService()},
		infos: map[string]ContextInfo{"extra": added},
		errs:  map[string]error{},
	}
	reads := 0
	h := newHarness(t, newDemoService(), func(o *Options) {
		o.Cluster = "dev"
		o.Contexts = []ContextInfo{{Name: "dev", Addr: "127.0.0.1:9092"}}
		o.Switch = sw.fn
		o.ReloadContexts = func() ([]ContextInfo, error) {
			reads++
			return []ContextInfo{{Name: "dev", Addr: "127.0.0.1:9092"}, added}, nil
		}
	})
	h.press(":")
	h.typeText("ctx extra")
	h.press("enter")
	if reads != 1 {
		t.Fatalf(":ctx read the contexts file %d times, want once", reads)
	}
	if v := h.view(); strings.Contains(v, "no context extra") || !strings.Contains(v, "extra") {
		t.Errorf("switching to a context added to the file:\n%s", v)
	}
	h.press(":")
	h.typeText("ctx")
	h.press("enter")
	if v := h.view(); !strings.Contains(v, "127.0.0.1:9094") {
		t.Errorf(":ctx does not list the added context:\n%s", v)
	}
}

// TestContextWarningShownOnceWhenUsed: a context's warning (an inline
// password others can read) shows when it is switched to, once.
func TestContextWarningShownOnceWhenUsed(t *testing.T) {
	h, _, sw := newContextsHarness(t, nil)
	info := sw.infos["prod"]
	info.Warnings = []string{"inline password readable by others"}
	sw.infos["prod"] = info
	var shown []string
	for _, name := range []string{"prod", "dev", "prod"} {
		h.press(":")
		h.typeText("ctx " + name)
		h.press("enter")
		shown = append(shown, h.view())
	}
	if !strings.Contains(shown[0], "inline password readable by others") {
		t.Errorf("first switch to prod shows no warning:\n%s", shown[0])
	}
	if strings.Contains(shown[1], "inline password") || strings.Contains(shown[2], "inline password") {
		t.Errorf("the warning shows again or for another context:\n%s\n%s", shown[1], shown[2])
	}
}
