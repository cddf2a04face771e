package cluster

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

func brokerEditFake() *kafkaopstest.AdminFake {
	f := kafkaopstest.NewAdminFake()
	f.Cluster = BrokersFake().Cluster
	f.BrokerCfgs = map[int32][]kafkaops.ConfigEntry{1: {
		{Name: "log.retention.ms", Value: "604800000", Source: kafkaops.SourceDynamicBroker},
		{Name: "log.cleaner.threads", Value: "1", Source: kafkaops.SourceDefault, Default: true},
		{Name: "log.dirs", Value: "/var/kafka", Source: kafkaops.SourceStaticBroker, ReadOnly: true, Default: true},
		{Name: "auto.create.topics.enable", Value: "true", Source: kafkaops.SourceDefault, Default: true},
	}}
	return f
}

func mustShow(t *testing.T, s kit.Screen, wants ...string) {
	t.Helper()
	v := kittest.Plain(s)
	for _, w := range wants {
		if !strings.Contains(v, w) {
			t.Errorf("view lacks %q:\n%s", w, v)
		}
	}
}

// hasHelp reports whether the bindings show every one of keys.
func hasHelp(bs []key.Binding, keys ...string) bool {
	for _, k := range keys {
		found := false
		for _, b := range bs {
			found = found || b.Help().Key == k
		}
		if !found {
			return false
		}
	}
	return true
}

func TestBrokerConfigsCursorEditsTheRowUnderIt(t *testing.T) {
	f := brokerEditFake()
	s, _ := kittest.Start(t, NewBrokerConfigs(f, kittest.TestStyles(), 1), 100, 20)
	// The override comes first and the cursor starts on it.
	if got := kittest.FocusedLine(kittest.Plain(s)); !strings.Contains(got, "▸ log.retention.ms") {
		t.Errorf("cursor line = %q, want the override", got)
	}
	_, msgs := kittest.Press(s, "e")
	nav := kittest.Navigations(msgs)
	if len(nav) != 1 || nav[0].Kind != kit.RouteEditBrokerConfig || nav[0].Config != "log.retention.ms" || nav[0].BrokerID != 1 || nav[0].Reset {
		t.Fatalf("e navigated %+v, want the edit of log.retention.ms on broker 1", nav)
	}
	_, msgs = kittest.Press(s, "x")
	if nav := kittest.Navigations(msgs); len(nav) != 1 || !nav[0].Reset {
		t.Fatalf("x navigated %+v, want the removal of the override", nav)
	}
	// Down moves to the next config: the defaults, by name.
	s, _ = kittest.Press(s, "down")
	if got := kittest.FocusedLine(kittest.Plain(s)); !strings.Contains(got, "▸ auto.create.topics.enable") {
		t.Errorf("after down the cursor line = %q", got)
	}
	_, msgs = kittest.Press(s, "x")
	if len(kittest.Navigations(msgs)) != 0 || !strings.Contains(strings.Join(kittest.Statuses(msgs), "\n"), "no dynamic override to remove") {
		t.Errorf("x on a default: %v, want a refusal that says why", msgs)
	}
	s, _ = kittest.Press(s, "down", "down")
	if got := kittest.FocusedLine(kittest.Plain(s)); !strings.Contains(got, "log.dirs") {
		t.Fatalf("cursor line = %q, want log.dirs", got)
	}
	_, msgs = kittest.Press(s, "e")
	if len(kittest.Navigations(msgs)) != 0 || !strings.Contains(strings.Join(kittest.Statuses(msgs), "\n"), "log.dirs is read-only: static, from server.properties") {
		t.Errorf("e on a static config: %v, want a refusal that says why", kittest.Statuses(msgs))
	}
	f.BrokerCfgs[1] = append(f.BrokerCfgs[1], kafkaops.ConfigEntry{Name: "ssl.key.password", Value: "x", Source: kafkaops.SourceDynamicBroker, Sensitive: true})
	s, _ = kittest.Press(s, "r", "home", "down")
	if got := kittest.FocusedLine(kittest.Plain(s)); !strings.Contains(got, "ssl.key.password") {
		t.Fatalf("cursor line = %q, want ssl.key.password", got)
	}
	_, msgs = kittest.Press(s, "e")
	if len(kittest.Navigations(msgs)) != 0 || !strings.Contains(strings.Join(kittest.Statuses(msgs), "\n"), "ssl.key.password is a secret") {
		t.Errorf("e on a secret: %v, want a refusal", kittest.Statuses(msgs))
	}
	if !hasHelp(s.ShortHelp(), "e", "x") {
		t.Errorf("help line lacks e or x: %v", s.ShortHelp())
	}
}

