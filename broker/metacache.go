package broker

import (
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// kfake builds its answer to a Metadata request for every topic afresh
// each time, through maps it grows from empty: at 100,000 topics that is
// about 0.2 s of the broker's loop (0.5 s while its heap is cold), most of
// an explorer's launch. metaCache keeps that answer, as the bytes kfake
// wrote, and gives them back to the next such request until anything
// that can change what Metadata says reaches the broker.
//
// Staleness is ruled out by a generation: every request that is not known
// to leave metadata alone bumps it before kfake handles it (a control on
// its key, run on kfake's loop ahead of every other), and so does the
// broker's own change of the cluster (a demo topic, a leader moved, a node
// stopped or started). An answer is kept only if the generation it was
// read at is still current when kfake writes it, and served only while
// that generation is. The cache is off under SASL (answers depend on the
// principal, and a served answer would skip kfake's authentication
// check) and TLS (the connection's bytes are encrypted where they are
// read).

// metaCacheMax bounds the bytes kept over every entry: about 1,500,000
// topics of one partition.
const metaCacheMax = 128 << 20

// metaReadOnly lists the requests that never change a Metadata answer.
// Every other key, one kmsg learns later included, bumps the generation.
var metaReadOnly = map[kmsg.Key]bool{
	kmsg.Produce: true, kmsg.Fetch: true, kmsg.ListOffsets: true,
	kmsg.OffsetCommit: true, kmsg.OffsetFetch: true, kmsg.FindCoordinator: true,
	kmsg.JoinGroup: true, kmsg.Heartbeat: true, kmsg.LeaveGroup: true,
	kmsg.SyncGroup: true, kmsg.DescribeGroups: true, kmsg.ListGroups: true,
	kmsg.SASLHandshake: true, kmsg.ApiVersions: true, kmsg.DeleteRecords: true,
	kmsg.InitProducerID: true, kmsg.OffsetForLeaderEpoch: true,
	kmsg.AddPartitionsToTxn: true, kmsg.AddOffsetsToTxn: true, kmsg.EndTxn: true,
	kmsg.TxnOffsetCommit: true, kmsg.DescribeACLs: true, kmsg.DescribeConfigs: true,
	kmsg.DescribeLogDirs: true, kmsg.SASLAuthenticate: true, kmsg.DeleteGroups: true,
	kmsg.ListPartitionReassignments: true, kmsg.OffsetDelete: true,
	kmsg.DescribeClientQuotas: true, kmsg.AlterClientQuotas: true,
	kmsg.DescribeUserSCRAMCredentials: true, kmsg.AlterUserSCRAMCredentials: true,
	kmsg.DescribeCluster: true, kmsg.DescribeProducers: true,
	kmsg.DescribeTransactions: true, kmsg.ListTransactions: true,
	kmsg.ConsumerGroupHeartbeat: true, kmsg.ConsumerGroupDescribe: true,
	kmsg.GetTelemetrySubscriptions: true, kmsg.PushTelemetry: true,
	kmsg.DescribeTopicPartitions: true,
}

// metaKey is what an every-topic Metadata answer depends on besides the
// cluster: the version and the authorized-operations flags.
type metaKey struct {
	version               int16
	clusterOps, topicsOps bool
}

// metaEntry is one kept answer: its body (after the response header) and
// the generation it is true for.
type metaEntry struct {
	gen  uint64
	body []byte
}

// metaCache is the kept every-topic Metadata answers of one cluster.
// A nil *metaCache is off: every method is then a no-op.
type metaCache struct {
	gen  atomic.Uint64
	kick chan struct{} // a change happened: the warmer's cue (see metawarm.go)

	mu       sync.Mutex
	entries  map[metaKey]metaEntry
	building map[metaKey]metaBuild // answers kfake has built and not yet written
	wanted   map[metaKey]time.Time // large answers and when last asked, to warm
	warmMin  int                   // the answer size from which a key is warmed
	warming  metaKey               // the key the warmer is asking for, if any
	hits     int                   // answers served, for tests
	builds   int                   // answers left to kfake to build, for tests
}

// metaBuild is an answer kfake built at gen; done is closed once it is
// written (kept or not).
type metaBuild struct {
	gen  uint64
	done chan struct{}
}

// newMetaCache returns a cache, or nil (off) under SASL or TLS.
func newMetaCache(sasl, tls bool) *metaCache {
	if sasl || tls {
		return nil
	}
	return &metaCache{
		kick:     make(chan struct{}, 1),
		entries:  map[metaKey]metaEntry{},
		building: map[metaKey]metaBuild{},
		wanted:   map[metaKey]time.Time{},
		warmMin:  warmMinBytes,
	}
}

// changed marks every kept answer stale. The broker calls it after each
// change it makes to the cluster itself.
func (m *metaCache) changed() {
	if m == nil {
		return
	}
	m.gen.Add(1)
	select {
	case m.kick <- struct{}{}:
	default:
	}
}

// install adds the controls that bump the generation and serve kept
// answers. It must run before any other control is added, so that a
// control that handles a request itself runs after the bump.
func (m *metaCache) install(c *kfake.Cluster) {
	if m == nil {
		return
	}
	for k := int16(0); k <= 1000; k++ {
		if kmsg.RequestForKey(k) == nil || metaReadOnly[kmsg.Key(k)] {
			continue
		}
		if k == int16(kmsg.Metadata) {
			c.ControlKey(k, func(r kmsg.Request) (kmsg.Response, error, bool) {
				c.KeepControl()
				return m.metadata(c, r.(*kmsg.MetadataRequest))
			})
			continue
		}
		c.ControlKey(k, func(kmsg.Request) (kmsg.Response, error, bool) {
			c.KeepControl()
			m.changed()
			return nil, nil, false
		})
	}
}

// metadata serves a kept answer to an every-topic request, and bumps the
// generation for a request that may create a topic.
func (m *metaCache) metadata(c *kfake.Cluster, req *kmsg.MetadataRequest) (kmsg.Response, error, bool) {
	if req.Topics != nil {
		if (req.AllowAutoTopicCreation || req.Version < 4) && anyUnknown(c, req.Topics) {
			m.changed()
		}
		return nil, nil, false
	}
	key, ok := everyTopicKey(req)
	if !ok {
		return nil, nil, false
	}
	e, ok := m.lookup(key)
	if !ok {
		return nil, nil, false
	}
	resp := &keptMetadata{MetadataResponse: kmsg.NewPtrMetadataResponse(), body: e.body}
	resp.SetVersion(req.Version)
	return resp, nil, true
}

// buildWait bounds how long kfake's loop waits for an answer it has just
// built for another request to be written and kept: its own write of the
// 5 MB answer for 100,000 topics takes milliseconds.
const buildWait = time.Second

// lookup returns the answer kept for key if it is current. When kfake
// has already built that answer for an earlier request and is writing it,
// lookup waits for it to be kept rather than have kfake build it again
// (an explorer's launch and the warmer's request at once, say). On a miss
// it notes that kfake is about to build the answer. It runs on kfake's
// loop.
func (m *metaCache) lookup(key metaKey) (metaEntry, bool) {
	gen := m.gen.Load()
	m.mu.Lock()
	b, building := m.building[key]
	if building && b.gen == gen {
		m.mu.Unlock()
		select {
		case <-b.done:
		case <-time.After(buildWait):
		}
		m.mu.Lock()
	}
	defer m.mu.Unlock()
	if _, ok := m.wanted[key]; ok && m.warming != key {
		m.wanted[key] = time.Now()
	}
	if e, ok := m.entries[key]; ok && e.gen == gen {
		m.hits++
		return e, true
	}
	m.builds++
	m.building[key] = metaBuild{gen: gen, done: make(chan struct{})}
	return metaEntry{}, false
}

// anyUnknown says whether a topic named in a Metadata request does not
// exist (so that auto-creation may create it). A long list is taken as
// naming one.
func anyUnknown(c *kfake.Cluster, topics []kmsg.MetadataRequestTopic) bool {
	if len(topics) > 1000 {
		return true
	}
	for _, t := range topics {
		if t.Topic != nil && c.TopicInfo(*t.Topic) == nil {
			return true
		}
	}
	return false
}

// everyTopicKey is the key of an every-topic request; ok is false for
// other requests and for version 0 (where no topics means every topic,
// written differently).
func everyTopicKey(req *kmsg.MetadataRequest) (metaKey, bool) {
	if req.Topics != nil || req.Version < 1 {
		return metaKey{}, false
	}
	return metaKey{req.Version, req.IncludeClusterAuthorizedOperations, req.IncludeTopicAuthorizedOperations}, true
}

// wake wakes whoever waits in lookup for an answer of key.
func (m *metaCache) wake(key metaKey) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.wakeLocked(key)
}

