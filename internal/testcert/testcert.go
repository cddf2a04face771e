// Package testcert writes throwaway TLS material for tests: a CA, and a
// server and a client certificate signed by it. Only tests import it; it
// is an ordinary package rather than a _test.go file so that the tests of
// broker, cli, config and kafkaops share one generator.
package testcert

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// PKI is a CA and the certificates it signed, with the PEM files written.
type PKI struct {
	// CAFile is the CA certificate, ca.pem.
	CAFile string
	// CertFile and KeyFile are the server certificate and its key,
	// server.pem and server-key.pem, valid for 127.0.0.1 and localhost
	// (and as a client certificate too).
	CertFile, KeyFile string
	// Pool trusts the CA.
	Pool *x509.CertPool
	// Client is a client certificate signed by the CA, in memory.
	Client tls.Certificate
}

// New writes a new CA, named uniquely so that two PKIs never trust each
// other, and a server certificate into dir. It fails t on any error.
func New(t testing.TB, dir string) *PKI {
	t.Helper()
	caKey, caCert, caDER := makeCert(t, fmt.Sprint("kscope test CA ", time.Now().UnixNano()), nil, nil)
	srvKey, _, srvDER := makeCert(t, "127.0.0.1", caCert, caKey)
	cliKey, _, cliDER := makeCert(t, "kscope test client", caCert, caKey)
	keyDER, err := x509.MarshalPKCS8PrivateKey(srvKey)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, typ string, der []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	p := &PKI{
		CAFile:   write("ca.pem", "CERTIFICATE", caDER),
		CertFile: write("server.pem", "CERTIFICATE", srvDER),
		KeyFile:  write("server-key.pem", "PRIVATE KEY", keyDER),
		Pool:     x509.NewCertPool(),
		Client:   tls.Certificate{Certificate: [][]byte{cliDER}, PrivateKey: cliKey},
	}
	p.Pool.AddCert(caCert)
	return p
}

// ClientTLS returns a client configuration that trusts the CA.
func (p *PKI) ClientTLS() *tls.Config { return &tls.Config{RootCAs: p.Pool} }

// makeCert returns a key and a certificate for cn signed by parent, or a
// self-signed CA when parent is nil.
func makeCert(t testing.TB, cn string, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) (*ecdsa.PrivateKey, *x509.Certificate, []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: cn},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
	}
	if parent == nil {
		tmpl.IsCA, tmpl.BasicConstraintsValid = true, true
		tmpl.KeyUsage |= x509.KeyUsageCertSign
		parent, parentKey = tmpl, key
	} else {
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}
		tmpl.IPAddresses = []net.IP{net.IPv4(127, 0, 0, 1)}
		tmpl.DNSNames = []string{"localhost"}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return key, cert, der
}