func TestEditBrokerConfigDryRunDiffApply(t *testing.T) {
	f := brokerEditFake()
	s, _ := kittest.Start(t, NewEditBrokerConfig(f, kittest.TestStyles(), 1, "log.retention.ms", false), 100, 30)
	mustShow(t, s, "Edit log.retention.ms of broker 1", "Current: 604800000 (7d)", "dynamic override on this broker")
	s, _ = kittest.KeysAll(s, kittest.Ctrl('u'), "3d")
	mustShow(t, s, "= 259200000 (3d)")
	s, msgs := kittest.KeysAll(s, "enter")
	if f.DryRuns != 1 || len(f.BrokerAlters[1]) != 0 || kittest.HasPop(msgs) {
		t.Fatalf("enter: %d dry runs, %d applied, msgs %v; want a dry run only", f.DryRuns, len(f.BrokerAlters[1]), msgs)
	}
	mustShow(t, s, "log.retention.ms: 604800000 (7d) → 259200000 (3d)", "y apply · esc edit again")
	kittest.Golden(t, "editbrokerconfig_confirm.golden", kittest.Plain(s))
	_, msgs = kittest.KeysAll(s, "y")
	got := f.BrokerAlters[1]
	if len(got) != 1 || got[0].Set["log.retention.ms"] != "259200000" || got[0].ValidateOnly {
		t.Fatalf("applied %+v, want log.retention.ms=259200000 for real", got)
	}
	if !kittest.HasPop(msgs) || !strings.Contains(strings.Join(kittest.Statuses(msgs), "\n"), "broker 1: log.retention.ms changed") {
		t.Errorf("after y: msgs %v, want a pop and the change in the status line", msgs)
	}
	// The configs screen below loads again when told of the change.
	c, _ := kittest.Start(t, NewBrokerConfigs(f, kittest.TestStyles(), 1), 100, 20)
	f.Mu.Lock()
	f.BrokerCfgs[1][0].Value = "259200000"
	f.Mu.Unlock()
	c, _ = kittest.Feed(c, brokerConfigsChangedMsg{id: 1})
	mustShow(t, c, "259200000 (3d)")
}

func TestEditBrokerConfigSaysWhatIsWrong(t *testing.T) {
	f := brokerEditFake()
	s, _ := kittest.Start(t, NewEditBrokerConfig(f, kittest.TestStyles(), 1, "log.cleaner.threads", false), 100, 30)
	s, _ = kittest.KeysAll(s, kittest.Ctrl('u'), "two")
	mustShow(t, s, "! log.cleaner.threads must be a whole number")
	s, _ = kittest.KeysAll(s, "enter")
	if f.DryRuns != 0 {
		t.Fatalf("a bad value was sent (%d dry runs)", f.DryRuns)
	}
	s, _ = kittest.KeysAll(s, kittest.Ctrl('u'), "4")
	f.Err = errors.New("[40] Invalid Config: log.cleaner.threads cannot be raised by more than double")
	s, _ = kittest.KeysAll(s, "enter")
	mustShow(t, s, "Kafka refused the change", "Invalid Config")
	if got := kittest.Plain(s); !strings.Contains(got, "> 4") {
		t.Errorf("the typed value was lost after the refusal:\n%s", got)
	}
}

func TestEditBrokerConfigRemovesClusterDefault(t *testing.T) {
	f := brokerEditFake()
	f.BrokerCfgs[1][0].Source = kafkaops.SourceDynamicDefault
	s, _ := kittest.Start(t, NewEditBrokerConfig(f, kittest.TestStyles(), 1, "log.retention.ms", true), 100, 30)
	mustShow(t, s, "cluster-wide 604800000 (7d) → removed on every broker")
	_, _ = kittest.KeysAll(s, "y")
	if got := f.BrokerAlters[kafkaops.AllBrokers]; len(got) != 1 || got[0].Delete[0] != "log.retention.ms" || len(f.BrokerAlters[1]) != 0 {
		t.Fatalf("applied %+v, want the cluster-wide default deleted", f.BrokerAlters)
	}
}

