package security

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

// The arrow keys, which kittest.Press would type as text.
var (
	left  = tea.KeyPressMsg{Code: tea.KeyLeft}
	right = tea.KeyPressMsg{Code: tea.KeyRight}
)

// aclFake is a cluster with three bindings.
func aclFake() *kafkaopstest.AdminFake {
	f := kafkaopstest.NewAdminFake()
	f.ACLs = []kafkaops.ACL{
		{Principal: "User:alice", Host: "*", ResourceType: "TOPIC", PatternType: "LITERAL", ResourceName: "orders", Operation: "READ", Permission: "ALLOW"},
		{Principal: "User:alice", Host: "*", ResourceType: "GROUP", PatternType: "PREFIXED", ResourceName: "billing-", Operation: "READ", Permission: "ALLOW"},
		{Principal: "User:bob", Host: "10.0.0.7", ResourceType: "TOPIC", PatternType: "LITERAL", ResourceName: "orders", Operation: "WRITE", Permission: "DENY"},
	}
	return f
}

func TestACLsListAndFilter(t *testing.T) {
	s, _ := kittest.Start(t, NewACLs(aclFake(), kittest.TestStyles(), false), 80, 20)
	kittest.Golden(t, "acls_80x20.golden", kittest.Plain(s))
	kittest.CheckFrame(t, s.View(), 80, 20)
	if !strings.Contains(kittest.Plain(s), "ALLOW User:alice to READ TOPIC orders from any host") {
		t.Errorf("the footer does not say the selected binding in words:\n%s", kittest.Plain(s))
	}

	cases := []struct {
		query string
		want  []string
		not   []string
	}{
		{"bob", []string{"User:bob"}, []string{"User:alice"}},
		{"op=write", []string{"User:bob"}, []string{"User:alice"}},
		{"alice group", []string{"billing-"}, []string{"User:bob", "orders"}},
		{"perm=allow type=topic", []string{"orders"}, []string{"User:bob", "billing-"}},
		{"host=10.0", []string{"10.0.0.7"}, []string{"User:alice"}},
	}
	for _, c := range cases {
		s, _ := kittest.Start(t, NewACLs(aclFake(), kittest.TestStyles(), false), 100, 20)
		s, _ = kittest.Press(s, "/", c.query, "enter")
		table := tableOf(kittest.Plain(s))
		for _, w := range c.want {
			if !strings.Contains(table, w) {
				t.Errorf("filter %q: table lacks %q:\n%s", c.query, w, table)
			}
		}
		for _, n := range c.not {
			if strings.Contains(table, n) {
				t.Errorf("filter %q: table still shows %q:\n%s", c.query, n, table)
			}
		}
	}
}

// tableOf is a list's view without its footer line (which repeats the
// selected row in words).
func tableOf(v string) string {
	lines := strings.Split(v, "\n")
	return strings.Join(lines[:len(lines)-1], "\n")
}

func TestACLsKeysNavigateToWriteRoutes(t *testing.T) {
	s, _ := kittest.Start(t, NewACLs(aclFake(), kittest.TestStyles(), false), 80, 20)
	_, msgs := kittest.Press(s, "j", "d", "n")
	navs := kittest.Navigations(msgs)
	if len(navs) != 2 || navs[0].Kind != kit.RouteDeleteACLs || navs[0].ACL == nil || navs[0].ACL.ResourceName != "billing-" ||
		navs[1].Kind != kit.RouteCreateACL {
		t.Fatalf("j d n navigated to %+v, want the delete of the second binding, then create", navs)
	}
}

func TestACLsHelpHidesWriteKeysWhenReadOnly(t *testing.T) {
	for _, ro := range []bool{false, true} {
		s, _ := kittest.Start(t, NewACLs(aclFake(), kittest.TestStyles(), ro), 80, 20)
		var keys []string
		for _, b := range s.ShortHelp() {
			keys = append(keys, b.Help().Key)
		}
		got := strings.Join(keys, " ")
		hasWrites := strings.Contains(got, "n") && strings.Contains(got, "d")
		if hasWrites == ro {
			t.Errorf("read-only %v: help keys %q", ro, got)
		}
	}
}

