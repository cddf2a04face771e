package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/protocol"
	"github.com/segmentio/kafka-go/protocol/saslauthenticate"
	"github.com/segmentio/kafka-go/protocol/saslhandshake"
	"github.com/segmentio/kafka-go/sasl"
	"github.com/segmentio/kafka-go/sasl/plain"
	"github.com/segmentio/kafka-go/sasl/scram"
)

// SASL mechanisms kscope can authenticate with, as brokers name them.
const (
	// SASLPlain sends the user name and password as they are; use it only
	// over TLS.
	SASLPlain = "PLAIN"
	// SASLScramSHA256 is SCRAM with SHA-256: the password never crosses
	// the wire.
	SASLScramSHA256 = "SCRAM-SHA-256"
	// SASLScramSHA512 is SCRAM with SHA-512.
	SASLScramSHA512 = "SCRAM-SHA-512"
)

// SASL holds the credentials every connection authenticates with. Its
// String and GoString never show the password, so a SASL (or a Config
// holding one) can be logged.
type SASL struct {
	// Mechanism is SASLPlain, SASLScramSHA256 or SASLScramSHA512 (case
	// does not matter).
	Mechanism string
	// Username is the SASL user name.
	Username string
	// Password is the user's password. It never appears in an error.
	Password string
}

// String describes the credentials without the password, e.g.
// `SCRAM-SHA-256 as "app"`.
func (s SASL) String() string {
	return fmt.Sprintf("%s as %q (password hidden)", s.Mechanism, s.Username)
}

// GoString is String, so that %#v does not print the password either.
func (s SASL) GoString() string { return "kafkaops.SASL{" + s.String() + "}" }

// saslMechanism checks s and returns kafka-go's implementation of its
// mechanism. Errors name the mechanism and user, never the password.
func (s SASL) saslMechanism() (sasl.Mechanism, error) {
	if s.Username == "" {
		return nil, fmt.Errorf("%w: SASL %s needs a user name", ErrInvalid, s.Mechanism)
	}
	var algo scram.Algorithm
	switch strings.ToUpper(strings.TrimSpace(s.Mechanism)) {
	case SASLPlain:
		return plain.Mechanism{Username: s.Username, Password: s.Password}, nil
	case SASLScramSHA256:
		algo = scram.SHA256
	case SASLScramSHA512:
		algo = scram.SHA512
	default:
		return nil, fmt.Errorf("%w: SASL mechanism %q: want %s, %s or %s", ErrInvalid, s.Mechanism, SASLPlain, SASLScramSHA256, SASLScramSHA512)
	}
	m, err := scram.Mechanism(algo, s.Username, s.Password)
	if err != nil {
		// The library's message quotes the password: do not wrap it.
		return nil, fmt.Errorf("%w: SASL %s for user %q: the user name or password has characters SCRAM does not allow (SASLprep)", ErrInvalid, algo.Name(), s.Username)
	}
	return m, nil
}

// authError says that a broker was reached but the connection could not
// be trusted or authenticated: SASL credentials refused, a mechanism the
// broker does not offer, or a TLS certificate that failed verification.
// Retrying does not help; the settings must change.
type authError struct {
	what string // "SASL authentication", "TLS handshake"
	addr string
	err  error
}

func (e *authError) Error() string {
	return fmt.Sprintf("%s with %s failed: %v", e.what, e.addr, e.err)
}

func (e *authError) Unwrap() error { return e.err }

// IsAuthFailed reports whether err means the broker refused the SASL
// credentials or mechanism, or the TLS handshake failed verification (an
// unknown certificate authority, a wrong host name, a client certificate
// the broker rejected). It is not a network problem: IsUnreachable is
// false for it, and retrying will not help until the settings change.
func IsAuthFailed(err error) bool {
	var ae *authError
	return errors.As(err, &ae)
}

// authenticate runs SaslHandshake then SaslAuthenticate round trips on a
// fresh connection until mech is satisfied, within ctx (the dial
// timeout). This is what kafka-go's Transport does in authenticateSASL.
func authenticate(ctx context.Context, pc *protocol.Conn, addr, clientID string, mech sasl.Mechanism) error {
	res, _, err := exchange(ctx, pc, guard(&saslhandshake.Request{Mechanism: mech.Name()}, clientID))
	if err != nil {
		return saslIOError(ctx, addr, err)
	}
	hs := res.(*saslhandshake.Response)
	if hs.ErrorCode != 0 {
		msg := ""
		if len(hs.Mechanisms) > 0 {
			msg = fmt.Sprintf("%s asked, the broker offers %s", mech.Name(), strings.Join(hs.Mechanisms, ", "))
		}
		return &authError{what: "SASL authentication", addr: addr, err: kafkaError(hs.ErrorCode, msg)}
	}

	sess, state, err := mech.Start(ctx)
	if err != nil {
		return &authError{what: "SASL authentication", addr: addr, err: fmt.Errorf("%s: %v", mech.Name(), err)}
	}
	for done := false; !done; {
		res, _, err := exchange(ctx, pc, guard(&saslauthenticate.Request{AuthBytes: state}, clientID))
		if err != nil {
			return saslIOError(ctx, addr, err)
		}
		ar := res.(*saslauthenticate.Response)
		if ar.ErrorCode != 0 {
			return &authError{what: "SASL authentication", addr: addr, err: kafkaError(ar.ErrorCode, ar.ErrorMessage)}
		}
		done, state, err = sess.Next(ctx, ar.AuthBytes)
		if err != nil {
			// SCRAM's own checks ("server validation failed"): the
			// broker did not prove it knows the password.
			return &authError{what: "SASL authentication", addr: addr, err: fmt.Errorf("%s: %v", mech.Name(), err)}
		}
	}
	return nil
}

// saslIOError classifies an i/o error during the SASL exchange. Brokers
// (Apache Kafka for some failures, kfake for all) answer wrong credentials
// by closing the connection, so a dropped connection there reads as
// error 58, the way kafka-go reports it; a timeout stays a timeout.
func saslIOError(ctx context.Context, addr string, err error) error {
	var ne net.Error
	if ctx.Err() != nil || (errors.As(err, &ne) && ne.Timeout()) {
		return &unreachableError{addr: addr, err: fmt.Errorf("SASL authentication: %w", contextCause(ctx, err))}
	}
	if isConnDropped(err) {
		return &authError{what: "SASL authentication", addr: addr, err: &brokerError{
			code: kafka.SASLAuthenticationFailed,
			msg:  "the broker closed the connection: wrong user name or password, or the mechanism is not enabled for this user",
		}}
	}
	return &authError{what: "SASL authentication", addr: addr, err: err}
}
