package broker

import (
	"io"
	"net"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kmsg"
)

// freshEntry says whether an answer for key is kept for the cluster as
// it is now.
func (m *metaCache) freshEntry(key metaKey) bool {
	gen := m.gen.Load()
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[key]
	return ok && e.gen == gen
}

// waitFresh waits up to d for an answer for key to be kept.
func waitFresh(t *testing.T, m *metaCache, key metaKey, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !m.freshEntry(key) {
		if time.Now().After(deadline) {
			t.Fatalf("no answer for %+v kept within %v", key, d)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (m *metaCache) buildCount() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.builds
}

// TestMetaCacheWarmsAtStart restarts a broker on a data dir with enough
// topics: the explorer's every-topic answer is built before any client
// asks, and the first client is served it, listing every topic.
func TestMetaCacheWarmsAtStart(t *testing.T) {
	dir := t.TempDir()
	first := startTestBroker(t, Options{DataDir: dir})
	admin := newClient(t, first.Addr())
	for _, name := range []string{"a", "b", "c"} {
		createTopic(t, admin, name, 2, nil)
	}
	admin.Close()
	first.Close()

	b := startTestBroker(t, Options{DataDir: dir, warmTopics: 3})
	waitFresh(t, b.meta, explorerKey, 10*time.Second)
	builds, hits := b.meta.buildCount(), b.meta.hitCount()
	got, _ := everyTopicAt(t, b.Addr(), explorerKey.version)
	if b.meta.hitCount() != hits+1 || b.meta.buildCount() != builds {
		t.Fatalf("first client after start: %d hits and %d builds, want 1 hit and no build", b.meta.hitCount()-hits, b.meta.buildCount()-builds)
	}
	for _, name := range []string{"a", "b", "c"} {
		if len(got[name]) != 2 {
			t.Fatalf("warmed answer %v lacks topic %s of 2 partitions", got, name)
		}
	}

	// Below the threshold nothing is asked for at start.
	b.Close()
	cold := startTestBroker(t, Options{DataDir: dir, warmTopics: 4})
	time.Sleep(300 * time.Millisecond)
	if cold.meta.freshEntry(explorerKey) || cold.meta.buildCount() != 0 {
		t.Fatalf("a data dir of 3 topics under a threshold of 4 was warmed (%d builds)", cold.meta.buildCount())
	}
}

// TestMetaCacheWarmsAfterAChange asks for every topic once, so that the
// answer is wanted, then creates a topic: once the cluster is quiet the
// answer is built again unasked, and it has the new topic.
func TestMetaCacheWarmsAfterAChange(t *testing.T) {
	b := startTestBroker(t, Options{InMemory: true})
	b.meta.mu.Lock()
	b.meta.warmMin = 1 // every answer is large enough to warm
	b.meta.mu.Unlock()
	admin := newClient(t, b.Addr())
	createTopic(t, admin, "a", 1, nil)
	everyTopicAt(t, b.Addr(), 12)
	key := metaKey{version: 12}

	createTopic(t, admin, "b", 3, nil)
	if b.meta.freshEntry(key) {
		t.Fatal("the answer from before the create is still current")
	}
	waitFresh(t, b.meta, key, warmQuiet+10*time.Second)
	hits := b.meta.hitCount()
	got, _ := everyTopicAt(t, b.Addr(), 12)
	if b.meta.hitCount() != hits+1 {
		t.Fatalf("the request after the warm was not served the kept answer (%d hits)", b.meta.hitCount()-hits)
	}
	if len(got["a"]) != 1 || len(got["b"]) != 3 {
		t.Fatalf("warmed answer %v, want a of 1 partition and b of 3", got)
	}

	// A key nobody asked for in warmKeep is forgotten, not warmed.
	if keys := b.meta.stale(time.Now().Add(warmKeep + time.Minute)); len(keys) != 0 {
		t.Fatalf("keys to warm after %v without a request: %v", warmKeep, keys)
	}
	b.meta.mu.Lock()
	left := len(b.meta.wanted)
	b.meta.mu.Unlock()
	if left != 0 {
		t.Fatalf("%d keys still wanted after %v without a request", left, warmKeep)
	}
}

// TestMetaCacheSmallAnswersAreNotWarmed keeps the default size floor: a
// cluster of a few topics is left to build its answer on demand.
func TestMetaCacheSmallAnswersAreNotWarmed(t *testing.T) {
	b := startTestBroker(t, Options{InMemory: true})
	cl := newClient(t, b.Addr())
	createTopic(t, cl, "a", 1, nil)
	everyTopicAt(t, b.Addr(), 12)
	createTopic(t, cl, "b", 1, nil)
	builds := b.meta.buildCount()
	time.Sleep(warmQuiet + 500*time.Millisecond)
	if b.meta.buildCount() != builds || b.meta.freshEntry(metaKey{version: 12}) {
		t.Fatalf("a small answer was built again unasked (%d builds)", b.meta.buildCount()-builds)
	}
}

// TestMetaCacheBuildsOnceForRequestsAtOnce: a second request for an
// answer kfake has just built for a first waits for that answer rather
// than have kfake build it again, and one whose answer never comes is not
// held past buildWait.
func TestMetaCacheBuildsOnceForRequestsAtOnce(t *testing.T) {
	m := newMetaCache(false, false)
	key := metaKey{version: 8}
	gen := m.gen.Load()
	if _, ok := m.lookup(key); ok {
		t.Fatal("an empty cache served an answer")
	}
	go func() {
		time.Sleep(50 * time.Millisecond)
		m.keep(key, gen, []byte("answer"))
	}()
	e, ok := m.lookup(key)
	if !ok || string(e.body) != "answer" || m.buildCount() != 1 {
		t.Fatalf("second request: served %v %q after %d builds, want the first's answer and 1 build", ok, e.body, m.buildCount())
	}

	m.changed()
	start := time.Now()
	if _, ok := m.lookup(key); ok {
		t.Fatal("a stale answer was served")
	}
	if _, ok := m.lookup(key); ok {
		t.Fatal("an answer never written was served")
	}
	if waited := time.Since(start); waited < buildWait || waited > buildWait+2*time.Second {
		t.Fatalf("waited %v for an answer never written, want about %v", waited, buildWait)
	}
	if m.buildCount() != 3 {
		t.Fatalf("%d builds, want 3 (the one never written is built again)", m.buildCount())
	}
}

// TestMetaCacheClosedConnectionWakesWaiters: a client that asks for
// every topic and hangs up before its answer is written does not hold the
// next request for the same answer for buildWait.
func TestMetaCacheClosedConnectionWakesWaiters(t *testing.T) {
	m := newMetaCache(false, false)
	server, client := net.Pipe()
	conn := newMetaConn(server, m)
	req := kmsg.NewPtrMetadataRequest()
	req.SetVersion(8)
	req.Topics = nil
	frame := kmsg.NewRequestFormatter(kmsg.FormatterClientID("gone")).AppendRequest(nil, req, 3)
	go func() { _, _ = client.Write(frame) }()
	buf := make([]byte, len(frame))
	if _, err := io.ReadFull(conn, buf); err != nil {
		t.Fatal(err)
	}
	key := metaKey{version: 8}
	if _, ok := m.lookup(key); ok { // the request on the loop: kfake builds
		t.Fatal("an empty cache served an answer")
	}
	conn.Close() // the client is gone before the answer is written
	client.Close()
	start := time.Now()
	if _, ok := m.lookup(key); ok {
		t.Fatal("an answer never written was served")
	}
	if waited := time.Since(start); waited > buildWait/2 {
		t.Fatalf("the next request waited %v for an answer whose connection had closed", waited)
	}
}
