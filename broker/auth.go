package broker

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl/plain"
	"github.com/twmb/franz-go/pkg/sasl/scram"
)

// SASL mechanisms the bundled broker can require.
const (
	// SASLPlain is the PLAIN mechanism (user name and password in clear).
	SASLPlain = "PLAIN"
	// SASLScramSHA256 is SCRAM-SHA-256.
	SASLScramSHA256 = "SCRAM-SHA-256"
	// SASLScramSHA512 is SCRAM-SHA-512.
	SASLScramSHA512 = "SCRAM-SHA-512"
)

// SASLUser is a user the broker accepts with one mechanism when SASL is on.
// Its String never shows the password.
type SASLUser struct {
	// Mechanism is SASLPlain, SASLScramSHA256 or SASLScramSHA512.
	Mechanism string
	// User is the user name.
	User string
	// Pass is the password.
	Pass string
}

// String names the mechanism and user, not the password.
func (u SASLUser) String() string { return u.Mechanism + ":" + u.User }

// GoString is String, so that %#v does not print the password either.
func (u SASLUser) GoString() string { return "broker.SASLUser{" + u.String() + "}" }

// kfakeSASLFile is where kfake persists SASL users in its data dir, with
// PLAIN passwords in clear and mode 0644.
const kfakeSASLFile = "sasl.json"

// authOpts turns the SASL and TLS options into kfake options.
func authOpts(o Options) ([]kfake.Opt, error) {
	var kopts []kfake.Opt
	if len(o.SASL) > 0 {
		kopts = append(kopts, kfake.EnableSASL())
		for _, u := range o.SASL {
			m := strings.ToUpper(strings.TrimSpace(u.Mechanism))
			switch m {
			case SASLPlain, SASLScramSHA256, SASLScramSHA512:
			default:
				return nil, fmt.Errorf("SASL user %q: unknown mechanism %q: want %s, %s or %s", u.User, u.Mechanism, SASLPlain, SASLScramSHA256, SASLScramSHA512)
			}
			if u.User == "" {
				return nil, fmt.Errorf("SASL %s user: the user name is empty", m)
			}
			kopts = append(kopts, kfake.Superuser(m, u.User, u.Pass))
		}
	}
	if o.ACLs {
		if len(o.SASL) == 0 {
			return nil, errors.New("ACLs need SASL: without it every client is anonymous and ACLs cannot tell users apart")
		}
		// The SASL users given are super users; any other principal
		// (a SCRAM user created later) needs ACLs.
		kopts = append(kopts, kfake.EnableACLs())
	}
	tc, err := serverTLS(o)
	if err != nil {
		return nil, err
	}
	if tc != nil {
		kopts = append(kopts, kfake.TLS(tc))
	}
	return kopts, nil
}

// serverTLS loads the broker's certificate and, for mutual TLS, the CA
// that client certificates must be signed by. It returns nil when TLS is
// off.
func serverTLS(o Options) (*tls.Config, error) {
	if o.TLSCert == "" && o.TLSKey == "" {
		if o.TLSClientCA != "" {
			return nil, errors.New("a TLS client CA needs a TLS certificate and key too")
		}
		return nil, nil
	}
	if o.TLSCert == "" || o.TLSKey == "" {
		return nil, errors.New("TLS needs both a certificate file and a key file")
	}
	cert, err := tls.LoadX509KeyPair(o.TLSCert, o.TLSKey)
	if err != nil {
		return nil, fmt.Errorf("TLS certificate %s / key %s: %v", o.TLSCert, o.TLSKey, rootCause(err))
	}
	tc := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	if o.TLSClientCA != "" {
		pem, err := os.ReadFile(o.TLSClientCA)
		if err != nil {
			return nil, fmt.Errorf("TLS client CA %s: %v", o.TLSClientCA, rootCause(err))
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("TLS client CA %s: no PEM certificate in it", o.TLSClientCA)
		}
		tc.ClientCAs = pool
		tc.ClientAuth = tls.RequireAndVerifyClientCert
	}
	return tc, nil
}

// forgetSASLUsers removes the SASL users kfake saved in the data dir.
// kfake loads them after the configured ones and lets them win, so a
// changed --sasl password would otherwise be ignored; and it writes PLAIN
// passwords in clear, which should not stay on disk. The options are the
// only source of users.
func forgetSASLUsers(dataDir string) error {
	if dataDir == "" {
		return nil
	}
	err := os.Remove(filepath.Join(dataDir, kfakeSASLFile))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("data dir %s: cannot remove saved SASL users: %v", dataDir, rootCause(err))
	}
	return nil
}

// demoClientOpts lets the in-process demo producer through the broker's
// own SASL and TLS. It trusts the broker's certificate without checking
// it (it is talking to itself over loopback) and, for mutual TLS,
// presents the broker's certificate as its client certificate.
func demoClientOpts(o Options) ([]kgo.Opt, error) {
	var opts []kgo.Opt
	if len(o.SASL) > 0 {
		u := o.SASL[0]
		auth := scram.Auth{User: u.User, Pass: u.Pass}
		switch strings.ToUpper(strings.TrimSpace(u.Mechanism)) {
		case SASLPlain:
			opts = append(opts, kgo.SASL(plain.Auth{User: u.User, Pass: u.Pass}.AsMechanism()))
		case SASLScramSHA512:
			opts = append(opts, kgo.SASL(auth.AsSha512Mechanism()))
		default:
			opts = append(opts, kgo.SASL(auth.AsSha256Mechanism()))
		}
	}
	if o.TLSCert != "" {
		tc := &tls.Config{InsecureSkipVerify: true} //nolint:gosec // the broker dialling itself
		if o.TLSClientCA != "" {
			cert, err := tls.LoadX509KeyPair(o.TLSCert, o.TLSKey)
			if err != nil {
				return nil, err
			}
			tc.Certificates = []tls.Certificate{cert}
		}
		opts = append(opts, kgo.DialTLSConfig(tc))
	}
	return opts, nil
}
