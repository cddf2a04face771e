package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"kscope/broker"
	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
	"kscope/views/security"
)

// TestSecurityScreensAgainstBundledBroker drives the ACL, user and quota
// screens against `kscope broker --acls` with SASL, as its super user,
// and reads each change back through kafkaops.
func TestSecurityScreensAgainstBundledBroker(t *testing.T) {
	b, err := broker.Start(broker.Options{Listen: "127.0.0.1:0", InMemory: true, ACLs: true,
		SASL: []broker.SASLUser{{Mechanism: broker.SASLScramSHA256, User: "admin", Pass: "adminpw"}}})
	if err != nil {
		t.Fatalf("start broker: %v", err)
	}
	defer b.Close()
	c, err := kafkaops.New(kafkaops.Config{Brokers: []string{b.Addr()}, DialTimeout: 5 * time.Second,
		SASL: &kafkaops.SASL{Mechanism: "SCRAM-SHA-256", Username: "admin", Password: "adminpw"}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	st := theme.New(true, true)
	tab := tea.KeyPressMsg{Code: tea.KeyTab}
	ctrlU := tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	view := func(s kit.Screen) string { return ansi.Strip(s.View()) }

	// Create: User:alice READ TOPIC orders.
	s := security.NewCreateACL(c, st, nil)
	s.SetSize(100, 30)
	_, msgs := pressSync(s, "User:alice", tab, tab, tab, tab, "orders", "enter")
	if !hasPop(msgs) {
		t.Fatalf("the create did not close: %v\n%s", msgs, view(s))
	}
	acls, err := c.DescribeACLs(ctx, kafkaops.ACLFilter{})
	want := kafkaops.ACL{Principal: "User:alice", Host: "*", ResourceType: "TOPIC", PatternType: "LITERAL", ResourceName: "orders", Operation: "READ", Permission: "ALLOW"}
	if err != nil || len(acls) != 1 || acls[0] != want {
		t.Fatalf("after the create the broker has %+v (%v)", acls, err)
	}

	// The list shows it.
	s = security.NewACLs(c, st, false)
	s.SetSize(100, 30)
	s, _ = driveSync(s, runAll(s.Init())[0])
	if v := view(s); !strings.Contains(v, "ALLOW User:alice to READ TOPIC orders from any host") {
		t.Fatalf("the list does not show the binding:\n%s", v)
	}

	// Delete: the dry run lists it, the typed count deletes it.
	s = security.NewDeleteACLs(c, st, &acls[0])
	s.SetSize(100, 30)
	s, _ = pressSync(s, "enter")
	if v := view(s); !strings.Contains(v, "Matches 1 binding") {
		t.Fatalf("no dry run:\n%s", v)
	}
	s, _ = pressSync(s, "1", "enter")
	if acls, err := c.DescribeACLs(ctx, kafkaops.ACLFilter{}); err != nil || len(acls) != 0 || !strings.Contains(view(s), "Deleted 1 binding") {
		t.Fatalf("after the delete the broker has %+v (%v):\n%s", acls, err, view(s))
	}

	// A user: 8192 iterations is refused in words, the default 4096 saves.
	s = security.NewScramUser(c, st, "", "")
	s.SetSize(100, 30)
	s, _ = driveSync(s, runAll(s.Init())[0])
	s, msgs = pressSync(s, "erin", tab, tab, ctrlU, "8192", tab, "erin-pw-1", tab, "erin-pw-1", "enter")
	if hasPop(msgs) || !strings.Contains(view(s), "4096 iterations only") {
		t.Fatalf("8192 iterations on the bundled broker:\n%s", view(s))
	}
	_, msgs = pressSync(s, tab, tab, tab, ctrlU, "4096", "enter")
	users, err := c.DescribeScramUsers(ctx, "erin")
	if !hasPop(msgs) || err != nil || len(users) != 1 || users[0].Credentials[0].Iterations != 4096 {
		t.Fatalf("erin = %+v (%v), closed %v", users, err, hasPop(msgs))
	}

	// A quota for erin: dry run, diff, y.
	s = security.NewEditQuota(c, st, nil)
	s.SetSize(100, 30)
	s, _ = pressSync(s, "erin", tab, tab, "1MiB", "enter")
	if v := view(s); !strings.Contains(v, "producer_byte_rate: no limit → 1048576 (1MiB)") {
		t.Fatalf("no diff after the dry run:\n%s", v)
	}
	if qs, _ := c.DescribeQuotas(ctx, kafkaops.QuotaEntity{}); len(qs) != 0 {
		t.Fatalf("the dry run set %+v", qs)
	}
	_, msgs = pressSync(s, "y")
	qs, err := c.DescribeQuotas(ctx, kafkaops.QuotaEntity{})
	if !hasPop(msgs) || err != nil || len(qs) != 1 || qs[0].Entity.User != "erin" || qs[0].Values[kafkaops.QuotaProducerByteRate] != 1<<20 {
		t.Fatalf("quotas after y: %+v (%v)", qs, err)
	}
}
