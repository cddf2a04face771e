package ui

import (
	"errors"
	"image/color"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"kscope/kafkaops"
	"kscope/views/cluster"
	"kscope/views/kit"
)

func TestStartsOnTopicsWhenConnected(t *testing.T) {
	h := newHarness(t, newFakeService())
	if got := h.titles(); got != "Topics" {
		t.Fatalf("stack = %q, want Topics", got)
	}
	v := h.view()
	for _, want := range []string{"kscope", "127.0.0.1:9092", "1 broker", "connected", "[Topics body 80x21]", ": command", "? help", "q quit", "x stub action"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	if !h.top().(*stubScreen).inited {
		t.Error("topics screen was not initialised")
	}
	tv := h.m.View()
	if !tv.AltScreen || tv.MouseMode != tea.MouseModeCellMotion || !strings.Contains(tv.WindowTitle, "127.0.0.1:9092") {
		t.Errorf("view settings: alt=%v mouse=%v title=%q", tv.AltScreen, tv.MouseMode, tv.WindowTitle)
	}
}

func TestResizeAt80x24(t *testing.T) {
	h := newHarness(t, newFakeService())
	h.send(kit.NavigateMsg{Route: kit.Route{Kind: kit.RouteTopicDetail, Topic: "a-topic-with-a-rather-long-name-that-does-not-fit-anywhere-near-the-header"}})
	for _, size := range [][2]int{{80, 24}, {160, 45}, {100, 30}, {80, 24}} {
		h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		lines := strings.Split(h.m.View().Content, "\n")
		if len(lines) != size[1] {
			t.Errorf("%v: %d lines, want %d", size, len(lines), size[1])
		}
		for i, l := range lines {
			if w := lipgloss.Width(l); w > size[0] {
				t.Errorf("%v: line %d is %d wide: %q", size, i, w, l)
			}
		}
		for _, s := range h.m.stack {
			st := s.(*stubScreen)
			if st.w != size[0] || st.h != size[1]-3 {
				t.Errorf("%v: %s sized %dx%d", size, st.title, st.w, st.h)
			}
		}
	}
	if !strings.HasPrefix(h.view(), "kscope") {
		t.Errorf("header is not first:\n%s", h.view())
	}
}

func TestNavigationPushPop(t *testing.T) {
	h := newHarness(t, newFakeService())
	h.send(kit.NavigateMsg{Route: kit.Route{Kind: kit.RouteTopicDetail, Topic: "bankbranch"}})
	if got := h.titles(); got != "Topics > bankbranch" {
		t.Fatalf("after navigate: %q", got)
	}
	if !strings.Contains(h.view(), "Topics › bankbranch") {
		t.Errorf("breadcrumb missing:\n%s", h.view())
	}
	if !strings.Contains(h.view(), "esc back") {
		t.Errorf("esc hint missing below a pushed screen")
	}
	h.press("esc")
	if got := h.titles(); got != "Topics" {
		t.Fatalf("after esc: %q", got)
	}
	// esc at the root does not pop: the root screen gets it (to clear a filter).
	h.press("esc")
	if got := h.titles(); got != "Topics" {
		t.Fatalf("after esc at root: %q", got)
	}
	if keys := h.top().(*stubScreen).keys; len(keys) != 1 || keys[0] != "esc" {
		t.Errorf("root screen keys = %v, want [esc]", keys)
	}
	// A view can ask to pop.
	h.run(h.m.push(&stubScreen{title: "pushed"}))
	h.send(kit.PopMsg{})
	h.send(kit.PopMsg{})
	if got := h.titles(); got != "Topics" {
		t.Fatalf("after pops: %q", got)
	}
	// A route with no screen yet says so.
	h.send(kit.NavigateMsg{Route: kit.Route{Kind: kit.RouteGroups}})
	if !strings.Contains(h.view(), "consumer groups is not available yet") {
		t.Errorf("no status for a missing screen:\n%s", h.view())
	}
}

func TestAnswersReachOnlyTheScreenThatAsked(t *testing.T) {
	h := newHarness(t, newFakeService())
	root := h.top().(*stubScreen)
	h.send(kit.NavigateMsg{Route: kit.Route{Kind: kit.RouteTopicDetail, Topic: "t"}})
	detail := h.top().(*stubScreen)
	// The root asked, though it is in the background.
	h.send(kit.AddressedMsg{To: root.Address(), Msg: pingMsg{n: 7}})
	if !root.got(pingMsg{n: 7}) || detail.got(pingMsg{n: 7}) {
		t.Errorf("answer reached root=%v detail=%v, want the root only", root.got(pingMsg{n: 7}), detail.got(pingMsg{n: 7}))
	}
	// An answer for a screen that has gone is dropped.
	gone := detail.Address()
	h.press("esc")
	h.send(kit.AddressedMsg{To: gone, Msg: pingMsg{n: 8}})
	if root.got(pingMsg{n: 8}) {
		t.Error("an answer for a closed screen reached another")
	}
}

func TestAsyncMessagesReachBackgroundScreens(t *testing.T) {
	h := newHarness(t, newFakeService())
	root := h.top().(*stubScreen)
	h.send(kit.NavigateMsg{Route: kit.Route{Kind: kit.RouteTopicDetail, Topic: "t"}})
	detail := h.top().(*stubScreen)
	h.send(pingMsg{n: 1})
	if !root.got(pingMsg{n: 1}) || !detail.got(pingMsg{n: 1}) {
		t.Errorf("ping reached root=%v detail=%v, want both", root.got(pingMsg{n: 1}), detail.got(pingMsg{n: 1}))
	}
	h.press("x")
	if len(root.keys) != 0 || len(detail.keys) != 1 {
		t.Errorf("key went to root=%v detail=%v, want the top only", root.keys, detail.keys)
	}
}

func TestMouseIsBodyRelative(t *testing.T) {
	h := newHarness(t, newFakeService())
	s := h.top().(*stubScreen)
	h.send(tea.MouseClickMsg{X: 3, Y: 5, Button: tea.MouseLeft})
	h.send(tea.MouseWheelMsg{X: 3, Y: 1, Button: tea.MouseWheelDown})
	h.send(tea.MouseClickMsg{X: 3, Y: 0, Button: tea.MouseLeft})  // the header
	h.send(tea.MouseClickMsg{X: 3, Y: 23, Button: tea.MouseLeft}) // the key hints
	if len(s.mouse) != 2 || s.mouse[0].Y != 4 || s.mouse[1].Y != 0 || s.mouse[0].X != 3 {
		t.Fatalf("mouse events = %+v, want Y 4 and 0 only", s.mouse)
	}
}

func TestStatusSetAndCleared(t *testing.T) {
	h := newHarness(t, newFakeService())
	h.send(kit.StatusMsg{Text: "created topic \"x\"\x1b[2J\nok"})
	v := h.view()
	if !strings.Contains(v, `✓ created topic "x" [2J ok`) {
		t.Fatalf("status not shown (sanitized):\n%s", v)
	}
	first := h.m.status.id
	h.send(kit.StatusMsg{Text: "[36] Topic Already Exists", Error: true})
	h.send(statusClearMsg{id: first}) // the first message's timer: stale
	if !strings.Contains(h.view(), "✗ [36] Topic Already Exists") {
		t.Fatalf("a stale clear removed the newer message:\n%s", h.view())
	}
	h.send(statusClearMsg{id: h.m.status.id})
	if strings.Contains(h.view(), "Topic Already Exists") {
		t.Fatalf("status not cleared:\n%s", h.view())
	}
}

func TestHelpToggle(t *testing.T) {
	h := newHarness(t, newFakeService())
	h.press("?")
	v := h.view()
	for _, want := range []string{"Help: Topics", "stub action", "command", "quit", "? or esc closes"} {
		if !strings.Contains(v, want) {
			t.Errorf("full help lacks %q:\n%s", want, v)
		}
	}
	h.press("?")
	if strings.Contains(h.view(), "Help: Topics") {
		t.Fatalf("? did not close help")
	}
	h.press("?", "esc")
	if strings.Contains(h.view(), "Help: Topics") || h.titles() != "Topics" {
		t.Fatalf("esc did not just close help")
	}
}

func TestQuitKeys(t *testing.T) {
	for _, k := range []string{"q", "ctrl+c"} {
		h := newHarness(t, newFakeService())
		h.press(k)
		if !h.quit {
			t.Errorf("%s did not quit", k)
		}
	}
}

func TestCapturingScreenGetsGlobalKeys(t *testing.T) {
	h := newHarness(t, newFakeService())
	h.run(h.m.push(&stubScreen{title: "form", capturing: true}))
	s := h.top().(*stubScreen)
	h.press("q", ":", "?", "esc")
	if h.quit || h.m.palette.open || h.m.showHelp || h.titles() != "Topics > form" {
		t.Fatalf("a global key acted while the screen captured input: quit=%v palette=%v help=%v stack=%q",
			h.quit, h.m.palette.open, h.m.showHelp, h.titles())
	}
	if got := strings.Join(s.keys, " "); got != "q : ? esc" {
		t.Errorf("screen got %q", got)
	}
	h.press("ctrl+c")
	if !h.quit {
		t.Error("ctrl+c must quit even while typing")
	}
}

func TestPalette(t *testing.T) {
	tests := []struct {
		name   string
		typed  string
		keys   []string
		stack  string
		status string
		quit   bool
	}{
		{name: "tab completes a prefix", typed: "br", keys: []string{"tab", "enter"}, stack: "Topics > Brokers"},
		{name: "enter takes the only match", typed: "bro", keys: []string{"enter"}, stack: "Topics > Brokers"},
		{name: "topics goes back to the root", typed: "topics", keys: []string{"enter"}, stack: "Topics"},
		{name: "down picks the next match", typed: "t", keys: []string{"down", "tab", "enter"}, status: "usage: :tail <topic>", stack: "Topics"},
		{name: "tail needs a topic", typed: "tail", keys: []string{"enter"}, status: "usage: :tail <topic>", stack: "Topics"},
		{name: "tail not built yet", typed: "tail bankbranch", keys: []string{"enter"}, status: "tail is not available yet", stack: "Topics"},
		{name: "groups not built yet", typed: "gr", keys: []string{"tab", "enter"}, status: "consumer groups is not available yet", stack: "Topics"},
		{name: "create not built yet", typed: "create", keys: []string{"enter"}, status: "create topic is not available yet", stack: "Topics"},
		{name: "unknown command", typed: "zap", keys: []string{"enter"}, status: "unknown command :zap", stack: "Topics"},
		{name: "esc closes", typed: "brokers", keys: []string{"esc"}, stack: "Topics"},
		{name: "quit", typed: "q", keys: []string{"enter"}, quit: true, stack: "Topics"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, newFakeService())
			h.press(":")
			if !h.m.palette.open {
				t.Fatal(": did not open the palette")
			}
			h.typeText(tc.typed)
			h.press(tc.keys...)
			if h.m.palette.open {
				t.Errorf("palette still open")
			}
			if got := h.titles(); got != tc.stack {
				t.Errorf("stack = %q, want %q", got, tc.stack)
			}
			if tc.status != "" && !strings.Contains(h.view(), tc.status) {
				t.Errorf("status lacks %q:\n%s", tc.status, h.view())
			}
			if h.quit != tc.quit {
				t.Errorf("quit = %v", h.quit)
			}
		})
	}
}

