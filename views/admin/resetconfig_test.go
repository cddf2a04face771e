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

// resetFake overrides retention.ms at 1d on a broker whose default is
// 7d.
func resetFake() *kafkaopstest.AdminFake {
	f := editFake()
	f.Configs["bankbranch"][0].Value = "86400000"
	f.Cluster = kafkaops.ClusterInfo{ControllerID: 1, Brokers: []kafkaops.Broker{{ID: 0}, {ID: 1}}}
	f.BrokerCfgs = map[int32][]kafkaops.ConfigEntry{
		0: {{Name: "log.retention.hours", Value: "1"}},
		1: {{Name: "log.retention.hours", Value: "168"}},
	}
	return f
}

func startReset(t *testing.T, f kafkaops.Service, name string) (kit.Screen, []string) {
	t.Helper()
	s, msgs := kittest.Start(t, NewResetConfig(f, kittest.TestStyles(), "bankbranch", name), 100, 30)
	return s, kittest.Statuses(msgs)
}

// TestResetConfigShowsDefaultDryRunsThenResets: the reset dry-runs
// removing the override at once, shows the value it falls back to (the
// controller's log.retention.hours in ms) and deletes the override on y.
func TestResetConfigShowsDefaultDryRunsThenResets(t *testing.T) {
	f := resetFake()
	s, _ := startReset(t, f, "retention.ms")
	if f.DryRuns != 1 || len(f.TopicAlters["bankbranch"]) != 0 {
		t.Fatalf("opening: %d dry runs, %v applied; want one dry run", f.DryRuns, f.TopicAlters)
	}
	mustShow(t, s, "Reset retention.ms of bankbranch", "retention.ms: 86400000 (1d) → 604800000 (7d) default", "y reset · esc cancel")
	if strings.Contains(kittest.Plain(s), "New value") {
		t.Error("the reset screen asks for a value")
	}
	_, msgs := kittest.KeysAll(s, "y")
	got := f.TopicAlters["bankbranch"]
	if len(got) != 1 || len(got[0].Delete) != 1 || got[0].Delete[0] != "retention.ms" || got[0].ValidateOnly {
		t.Fatalf("applied %+v, want retention.ms deleted", got)
	}
	if !kittest.HasPop(msgs) {
		t.Error("the reset did not close the screen")
	}
}

// TestResetConfigEscCancels: esc on the diff closes without a change.
func TestResetConfigEscCancels(t *testing.T) {
	f := resetFake()
	s, _ := startReset(t, f, "retention.ms")
	_, msgs := kittest.KeysAll(s, "esc")
	if !kittest.HasPop(msgs) || len(f.TopicAlters["bankbranch"]) != 0 {
		t.Errorf("esc: pop %v, applied %v", kittest.HasPop(msgs), f.TopicAlters)
	}
}

// TestResetConfigNotOverriddenOrRefused: a config at its default is not
// reset; a broker refusal is shown in words and y does nothing after it.
func TestResetConfigNotOverriddenOrRefused(t *testing.T) {
	f := resetFake()
	s, _ := startReset(t, f, "cleanup.policy")
	mustShow(t, s, "cleanup.policy is not overridden on this topic")
	if f.DryRuns != 0 {
		t.Error("a default config was sent to the broker")
	}
	f = resetFake()
	f.Err = errors.New("POLICY_VIOLATION: retention.ms must be set on this topic")
	s, _ = startReset(t, f, "retention.ms")
	mustShow(t, s, "Kafka refused the change: POLICY_VIOLATION")
	f.Err = nil
	kittest.KeysAll(s, "y")
	if len(f.TopicAlters["bankbranch"]) != 0 {
		t.Error("y after a refusal applied the reset")
	}
}

// TestResetConfigUnknownDefault: when the broker does not say, the diff
// says "the default" without making a value up.
func TestResetConfigUnknownDefault(t *testing.T) {
	f := resetFake()
	f.BrokerCfgs = map[int32][]kafkaops.ConfigEntry{1: {{Name: "num.partitions", Value: "1"}}}
	s, _ := startReset(t, f, "retention.ms")
	mustShow(t, s, "retention.ms: 86400000 (1d) → the default (override removed)")
}

// TestResetConfigGolden: the reset's diff at 80x24.
func TestResetConfigGolden(t *testing.T) {
	s, _ := kittest.Start(t, NewResetConfig(resetFake(), kittest.TestStyles(), "bankbranch", "retention.ms"), 80, 24)
	kittest.Golden(t, "reset_diff_80x24.golden", kittest.Plain(s))
}
