package kafkaops

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
)

// tlsClient runs the TLS handshake on nc within ctx. The server name
// defaults to the host of addr so certificates are checked against the
// address the user gave.
func tlsClient(ctx context.Context, nc net.Conn, addr string, cfg *tls.Config) (net.Conn, error) {
	if cfg.ServerName == "" && !cfg.InsecureSkipVerify {
		host, _, _ := net.SplitHostPort(addr)
		cfg = cfg.Clone()
		cfg.ServerName = host
	}
	tc := tls.Client(nc, cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		nc.Close()
		return nil, tlsError(ctx, addr, err)
	}
	return tc, nil
}

// tlsError classifies a failed TLS handshake. A certificate that fails
// verification on either side is an auth failure (the broker was reached;
// the settings are wrong); a timeout or a dropped connection stays
// unreachable, with a hint when the broker is likely not speaking TLS.
func tlsError(ctx context.Context, addr string, err error) error {
	var (
		verr  *tls.CertificateVerificationError
		ua    x509.UnknownAuthorityError
		he    x509.HostnameError
		ci    x509.CertificateInvalidError
		alert tls.AlertError
		rhe   tls.RecordHeaderError
	)
	switch {
	case ctx.Err() != nil:
		return &unreachableError{addr: addr, err: fmt.Errorf("TLS handshake: %w; is TLS enabled on this listener?", contextCause(ctx, err))}
	case errors.As(err, &verr), errors.As(err, &ua), errors.As(err, &he), errors.As(err, &ci), errors.As(err, &alert), isRemoteAlert(err):
		return &authError{what: "TLS handshake", addr: addr, err: err}
	case errors.As(err, &rhe):
		return &unreachableError{addr: addr, err: fmt.Errorf("TLS handshake: the broker does not speak TLS on this port (%v)", err)}
	case errors.Is(err, io.EOF) || isConnDropped(err):
		return &unreachableError{addr: addr, err: fmt.Errorf("TLS handshake: the broker closed the connection; is TLS enabled on this listener? (%v)", err)}
	}
	return &unreachableError{addr: addr, err: fmt.Errorf("TLS handshake: %w", err)}
}

// isRemoteAlert reports whether err is a TLS alert sent by the broker,
// e.g. "remote error: tls: certificate required" when mutual TLS wants a
// client certificate. With TLS 1.3 the broker checks the client's
// certificate after the client's side of the handshake is done, so the
// alert arrives with the first request's answer.
func isRemoteAlert(err error) bool {
	var oe *net.OpError
	return errors.As(err, &oe) && oe.Op == "remote error"
}

// afterHandshakeError turns a TLS alert that arrived with the first
// answer into the TLS failure it is; other errors are returned as nil.
func afterHandshakeError(addr string, err error) error {
	if !isRemoteAlert(err) {
		return nil
	}
	return &authError{what: "TLS handshake", addr: addr, err: err}
}
