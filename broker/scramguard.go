package broker

import (
	"fmt"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// kfakeScramIterations is the only iteration count kfake's SCRAM login
// works with: its server-first message always says i=4096, whatever the
// credential was created with, so a client deriving the key with the
// stored count's salt and 4096 iterations fails the proof.
const kfakeScramIterations = 4096

// installScramGuard refuses SCRAM credentials that kfake would store but
// never let log in (any iteration count but 4096), with Kafka's
// UNACCEPTABLE_CREDENTIAL and a message that says which count works,
// instead of a user whose every login then fails.
func installScramGuard(c *kfake.Cluster) {
	c.ControlKey(int16(kmsg.AlterUserSCRAMCredentials), func(r kmsg.Request) (kmsg.Response, error, bool) {
		c.KeepControl()
		req := r.(*kmsg.AlterUserSCRAMCredentialsRequest)
		bad := false
		for _, u := range req.Upsertions {
			bad = bad || u.Iterations != kfakeScramIterations
		}
		if !bad {
			return nil, nil, false
		}
		resp := req.ResponseKind().(*kmsg.AlterUserSCRAMCredentialsResponse)
		for _, u := range req.Deletions {
			resp.Results = append(resp.Results, scramResult(u.Name, kerr.InvalidRequest.Code, refusedWithOthers))
		}
		for _, u := range req.Upsertions {
			if u.Iterations == kfakeScramIterations {
				resp.Results = append(resp.Results, scramResult(u.Name, kerr.InvalidRequest.Code, refusedWithOthers))
				continue
			}
			msg := fmt.Sprintf("this broker takes %d iterations only, not %d", kfakeScramIterations, u.Iterations)
			resp.Results = append(resp.Results, scramResult(u.Name, kerr.UnacceptableCredential.Code, msg))
		}
		return resp, nil, true
	})
}

// scramResult is one user's result in an AlterUserScramCredentials answer.
func scramResult(user string, code int16, msg string) kmsg.AlterUserSCRAMCredentialsResponseResult {
	r := kmsg.NewAlterUserSCRAMCredentialsResponseResult()
	r.User, r.ErrorCode, r.ErrorMessage = user, code, kmsg.StringPtr(msg)
	return r
}
