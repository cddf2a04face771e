package security

import (
	"strings"
	"testing"

	"charm.land/lipgloss/v2"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

// quotaFake has quotas on alice, on a client id and on the default user.
func quotaFake() *kafkaopstest.AdminFake {
	f := kafkaopstest.NewAdminFake()
	f.Quotas[kafkaops.QuotaEntity{User: "alice"}] = map[string]float64{
		kafkaops.QuotaProducerByteRate: 1 << 20, kafkaops.QuotaConsumerByteRate: 2 << 20,
	}
	f.Quotas[kafkaops.QuotaEntity{ClientID: "batch-job"}] = map[string]float64{kafkaops.QuotaRequestPercentage: 50}
	f.Quotas[kafkaops.QuotaEntity{User: kafkaops.QuotaDefault}] = map[string]float64{kafkaops.QuotaProducerByteRate: 512 << 10}
	return f
}

func TestQuotasList(t *testing.T) {
	s, _ := kittest.Start(t, NewQuotas(quotaFake(), kittest.TestStyles(), false), 80, 10)
	v := kittest.Plain(s)
	kittest.Golden(t, "quotas_80x10.golden", v)
	for _, want := range []string{"<default>", "512KiB", "1MiB", "2MiB", "50%", "batch-job"} {
		if !strings.Contains(v, want) {
			t.Errorf("the list lacks %q:\n%s", want, v)
		}
	}
	s, _ = kittest.Press(s, "/", "alice", "enter")
	if v := tableOf(kittest.Plain(s)); strings.Contains(v, "batch-job") || !strings.Contains(v, "alice") {
		t.Errorf("filter alice:\n%s", v)
	}
	_, msgs := kittest.Press(s, "e")
	navs := kittest.Navigations(msgs)
	if len(navs) != 1 || navs[0].Kind != kit.RouteEditQuota || navs[0].Quota == nil || navs[0].Quota.Entity.User != "alice" {
		t.Fatalf("e navigated to %+v", navs)
	}
	if s, _ := kittest.Start(t, NewQuotas(quotaFake(), kittest.TestStyles(), true), 80, 10); len(s.ShortHelp()) != 3 {
		t.Errorf("read-only help = %d keys, want / r esc only", len(s.ShortHelp()))
	}
}

func TestEditQuotaDryRunDiffThenApply(t *testing.T) {
	f := quotaFake()
	q := kafkaops.Quota{Entity: kafkaops.QuotaEntity{User: "alice"}, Values: f.Quotas[kafkaops.QuotaEntity{User: "alice"}]}
	s, _ := kittest.Start(t, NewEditQuota(f, kittest.TestStyles(), &q), 80, 16)
	// Producer: 2MiB; consumer: emptied (removed); request: 25.
	s, _ = kittest.KeysAll(s, kittest.Ctrl('u'), "2MiB", "tab", kittest.Ctrl('u'), "tab", "abc")
	if v := kittest.Plain(s); !strings.Contains(v, "✗ a percentage") || !strings.Contains(v, "removed: no limit") {
		t.Fatalf("the values are not checked as typed:\n%s", v)
	}
	s, _ = kittest.Press(s, "enter")
	if f.DryRuns != 0 {
		t.Fatal("an invalid form was sent")
	}
	s, _ = kittest.KeysAll(s, kittest.Ctrl('u'), "25", "enter")
	v := kittest.Plain(s)
	if f.DryRuns != 1 {
		t.Fatalf("enter made %d dry runs, want 1", f.DryRuns)
	}
	for _, want := range []string{
		"producer_byte_rate: 1048576 (1MiB) → 2097152 (2MiB)",
		"consumer_byte_rate: 2097152 (2MiB) → removed (no limit)",
		"request_percentage: no limit → 25 (25%)",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("the diff lacks %q:\n%s", want, v)
		}
	}
	kittest.Golden(t, "editquota_80x16.golden", v)
	if got := f.Quotas[kafkaops.QuotaEntity{User: "alice"}][kafkaops.QuotaProducerByteRate]; got != 1<<20 {
		t.Fatalf("the dry run changed the quota to %v", got)
	}
	_, msgs := kittest.Press(s, "y")
	got := f.Quotas[kafkaops.QuotaEntity{User: "alice"}]
	want := map[string]float64{kafkaops.QuotaProducerByteRate: 2 << 20, kafkaops.QuotaRequestPercentage: 25}
	if len(got) != len(want) || got[kafkaops.QuotaProducerByteRate] != want[kafkaops.QuotaProducerByteRate] || got[kafkaops.QuotaRequestPercentage] != 25 {
		t.Errorf("alice's quotas = %v, want %v", got, want)
	}
	if !kittest.HasPop(msgs) {
		t.Error("the edit did not close after applying")
	}
}

