package kittest

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"kscope/theme"
	"kscope/views/kit"
)

var update = flag.Bool("update", false, "update golden files")

// TestStyles are the no-colour styles, so rendered text is plain apart from
// bold, faint and reverse attributes.
func TestStyles() *theme.Styles { return theme.New(true, true) }

// cmdWait bounds how long RunCmd waits for one command: service calls on
// the fake return at once, timers (tea.Tick) never within it.
const cmdWait = 100 * time.Millisecond

// RunCmd runs cmd and the commands of any batch it returns, and returns the
// messages that arrived in time. Timer commands are left running.
func RunCmd(cmd tea.Cmd) []tea.Msg { return RunCmdWithin(cmd, cmdWait) }

// RunCmdWithin is RunCmd waiting up to wait for each command: for a
// screen whose commands do real work (reading a file) and set no timer,
// which on a loaded machine can take longer than RunCmd waits.
func RunCmdWithin(cmd tea.Cmd, wait time.Duration) []tea.Msg {
	if cmd == nil {
		return nil
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-ch:
	case <-time.After(wait):
		return nil
	}
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, RunCmdWithin(c, wait)...)
		}
		return out
	}
	if a, ok := msg.(kit.AddressedMsg); ok {
		// A test drives one screen: it is the one that asked.
		msg = a.Msg
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}

// Feed sends msg to s, then runs the commands it returns and feeds their
// results back until none are left. Messages meant for the root
// (navigation, status) are returned instead.
func Feed(s kit.Screen, msg tea.Msg) (kit.Screen, []tea.Msg) {
	var out []tea.Msg
	queue := []tea.Msg{msg}
	for len(queue) > 0 {
		m := queue[0]
		queue = queue[1:]
		switch m.(type) {
		case kit.NavigateMsg, kit.PopMsg, kit.StatusMsg, kit.ClearStatusMsg:
			out = append(out, m)
			continue
		}
		var cmd tea.Cmd
		s, cmd = s.Update(m)
		queue = append(queue, runSeq(cmd)...)
	}
	return s, out
}

// Start builds the screen's first frame: size, Init, results fed back.
func Start(t *testing.T, s kit.Screen, w, h int) (kit.Screen, []tea.Msg) {
	t.Helper()
	return StartWithin(t, s, w, h, cmdWait)
}

// StartWithin is Start waiting up to wait for each of Init's commands
// (see RunCmdWithin): only for a screen whose Init sets no timer.
func StartWithin(t *testing.T, s kit.Screen, w, h int, wait time.Duration) (kit.Screen, []tea.Msg) {
	t.Helper()
	s.SetSize(w, h)
	var out []tea.Msg
	for _, m := range RunCmdWithin(s.Init(), wait) {
		var o []tea.Msg
		s, o = Feed(s, m)
		out = append(out, o...)
	}
	return s, out
}

// Press sends keys one at a time; "enter", "esc", "tab", "up", "down",
// "pgdown", "pgup", "home", "end", "backspace" and "shift+tab" are special
// keys, anything else is typed rune by rune.
func Press(s kit.Screen, keys ...string) (kit.Screen, []tea.Msg) {
	var out []tea.Msg
	for _, k := range keys {
		for _, km := range KeyMsgs(k) {
			var o []tea.Msg
			s, o = Feed(s, km)
			out = append(out, o...)
		}
	}
	return s, out
}