func TestPaletteShowsMatches(t *testing.T) {
	svc := newFakeService()
	svc.Topics = []kafkaops.Topic{{Name: "payments"}, {Name: "bankbranch"}, {Name: "__consumer_offsets", Internal: true}}
	h := newHarness(t, svc)
	h.send(tea.WindowSizeMsg{Width: 80, Height: 40}) // room for every command
	h.press(":")
	v := h.view()
	for _, c := range commands() {
		if !strings.Contains(v, c.name) {
			t.Errorf("empty palette does not list %s:\n%s", c.name, v)
		}
	}
	h.typeText("ta")
	v = h.view()
	if !strings.Contains(v, ":ta") || !strings.Contains(v, "tail <topic>") || strings.Contains(v, "brokers") {
		t.Errorf("palette after 'ta':\n%s", v)
	}
	h.press("tab")
	if got := h.m.palette.input.Value(); got != "tail " {
		t.Errorf("tab gave %q, want %q", got, "tail ")
	}
	// The argument completes from the cluster's topics, internal ones
	// left out.
	if v := h.view(); !strings.Contains(v, "bankbranch") || !strings.Contains(v, "payments") || strings.Contains(v, "__consumer_offsets") {
		t.Errorf("topic suggestions:\n%s", v)
	}
	h.typeText("ban")
	if v := h.view(); !strings.Contains(v, "bankbranch") || strings.Contains(v, "payments") {
		t.Errorf("topic suggestions after 'ban':\n%s", v)
	}
	h.press("tab")
	if got := h.m.palette.input.Value(); got != "tail bankbranch" {
		t.Errorf("tab on a topic gave %q", got)
	}
	h.press("backspace")
	if got := h.m.palette.input.Value(); got != "tail bankbranc" {
		t.Errorf("after backspace: %q", got)
	}
	h.typeText("zz")
	// No topic matches: the command itself is listed.
	if v := h.view(); !strings.Contains(v, "tail <topic>") || strings.Contains(v, "produce") {
		t.Errorf("argument listing:\n%s", v)
	}
}

