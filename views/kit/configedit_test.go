package kit_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

// alterLog is a resource whose configs a ConfigEdit changes: it records
// every alter and answers with err.
type alterLog struct {
	mu      sync.Mutex
	entries []kafkaops.ConfigEntry
	alters  []kit.ConfigChange
	err     error
	told    string // the config Applied's notice named
}

// sent returns the alters so far, dry runs included.
func (l *alterLog) sent() []kit.ConfigChange {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]kit.ConfigChange(nil), l.alters...)
}

// spec is a ConfigEditSpec over l: the broker's normaliser, a default of
// 7d, a removal that always has something to remove.
func (l *alterLog) spec(name string) kit.ConfigEditSpec {
	return kit.ConfigEditSpec{
		Subject: "res-1", Where: "this resource", Name: name,
		ResetTitle: "Reset", ResetVerb: "reset",
		Load: func(context.Context) ([]kafkaops.ConfigEntry, error) {
			l.mu.Lock()
			defer l.mu.Unlock()
			return l.entries, nil
		},
		Alter: func(_ context.Context, ch kit.ConfigChange) error {
			l.mu.Lock()
			defer l.mu.Unlock()
			l.alters = append(l.alters, ch)
			return l.err
		},
		Normalize:    kafkaops.NormalizeBrokerConfig,
		NeedsCurrent: true,
		Overridden:   func(c kafkaops.ConfigEntry) bool { return !c.Default },
		Source:       func(c kafkaops.ConfigEntry) string { return "source " + string(c.Source) },
		// The diff says what the edit passed: the entry and the default.
		Remove: func(name string, cur kafkaops.ConfigEntry, _ bool, def kit.ConfigDefault) (kit.ConfigChange, error) {
			diff := fmt.Sprintf("drop %s=%s, default %s known %v", name, cur.Value, def.Value, def.Known)
			return kit.ConfigChange{Alter: kafkaops.ConfigAlter{Delete: []string{name}}, Diff: diff}, nil
		},
		Applied: func(ch kit.ConfigChange) (tea.Cmd, string) {
			return func() tea.Msg {
				l.mu.Lock()
				defer l.mu.Unlock()
				l.told = name
				return nil
			}, "done: " + ch.Diff
		},
	}
}

func newLog() *alterLog {
	return &alterLog{entries: []kafkaops.ConfigEntry{
		{Name: "retention.ms", Value: "604800000", Source: "OVERRIDE"},
		{Name: "threads", Value: "1", Source: "DEFAULT", Default: true},
	}}
}

func startConfigEdit(t *testing.T, spec kit.ConfigEditSpec) kit.Screen {
	t.Helper()
	s, _ := kittest.Start(t, kit.NewConfigEdit(kittest.TestStyles(), spec), 100, 30)
	return s
}

// TestConfigEditDryRunDiffThenApply: the value typed in units is shown in
// Kafka's form, enter dry-runs it and shows the diff, y makes the change
// for real and closes with the spec's notice and status.
func TestConfigEditDryRunDiffThenApply(t *testing.T) {
	l := newLog()
	s := startConfigEdit(t, l.spec("retention.ms"))
	kittest.MustShow(t, s, "Edit retention.ms of res-1", "Current: 604800000 (7d)", "Source:  source OVERRIDE", "> 604800000")
	s, _ = kittest.KeysAll(s, kittest.Ctrl('u'), "3d")
	kittest.MustShow(t, s, "= 259200000 (3d)", "enter dry run · esc cancel")
	s, msgs := kittest.KeysAll(s, "enter")
	got := l.sent()
	if len(got) != 1 || !got[0].Alter.ValidateOnly || got[0].Alter.Set["retention.ms"] != "259200000" {
		t.Fatalf("enter sent %+v, want one dry run of retention.ms=259200000", got)
	}
	if kittest.HasPop(msgs) {
		t.Fatal("the dry run closed the screen")
	}
	kittest.MustShow(t, s, "retention.ms: 604800000 (7d) → 259200000 (3d)", "the broker accepts it (dry run) · y apply · esc edit again")
	_, msgs = kittest.KeysAll(s, "y")
	got = l.sent()
	if len(got) != 2 || got[1].Alter.ValidateOnly || got[1].Alter.Set["retention.ms"] != "259200000" {
		t.Fatalf("y sent %+v, want the change made for real", got)
	}
	l.mu.Lock()
	changed := l.told == "retention.ms"
	l.mu.Unlock()
	st := kittest.Statuses(msgs)
	if !kittest.HasPop(msgs) || !changed || len(st) != 1 || st[0] != "done: retention.ms: 604800000 (7d) → 259200000 (3d)" {
		t.Errorf("after y: pop %v, notice %v, status %q; want all three", kittest.HasPop(msgs), changed, st)
	}
}

