package security

import (
	"strings"
	"testing"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

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