func TestReadOnlyBlocksWritingCommands(t *testing.T) {
	h := newHarness(t, newFakeService(), func(o *Options) { o.ReadOnly = true })
	h.press(":")
	h.typeText("produce x")
	h.press("enter")
	if !strings.Contains(h.view(), "produce: disabled, this context is read-only") {
		t.Fatalf("read-only not enforced:\n%s", h.view())
	}
}

func TestThemeFollowsBackground(t *testing.T) {
	h := newHarness(t, newFakeService())
	st := h.m.st
	dark := st.Palette.Foreground
	h.send(tea.BackgroundColorMsg{Color: color.White})
	if h.m.isDark || h.m.st != st || st.Palette.Foreground == dark {
		t.Fatalf("light background: isDark=%v same pointer=%v fg changed=%v", h.m.isDark, h.m.st == st, st.Palette.Foreground != dark)
	}
	nc := New(Options{NoColor: true})
	if nc.st.Palette.Foreground != nil || nc.st.Palette.Accent != nil {
		t.Errorf("NO_COLOR still has colours: %+v", nc.st.Palette)
	}
}

var errRefused = errors.New("cannot reach 127.0.0.1:9092: dial tcp 127.0.0.1:9092: connect: connection refused")

func TestUnreachableShowsErrorAndRetries(t *testing.T) {
	svc := newFakeService()
	svc.SetErr(errRefused)
	h := newHarness(t, svc)
	ce, ok := h.top().(*cluster.ConnError)
	if !ok {
		t.Fatalf("top = %q, want the connection error", h.titles())
	}
	v := h.view()
	for _, want := range []string{"unreachable", "Cannot reach the Kafka cluster", "127.0.0.1:9092", "connection refused", "Retrying in 1s", "r retry now"} {
		if !strings.Contains(v, want) {
			t.Errorf("error screen lacks %q:\n%s", want, v)
		}
	}
	calls := svc.CallCount("ClusterInfo")
	h.press("r")
	if svc.CallCount("ClusterInfo") != calls+1 {
		t.Fatalf("r did not check again")
	}
	if ce.Failures() != 2 || ce.Remaining() != 2 {
		t.Errorf("after a failed retry: failures=%d remaining=%d, want 2 and 2s", ce.Failures(), ce.Remaining())
	}
	h.press("r")
	if ce.Remaining() != 4 {
		t.Errorf("backoff after 3 failures = %ds, want 4s", ce.Remaining())
	}
	svc.SetErr(nil)
	h.press("r")
	if got := h.titles(); got != "Topics" {
		t.Fatalf("after a successful retry: %q, want Topics", got)
	}
	if !strings.Contains(h.view(), "● connected") {
		t.Errorf("header not connected:\n%s", h.view())
	}
}