func TestACLsErrorInWords(t *testing.T) {
	f := aclFake()
	f.Err = kafkaops.NewBrokerError(kafkaops.CodeSecurityDisabled, "")
	s, msgs := kittest.Start(t, NewACLs(f, kittest.TestStyles(), false), 80, 20)
	want := "ACLs are not enabled on this cluster"
	if st := kittest.Statuses(msgs); len(st) != 1 || !strings.Contains(st[0], want) {
		t.Errorf("status = %q, want it to say %q", st, want)
	}
	if v := kittest.Plain(s); !strings.Contains(v, want) || !strings.Contains(v, "acls enables them") {
		t.Errorf("the list does not explain the error:\n%s", v)
	}
	f.Err = kafkaops.NewBrokerError(kafkaops.CodeClusterAuthorizationFailed, "")
	_, msgs = kittest.Press(s, "r")
	if st := kittest.Statuses(msgs); len(st) != 1 || !strings.Contains(st[0], "this login may not list bindings") {
		t.Errorf("status after an authorization failure = %q", st)
	}
}

func TestCreateACLValidatesEachField(t *testing.T) {
	f := aclFake()
	s, _ := kittest.Start(t, NewCreateACL(f, kittest.TestStyles(), nil), 80, 20)
	v := kittest.Plain(s)
	// Before anything is typed, what is missing reads as hints, not ✗.
	if !strings.Contains(v, "who: User:alice") || !strings.Contains(v, "which resource") || strings.Contains(v, "✗") {
		t.Errorf("an empty form does not say what to type, or marks it wrong already:\n%s", v)
	}
	s, _ = kittest.Press(s, "carol")
	if v := kittest.Plain(s); !strings.Contains(v, "want type:name") {
		t.Errorf("a principal without a type is not flagged:\n%s", v)
	}
	s, _ = kittest.KeysAll(s, "home", "User:", "tab", "tab", right, right) // resource type: CLUSTER
	if v := kittest.Plain(s); !strings.Contains(v, "‹ CLUSTER ›") || !strings.Contains(v, "the cluster: kafka-cluster") || !strings.Contains(v, "CLUSTER takes") {
		t.Errorf("CLUSTER does not name its resource or refuse READ:\n%s", v)
	}
	kittest.Golden(t, "createacl_cluster_80x20.golden", kittest.Plain(s))
	s, msgs := kittest.Press(s, "enter")
	if len(f.ACLs) != 3 || kittest.HasPop(msgs) || !strings.Contains(kittest.Plain(s), "fix the fields marked ✗ first") {
		t.Fatalf("enter on an invalid form created (%d bindings) or did not say why not:\n%s", len(f.ACLs), kittest.Plain(s))
	}
}

func TestCreateACLCreatesWhatThePreviewSays(t *testing.T) {
	f := aclFake()
	s, _ := kittest.Start(t, NewCreateACL(f, kittest.TestStyles(), nil), 80, 20)
	s, _ = kittest.KeysAll(s, "User:carol", "tab", "tab", "tab", right, "tab", "payments-", "tab", "W")
	v := kittest.Plain(s)
	preview := "Creates: ALLOW User:carol to WRITE TOPIC payments-* from any host"
	if !strings.Contains(v, preview) {
		t.Fatalf("preview missing %q:\n%s", preview, v)
	}
	kittest.Golden(t, "createacl_valid_80x20.golden", v)
	_, msgs := kittest.Press(s, "enter")
	want := kafkaops.ACL{Principal: "User:carol", Host: "*", ResourceType: "TOPIC", PatternType: "PREFIXED", ResourceName: "payments-", Operation: "WRITE", Permission: "ALLOW"}
	if len(f.ACLs) != 4 || f.ACLs[3] != want {
		t.Fatalf("created %+v, want %+v", f.ACLs[len(f.ACLs)-1], want)
	}
	if !kittest.HasPop(msgs) {
		t.Errorf("the form did not close after creating: %v", msgs)
	}
}

func TestCreateACLShowsRefusalAndKeepsTheForm(t *testing.T) {
	f := aclFake()
	s, _ := kittest.Start(t, NewCreateACL(f, kittest.TestStyles(), &f.ACLs[0]), 80, 20)
	f.Err = kafkaops.NewBrokerError(kafkaops.CodeClusterAuthorizationFailed, "")
	s, msgs := kittest.Press(s, "enter")
	if kittest.HasPop(msgs) {
		t.Fatal("a refused create closed the form")
	}
	v := kittest.Plain(s)
	if !strings.Contains(v, "this login may not create ACLs") || !strings.Contains(v, "User:alice") {
		t.Errorf("the refusal is not in words, or the form lost its values:\n%s", v)
	}
}