func TestEditBrokerConfigRemovesOverride(t *testing.T) {
	f := brokerEditFake()
	s, _ := kittest.Start(t, NewEditBrokerConfig(f, kittest.TestStyles(), 1, "log.retention.ms", true), 100, 30)
	if f.DryRuns != 1 {
		t.Fatalf("the removal was not dry-run at once (%d dry runs)", f.DryRuns)
	}
	mustShow(t, s, "Remove override log.retention.ms of broker 1", "604800000 (7d) → removed (back to static or default)", "y remove · esc cancel")
	_, _ = kittest.KeysAll(s, "y")
	got := f.BrokerAlters[1]
	if len(got) != 1 || len(got[0].Delete) != 1 || got[0].Delete[0] != "log.retention.ms" {
		t.Fatalf("applied %+v, want the override deleted", got)
	}
}

// TestBrokerConfigSetOnOneBrokerSaysWhenTheClusterAppliedItEverywhere
// follows a change to broker 1 alone: when the reload reports the value as
// the cluster-wide dynamic default (the bundled broker keeps one set for
// the cluster), the status line says it went to every broker; a value
// reported as broker 1's own override says nothing more.
func TestBrokerConfigSetOnOneBrokerSaysWhenTheClusterAppliedItEverywhere(t *testing.T) {
	for _, tc := range []struct {
		src  kafkaops.ConfigSource
		want bool
	}{{kafkaops.SourceDynamicDefault, true}, {kafkaops.SourceDynamicBroker, false}} {
		f := brokerEditFake()
		c, _ := kittest.Start(t, NewBrokerConfigs(f, kittest.TestStyles(), 1), 100, 20)
		f.BrokerCfgs[1][0].Source = tc.src
		_, msgs := kittest.Feed(c, brokerConfigsChangedMsg{id: 1, set: []string{"log.retention.ms"}})
		got := strings.Join(kittest.Statuses(msgs), "\n")
		if has := strings.Contains(got, "log.retention.ms: set on every broker, not only 1"); has != tc.want {
			t.Errorf("source %s: statuses %q, want the every-broker note %v", tc.src, got, tc.want)
		}
	}
}

// recorder passes messages to a screen and keeps the change notes among
// them, which kittest feeds back to the screen rather than return.
type recorder struct {
	kit.Screen
	changed []brokerConfigsChangedMsg
}

func (r *recorder) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	if m, ok := msg.(brokerConfigsChangedMsg); ok {
		r.changed = append(r.changed, m)
	}
	var cmd tea.Cmd
	r.Screen, cmd = r.Screen.Update(msg)
	return r, cmd
}

// TestBrokerConfigEditNamesTheConfigsSetOnOneBroker checks that applying
// a change to broker 1 alone tells the configs screen which configs to
// check, and that removing a cluster-wide default asks for no check.
func TestBrokerConfigEditNamesTheConfigsSetOnOneBroker(t *testing.T) {
	f := brokerEditFake()
	r := &recorder{Screen: NewEditBrokerConfig(f, kittest.TestStyles(), 1, "log.retention.ms", false)}
	s, _ := kittest.Start(t, r, 100, 30)
	s, _ = kittest.KeysAll(s, kittest.Ctrl('u'), "3d", "enter")
	kittest.KeysAll(s, "y")
	if len(r.changed) != 1 || r.changed[0].id != 1 || !slices.Equal(r.changed[0].set, []string{"log.retention.ms"}) {
		t.Errorf("per-broker change sent %+v, want broker 1 and log.retention.ms to check", r.changed)
	}

	f.BrokerCfgs[1][0].Source = kafkaops.SourceDynamicDefault
	r = &recorder{Screen: NewEditBrokerConfig(f, kittest.TestStyles(), 1, "log.retention.ms", true)}
	s, _ = kittest.Start(t, r, 100, 30)
	kittest.KeysAll(s, "y")
	if len(f.BrokerAlters[kafkaops.AllBrokers]) != 1 || len(r.changed) != 1 || len(r.changed[0].set) != 0 {
		t.Errorf("cluster-wide removal sent %+v (alters %v), want nothing to check", r.changed, f.BrokerAlters)
	}
}