func TestHeartbeatFailureCoversAndRecoveryUncovers(t *testing.T) {
	svc := newFakeService()
	h := newHarness(t, svc)
	h.send(kit.NavigateMsg{Route: kit.Route{Kind: kit.RouteTopicDetail, Topic: "bankbranch"}})
	svc.SetErr(errRefused)
	h.send(heartbeatMsg{id: h.m.heartbeatID})
	if _, ok := h.top().(*cluster.ConnError); !ok || len(h.m.stack) != 3 {
		t.Fatalf("after a failed heartbeat: %q", h.titles())
	}
	// While the error screen retries by itself, heartbeats leave it alone.
	calls := svc.CallCount("ClusterInfo")
	h.send(heartbeatMsg{id: h.m.heartbeatID})
	if svc.CallCount("ClusterInfo") != calls {
		t.Errorf("a heartbeat checked while the error screen was up")
	}
	svc.SetErr(nil)
	h.press("r")
	if got := h.titles(); got != "Topics > bankbranch" {
		t.Fatalf("after recovery: %q, want the screens that were open", got)
	}
	// A stale heartbeat tick does nothing.
	calls = svc.CallCount("ClusterInfo")
	h.send(heartbeatMsg{id: h.m.heartbeatID - 1})
	if svc.CallCount("ClusterInfo") != calls {
		t.Errorf("a stale heartbeat checked")
	}
}

