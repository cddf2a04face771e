package kafkaops

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorCode(t *testing.T) {
	wrapped := fmt.Errorf("describe ACLs: %w", kafkaError(CodeSecurityDisabled, "no authorizer"))
	if got := ErrorCode(wrapped); got != CodeSecurityDisabled {
		t.Errorf("ErrorCode(%v) = %d, want %d", wrapped, got, CodeSecurityDisabled)
	}
	if got := ErrorCode(errors.New("plain")); got != 0 {
		t.Errorf("ErrorCode(plain error) = %d, want 0", got)
	}
}

func TestNewBrokerErrorKeepsItsCode(t *testing.T) {
	err := NewBrokerError(CodeClusterAuthorizationFailed, "denied")
	if ErrorCode(err) != CodeClusterAuthorizationFailed || ErrorTitle(err) != "[31] Cluster Authorization Failed" {
		t.Errorf("NewBrokerError(31) = %v (code %d, title %q)", err, ErrorCode(err), ErrorTitle(err))
	}
}