// TestConfigEditDryRunRefusedInWords: the broker's refusal is shown in
// words, in the box and the status line; the typed value stays and y does
// nothing.
func TestConfigEditDryRunRefusedInWords(t *testing.T) {
	l := newLog()
	l.err = errors.New("POLICY_VIOLATION: retention.ms below the allowed minimum")
	s := startConfigEdit(t, l.spec("retention.ms"))
	s, msgs := kittest.KeysAll(s, kittest.Ctrl('u'), "1h", "enter")
	kittest.MustShow(t, s, "✗ Kafka refused the change: POLICY_VIOLATION", "allowed minimum", "> 1h")
	if st := kittest.Statuses(msgs); len(st) != 1 || !strings.Contains(st[0], "POLICY_VIOLATION") {
		t.Errorf("status %v, want the Kafka error", st)
	}
	if kittest.HasPop(msgs) {
		t.Error("a refusal closed the screen")
	}
	s, _ = kittest.KeysAll(s, "y")
	if n := len(l.sent()); n != 1 {
		t.Errorf("%d alters after y, want the one refused dry run", n)
	}
	kittest.MustShow(t, s, "> 1hy")
}

// TestConfigEditEscCancels: esc on the diff goes back to the value, y
// then types; esc on the value closes without a change.
func TestConfigEditEscCancels(t *testing.T) {
	l := newLog()
	s := startConfigEdit(t, l.spec("retention.ms"))
	s, _ = kittest.KeysAll(s, kittest.Ctrl('u'), "2d", "enter", "esc")
	kittest.MustNotShow(t, s, "y apply")
	kittest.MustShow(t, s, "enter dry run")
	s, msgs := kittest.KeysAll(s, "y", "esc")
	if n := len(l.sent()); n != 1 || !kittest.HasPop(msgs) {
		t.Errorf("%d alters, pop %v; want only the dry run and esc closing", n, kittest.HasPop(msgs))
	}
	if kittest.Plain(s) == "" {
		t.Error("the edit drew nothing")
	}
}

// TestConfigEditRefusesInvalidValue: a value the normaliser refuses says
// why as it is typed and on enter, and never reaches the broker; the same
// value again changes nothing.
func TestConfigEditRefusesInvalidValue(t *testing.T) {
	l := newLog()
	s := startConfigEdit(t, l.spec("retention.ms"))
	s, _ = kittest.KeysAll(s, kittest.Ctrl('u'), "soon")
	kittest.MustShow(t, s, "! retention.ms must be a whole number")
	s, _ = kittest.KeysAll(s, "enter")
	kittest.MustShow(t, s, "✗ retention.ms must be a whole number")
	s, _ = kittest.KeysAll(s, kittest.Ctrl('u'), "7d", "enter")
	kittest.MustShow(t, s, "✗ retention.ms is already 604800000 (7d) on this resource: nothing to")
	if n := len(l.sent()); n != 0 {
		t.Errorf("%d alters sent, want none", n)
	}
}

