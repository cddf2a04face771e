package kafkaops_test

import (
	"context"
	"encoding/binary"
	"net"
	"sync"
	"testing"
	"time"

	"kscope/broker"
	"kscope/internal/testkafka"
	"kscope/kafkaops"
)

// startBroker runs an in-memory bundled broker on a free port for one test,
// answering as the release KSCOPE_TEST_KAFKA_VERSION names.
func startBroker(t testing.TB) *broker.Broker {
	t.Helper()
	b, err := broker.Start(withRelease(broker.Options{Listen: "127.0.0.1:0", InMemory: true}))
	if err != nil {
		t.Fatalf("start broker: %v", err)
	}
	t.Cleanup(b.Close)
	return b
}

// withRelease makes a test broker answer as the release the suite runs
// against (see testkafka.Env).
func withRelease(o broker.Options) broker.Options {
	o.KafkaVersion = testkafka.Version()
	return o
}

// newClient returns a client of addr, closed when the test ends.
func newClient(t testing.TB, addr string, tweak ...func(*kafkaops.Config)) *kafkaops.Client {
	t.Helper()
	cfg := kafkaops.Config{Brokers: []string{addr}, DialTimeout: 2 * time.Second, RequestTimeout: 5 * time.Second}
	for _, f := range tweak {
		f(&cfg)
	}
	c, err := kafkaops.New(cfg)
	if err != nil {
		t.Fatalf("new client: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// testCtx bounds a test's calls so a hang fails the test instead of
// stalling the suite.
func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func mustCreate(t testing.TB, c *kafkaops.Client, name string, partitions int) {
	t.Helper()
	err := c.CreateTopic(testCtx(t), kafkaops.NewTopic{Name: name, Partitions: partitions, ReplicationFactor: 1})
	if err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
}

func mustProduce(t testing.TB, c *kafkaops.Client, r kafkaops.ProduceRequest) kafkaops.ProduceResult {
	t.Helper()
	res, err := c.Produce(testCtx(t), r)
	if err != nil {
		t.Fatalf("produce: %v", err)
	}
	return res
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// requestCounter counts Kafka requests by API key on every connection it
// dialled, by parsing the size-prefixed request frames written.
type requestCounter struct {
	mu     sync.Mutex
	counts map[int16]int
}

func newRequestCounter() *requestCounter { return &requestCounter{counts: map[int16]int{}} }

func (rc *requestCounter) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	nc, err := (&net.Dialer{}).DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: nc, rc: rc}, nil
}

func (rc *requestCounter) snapshot() map[int16]int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	m := make(map[int16]int, len(rc.counts))
	for k, v := range rc.counts {
		m[k] = v
	}
	return m
}

func (rc *requestCounter) reset() {
	rc.mu.Lock()
	rc.counts = map[int16]int{}
	rc.mu.Unlock()
}

type countingConn struct {
	net.Conn
	rc      *requestCounter
	header  []byte // the size and api key of the frame being written
	skip    int    // bytes of the current frame still to pass
	writeMu sync.Mutex
}

func (c *countingConn) Write(b []byte) (int, error) {
	c.writeMu.Lock()
	c.observe(b)
	c.writeMu.Unlock()
	return c.Conn.Write(b)
}

// observe walks the written bytes frame by frame: a 4-byte size, then a
// request whose first two bytes are its API key.
func (c *countingConn) observe(b []byte) {
	for len(b) > 0 {
		if c.skip > 0 {
			n := min(c.skip, len(b))
			c.skip -= n
			b = b[n:]
			continue
		}
		n := min(6-len(c.header), len(b))
		c.header = append(c.header, b[:n]...)
		b = b[n:]
		if len(c.header) == 6 {
			size := int(binary.BigEndian.Uint32(c.header[:4]))
			key := int16(binary.BigEndian.Uint16(c.header[4:]))
			c.rc.mu.Lock()
			c.rc.counts[key]++
			c.rc.mu.Unlock()
			c.skip = size - 2
			c.header = c.header[:0]
		}
	}
}
