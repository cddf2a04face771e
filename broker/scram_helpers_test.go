package broker

import (
	"crypto/pbkdf2"
	"crypto/sha256"
	"testing"
)

// scramSalted is SCRAM's SaltedPassword for SHA-256 (RFC 5802 Hi()).
func scramSalted(t *testing.T, pass string, salt []byte, iter int) []byte {
	t.Helper()
	k, err := pbkdf2.Key(sha256.New, pass, salt, iter, sha256.Size)
	if err != nil {
		t.Fatal(err)
	}
	return k
}
