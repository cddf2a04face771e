package ui

import (
	"strings"
	"testing"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
)

// securityService is the demo cluster with one ACL binding, one SCRAM
// user and one quota.
func securityService() *kafkaopstest.AdminFake {
	f := kafkaopstest.NewAdminFake()
	f.FakeService = newDemoService()
	f.ACLs = []kafkaops.ACL{{Principal: "User:alice", Host: "*", ResourceType: "TOPIC", PatternType: "LITERAL", ResourceName: "bankbranch", Operation: "READ", Permission: "ALLOW"}}
	f.Users["alice"] = []kafkaops.ScramCredential{{Mechanism: kafkaops.ScramSHA256, Iterations: 8192}}
	f.Quotas[kafkaops.QuotaEntity{User: "alice"}] = map[string]float64{kafkaops.QuotaProducerByteRate: 1024}
	return f
}

// TestSecurityWritesRefusedReadOnly: :acls, :users and :quotas open on
// any context, but their write keys (n, d, p, e) and the write routes
// themselves are refused on a read-only one, in the route table; on a
// writable context the same keys open the write screens.
func TestSecurityWritesRefusedReadOnly(t *testing.T) {
	const why = "this context is read-only"
	lists := []struct {
		command, title string
		keys           []string
	}{
		{"acls", "ACLs", []string{"n", "d"}},
		{"users", "SCRAM credentials", []string{"n", "p", "d"}},
		{"quotas", "Client quotas", []string{"n", "e"}},
	}
	for _, readOnly := range []bool{true, false} {
		svc := securityService()
		h := newHarness(t, svc.FakeService, func(o *Options) { o.Service = svc; o.Build = DefaultBuilder; o.ReadOnly = readOnly })
		for _, l := range lists {
			h.press(":")
			h.typeText(l.command)
			h.press("enter")
			if !strings.HasPrefix(h.top().Title(), l.title) {
				t.Fatalf("read-only %v: :%s opened %q (status %q)", readOnly, l.command, h.titles(), h.m.status.text)
			}
			base := len(h.m.stack)
			for _, k := range l.keys {
				h.press(k)
				opened := len(h.m.stack) > base
				if readOnly && (opened || !strings.Contains(h.m.status.text, why)) {
					t.Errorf("read-only: %s on %s opened %q (status %q)", k, l.title, h.titles(), h.m.status.text)
				}
				if !readOnly && !opened {
					t.Errorf("writable: %s on %s opened nothing (status %q)", k, l.title, h.m.status.text)
				}
				if opened {
					h.press("esc")
				}
			}
			h.press("esc")
		}
		if !readOnly {
			continue
		}
		for _, r := range []kit.Route{
			{Kind: kit.RouteCreateACL},
			{Kind: kit.RouteDeleteACLs, ACL: &svc.ACLs[0]},
			{Kind: kit.RouteScramUser},
			{Kind: kit.RouteScramUser, User: "alice", Mechanism: kafkaops.ScramSHA256},
			{Kind: kit.RouteDeleteScram, User: "alice", Mechanism: kafkaops.ScramSHA256},
			{Kind: kit.RouteEditQuota},
		} {
			before := len(h.m.stack)
			h.send(kit.NavigateMsg{Route: r})
			if len(h.m.stack) != before || !strings.Contains(h.m.status.text, why) {
				t.Errorf("read-only route %v: stack %q, status %q", r.Kind, h.titles(), h.m.status.text)
			}
		}
	}
}

// TestSecurityListsHideWriteKeysReadOnly: the help line of a read-only
// list offers no key that the route table would refuse, and a writable
// one shows every write key uncut at 80 columns.
func TestSecurityListsHideWriteKeysReadOnly(t *testing.T) {
	lists := map[kit.RouteKind][]string{
		kit.RouteACLs:   {"n create", "d delete"},
		kit.RouteUsers:  {"n new", "p passwd", "d delete"},
		kit.RouteQuotas: {"n new", "e edit"},
	}
	for _, readOnly := range []bool{true, false} {
		for kind, keys := range lists {
			svc := securityService()
			h := newHarness(t, svc.FakeService, func(o *Options) { o.Service = svc; o.Build = DefaultBuilder; o.ReadOnly = readOnly })
			h.send(kit.NavigateMsg{Route: kit.Route{Kind: kind}})
			lines := strings.Split(h.view(), "\n")
			help := lines[len(lines)-1]
			for _, w := range keys {
				if strings.Contains(help, w) == readOnly {
					t.Errorf("%s read-only %v: help line %q (want %q shown: %v)", h.top().Title(), readOnly, help, w, !readOnly)
				}
			}
		}
	}
}
