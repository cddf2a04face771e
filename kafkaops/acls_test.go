package kafkaops_test

import (
	"errors"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
	"github.com/twmb/franz-go/pkg/sasl/scram"

	"kscope/broker"
	"kscope/kafkaops"
)

// startACLBroker runs a broker that enforces ACLs, with "admin" as its
// super user, and returns it with an admin kafkaops client.
func startACLBroker(t *testing.T) (*broker.Broker, *kafkaops.Client) {
	t.Helper()
	b, err := broker.Start(withRelease(broker.Options{Listen: "127.0.0.1:0", InMemory: true, ACLs: true,
		SASL: []broker.SASLUser{{Mechanism: broker.SASLScramSHA256, User: "admin", Pass: "adminpw"}}}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	c := newClient(t, b.Addr(), func(cfg *kafkaops.Config) {
		cfg.SASL = &kafkaops.SASL{Mechanism: "SCRAM-SHA-256", Username: "admin", Password: "adminpw"}
	})
	return b, c
}

func produceAs(t *testing.T, addr, user, pass, topic string) error {
	t.Helper()
	cl := outside(t, addr, kgo.SASL(scram.Auth{User: user, Pass: pass}.AsSha512Mechanism()), kgo.RequestRetries(0), kgo.RecordRetries(1))
	ctx, cancel := contextWithTimeout(5 * time.Second)
	defer cancel()
	return cl.ProduceSync(ctx, &kgo.Record{Topic: topic, Value: []byte("x")}).FirstErr()
}

func TestScramUsersAndACLsDecideWhoWrites(t *testing.T) {
	b, c := startACLBroker(t)
	ctx := testCtx(t)
	mustCreate(t, c, "orders", 1)

	if err := c.UpsertScramUser(ctx, kafkaops.ScramUpsert{Name: "alice", Mechanism: kafkaops.ScramSHA512, Password: "alicepw", Iterations: 4096}); err != nil {
		t.Fatal(err)
	}
	users, err := c.DescribeScramUsers(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 1 || len(users[0].Credentials) != 1 || users[0].Credentials[0] != (kafkaops.ScramCredential{Mechanism: kafkaops.ScramSHA512, Iterations: 4096}) {
		t.Fatalf("alice = %+v, want one SCRAM-SHA-512 credential of 4096 iterations", users)
	}
	// Without names every user is listed: the super user and alice.
	all, err := c.DescribeScramUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, u := range all {
		names = append(names, u.Name)
	}
	if len(names) != 2 || names[0] != "admin" || names[1] != "alice" {
		t.Fatalf("DescribeScramUsers() lists %v, want [admin alice]", names)
	}

	// She can log in (the outside client's own SCRAM exchange) but has
	// no ACL, so she may not write.
	if err := produceAs(t, b.Addr(), "alice", "alicepw", "orders"); !errors.Is(err, kerr.TopicAuthorizationFailed) {
		t.Fatalf("produce as alice without an ACL: %v, want TOPIC_AUTHORIZATION_FAILED", err)
	}
	allow := kafkaops.ACL{Principal: "User:alice", Host: "*", ResourceType: "TOPIC", ResourceName: "orders", PatternType: "LITERAL", Operation: "WRITE", Permission: "ALLOW"}
	if err := c.CreateACLs(ctx, []kafkaops.ACL{allow}); err != nil {
		t.Fatal(err)
	}
	if err := produceAs(t, b.Addr(), "alice", "alicepw", "orders"); err != nil {
		t.Fatalf("produce as alice with a WRITE ACL: %v", err)
	}

	// The outside client sees the binding kafkaops created.
	admin := outside(t, b.Addr(), kgo.SASL(scram.Auth{User: "admin", Pass: "adminpw"}.AsSha256Mechanism()))
	dreq := kmsg.NewPtrDescribeACLsRequest()
	dreq.ResourceType, dreq.ResourcePatternType, dreq.Operation, dreq.PermissionType = kmsg.ACLResourceTypeAny, kmsg.ACLResourcePatternTypeAny, kmsg.ACLOperationAny, kmsg.ACLPermissionTypeAny
	dresp, err := dreq.RequestWith(outsideCtx(t), admin)
	if err != nil || len(dresp.Resources) != 1 || dresp.Resources[0].ResourceName != "orders" || len(dresp.Resources[0].ACLs) != 1 || dresp.Resources[0].ACLs[0].Principal != "User:alice" {
		t.Fatalf("outside DescribeACLs: %+v (%v), want alice's binding on orders", dresp, err)
	}

	// Delete: the dry run lists what the filter matches, the delete
	// removes exactly that.
	filter := kafkaops.ACLFilter{Principal: "User:alice"}
	shown, err := c.DescribeACLs(ctx, filter)
	if err != nil || len(shown) != 1 || shown[0] != allow {
		t.Fatalf("DescribeACLs(alice) = %+v (%v), want [%+v]", shown, err, allow)
	}
	if none, err := c.DescribeACLs(ctx, kafkaops.ACLFilter{Principal: "User:bob"}); err != nil || len(none) != 0 {
		t.Fatalf("DescribeACLs(bob) = %+v (%v), want none", none, err)
	}
	deleted, err := c.DeleteACLs(ctx, []kafkaops.ACLFilter{filter})
	if err != nil || len(deleted) != 1 || deleted[0] != shown[0] {
		t.Fatalf("DeleteACLs = %+v (%v), want the binding shown", deleted, err)
	}
	if err := produceAs(t, b.Addr(), "alice", "alicepw", "orders"); !errors.Is(err, kerr.TopicAuthorizationFailed) {
		t.Fatalf("produce as alice after the ACL was deleted: %v, want TOPIC_AUTHORIZATION_FAILED", err)
	}

	// Deleting her credential stops her logging in.
	if err := c.DeleteScramCredential(ctx, "alice", kafkaops.ScramSHA512); err != nil {
		t.Fatal(err)
	}
	if err := produceAs(t, b.Addr(), "alice", "alicepw", "orders"); err == nil || errors.Is(err, kerr.TopicAuthorizationFailed) {
		t.Fatalf("produce as a deleted user: %v, want an authentication failure", err)
	}
}

func TestACLInputChecked(t *testing.T) {
	b := startBroker(t)
	c := newClient(t, b.Addr())
	bad := []kafkaops.ACL{
		{Principal: "alice", ResourceType: "TOPIC", ResourceName: "x", PatternType: "LITERAL", Operation: "READ", Permission: "ALLOW"},
		{Principal: "User:alice", ResourceType: "TABLE", ResourceName: "x", PatternType: "LITERAL", Operation: "READ", Permission: "ALLOW"},
		{Principal: "User:alice", ResourceType: "TOPIC", ResourceName: "x", PatternType: "ANY", Operation: "READ", Permission: "ALLOW"},
	}
	for _, a := range bad {
		if err := c.CreateACLs(testCtx(t), []kafkaops.ACL{a}); !errors.Is(err, kafkaops.ErrInvalid) {
			t.Errorf("CreateACLs(%+v) = %v, want ErrInvalid", a, err)
		}
	}
	if err := c.UpsertScramUser(testCtx(t), kafkaops.ScramUpsert{Name: "a", Mechanism: "MD5", Password: "p"}); !errors.Is(err, kafkaops.ErrInvalid) {
		t.Errorf("unknown mechanism: %v, want ErrInvalid", err)
	}
	if err := c.UpsertScramUser(testCtx(t), kafkaops.ScramUpsert{Name: "a", Mechanism: kafkaops.ScramSHA256, Password: "p", Iterations: 100}); !errors.Is(err, kafkaops.ErrInvalid) {
		t.Errorf("100 iterations: %v, want ErrInvalid", err)
	}
}