func TestWelcomeStartsLocalBroker(t *testing.T) {
	dead := newFakeService()
	dead.SetErr(errRefused)
	live := newFakeService()
	started := 0
	h := newHarness(t, dead, func(o *Options) {
		o.OfferLocal = true
		o.StartLocal = func() (LocalCluster, error) {
			started++
			return LocalCluster{Addr: "127.0.0.1:9092", Service: live}, nil
		}
	})
	v := h.view()
	for _, want := range []string{"Welcome to kscope", "No Kafka broker answers at 127.0.0.1:9092", "l  start kscope's bundled broker", "kscope --brokers", "KSCOPE_BROKERS"} {
		if !strings.Contains(v, want) {
			t.Errorf("welcome lacks %q:\n%s", want, v)
		}
	}
	h.press("l")
	if started != 1 || h.m.Service() != live || !dead.Closed {
		t.Fatalf("started=%d switched=%v old closed=%v", started, h.m.Service() == live, dead.Closed)
	}
	if got := h.titles(); got != "Topics" {
		t.Fatalf("after starting the local broker: %q", got)
	}
	if !strings.Contains(h.view(), "bundled broker started at 127.0.0.1:9092") {
		t.Errorf("no status after start:\n%s", h.view())
	}
}

func TestWelcomeStartFailureIsReported(t *testing.T) {
	dead := newFakeService()
	dead.SetErr(errRefused)
	h := newHarness(t, dead, func(o *Options) {
		o.OfferLocal = true
		o.StartLocal = func() (LocalCluster, error) {
			return LocalCluster{}, errors.New("listen tcp 127.0.0.1:9092: address already in use")
		}
	})
	h.press("l")
	if !strings.Contains(h.view(), "could not start the bundled broker: listen tcp") {
		t.Fatalf("no error status:\n%s", h.view())
	}
	if _, ok := h.top().(*cluster.ConnError); !ok {
		t.Fatalf("welcome left: %q", h.titles())
	}
}

func TestCheckGivesUpOnAServiceThatHangs(t *testing.T) {
	hs := &hangingService{release: make(chan struct{})}
	defer close(hs.release)
	start := time.Now()
	_, err := clusterInfo(hs, "127.0.0.1:9", 30*time.Millisecond)
	if err == nil || !strings.Contains(err.Error(), "no answer from 127.0.0.1:9 within 30ms") {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %s", d)
	}
}

func TestBreadcrumbKeepsTheCurrentScreen(t *testing.T) {
	h := newHarness(t, newFakeService())
	for _, title := range []string{"Brokers (12)", "Broker 1001 configs", "a-rather-long-topic-name"} {
		h.run(h.m.push(&stubScreen{title: title}))
	}
	header := strings.Split(h.view(), "\n")[0]
	if !strings.HasSuffix(header, "a-rather-long-topic-name") || !strings.Contains(header, "… › ") || lipgloss.Width(header) > 80 {
		t.Errorf("header %q", header)
	}
}

func TestPaletteEnterTakesHighlightedTopic(t *testing.T) {
	svc := newFakeService()
	svc.Topics = []kafkaops.Topic{{Name: "bankbranch"}, {Name: "payments"}}
	var asked []kit.Route
	h := newHarness(t, svc, func(o *Options) {
		o.Build = func(r kit.Route, env Env) (kit.Screen, bool) {
			asked = append(asked, r)
			return stubBuilder(r, env)
		}
	})
	h.press(":")
	h.typeText("tail ")
	h.press("down", "enter")
	last := asked[len(asked)-1]
	if last.Kind != kit.RouteTail || last.Topic != "payments" {
		t.Errorf("enter on the highlighted topic asked for %+v, want tail of payments", last)
	}
	if r := h.m.palette.resolve(); r.name != "" {
		t.Errorf("palette not reset: %+v", r)
	}
}

func TestEscClearsAScreensFilterBeforeGoingBack(t *testing.T) {
	h := newHarness(t, newDemoService(), func(o *Options) { o.Build = DefaultBuilder })
	h.press("enter") // audit-log, first by name
	h.press("esc")
	h.press("down", "enter")
	if got := h.titles(); got != "Topics (4/5) > bankbranch" {
		t.Fatalf("stack = %q", got)
	}
	h.press("/")
	h.typeText("retention")
	h.press("enter", "esc")
	if got := h.titles(); got != "Topics (4/5) > bankbranch" {
		t.Fatalf("esc with a kept config filter left the detail: %q", got)
	}
	if v := h.view(); strings.Contains(v, "/retention") {
		t.Fatalf("filter not cleared:\n%s", v)
	}
	h.press("esc")
	if got := h.titles(); got != "Topics (4/5)" {
		t.Fatalf("second esc: stack = %q", got)
	}
}