// wakeLocked is wake with m.mu held. It wakes the waiters even for an
// answer of another generation than theirs, or none: a waiter that finds
// nothing kept has kfake build the answer, so an early wake costs a
// build, never a stale answer.
func (m *metaCache) wakeLocked(key metaKey) {
	if b, ok := m.building[key]; ok {
		close(b.done)
		delete(m.building, key)
	}
}

// keep stores an answer kfake wrote for key, read at generation gen,
// unless the cluster has changed since or the same answer is kept.
func (m *metaCache) keep(key metaKey, gen uint64, body []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.wakeLocked(key)
	switch _, ok := m.wanted[key]; {
	case len(body) < m.warmMin || len(body) > metaCacheMax:
		delete(m.wanted, key) // quick to build, or too large to keep
	case !ok:
		m.wanted[key] = time.Now()
	}
	if len(body) > metaCacheMax || gen != m.gen.Load() {
		return
	}
	if e, ok := m.entries[key]; ok && e.gen == gen {
		return // the kept answer itself, served again
	}
	total := len(body)
	for k, e := range m.entries {
		if e.gen != gen || total+len(e.body) > metaCacheMax {
			delete(m.entries, k)
			continue
		}
		total += len(e.body)
	}
	m.entries[key] = metaEntry{gen: gen, body: append([]byte(nil), body...)}
}

