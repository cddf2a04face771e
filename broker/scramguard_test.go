package broker

import (
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
	"github.com/twmb/franz-go/pkg/sasl/scram"
)

// TestScramGuardRefusesIterationsKfakeCannotLogIn: kfake's SCRAM login
// always says 4096 iterations, so a credential with 8192 would be stored
// and never log in; the broker refuses it with UNACCEPTABLE_CREDENTIAL
// and a message naming the count that works, and 4096 still goes through
// and logs in.
func TestScramGuardRefusesIterationsKfakeCannotLogIn(t *testing.T) {
	b := startTestBroker(t, Options{InMemory: true, SASL: []SASLUser{{Mechanism: SASLScramSHA256, User: "admin", Pass: "adminpw"}}})
	admin := newClient(t, b.Addr(), kgo.SASL(scram.Auth{User: "admin", Pass: "adminpw"}.AsSha256Mechanism()))
	upsert := func(name string, iterations int32) kmsg.AlterUserSCRAMCredentialsResponseResult {
		t.Helper()
		req := kmsg.NewPtrAlterUserSCRAMCredentialsRequest()
		up := kmsg.NewAlterUserSCRAMCredentialsRequestUpsertion()
		up.Name, up.Mechanism, up.Iterations = name, 1, iterations
		up.Salt = []byte("0123456789abcdef")
		up.SaltedPassword = scramSalted(t, name+"pw", up.Salt, int(iterations))
		req.Upsertions = append(req.Upsertions, up)
		resp, err := req.RequestWith(testContext(t, 10*time.Second), admin)
		if err != nil {
			t.Fatal(err)
		}
		return resp.Results[0]
	}
	r := upsert("carol", 8192)
	if r.ErrorCode != kerr.UnacceptableCredential.Code || r.ErrorMessage == nil || !strings.Contains(*r.ErrorMessage, "4096 iterations only") {
		t.Fatalf("8192 iterations: error %d %v, want UNACCEPTABLE_CREDENTIAL naming 4096", r.ErrorCode, r.ErrorMessage)
	}
	if r := upsert("dave", 4096); r.ErrorCode != 0 {
		t.Fatalf("4096 iterations refused: %d", r.ErrorCode)
	}
	dave := newClient(t, b.Addr(), kgo.SASL(scram.Auth{User: "dave", Pass: "davepw"}.AsSha256Mechanism()), kgo.RequestRetries(0))
	if _, err := kmsg.NewPtrMetadataRequest().RequestWith(testContext(t, 10*time.Second), dave); err != nil {
		t.Fatalf("dave (4096 iterations) cannot log in: %v", err)
	}
}
