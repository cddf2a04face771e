package admin

import (
	"errors"
	"strings"
	"testing"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

func editFake() *kafkaopstest.AdminFake {
	f := kafkaopstest.NewAdminFake(kafkaops.Topic{Name: "bankbranch", Partitions: 2, ReplicationFactor: 1})
	f.Configs = map[string][]kafkaops.ConfigEntry{"bankbranch": {
		{Name: "retention.ms", Value: "604800000", Source: kafkaops.SourceTopic},
		{Name: "cleanup.policy", Value: "delete", Source: kafkaops.SourceDefault, Default: true},
	}}
	return f
}

func startEdit(t *testing.T, f kafkaops.Service, name string) kit.Screen {
	t.Helper()
	s, _ := kittest.Start(t, NewEditConfig(f, kittest.TestStyles(), "bankbranch", name), 100, 30)
	return s
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

// clearInput empties the prefilled value with ctrl+u.
func clearInput(s kit.Screen) kit.Screen {
	s, _ = kittest.KeysAll(s, kittest.Ctrl('u'))
	return s
}

func TestEditConfigDryRunDiffThenApply(t *testing.T) {
	f := editFake()
	s := startEdit(t, f, "retention.ms")
	mustShow(t, s, "Current: 604800000 (7d)", "topic override")
	s = clearInput(s)
	s, _ = kittest.KeysAll(s, "1d")
	mustShow(t, s, "= 86400000 (1d)")
	s, msgs := kittest.KeysAll(s, "enter")
	if f.DryRuns != 1 || len(f.TopicAlters["bankbranch"]) != 0 {
		t.Fatalf("after enter: %d dry runs, %d applied; want 1 dry run, nothing applied", f.DryRuns, len(f.TopicAlters["bankbranch"]))
	}
	if kittest.HasPop(msgs) {
		t.Fatal("the dry run closed the screen")
	}
	mustShow(t, s, "retention.ms: 604800000 (7d) → 86400000 (1d)", "y apply · esc edit again")
	_, msgs = kittest.KeysAll(s, "y")
	got := f.TopicAlters["bankbranch"]
	if len(got) != 1 || got[0].Set["retention.ms"] != "86400000" || got[0].ValidateOnly {
		t.Fatalf("applied %+v, want retention.ms=86400000 for real", got)
	}
	var popped, changed bool
	for _, m := range msgs {
		switch m := m.(type) {
		case kit.PopMsg:
			popped = true
		case kit.TopicsChangedMsg:
			changed = m.Topic == "bankbranch"
		}
	}
	if !popped || !changed {
		t.Errorf("after y: pop %v, topics changed %v; want both (msgs %v)", popped, changed, msgs)
	}
}

func TestEditConfigSaysWhatIsWrongAsYouType(t *testing.T) {
	f := editFake()
	s := clearInput(startEdit(t, f, "retention.ms"))
	s, _ = kittest.KeysAll(s, "soon")
	mustShow(t, s, "retention.ms must be a whole number")
	s, _ = kittest.KeysAll(s, "enter")
	mustShow(t, s, "✗ retention.ms must be a whole number")
	if f.DryRuns != 0 {
		t.Errorf("an invalid value was sent to the broker")
	}
}

func TestEditConfigKafkaErrorInWords(t *testing.T) {
	f := editFake()
	f.Err = errors.New("POLICY_VIOLATION: retention.ms below the allowed minimum")
	s := clearInput(startEdit(t, f, "retention.ms"))
	s, msgs := kittest.KeysAll(s, "1h", "enter")
	mustShow(t, s, "Kafka refused the change: POLICY_VIOLATION", "allowed minimum")
	if st := kittest.Statuses(msgs); len(st) == 0 || !strings.Contains(st[0], "POLICY_VIOLATION") {
		t.Errorf("status %v, want the Kafka error", st)
	}
	if kittest.HasPop(msgs) {
		t.Error("a failed change closed the screen")
	}
}

func TestEditConfigResetDeletesOverride(t *testing.T) {
	f := editFake()
	s := startEdit(t, f, "retention.ms")
	s, _ = kittest.KeysAll(s, kittest.Ctrl('r'))
	if f.DryRuns != 1 {
		t.Fatalf("ctrl+r made %d dry runs, want 1", f.DryRuns)
	}
	mustShow(t, s, "retention.ms: 604800000 (7d) → the default")
	kittest.KeysAll(s, "y")
	got := f.TopicAlters["bankbranch"]
	if len(got) != 1 || len(got[0].Delete) != 1 || got[0].Delete[0] != "retention.ms" || len(got[0].Set) != 0 {
		t.Fatalf("applied %+v, want a delete of retention.ms", got)
	}
}

func TestAddConfigCompletesNameThenValue(t *testing.T) {
	f := editFake()
	s := startEdit(t, f, "")
	mustShow(t, s, "Config name:")
	s, _ = kittest.KeysAll(s, "segment.b", "tab")
	mustShow(t, s, "segment.bytes")
	s, _ = kittest.KeysAll(s, "enter")
	mustShow(t, s, "not set on this topic")
	s, _ = kittest.KeysAll(s, "1GiB", "enter")
	mustShow(t, s, "segment.bytes: (not set) → 1073741824 (1GiB)")
	kittest.KeysAll(s, "y")
	got := f.TopicAlters["bankbranch"]
	if len(got) != 1 || got[0].Set["segment.bytes"] != "1073741824" {
		t.Fatalf("applied %+v", got)
	}
}

func TestEditConfigSameValueAndEscBack(t *testing.T) {
	f := editFake()
	s := clearInput(startEdit(t, f, "retention.ms"))
	s, _ = kittest.KeysAll(s, "7d", "enter")
	mustShow(t, s, "nothing to change")
	if f.DryRuns != 0 {
		t.Errorf("an unchanged value was sent")
	}
	s = clearInput(s)
	s, _ = kittest.KeysAll(s, "2d", "enter", "esc")
	if v := kittest.Plain(s); strings.Contains(v, "y apply · esc edit again") {
		t.Errorf("esc did not leave the confirmation:\n%s", v)
	}
	s, _ = kittest.KeysAll(s, "y")
	if len(f.TopicAlters["bankbranch"]) != 0 {
		t.Fatal("y after esc applied the change")
	}
	mustShow(t, s, "> 2dy")
}