// keptMetadata is a kept answer handed to kfake to write: the embedded
// response gives the key and version, AppendTo the kept bytes.
type keptMetadata struct {
	*kmsg.MetadataResponse
	body []byte
}

// AppendTo appends the kept answer.
func (r *keptMetadata) AppendTo(dst []byte) []byte { return append(dst, r.body...) }

// wrap returns a listener whose connections note every-topic Metadata
// requests and keep kfake's answers to them; ln itself when m is nil.
func (m *metaCache) wrap(ln net.Listener) net.Listener {
	if m == nil {
		return ln
	}
	return &connListener{Listener: ln, wrap: func(c net.Conn) net.Conn { return newMetaConn(c, m) }}
}

// metaConn notes each every-topic Metadata request read, with the
// generation at the time, and keeps the answer kfake writes to it.
type metaConn struct {
	frameConn
	m       *metaCache
	pending map[int32]metaPending // correlation id -> request
}

// metaPending is an every-topic request waiting for its answer.
type metaPending struct {
	key metaKey
	gen uint64
}

// maxMetaRequest bounds the Metadata requests read whole: an every-topic
// request is tens of bytes, and this holds the longest client id (32 KB),
// so that every every-topic request kfake answers is noted and its
// answer reaches keep (which a request waiting in lookup relies on).
const maxMetaRequest = 64 << 10

func newMetaConn(c net.Conn, m *metaCache) *metaConn {
	mc := &metaConn{frameConn: frameConn{Conn: c}, m: m, pending: map[int32]metaPending{}}
	mc.frames.keep = func(h reqHeader) bool {
		return h.key == int16(kmsg.Metadata) && h.size <= maxMetaRequest
	}
	mc.frames.seen = func(_ reqHeader, frame []byte) {
		corr, req, ok := parseRequest(frame)
		if !ok {
			return
		}
		if key, ok := everyTopicKey(req.(*kmsg.MetadataRequest)); ok {
			mc.pending[corr] = metaPending{key, m.gen.Load()}
		}
	}
	return mc
}

// Write keeps a whole answer to a noted request, then writes p as is.
func (c *metaConn) Write(p []byte) (int, error) {
	if pend, ok := takeNoted(&c.frameConn, c.pending, p); ok {
		c.keepAnswer(pend, p[8:])
	}
	return c.Conn.Write(p)
}

// Close wakes any request waiting in lookup for an answer this
// connection will now never be written, then closes.
func (c *metaConn) Close() error {
	c.mu.Lock()
	keys := make([]metaKey, 0, len(c.pending))
	for _, p := range c.pending {
		keys = append(keys, p.key)
	}
	clear(c.pending) // the map stays: Write reads the field unlocked
	c.mu.Unlock()
	for _, k := range keys {
		c.m.wake(k)
	}
	return c.Conn.Close()
}

// keepAnswer keeps body, an answer's bytes after the correlation id.
func (c *metaConn) keepAnswer(pend metaPending, body []byte) {
	resp := kmsg.NewPtrMetadataResponse()
	resp.SetVersion(pend.key.version)
	if resp.IsFlexible() {
		// The response header's tagged fields: kfake writes none.
		if len(body) == 0 || body[0] != 0 {
			return
		}
		body = body[1:]
	}
	c.m.keep(pend.key, pend.gen, body)
}
