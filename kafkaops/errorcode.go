package kafkaops

import (
	"errors"

	"github.com/segmentio/kafka-go"
)

// Kafka error codes the security screens explain in words.
const (
	// CodeClusterAuthorizationFailed is CLUSTER_AUTHORIZATION_FAILED: the
	// login lacks the cluster permission the request needs.
	CodeClusterAuthorizationFailed = 31
	// CodeSecurityDisabled is SECURITY_DISABLED: the cluster has no
	// authorizer (ACLs) or no SASL.
	CodeSecurityDisabled = 54
	// CodeResourceNotFound is RESOURCE_NOT_FOUND (a SCRAM user without
	// the credential named).
	CodeResourceNotFound = 91
	// CodeUnacceptableCredential is UNACCEPTABLE_CREDENTIAL.
	CodeUnacceptableCredential = 93
)

// ErrorCode returns the Kafka error code err carries, 0 when it carries
// none, so a screen can explain an error without importing kafka-go.
func ErrorCode(err error) int {
	var ke kafka.Error
	if !errors.As(err, &ke) {
		return 0
	}
	return int(ke)
}

// NewBrokerError returns the error a broker's answer with this code and
// message becomes, as the client's own calls return it; fakes use it to
// fail as a cluster would.
func NewBrokerError(code int, msg string) error { return kafkaError(int16(code), msg) }