func TestDeleteACLsShowsMatchesThenAsksForTheCount(t *testing.T) {
	f := aclFake()
	start := f.ACLs[0]
	s, _ := kittest.Start(t, NewDeleteACLs(f, kittest.TestStyles(), &start), 80, 20)
	// Widen the filter to any operation and permission on TOPIC orders.
	s, _ = kittest.KeysAll(s, kittest.Ctrl('u'), "tab", kittest.Ctrl('u'), "tab", "tab", "tab", "tab", left, left, "tab", left)
	if v := kittest.Plain(s); !strings.Contains(v, "‹ ANY ›") || strings.Count(v, "empty: any") != 2 {
		t.Fatalf("the widened filter does not read as intended:\n%s", v)
	}
	s, _ = kittest.Press(s, "enter")
	v := kittest.Plain(s)
	if !strings.Contains(v, "Matches 2 bindings") || !strings.Contains(v, "User:bob to WRITE") || strings.Contains(v, "billing-") {
		t.Fatalf("the dry run does not list exactly the two bindings on orders:\n%s", v)
	}
	kittest.Golden(t, "deleteacls_80x20.golden", v)
	if len(f.ACLs) != 3 {
		t.Fatal("listing the matches deleted something")
	}
	s, _ = kittest.Press(s, "1", "enter")
	if v := kittest.Plain(s); len(f.ACLs) != 3 || !strings.Contains(v, "type 2, the number of bindings") {
		t.Fatalf("a wrong count deleted, or did not say why not:\n%s", v)
	}
	s, _ = kittest.Press(s, "backspace", "2", "enter")
	if len(f.ACLs) != 1 || f.ACLs[0].ResourceName != "billing-" {
		t.Fatalf("after the delete the cluster has %+v", f.ACLs)
	}
	if v := kittest.Plain(s); !strings.Contains(v, "Deleted 2 bindings") {
		t.Errorf("the result is not shown:\n%s", v)
	}
}

func TestDeleteACLsNothingMatches(t *testing.T) {
	f := aclFake()
	start := kafkaops.ACL{Principal: "User:zed", ResourceType: "TOPIC", PatternType: "LITERAL", ResourceName: "x", Operation: "READ", Permission: "ALLOW"}
	s, _ := kittest.Start(t, NewDeleteACLs(f, kittest.TestStyles(), &start), 80, 20)
	s, _ = kittest.Press(s, "enter", "0", "enter")
	if v := kittest.Plain(s); !strings.Contains(v, "Matches 0 bindings") || !strings.Contains(v, "nothing matches") || len(f.ACLs) != 3 {
		t.Errorf("an empty match:\n%s", v)
	}
}

func TestACLScreensFitSmallTerminals(t *testing.T) {
	f := aclFake()
	for _, mk := range []func() kit.Screen{
		func() kit.Screen { return NewACLs(f, kittest.TestStyles(), false) },
		func() kit.Screen { return NewCreateACL(f, kittest.TestStyles(), nil) },
		func() kit.Screen { return NewDeleteACLs(f, kittest.TestStyles(), &f.ACLs[0]) },
	} {
		kittest.FitsEverySize(t, mk().Title(), mk)
	}
}

func TestACLScreensAt60x15(t *testing.T) {
	f := aclFake()
	s, _ := kittest.Start(t, NewACLs(f, kittest.TestStyles(), false), 60, 15)
	kittest.Golden(t, "acls_60x15.golden", kittest.Plain(s))
	c, _ := kittest.Start(t, NewCreateACL(f, kittest.TestStyles(), nil), 60, 15)
	c, _ = kittest.KeysAll(c, "User:carol", "tab", "tab", "tab", "tab", "orders")
	v := kittest.Plain(c)
	kittest.Golden(t, "createacl_60x15.golden", v)
	if !strings.Contains(v, "enter creates") || kittest.FocusedLine(v) == "" {
		t.Errorf("at 60x15 the form loses its focus or what enter does:\n%s", v)
	}
}

func TestSecurityDisabledOnOtherListsIsNotAboutACLs(t *testing.T) {
	f := userFake()
	f.Err = kafkaops.NewBrokerError(kafkaops.CodeSecurityDisabled, "")
	_, msgs := kittest.Start(t, NewUsers(f, kittest.TestStyles(), false), 80, 12)
	if st := kittest.Statuses(msgs); len(st) != 1 || !strings.Contains(st[0], "could not list credentials: security is not enabled") {
		t.Errorf("status = %q", st)
	}
}

// At 60x15 the delete filter's line under the form is whole, wrapped.
func TestDeleteACLsFootFits60(t *testing.T) {
	s, _ := kittest.Start(t, NewDeleteACLs(aclFake(), kittest.TestStyles(), nil), 60, 15)
	v := kittest.Plain(s)
	if !strings.Contains(v, "nothing is deleted") || !strings.Contains(v, "yet") || strings.Contains(v, "deleted …") {
		t.Errorf("the line under the filter is cut:\n%s", v)
	}
	kittest.CheckFrame(t, v, 60, 15)
}