func TestHeaderKeepsStateInViewAt80(t *testing.T) {
	h := newHarness(t, newFakeService(), func(o *Options) {
		o.Addr = "kafka-1.example.invalid:9092,kafka-2.example.invalid:9092,kafka-3.example.invalid:9092"
	})
	head := strings.Split(h.view(), "\n")[0]
	for _, want := range []string{"kafka-1.example.invalid:9092 (+2)", "1 broker", "● connected"} {
		if !strings.Contains(head, want) {
			t.Errorf("header lacks %q: %q", want, head)
		}
	}
	h = newHarness(t, newFakeService(), func(o *Options) {
		o.Cluster = "production-eu-west-1-primary-cluster-with-a-very-long-context-name"
	})
	head = strings.Split(h.view(), "\n")[0]
	if !strings.Contains(head, "● connected") || !strings.Contains(head, "1 broker") || !strings.Contains(head, "production-eu") {
		t.Errorf("long context name pushed the state out: %q", head)
	}
	if w := lipgloss.Width(head); w > 80 {
		t.Errorf("header is %d wide", w)
	}
}

func TestKeyHintsFitAndKeepEsc(t *testing.T) {
	h := newHarness(t, newDemoService(), func(o *Options) { o.Build = DefaultBuilder })
	h.press("/")
	h.typeText("ban")
	h.press("enter")
	for _, w := range []int{80, 100, 60} {
		h.send(tea.WindowSizeMsg{Width: w, Height: 24})
		lines := strings.Split(h.view(), "\n")
		last := lines[len(lines)-1]
		if lipgloss.Width(last) > w || strings.HasSuffix(last, "…") && !strings.Contains(last, "q quit") {
			t.Errorf("%d wide: hints %q", w, last)
		}
		if !strings.Contains(last, "esc clear filter") {
			t.Errorf("%d wide: the esc hint is gone: %q", w, last)
		}
	}
}

// TestLocalOffersToTakeOverTheBroker: kscope --local exploring another
// kscope's broker, which quits: the connection error offers l at any
// depth, and l starts the bundled broker here.
func TestLocalOffersToTakeOverTheBroker(t *testing.T) {
	shared := newFakeService()
	live := newFakeService()
	started := 0
	h := newHarness(t, shared, func(o *Options) {
		o.StartLocal = func() (LocalCluster, error) {
			started++
			return LocalCluster{Addr: "127.0.0.1:9092", Service: live}, nil
		}
	})
	h.send(kit.NavigateMsg{Route: kit.Route{Kind: kit.RouteBrokers}})
	shared.SetErr(errRefused)
	h.run(h.m.check())
	if _, ok := h.top().(*cluster.ConnError); !ok {
		t.Fatalf("no connection error after the broker went: %q", h.titles())
	}
	h.press("l")
	if started != 1 || h.m.Service() != live {
		t.Fatalf("l did not start the bundled broker: started=%d\n%s", started, h.view())
	}
}

// Issue 13: at 60 columns the breadcrumb names the screen in view whole;
// the bootstrap address gives way to it.
func TestHeaderBreadcrumbFitsAt60(t *testing.T) {
	h := newHarness(t, newDemoService(), func(o *Options) {
		o.Build = DefaultBuilder
		o.Addr = "127.0.0.1:42299"
	})
	h.send(tea.WindowSizeMsg{Width: 60, Height: 15})
	h.press("/")
	h.typeText("bankbranch")
	h.press("enter")
	h.press("enter")
	head := strings.Split(h.view(), "\n")[0]
	if !strings.HasSuffix(strings.TrimRight(head, " "), "bankbranch") {
		t.Errorf("the breadcrumb is cut at 60 columns: %q", head)
	}
	if !strings.Contains(head, "● connected") || lipgloss.Width(head) > 60 {
		t.Errorf("header %q (%d wide)", head, lipgloss.Width(head))
	}
	h.press("p") // "Produce to bankbranch": the address gives way whole
	head = strings.Split(h.view(), "\n")[0]
	if !strings.HasSuffix(strings.TrimRight(head, " "), "bankbranch") || lipgloss.Width(head) > 60 {
		t.Errorf("the produce form's breadcrumb is cut at 60 columns: %q", head)
	}
}
