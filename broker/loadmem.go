package broker

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"
	"time"
)

// At start-up kfake loads every partition in its own goroutine, and each
// reads its segment files (up to segment.bytes, 100 MB by default) whole
// into memory to rebuild its index: with all partitions at once, the peak
// was the size of the data dir. The batches are dropped once indexed (kfake
// serves fetches from the files), so bounding how many segment bytes are
// held at once bounds the peak. readBudget does that: a segment read waits
// until the bytes read before it have been garbage collected, which it
// learns from a cleanup attached to each buffer. A partition whose earlier
// segments are still held is let through: after a crash kfake replays a
// partition keeping all its batches until the end, and making it wait for
// itself would never end.

// DefaultLoadBudget is how many bytes of segment files the broker holds in
// memory at once while loading its data dir (one larger segment is still
// read alone).
const DefaultLoadBudget = 128 << 20

// readBudget bounds the bytes of segment buffers alive at once.
type readBudget struct {
	max     int64
	maxWait time.Duration // then read anyway, should something keep buffers alive

	mu      sync.Mutex
	cond    *sync.Cond
	used    int64
	byDir   map[string]int64 // bytes held per partition dir
	waiting int
	gcLoop  bool
}

// heldRead is what a buffer's cleanup gives back.
type heldRead struct {
	dir string
	n   int64
}

func newReadBudget(maxBytes int64) *readBudget {
	b := &readBudget{max: maxBytes, maxWait: 30 * time.Second, byDir: make(map[string]int64)}
	b.cond = sync.NewCond(&b.mu)
	return b
}

// readFile reads name whole once its size fits in the budget.
func (b *readBudget) readFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	n := fi.Size()
	if n == 0 {
		return io.ReadAll(f) // size unknown (or empty): nothing to budget
	}
	held := heldRead{dir: filepath.Dir(name), n: n}
	b.acquire(held)
	buf := make([]byte, n)
	runtime.AddCleanup(&buf[0], b.release, held)
	read, err := io.ReadFull(f, buf)
	if err == io.ErrUnexpectedEOF {
		err = nil // the file shrank meanwhile: return what is there, as os.ReadFile does
	}
	return buf[:read], err
}

// acquire waits until h.n more bytes fit, nothing is held, or h's
// partition already holds some, or until maxWait has passed, and counts
// them.
func (b *readBudget) acquire(h heldRead) {
	deadline := time.Now().Add(b.maxWait)
	b.mu.Lock()
	defer b.mu.Unlock()
	for b.used > 0 && b.used+h.n > b.max && b.byDir[h.dir] == 0 && time.Now().Before(deadline) {
		b.startGCLoop()
		b.waiting++
		b.cond.Wait()
		b.waiting--
	}
	b.used += h.n
	b.byDir[h.dir] += h.n
}

// release gives back the bytes of a collected buffer.
func (b *readBudget) release(h heldRead) {
	b.mu.Lock()
	b.used -= h.n
	if b.byDir[h.dir] -= h.n; b.byDir[h.dir] == 0 {
		delete(b.byDir, h.dir)
	}
	b.mu.Unlock()
	b.cond.Broadcast()
}

// startGCLoop runs a collection every few milliseconds while readers wait:
// buffers are only known to be dropped once a collection has found them
// unreachable and run their cleanups. b.mu is held.
func (b *readBudget) startGCLoop() {
	if b.gcLoop {
		return
	}
	b.gcLoop = true
	go func() {
		for {
			runtime.GC()
			time.Sleep(5 * time.Millisecond)
			b.mu.Lock()
			// Wake waiters also when nothing was released, so they can
			// see their deadline pass.
			b.cond.Broadcast()
			if b.waiting == 0 {
				b.gcLoop = false
				b.mu.Unlock()
				return
			}
			b.mu.Unlock()
		}
	}()
}

// withLoadMemoryLimit runs load with a soft memory limit of limit bytes,
// so that garbage from loading is collected well before the heap doubles,
// and restores the previous limit after.
func withLoadMemoryLimit(limit int64, load func()) {
	prev := debug.SetMemoryLimit(limit)
	defer debug.SetMemoryLimit(prev)
	load()
}

// heldBytes returns the bytes of segment buffers not yet collected.
func (b *readBudget) heldBytes() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.used
}
