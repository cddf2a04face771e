package broker

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
	"github.com/twmb/franz-go/pkg/sasl/scram"
)

func TestACLsRefuseAUserWithoutAnACL(t *testing.T) {
	b := startTestBroker(t, Options{InMemory: true, ACLs: true, SASL: []SASLUser{{Mechanism: SASLScramSHA256, User: "admin", Pass: "adminpw"}}})
	admin := newClient(t, b.Addr(), kgo.SASL(scram.Auth{User: "admin", Pass: "adminpw"}.AsSha256Mechanism()))
	createTopic(t, admin, "orders", 1, nil)

	// The super user creates a SCRAM user that has no ACL.
	req := kmsg.NewPtrAlterUserSCRAMCredentialsRequest()
	up := kmsg.NewAlterUserSCRAMCredentialsRequestUpsertion()
	up.Name, up.Mechanism, up.Iterations = "alice", 1, 4096
	up.Salt = []byte("0123456789abcdef")
	up.SaltedPassword = scramSalted(t, "alicepw", up.Salt, 4096)
	req.Upsertions = append(req.Upsertions, up)
	resp, err := req.RequestWith(testContext(t, 10*time.Second), admin)
	if err != nil {
		t.Fatal(err)
	}
	if err := kerr.ErrorForCode(resp.Results[0].ErrorCode); err != nil {
		t.Fatalf("create user alice: %v", err)
	}

	alice := newClient(t, b.Addr(), kgo.SASL(scram.Auth{User: "alice", Pass: "alicepw"}.AsSha256Mechanism()), kgo.RequestRetries(0))
	err = alice.ProduceSync(testContext(t, 5*time.Second), &kgo.Record{Topic: "orders", Value: []byte("x")}).FirstErr()
	if !errors.Is(err, kerr.TopicAuthorizationFailed) {
		t.Fatalf("produce as alice without an ACL: %v, want TOPIC_AUTHORIZATION_FAILED", err)
	}

	// Once allowed to write, she can.
	cr := kmsg.NewPtrCreateACLsRequest()
	c := kmsg.NewCreateACLsRequestCreation()
	c.ResourceType, c.ResourceName, c.ResourcePatternType = kmsg.ACLResourceTypeTopic, "orders", kmsg.ACLResourcePatternTypeLiteral
	c.Principal, c.Host, c.Operation, c.PermissionType = "User:alice", "*", kmsg.ACLOperationWrite, kmsg.ACLPermissionTypeAllow
	cr.Creations = append(cr.Creations, c)
	if _, err := cr.RequestWith(testContext(t, 10*time.Second), admin); err != nil {
		t.Fatal(err)
	}
	alice2 := newClient(t, b.Addr(), kgo.SASL(scram.Auth{User: "alice", Pass: "alicepw"}.AsSha256Mechanism()))
	if err := alice2.ProduceSync(testContext(t, 10*time.Second), &kgo.Record{Topic: "orders", Value: []byte("x")}).FirstErr(); err != nil {
		t.Fatalf("produce as alice with a WRITE ACL: %v", err)
	}
}

func TestACLsNeedSASL(t *testing.T) {
	_, err := Start(Options{InMemory: true, ACLs: true, Listen: "127.0.0.1:0"})
	if err == nil || !strings.Contains(err.Error(), "SASL") {
		t.Fatalf("ACLs without SASL: %v, want an error naming SASL", err)
	}
}