func TestEditQuotaNewEntity(t *testing.T) {
	f := quotaFake()
	s, _ := kittest.Start(t, NewEditQuota(f, kittest.TestStyles(), nil), 80, 16)
	s, _ = kittest.Press(s, "enter")
	if v := kittest.Plain(s); !strings.Contains(v, "a user, a client id, or both") {
		t.Errorf("an entity-less quota is not refused:\n%s", v)
	}
	s, _ = kittest.Press(s, "tab", "etl", "tab", "10MB", "enter")
	if v := kittest.Plain(s); !strings.Contains(v, "producer_byte_rate: no limit → 10000000") {
		t.Fatalf("no diff for the new entity:\n%s", v)
	}
	s, _ = kittest.Press(s, "y")
	if got := f.Quotas[kafkaops.QuotaEntity{ClientID: "etl"}]; got[kafkaops.QuotaProducerByteRate] != 1e7 {
		t.Errorf("client etl's quotas = %v", got)
	}
	_ = s
}

func TestEditQuotaRefusalInWords(t *testing.T) {
	f := quotaFake()
	f.Err = kafkaops.NewBrokerError(kafkaops.CodeClusterAuthorizationFailed, "")
	s, _ := kittest.Start(t, NewEditQuota(f, kittest.TestStyles(), nil), 80, 16)
	s, _ = kittest.Press(s, "bob", "tab", "tab", "1000", "enter")
	if v := kittest.Plain(s); !strings.Contains(v, "this login may not change client quotas") || !strings.Contains(v, "bob") {
		t.Errorf("the refusal is not in words, or the form lost its values:\n%s", v)
	}
}

func TestParseQuota(t *testing.T) {
	for _, c := range []struct {
		key, in string
		want    float64
		bad     bool
	}{
		{kafkaops.QuotaProducerByteRate, "1048576", 1 << 20, false},
		{kafkaops.QuotaProducerByteRate, "1MiB", 1 << 20, false},
		{kafkaops.QuotaConsumerByteRate, "1.5 KB", 1500, false},
		{kafkaops.QuotaRequestPercentage, "50%", 50, false},
		{kafkaops.QuotaRequestPercentage, "0", 0, true},
		{kafkaops.QuotaProducerByteRate, "-5", 0, true},
		{kafkaops.QuotaProducerByteRate, "fast", 0, true},
		{kafkaops.QuotaProducerByteRate, "NaN", 0, true},
	} {
		got, err := parseQuota(c.key, c.in)
		if (err != nil) != c.bad || (!c.bad && got != c.want) {
			t.Errorf("parseQuota(%s, %q) = %v, %v", c.key, c.in, got, err)
		}
	}
}

func TestQuotaScreensFitSmallTerminals(t *testing.T) {
	f := quotaFake()
	q := kafkaops.Quota{Entity: kafkaops.QuotaEntity{User: "alice"}, Values: map[string]float64{kafkaops.QuotaProducerByteRate: 1}}
	for _, mk := range []func() kit.Screen{
		func() kit.Screen { return NewQuotas(f, kittest.TestStyles(), false) },
		func() kit.Screen { return NewEditQuota(f, kittest.TestStyles(), nil) },
		func() kit.Screen { return NewEditQuota(f, kittest.TestStyles(), &q) },
	} {
		kittest.FitsEverySize(t, mk().Title(), mk)
	}
}

func TestEditQuotaNewEntityThatHasQuotas(t *testing.T) {
	f := quotaFake()
	s, _ := kittest.Start(t, NewEditQuota(f, kittest.TestStyles(), nil), 80, 20)
	s, _ = kittest.Press(s, "alice", "tab", "tab", "3MiB", "enter")
	v := kittest.Plain(s)
	if !strings.Contains(v, "has quotas already") || !strings.Contains(v, "producer_byte_rate: 1048576 (1MiB) → 3145728 (3MiB)") {
		t.Fatalf("adding for alice, who has quotas, does not diff against them:\n%s", v)
	}
	if strings.Contains(v, "consumer_byte_rate") {
		t.Errorf("an empty field removes a quota the user did not see:\n%s", v)
	}
}

// At 60 columns the note that the bundled broker does not enforce quotas
// wraps rather than losing its end.
func TestQuotasNoteWholeAt60(t *testing.T) {
	s, _ := kittest.Start(t, NewQuotas(kafkaopstest.NewAdminFake(), kittest.TestStyles(), false), 60, 15)
	view := strings.Join(strings.Fields(kittest.Plain(s)), " ")
	if !strings.Contains(view, "does not enforce them") {
		t.Errorf("the note is cut at 60 columns:\n%s", kittest.Plain(s))
	}
	for _, l := range strings.Split(kittest.Plain(s), "\n") {
		if lipgloss.Width(l) > 60 {
			t.Errorf("line %q is wider than 60", l)
		}
	}
}

// At 60x15 the new quota's notes wrap rather than lose their ends.
func TestEditQuotaNotesFit60(t *testing.T) {
	s, _ := kittest.Start(t, NewEditQuota(quotaFake(), kittest.TestStyles(), nil), 60, 15)
	v := kittest.Plain(s)
	for _, want := range []string{"it does not", "enforce them)", "removes a quota · esc", "  cancels"} {
		if !strings.Contains(v, want) {
			t.Errorf("at 60x15 the quota form lacks %q:\n%s", want, v)
		}
	}
	kittest.CheckFrame(t, v, 60, 15)
}
