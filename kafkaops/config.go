package kafkaops

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"
)

// Defaults applied when Config leaves a field zero.
const (
	// DefaultDialTimeout bounds connecting to one broker.
	DefaultDialTimeout = 5 * time.Second
	// DefaultRequestTimeout bounds one request on an open connection.
	DefaultRequestTimeout = 10 * time.Second
	// DefaultClientID is the client id brokers see.
	DefaultClientID = "kscope"
)

// Config holds the connection settings of a Client.
type Config struct {
	// Brokers are the bootstrap servers, host:port each.
	Brokers []string
	// ClientID is sent with every request so broker logs and quotas can
	// tell kscope apart (default "kscope").
	ClientID string
	// DialTimeout bounds connecting to a broker, including the TLS
	// handshake, the API version negotiation and SASL authentication.
	// Default 5s.
	DialTimeout time.Duration
	// RequestTimeout bounds each request once connected. Default 10s.
	RequestTimeout time.Duration

	// TLS, when set, wraps every connection in TLS with this config. An
	// empty ServerName defaults to the host of the address dialled.
	TLS *tls.Config
	// SASL, when set, authenticates every new connection (PLAIN,
	// SCRAM-SHA-256 or SCRAM-SHA-512) right after the API version
	// negotiation. A refused login fails with an error for which
	// IsAuthFailed is true.
	SASL *SASL

	// Dial, when set, replaces the plain TCP dialer, e.g. to go through a
	// proxy or an SSH tunnel. It is called with a context that expires
	// after DialTimeout.
	Dial func(ctx context.Context, network, address string) (net.Conn, error)
}

func (c Config) withDefaults() Config {
	if c.ClientID == "" {
		c.ClientID = DefaultClientID
	}
	if c.DialTimeout <= 0 {
		c.DialTimeout = DefaultDialTimeout
	}
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = DefaultRequestTimeout
	}
	return c
}

// Client is the kafka-go implementation of Service. It is safe for
// concurrent use by multiple goroutines.
type Client struct {
	cfg  Config
	wire *wire

	// mu guards the cluster layout learned from the last metadata answer.
	mu      sync.Mutex
	brokers map[int32]string // broker id -> host:port
	live    []int32          // the brokers of the last metadata answer
	layouts map[string]topicLayout
	// watchMu guards what the topic browser's ticks read (offsetwatch.go).
	watchMu sync.Mutex
	watched map[topicPartition]watchedOffsets
	sizes   map[string]watchedSize
	// roundRobin spreads keyless records over partitions.
	roundRobin atomic.Uint32
	// flights shares named-topic metadata asked at the same time (see
	// sharedMetadata).
	flights singleflight.Group
}

var _ Service = (*Client)(nil)

// New returns a Client for the given settings. It does not connect: the
// first call does, so an unreachable cluster shows up as an error of that
// call (see IsUnreachable).
func New(cfg Config) (*Client, error) {
	cfg = cfg.withDefaults()
	var addrs []string
	for _, b := range cfg.Brokers {
		b = strings.TrimSpace(b)
		if b == "" {
			continue
		}
		if _, _, err := net.SplitHostPort(b); err != nil {
			return nil, fmt.Errorf("%w: broker address %q: want host:port", ErrInvalid, b)
		}
		addrs = append(addrs, b)
	}
	if len(addrs) == 0 {
		return nil, fmt.Errorf("%w: no broker address given", ErrInvalid)
	}
	cfg.Brokers = addrs
	w := newWire(cfg)
	if cfg.SASL != nil {
		mech, err := cfg.SASL.saslMechanism()
		if err != nil {
			return nil, err
		}
		w.sasl = mech
	}
	return &Client{
		cfg:     cfg,
		wire:    w,
		brokers: map[int32]string{},
		layouts: map[string]topicLayout{},
	}, nil
}

// Close releases the connections the client holds. Calls in flight fail.
func (c *Client) Close() error {
	c.wire.close()
	return nil
}
