package broker

import (
	"context"
	"encoding/binary"
	"io"
	"net"
	"time"

	"github.com/twmb/franz-go/pkg/kmsg"
)

// The first explorer to list every topic after the broker starts, or
// after the topics change, would pay for kfake's build of the answer: at
// 100,000 topics a launch took 1.2 s then, 0.43 s when served a kept
// answer. The warmer asks for the answers clients have wanted itself,
// once the cluster has been quiet for a moment, so that the next client
// is served a kept one. Answers small enough to build quickly are left
// to be built on demand.

const (
	// warmMinBytes is the answer size from which a key is warmed: about
	// 5,000 topics of one partition.
	warmMinBytes = 256 << 10
	// warmMinTopics is the topics a data dir needs for the answer kscope's
	// explorer asks for to be built at start.
	warmMinTopics = 5000
	// warmQuiet is how long the cluster must go unchanged before the
	// warmer asks: a client creating topics one by one is not followed.
	warmQuiet = time.Second
	// warmKeep drops a key nobody has asked for in that long.
	warmKeep = 10 * time.Minute
	// warmTimeout bounds one warming request; 1,000,000 topics take over
	// 10 s to build.
	warmTimeout = 2 * time.Minute
)

// explorerKey is the request kscope's explorer lists topics with:
// kafka-go's newest Metadata version, no authorized operations.
var explorerKey = metaKey{version: 8}

// warmFrom is the topics a data dir needs to be warmed at start.
func warmFrom(o Options) int {
	if o.warmTopics > 0 {
		return o.warmTopics
	}
	return warmMinTopics
}

// warm runs until ctx ends. With atStart it first asks for the
// explorer's answer; then, after each change followed by warmQuiet
// without one, for every wanted answer that is stale.
func (m *metaCache) warm(ctx context.Context, addr string, atStart bool) {
	if m == nil {
		return
	}
	if atStart {
		m.mu.Lock()
		m.wanted[explorerKey] = time.Now()
		m.mu.Unlock()
		m.warmStale(ctx, addr)
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-m.kick:
		}
		if !waitQuiet(ctx, m.kick, warmQuiet) {
			return
		}
		m.warmStale(ctx, addr)
	}
}

// waitQuiet waits until d passes without a kick; false when ctx ends
// first.
func waitQuiet(ctx context.Context, kick <-chan struct{}, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return false
		case <-kick:
			t.Reset(d)
		case <-t.C:
			return true
		}
	}
}

// warmStale asks for each wanted answer that is not kept for the
// current cluster. A failure is left alone: the next client builds it.
func (m *metaCache) warmStale(ctx context.Context, addr string) {
	for _, key := range m.stale(time.Now()) {
		if ctx.Err() != nil {
			return
		}
		m.mu.Lock()
		m.warming = key
		m.mu.Unlock()
		_ = askEveryTopic(ctx, addr, key)
		m.mu.Lock()
		m.warming = metaKey{}
		m.mu.Unlock()
	}
}

// stale forgets the keys nobody asked for within warmKeep and returns
// the wanted keys whose kept answer is missing or out of date.
func (m *metaCache) stale(now time.Time) []metaKey {
	gen := m.gen.Load()
	m.mu.Lock()
	defer m.mu.Unlock()
	var keys []metaKey
	for key, asked := range m.wanted {
		if now.Sub(asked) > warmKeep {
			delete(m.wanted, key)
			continue
		}
		if e, ok := m.entries[key]; !ok || e.gen != gen {
			keys = append(keys, key)
		}
	}
	return keys
}

// askEveryTopic sends the every-topic Metadata request of key to the
// broker at addr and reads the answer whole; the broker's own connection
// keeps it on the way out.
func askEveryTopic(ctx context.Context, addr string, key metaKey) error {
	d := net.Dialer{Timeout: 5 * time.Second}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	if err := conn.SetDeadline(time.Now().Add(warmTimeout)); err != nil {
		return err
	}
	req := kmsg.NewPtrMetadataRequest()
	req.SetVersion(key.version)
	req.Topics = nil
	req.AllowAutoTopicCreation = false
	req.IncludeClusterAuthorizedOperations = key.clusterOps
	req.IncludeTopicAuthorizedOperations = key.topicsOps
	frame := kmsg.NewRequestFormatter(kmsg.FormatterClientID("kscope-broker-warm")).AppendRequest(nil, req, 1)
	if _, err := conn.Write(frame); err != nil {
		return err
	}
	var size [4]byte
	if _, err := io.ReadFull(conn, size[:]); err != nil {
		return err
	}
	_, err = io.CopyN(io.Discard, conn, int64(binary.BigEndian.Uint32(size[:])))
	return err
}
