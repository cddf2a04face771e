package interop

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
	"github.com/twmb/franz-go/pkg/sasl/scram"

	"kscope/kafkaops"
)

// pythonACLs runs testdata/acls.py against addr and returns its lines.
func pythonACLs(t *testing.T, addr string, args ...string) []string {
	t.Helper()
	out := run(t, time.Minute, "", pythonKafka, append([]string{filepath.Join("testdata", "acls.py"), addr}, args...)...)
	return strings.Split(strings.TrimSpace(out), "\n")
}

// TestKafkaPythonSeesTheACLsKscopeWrites: what the :acls screens send
// (kafkaops CreateACLs, then DeleteACLs with the filter the delete
// screen listed first) is what kafka-python's KafkaAdminClient finds on
// `kscope broker`, and what kafka-python creates kscope lists. The broker
// runs without SASL: kafka-python 2.0.2 logs in with SaslHandshake v0
// only, which kfake refuses (TestSCRAMUserAndACLsWithKgo covers SASL).
func TestKafkaPythonSeesTheACLsKscopeWrites(t *testing.T) {
	requirePythonKafka(t)
	b := startBroker(t, t.TempDir())
	c, err := kafkaops.New(kafkaops.Config{Brokers: []string{b.Addr}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	created := []kafkaops.ACL{
		{Principal: "User:alice", Host: "*", ResourceType: "TOPIC", PatternType: "PREFIXED", ResourceName: "orders-", Operation: "WRITE", Permission: "ALLOW"},
		{Principal: "User:bob", Host: "*", ResourceType: "GROUP", PatternType: "LITERAL", ResourceName: "billing", Operation: "DESCRIBE", Permission: "DENY"},
	}
	if err := c.CreateACLs(ctx, created); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"User:alice * TOPIC PREFIXED orders- WRITE ALLOW",
		"User:bob * GROUP LITERAL billing DESCRIBE DENY",
	}
	if got := pythonACLs(t, b.Addr, "describe"); !slices.Equal(got, want) {
		t.Fatalf("kafka-python describe_acls after kscope created two:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// kafka-python creates one; kscope's list shows it.
	if got := pythonACLs(t, b.Addr, "create", "User:erin", "logs"); !slices.Equal(got, []string{"created"}) {
		t.Fatalf("kafka-python create_acls: %q", got)
	}
	erin, err := c.DescribeACLs(ctx, kafkaops.ACLFilter{Principal: "User:erin"})
	if err != nil {
		t.Fatal(err)
	}
	if len(erin) != 1 || erin[0] != (kafkaops.ACL{Principal: "User:erin", Host: "*", ResourceType: "TOPIC", PatternType: "LITERAL", ResourceName: "logs", Operation: "READ", Permission: "ALLOW"}) {
		t.Fatalf("kscope lists erin's bindings as %+v", erin)
	}

	// The delete screen lists what its filter matches, then deletes with
	// the same filter: exactly those go.
	topics := kafkaops.ACLFilter{ResourceType: "TOPIC"}
	planned, err := c.DescribeACLs(ctx, topics)
	if err != nil {
		t.Fatal(err)
	}
	deleted, err := c.DeleteACLs(ctx, []kafkaops.ACLFilter{topics})
	if err != nil {
		t.Fatal(err)
	}
	if len(planned) != 2 || !slices.Equal(planned, deleted) {
		t.Fatalf("the dry run listed %+v, the delete removed %+v", planned, deleted)
	}
	if got := pythonACLs(t, b.Addr, "describe"); !slices.Equal(got, want[1:]) {
		t.Fatalf("kafka-python after the delete:\n%s\nwant:\n%s", strings.Join(got, "\n"), want[1])
	}
}

// TestSCRAMUserAndACLsWithKgo: on `kscope broker --sasl-users F --acls`,
// a SCRAM user the users screen creates (UpsertScramUser, 4096
// iterations: the broker refuses others in words) logs in with
// franz-go's own SCRAM exchange; it is not a super user, so it may not
// list ACLs (CLUSTER_AUTHORIZATION_FAILED, which the screens put in
// words), while the super user sees the binding kscope created.
func TestSCRAMUserAndACLsWithKgo(t *testing.T) {
	dir := t.TempDir()
	users := filepath.Join(dir, "users")
	if err := os.WriteFile(users, []byte("admin:adminpw\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	b := startBroker(t, filepath.Join(dir, "data"), "--sasl-users", users, "--acls")
	c, err := kafkaops.New(kafkaops.Config{Brokers: []string{b.Addr},
		SASL: &kafkaops.SASL{Mechanism: "SCRAM-SHA-256", Username: "admin", Password: "adminpw"}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	binding := kafkaops.ACL{Principal: "User:frank", Host: "*", ResourceType: "TOPIC", PatternType: "LITERAL", ResourceName: "logs", Operation: "READ", Permission: "ALLOW"}
	if err := c.CreateACLs(ctx, []kafkaops.ACL{binding}); err != nil {
		t.Fatal(err)
	}
	// kfake logs SCRAM users in with 4096 iterations only; the broker
	// refuses any other count in words rather than store a user that can
	// never log in.
	err = c.UpsertScramUser(ctx, kafkaops.ScramUpsert{Name: "frank", Mechanism: kafkaops.ScramSHA256, Password: "frank-pw-1", Iterations: 8192})
	if kafkaops.ErrorCode(err) != kafkaops.CodeUnacceptableCredential || !strings.Contains(err.Error(), "4096 iterations only") {
		t.Fatalf("a credential of 8192 iterations: %v, want UNACCEPTABLE_CREDENTIAL naming 4096", err)
	}
	if err := c.UpsertScramUser(ctx, kafkaops.ScramUpsert{Name: "frank", Mechanism: kafkaops.ScramSHA256, Password: "frank-pw-1", Iterations: 4096}); err != nil {
		t.Fatal(err)
	}
	describe := func(user, pass string) (*kmsg.DescribeACLsResponse, error) {
		cl := newKgo(t, b.Addr, kgo.SASL(scram.Auth{User: user, Pass: pass}.AsSha256Mechanism()), kgo.RequestRetries(0))
		req := kmsg.NewPtrDescribeACLsRequest()
		req.ResourceType, req.ResourcePatternType = kmsg.ACLResourceTypeAny, kmsg.ACLResourcePatternTypeAny
		req.Operation, req.PermissionType = kmsg.ACLOperationAny, kmsg.ACLPermissionTypeAny
		return req.RequestWith(ctx, cl)
	}
	res, err := describe("frank", "frank-pw-1")
	if err != nil {
		t.Fatalf("frank could not log in or ask: %v", err)
	}
	if res.ErrorCode != kafkaops.CodeClusterAuthorizationFailed {
		t.Fatalf("frank's DescribeAcls answered error %d, want %d (CLUSTER_AUTHORIZATION_FAILED)", res.ErrorCode, kafkaops.CodeClusterAuthorizationFailed)
	}
	if _, err := describe("frank", "wrong"); err == nil {
		t.Fatal("frank logged in with a wrong password")
	}
	all, err := c.DescribeScramUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[1].Name != "frank" || all[1].Credentials[0] != (kafkaops.ScramCredential{Mechanism: kafkaops.ScramSHA256, Iterations: 4096}) {
		t.Fatalf("kscope lists the SCRAM users as %+v", all)
	}
}
