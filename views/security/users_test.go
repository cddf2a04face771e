package security

import (
	"fmt"
	"strings"
	"testing"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

// userFake is a cluster with alice (both mechanisms) and bob (one).
func userFake() *kafkaopstest.AdminFake {
	f := kafkaopstest.NewAdminFake()
	f.Users["alice"] = []kafkaops.ScramCredential{{Mechanism: kafkaops.ScramSHA256, Iterations: 8192}, {Mechanism: kafkaops.ScramSHA512, Iterations: 4096}}
	f.Users["bob"] = []kafkaops.ScramCredential{{Mechanism: kafkaops.ScramSHA256, Iterations: 8192}}
	return f
}

func TestUsersList(t *testing.T) {
	s, _ := kittest.Start(t, NewUsers(userFake(), kittest.TestStyles(), false), 80, 12)
	kittest.Golden(t, "users_80x12.golden", kittest.Plain(s))
	kittest.CheckFrame(t, s.View(), 80, 12)
	s, _ = kittest.Press(s, "/", "512", "enter")
	if v := tableOf(kittest.Plain(s)); strings.Contains(v, "bob") || !strings.Contains(v, "SCRAM-SHA-512") {
		t.Errorf("filter 512:\n%s", v)
	}
	s, _ = kittest.Press(s, "esc")
	_, msgs := kittest.Press(s, "j", "j", "p", "d", "n")
	navs := kittest.Navigations(msgs)
	want := []kit.Route{
		{Kind: kit.RouteScramUser, User: "bob", Mechanism: kafkaops.ScramSHA256},
		{Kind: kit.RouteDeleteScram, User: "bob", Mechanism: kafkaops.ScramSHA256},
		{Kind: kit.RouteScramUser},
	}
	if len(navs) != len(want) {
		t.Fatalf("p d n navigated to %+v", navs)
	}
	for i := range want {
		if navs[i].Kind != want[i].Kind || navs[i].User != want[i].User || navs[i].Mechanism != want[i].Mechanism {
			t.Errorf("navigation %d = %+v, want %+v", i, navs[i], want[i])
		}
	}
}

func TestUsersHelpHidesWriteKeysWhenReadOnly(t *testing.T) {
	s, _ := kittest.Start(t, NewUsers(userFake(), kittest.TestStyles(), true), 80, 12)
	for _, b := range s.ShortHelp() {
		if k := b.Help().Key; k == "n" || k == "p" || k == "d" {
			t.Errorf("read-only help shows %q", k)
		}
	}
	if v := kittest.Plain(s); strings.Contains(v, "n creates") {
		t.Errorf("read-only list offers a write key:\n%s", v)
	}
}

func TestScramUserFormValidatesAndCreates(t *testing.T) {
	f := userFake()
	s, _ := kittest.Start(t, NewScramUser(f, kittest.TestStyles(), "", ""), 80, 16)
	s, _ = kittest.KeysAll(s, "carol", "tab", right, "tab", kittest.Ctrl('u'), "100", "tab", "s3cret", "tab", "s3cre")
	v := kittest.Plain(s)
	for _, want := range []string{"‹ SCRAM-SHA-512 ›", "a whole number from 4096 to 16384", "short: 6 characters", "does not match the password", "••••••"} {
		if !strings.Contains(v, strings.TrimSuffix(strings.TrimPrefix(want, "‹ "), " ›")) {
			t.Errorf("the form lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "s3cret") {
		t.Errorf("the password shows in clear:\n%s", v)
	}
	s, _ = kittest.Press(s, "enter")
	if len(f.Users["carol"]) != 0 || !strings.Contains(kittest.Plain(s), "fix the fields marked ✗ first") {
		t.Fatalf("an invalid form was sent: %+v", f.Users["carol"])
	}
	s, _ = kittest.KeysAll(s, "t", "shift+tab", "shift+tab", kittest.Ctrl('u'))
	s, _ = kittest.Press(s, "4096")
	v = kittest.Plain(s)
	if !strings.Contains(v, "Creates a SCRAM-SHA-512 credential for carol (4096 iterations).") {
		t.Fatalf("no preview of what saving does:\n%s", v)
	}
	kittest.Golden(t, "scramuser_80x16.golden", v)
	_, msgs := kittest.Press(s, "enter")
	got := f.Users["carol"]
	if len(got) != 1 || got[0] != (kafkaops.ScramCredential{Mechanism: kafkaops.ScramSHA512, Iterations: 4096}) || !kittest.HasPop(msgs) {
		t.Fatalf("carol's credentials = %+v (closed %v)", got, kittest.HasPop(msgs))
	}
}

func TestScramUserChangePassword(t *testing.T) {
	f := userFake()
	s, _ := kittest.Start(t, NewScramUser(f, kittest.TestStyles(), "alice", kafkaops.ScramSHA512), 80, 16)
	if s.Title() != "Password of alice" {
		t.Errorf("title %q", s.Title())
	}
	// The focus starts on the password; the user and mechanism are fixed.
	s, _ = kittest.Press(s, "newpassword", "tab", "newpassword")
	v := kittest.Plain(s)
	if !strings.Contains(v, "Changes the SCRAM-SHA-512 password of alice (4096 iterations)") || !strings.Contains(v, "✓ matches") {
		t.Fatalf("no preview of the change:\n%s", v)
	}
	s, _ = kittest.Press(s, "tab")
	if l := kittest.FocusedLine(kittest.Plain(s)); !strings.Contains(l, "Iterations") {
		t.Errorf("tab from the last field went to %q, not past the fixed user and mechanism to Iterations", l)
	}
	s, _ = kittest.Press(s, "shift+tab")
	f.Err = kafkaops.NewBrokerError(kafkaops.CodeClusterAuthorizationFailed, "")
	s, msgs := kittest.Press(s, "enter")
	if kittest.HasPop(msgs) || !strings.Contains(kittest.Plain(s), "this login may not set the password of alice") {
		t.Errorf("a refusal is not in words, or closed the form:\n%s", kittest.Plain(s))
	}
	f.Err = nil
	_, msgs = kittest.Press(s, "enter")
	if !kittest.HasPop(msgs) || !strings.Contains(strings.Join(kittest.Statuses(msgs), ""), "changed the SCRAM-SHA-512 password of alice") {
		t.Errorf("statuses %q", kittest.Statuses(msgs))
	}
}

func TestDeleteScramAsksForTheName(t *testing.T) {
	f := userFake()
	s, _ := kittest.Start(t, NewDeleteScram(f, kittest.TestStyles(), "bob", kafkaops.ScramSHA256), 80, 12)
	v := kittest.Plain(s)
	if !strings.Contains(v, "bob has no other credential") {
		t.Errorf("deleting bob's last credential does not warn:\n%s", v)
	}
	kittest.Golden(t, "deletescram_80x12.golden", v)
	s, _ = kittest.Press(s, "bo", "enter")
	if len(f.Users["bob"]) != 1 || !strings.Contains(kittest.Plain(s), "type bob exactly") {
		t.Fatalf("a wrong name deleted, or did not say why not:\n%s", kittest.Plain(s))
	}
	_, msgs := kittest.Press(s, "b", "enter")
	if _, ok := f.Users["bob"]; ok || !kittest.HasPop(msgs) {
		t.Fatalf("bob still has %+v", f.Users["bob"])
	}

	s, _ = kittest.Start(t, NewDeleteScram(f, kittest.TestStyles(), "alice", kafkaops.ScramSHA256), 80, 12)
	if v := kittest.Plain(s); !strings.Contains(v, "alice keeps SCRAM-SHA-512") {
		t.Errorf("does not say what alice keeps:\n%s", v)
	}
}

func TestUserScreensFitSmallTerminals(t *testing.T) {
	f := userFake()
	for _, mk := range []func() kit.Screen{
		func() kit.Screen { return NewUsers(f, kittest.TestStyles(), false) },
		func() kit.Screen { return NewScramUser(f, kittest.TestStyles(), "", "") },
		func() kit.Screen { return NewDeleteScram(f, kittest.TestStyles(), "alice", kafkaops.ScramSHA256) },
	} {
		kittest.FitsEverySize(t, mk().Title(), mk)
	}
}

func TestScramUserRefusedCredentialInWords(t *testing.T) {
	f := userFake()
	f.Err = fmt.Errorf("set SCRAM-SHA-256 password of user %q: %w", "carol",
		kafkaops.NewBrokerError(kafkaops.CodeUnacceptableCredential, "this broker takes 4096 iterations only, not 8192"))
	s, _ := kittest.Start(t, NewScramUser(f, kittest.TestStyles(), "", ""), 80, 16)
	s, msgs := kittest.Press(s, "carol", "tab", "tab", "tab", "pw-carol-1", "tab", "pw-carol-1", "enter")
	want := "Kafka refused the credential: this broker takes 4096 iterations only, not 8192"
	if st := kittest.Statuses(msgs); len(st) != 1 || st[0] != want {
		t.Errorf("status = %q, want %q", st, want)
	}
	if v := strings.Join(strings.Fields(kittest.Plain(s)), " "); !strings.Contains(v, "4096 iterations only, not 8192") || kittest.HasPop(msgs) {
		t.Errorf("the form does not show the refusal whole, or closed:\n%s", kittest.Plain(s))
	}
}

func TestPasswordMaskKeepsTheCursor(t *testing.T) {
	var in kit.LineInput
	in.SetValue("secret")
	in.Update(left)
	in.Update(left)
	m := masked(&in)
	rs, pos := m.Runes()
	if string(rs) != "••••••" || pos != 4 {
		t.Errorf("masked = %q with the cursor at %d, want 6 dots and 4", string(rs), pos)
	}
}

// helpKeys are the keys a screen's help line shows.
func helpKeys(s kit.Screen) string {
	var ks []string
	for _, b := range s.ShortHelp() {
		ks = append(ks, b.Help().Key)
	}
	return strings.Join(ks, " ")
}

// TestListsHelpShowsRowKeysOnlyWithARow: on an empty list, the keys that
// act on a row are out of the help line and say why when pressed; the
// ACLs' d, which opens a filter form, stays.
func TestListsHelpShowsRowKeysOnlyWithARow(t *testing.T) {
	for _, tc := range []struct {
		name   string
		screen kit.Screen
		empty  string
		rowKey string
	}{
		{"users", NewUsers(kafkaopstest.NewAdminFake(), kittest.TestStyles(), false), "/ n esc", "p"},
		{"quotas", NewQuotas(kafkaopstest.NewAdminFake(), kittest.TestStyles(), false), "/ n esc", "e"},
		{"acls", NewACLs(kafkaopstest.NewAdminFake(), kittest.TestStyles(), false), "/ n d esc", ""},
	} {
		s, _ := kittest.Start(t, tc.screen, 80, 12)
		if got := helpKeys(s); got != tc.empty {
			t.Errorf("%s, empty: help keys %q, want %q", tc.name, got, tc.empty)
		}
		if tc.rowKey != "" {
			_, out := kittest.Press(s, tc.rowKey)
			if st := kittest.Statuses(out); len(st) != 1 || !strings.HasPrefix(st[0], "no ") || len(kittest.Navigations(out)) != 0 {
				t.Errorf("%s: %s on an empty list: statuses %q", tc.name, tc.rowKey, st)
			}
		}
	}
	for _, tc := range []struct {
		name   string
		screen kit.Screen
		full   string
	}{
		{"users", NewUsers(userFake(), kittest.TestStyles(), false), "/ n p d esc"},
		{"quotas", NewQuotas(quotaFake(), kittest.TestStyles(), false), "/ n e esc"},
	} {
		s, _ := kittest.Start(t, tc.screen, 80, 12)
		if got := helpKeys(s); got != tc.full {
			t.Errorf("%s, with rows: help keys %q, want %q", tc.name, got, tc.full)
		}
	}
}

// TestFormsHelpWhileBusy: while a form's request is in flight only esc
// works, so the help line shows only esc.
func TestFormsHelpWhileBusy(t *testing.T) {
	f := userFake()
	s, _ := kittest.Start(t, NewDeleteScram(f, kittest.TestStyles(), "bob", kafkaops.ScramSHA256), 80, 24)
	s, _ = kittest.Press(s, "bob")
	s, _ = s.Update(kittest.KeyMsgs("enter")[0])
	if got := helpKeys(s); got != "esc" {
		t.Errorf("deleting: help keys %q, want esc", got)
	}
}

// TestListsReloadOnlyOnTheirOwnChange: a change made by a form reloads
// the list it names and no other.
func TestListsReloadOnlyOnTheirOwnChange(t *testing.T) {
	cases := []struct {
		what string
		mk   func(*kafkaopstest.AdminFake) kit.Screen
		add  func(*kafkaopstest.AdminFake) // adds a row named carol
	}{
		{whatUsers, func(f *kafkaopstest.AdminFake) kit.Screen { return NewUsers(f, kittest.TestStyles(), false) },
			func(f *kafkaopstest.AdminFake) {
				f.Users["carol"] = []kafkaops.ScramCredential{{Mechanism: kafkaops.ScramSHA512, Iterations: 4096}}
			}},
		{whatACLs, func(f *kafkaopstest.AdminFake) kit.Screen { return NewACLs(f, kittest.TestStyles(), false) },
			func(f *kafkaopstest.AdminFake) {
				f.ACLs = append(f.ACLs, kafkaops.ACL{Principal: "User:carol", Host: "*", ResourceType: "TOPIC",
					PatternType: "LITERAL", ResourceName: "orders", Operation: "READ", Permission: "ALLOW"})
			}},
		{whatQuotas, func(f *kafkaopstest.AdminFake) kit.Screen { return NewQuotas(f, kittest.TestStyles(), false) },
			func(f *kafkaopstest.AdminFake) {
				f.Quotas[kafkaops.QuotaEntity{User: "carol"}] = map[string]float64{kafkaops.QuotaProducerByteRate: 1024}
			}},
	}
	for _, c := range cases {
		f := userFake()
		s, _ := kittest.Start(t, c.mk(f), 100, 12)
		c.add(f)
		for _, other := range []string{whatUsers, whatACLs, whatQuotas} {
			if other != c.what {
				s, _ = kittest.Feed(s, changedMsg{what: other})
			}
		}
		if v := kittest.Plain(s); strings.Contains(v, "carol") {
			t.Errorf("the %s list reloaded on another list's change:\n%s", c.what, v)
		}
		s, _ = kittest.Feed(s, changedMsg{what: c.what})
		if v := kittest.Plain(s); !strings.Contains(v, "carol") {
			t.Errorf("the %s list did not reload on its own change:\n%s", c.what, v)
		}
	}
}

// TestDeleteScramFailureStays: a refused delete keeps the screen and the
// typed name, says why, and enter tries again.
func TestDeleteScramFailureStays(t *testing.T) {
	f := userFake()
	s, _ := kittest.Start(t, NewDeleteScram(f, kittest.TestStyles(), "bob", kafkaops.ScramSHA256), 80, 12)
	f.Err = fmt.Errorf("broker went away")
	s, msgs := kittest.Press(s, "bob", "enter")
	v := kittest.Plain(s)
	if kittest.HasPop(msgs) || !strings.Contains(v, "✗") || !strings.Contains(v, "broker went away") || !strings.Contains(v, "> bob") {
		t.Fatalf("a failed delete: pop %v\n%s", kittest.HasPop(msgs), v)
	}
	if st := kittest.Statuses(msgs); len(st) != 1 || !strings.Contains(st[0], "broker went away") {
		t.Errorf("statuses %q", st)
	}
	f.Err = nil
	if _, msgs = kittest.Press(s, "enter"); !kittest.HasPop(msgs) {
		t.Errorf("the retry did not delete: bob has %+v", f.Users["bob"])
	}
}