// KeyMsgs turns a key name ("enter", "ctrl+c") or text into key presses.
func KeyMsgs(k string) []tea.KeyPressMsg {
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

// Plain is the screen's View without styles.
func Plain(s kit.Screen) string { return ansi.Strip(s.View()) }

// Statuses returns the texts of the status messages in msgs.
func Statuses(msgs []tea.Msg) []string {
	var out []string
	for _, m := range msgs {
		if s, ok := m.(kit.StatusMsg); ok {
			out = append(out, s.Text)
		}
	}
	return out
}

// Navigations returns the routes of the navigation messages in msgs.
func Navigations(msgs []tea.Msg) []kit.Route {
	var out []kit.Route
	for _, m := range msgs {
		if n, ok := m.(kit.NavigateMsg); ok {
			out = append(out, n.Route)
		}
	}
	return out
}

// Golden compares got with testdata/name, or rewrites it with -update.
func Golden(t *testing.T, name, got string) {
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

// RunSeq runs cmd like RunCmd and also expands tea.Sequence, in order.
func RunSeq(cmd tea.Cmd) []tea.Msg { return runSeq(cmd) }

// runSeq runs cmd like runCmd and also expands tea.Sequence, in order.
func runSeq(cmd tea.Cmd) []tea.Msg {
	msgs := RunCmd(cmd)
	var out []tea.Msg
	for _, m := range msgs {
		v := reflect.ValueOf(m)
		if v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
			for i := 0; i < v.Len(); i++ {
				c, _ := v.Index(i).Interface().(tea.Cmd)
				out = append(out, runSeq(c)...)
			}
			continue
		}
		out = append(out, m)
	}
	return out
}

// FeedAll is feed that also expands sequences, and also returns
// TopicsChangedMsg (which the root broadcasts) with the root's messages.
func FeedAll(s kit.Screen, msg tea.Msg) (kit.Screen, []tea.Msg) {
	var out []tea.Msg
	queue := []tea.Msg{msg}
	for len(queue) > 0 {
		m := queue[0]
		queue = queue[1:]
		switch m.(type) {
		case kit.NavigateMsg, kit.PopMsg, kit.StatusMsg, kit.ClearStatusMsg, kit.TopicsChangedMsg:
			out = append(out, m)
			continue
		}
		var cmd tea.Cmd
		s, cmd = s.Update(m)
		queue = append(queue, runSeq(cmd)...)
	}
	return s, out
}

// KeysAll is press with feedAll; a key is a string for press or a
// message (ctrl('s'), a paste) sent as it is.
func KeysAll(s kit.Screen, keys ...any) (kit.Screen, []tea.Msg) {
	var out []tea.Msg
	for _, k := range keys {
		var ms []tea.Msg
		switch k := k.(type) {
		case string:
			for _, km := range KeyMsgs(k) {
				ms = append(ms, km)
			}
		case tea.Msg:
			ms = append(ms, k)
		}
		for _, m := range ms {
			var o []tea.Msg
			s, o = FeedAll(s, m)
			out = append(out, o...)
		}
	}
	return s, out
}

// Ctrl returns the key press ctrl+r.
func Ctrl(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Mod: tea.ModCtrl} }

// Send feeds one message and returns the screen and the root's messages.
func Send(t *testing.T, s kit.Screen, msg tea.Msg) (kit.Screen, []tea.Msg) {
	t.Helper()
	return FeedAll(s, msg)
}

// HasPop reports whether msgs ask the root to close the screen.
func HasPop(msgs []tea.Msg) bool {
	for _, m := range msgs {
		if _, ok := m.(kit.PopMsg); ok {
			return true
		}
	}
	return false
}

// CheckFrame fails unless v is exactly h lines of at most w cells.
func CheckFrame(t *testing.T, v string, w, h int) {
	t.Helper()
	lines := strings.Split(v, "\n")
	if len(lines) != h {
		t.Errorf("view is %d lines, want %d:\n%s", len(lines), h, v)
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Errorf("line %d is %d cells wide, more than %d: %q", i, lw, w, l)
		}
	}
}

// FocusedLine returns the line with the focus mark, "" if none shows.
func FocusedLine(v string) string {
	for _, l := range strings.Split(v, "\n") {
		if strings.Contains(l, "▸") {
			return l
		}
	}
	return ""
}

// PlainAt renders s at a size.
func PlainAt(s kit.Screen, w, h int) string {
	s.SetSize(w, h)
	return Plain(s)
}

// FitsEverySize renders the screen mk builds at sizes from tiny to large,
// after exercising keys and the mouse: no panic, never wider than the
// body, exactly as tall.
func FitsEverySize(t *testing.T, name string, mk func() kit.Screen) {
	t.Helper()
	sizes := [][2]int{{20, 5}, {40, 10}, {80, 24}, {100, 30}, {149, 40}, {150, 40}, {200, 50}, {300, 80}}
	for _, sz := range sizes {
		s, _ := Start(t, mk(), sz[0], sz[1])
		s, _ = Press(s, "tab", "G", "j", "/", "e", "enter")
		s, _ = Feed(s, tea.MouseWheelMsg{Button: tea.MouseWheelDown, X: 5, Y: sz[1] - 2})
		s, _ = Feed(s, tea.MouseClickMsg{Button: tea.MouseLeft, X: 5, Y: 4})
		lines := strings.Split(s.View(), "\n")
		if len(lines) != sz[1] {
			t.Errorf("%s at %dx%d: %d lines", name, sz[0], sz[1], len(lines))
		}
		for i, l := range lines {
			if w := ansi.StringWidth(l); w > sz[0] {
				t.Errorf("%s at %dx%d: line %d is %d wide: %q", name, sz[0], sz[1], i, w, l)
			}
		}
	}
}

// Refreshing sets how often s reloads itself (see kit.Refresher) and
// returns it; a negative every turns auto-refresh off.
func Refreshing(s kit.Screen, every time.Duration) kit.Screen {
	s.(kit.Refresher).SetRefresh(every)
	return s
}

// LipglossWidth is the cells s takes on a terminal.
func LipglossWidth(s string) int { return ansi.StringWidth(s) }