// TestConfigEditResetDryRunsAtOnce: opened to reset, the edit waits for
// the default, dry-runs the removal with no input, resets on y; esc on
// the diff closes without a change.
func TestConfigEditResetDryRunsAtOnce(t *testing.T) {
	l := newLog()
	spec := l.spec("retention.ms")
	spec.Reset = true
	spec.Default = func(context.Context, string) (string, bool, error) { return "86400000", true, nil }
	s := startConfigEdit(t, spec)
	kittest.MustShow(t, s, "Reset retention.ms of res-1", "drop retention.ms=604800000, default 86400000 known true",
		"the broker accepts it (dry run) · y reset · esc cancel")
	kittest.MustNotShow(t, s, "New value")
	if got := l.sent(); len(got) != 1 || !got[0].Alter.ValidateOnly || got[0].Alter.Delete[0] != "retention.ms" {
		t.Fatalf("opening sent %+v, want one dry run of the removal", got)
	}
	_, msgs := kittest.KeysAll(s, "esc")
	if !kittest.HasPop(msgs) || len(l.sent()) != 1 {
		t.Errorf("esc: pop %v, %d alters; want a close and no change", kittest.HasPop(msgs), len(l.sent()))
	}
	s = startConfigEdit(t, spec)
	kittest.KeysAll(s, "y")
	if got := l.sent(); len(got) != 3 || got[2].Alter.ValidateOnly {
		t.Errorf("y sent %+v, want the removal made", got)
	}
}

// TestConfigEditAsksForTheName: without a name the edit asks for one,
// completes it with tab and refuses one the spec does not know.
func TestConfigEditAsksForTheName(t *testing.T) {
	l := newLog()
	spec := l.spec("")
	spec.Complete = func(p string) string {
		if strings.HasPrefix("threads", p) {
			return "threads"
		}
		return ""
	}
	spec.CheckName = func(n string) error {
		if n != "threads" {
			return errors.New(n + " is not a config")
		}
		return nil
	}
	s := startConfigEdit(t, spec)
	kittest.MustShow(t, s, "Add config · res-1", "Config name:", "tab complete · enter next · esc cancel")
	s, _ = kittest.KeysAll(s, "bogus", "enter")
	kittest.MustShow(t, s, "✗ bogus is not a config")
	s, _ = kittest.KeysAll(s, kittest.Ctrl('u'), "th", "tab", "enter")
	kittest.MustShow(t, s, "Edit threads of res-1", "Source:  source DEFAULT", "> 1")
	s, _ = kittest.KeysAll(s, kittest.Ctrl('u'), "4", "enter")
	kittest.MustShow(t, s, "threads: 1 → 4")
}

// TestConfigEditFitsEverySize: the box never draws wider or taller than
// the body.
func TestConfigEditFitsEverySize(t *testing.T) {
	kittest.FitsEverySize(t, "configedit", func() kit.Screen { return kit.NewConfigEdit(kittest.TestStyles(), newLog().spec("retention.ms")) })
}

// TestConfigEditBoxSaysWhatTheHelpLineSays: in every phase the box's key
// line and the help line name the same keys with the same words, and
// those words are what the keys do (esc on the diff edits again, on the
// value it cancels).
func TestConfigEditBoxSaysWhatTheHelpLineSays(t *testing.T) {
	l := newLog()
	s := startConfigEdit(t, l.spec("retention.ms"))
	for _, step := range []struct {
		keys []any
		want string
	}{
		{keys: []any{kittest.Ctrl('u'), "2d"}, want: "enter dry run · esc cancel"},
		{keys: []any{"enter"}, want: "y apply · esc edit again"},
		{keys: []any{"esc"}, want: "enter dry run · esc cancel"},
	} {
		s, _ = kittest.KeysAll(s, step.keys...)
		kittest.MustShow(t, s, step.want)
		if got := kit.KeyHints(s.ShortHelp()); got != step.want {
			t.Errorf("after %v the help line says %q, the box %q", step.keys, got, step.want)
		}
	}
	spec := l.spec("retention.ms")
	spec.Reset, spec.ResetVerb = true, "reset"
	s = startConfigEdit(t, spec)
	kittest.MustShow(t, s, "y reset · esc cancel")
	if got := kit.KeyHints(s.ShortHelp()); got != "y reset · esc cancel" {
		t.Errorf("reset: the help line says %q, the box y reset · esc cancel", got)
	}
}
