package broker

import (
	"io"
	"math/bits"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
	"time"
	"unsafe"
)

// At start-up kfake loads every partition in its own goroutine, and each
// reads its segment files (up to segment.bytes, 100 MB by default) whole
// into memory to rebuild its index: with all partitions at once, the peak
// was the size of the data dir. The batches are dropped once indexed (kfake
// serves fetches from the files), so bounding how many segment bytes are
// held at once bounds the peak. readBudget does that: a segment read waits
// until the buffers read before it have been garbage collected, which it
// learns from a finalizer on each buffer. The finalizer hands the buffer
// back for the next read, so the load reuses a few buffers instead of
// faulting in and zeroing fresh memory for every segment.
//
// A partition whose earlier segments are still held after two collections
// is let through: after a crash kfake replays a partition keeping all its
// batches until the end, and making it wait for itself would never end.

// DefaultLoadBudget is how many bytes of segment files the broker holds in
// memory at once while loading its data dir (one larger segment is still
// read alone).
const DefaultLoadBudget = 128 << 20

// readBudget bounds the bytes of segment buffers alive at once.
type readBudget struct {
	max     int64
	maxWait time.Duration // with nothing released for this long, read anyway: something keeps buffers alive

	mu      sync.Mutex
	cond    *sync.Cond
	used    int64            // bytes of buffers in use or kept in free
	byDir   map[string]int64 // bytes in use per partition dir
	free    [][]byte         // collected buffers, for the next reads
	largest int64            // capacity of the largest buffer made
	freed   time.Time        // when a buffer was last collected
	done    bool             // the load is over: read without budget, keep nothing
	waiting int
	gcLoop  bool
	rounds  int // collections run by the GC loop whose finalizers have all run
}

func newReadBudget(maxBytes int64) *readBudget {
	b := &readBudget{max: maxBytes, maxWait: time.Minute, byDir: make(map[string]int64)}
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
	if n == 0 || b.isDone() {
		return io.ReadAll(f)
	}
	buf := b.take(filepath.Dir(name), n)
	// Every byte up to n is overwritten, so a reused buffer needs no clearing.
	read, err := io.ReadFull(f, buf)
	if err == io.ErrUnexpectedEOF {
		err = nil // the file shrank meanwhile: return what is there, as os.ReadFile does
	}
	return buf[:read], err
}

func (b *readBudget) isDone() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.done
}

// take returns a buffer of length n for a segment of partition dir,
// reusing a collected one when one is large enough. It waits until n more
// bytes fit, nothing is held, or dir itself holds buffers that two
// collections did not free. A slow load only
// makes it wait longer; if no buffer at all is collected for maxWait,
// something keeps them alive and it allocates anyway rather than hang the
// start.
func (b *readBudget) take(dir string, n int64) []byte {
	began := time.Now()
	b.mu.Lock()
	defer b.mu.Unlock()
	rounds := b.rounds
	for {
		if buf := b.reuse(n); buf != nil {
			b.lend(buf, dir)
			return buf[:n]
		}
		b.dropFreeFor(n)
		if b.used == 0 || b.used+n <= b.max || b.holdsOwn(dir, rounds) || b.stuck(began) {
			// Segments differ in size (the last of a partition is
			// shorter). A buffer too small for the next segment is
			// dropped, and until the next collection frees it the old
			// and the new one are both in memory: round capacities up
			// to a power of two, and never below the largest so far, so
			// that the few buffers made fit every later segment. Pages
			// past what a read fills are never touched, so not resident.
			c := max(1<<bits.Len64(uint64(n-1)), b.largest)
			b.largest = c
			b.used += c
			buf := make([]byte, n, c)
			b.lend(buf, dir)
			return buf
		}
		b.startGCLoop()
		b.waiting++
		b.cond.Wait()
		b.waiting--
	}
}

// reuse takes the smallest free buffer of at least n bytes out of the free
// list, or returns nil. b.mu is held.
func (b *readBudget) reuse(n int64) []byte {
	best := -1
	for i, buf := range b.free {
		if int64(cap(buf)) >= n && (best < 0 || cap(buf) < cap(b.free[best])) {
			best = i
		}
	}
	if best < 0 {
		return nil
	}
	buf := b.free[best]
	b.free = slices.Delete(b.free, best, best+1)
	return buf
}

// dropFreeFor drops free buffers, largest first, until n more bytes fit
// or none is left. b.mu is held.
func (b *readBudget) dropFreeFor(n int64) {
	slices.SortFunc(b.free, func(x, y []byte) int { return cap(x) - cap(y) })
	for len(b.free) > 0 && b.used+n > b.max {
		last := len(b.free) - 1
		b.used -= int64(cap(b.free[last]))
		b.free = b.free[:last]
	}
}

// holdsOwn reports whether dir still holds buffers after collections that
// began after its read did and whose finalizers have run: its own earlier
// segments, kept alive by kfake's replay, not garbage. The collection in
// progress when the read began may have missed them, hence three. b.mu is
// held.
func (b *readBudget) holdsOwn(dir string, rounds int) bool {
	return b.byDir[dir] > 0 && b.rounds >= rounds+3
}

func (b *readBudget) stuck(began time.Time) bool {
	last := began
	if b.freed.After(last) {
		last = b.freed
	}
	return time.Since(last) > b.maxWait
}

// lend counts buf as used by dir and arranges for it to come back to the
// free list once the garbage collector finds it unreachable. A finalizer,
// not a cleanup, because it gets the buffer back to reuse. b.mu is held.
func (b *readBudget) lend(buf []byte, dir string) {
	c := int64(cap(buf))
	b.byDir[dir] += c
	buf = buf[:c]
	runtime.SetFinalizer(&buf[0], func(p *byte) { b.collected(unsafe.Slice(p, c), dir) })
}

// collected takes back a buffer the garbage collector found unreachable.
func (b *readBudget) collected(buf []byte, dir string) {
	b.mu.Lock()
	c := int64(cap(buf))
	if b.byDir[dir] -= c; b.byDir[dir] <= 0 {
		delete(b.byDir, dir)
	}
	b.freed = time.Now()
	if b.done {
		b.used -= c
	} else {
		b.free = append(b.free, buf)
	}
	b.mu.Unlock()
	b.cond.Broadcast()
}

// finish ends the load: free buffers are dropped, later reads are not
// budgeted, and it waits (briefly) for the buffers kfake last used to be
// collected, so that the caller's debug.FreeOSMemory can return them too.
func (b *readBudget) finish() {
	b.mu.Lock()
	b.done = true
	for _, buf := range b.free {
		b.used -= int64(cap(buf))
	}
	b.free = nil
	b.cond.Broadcast()
	b.mu.Unlock()
	// A buffer's finalizer runs after one collection; the memory is
	// freed by a later one.
	for range 20 {
		if b.heldBytes() == 0 {
			return
		}
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
	}
}

// heldBytes returns the bytes of segment buffers in use or kept for reuse.
func (b *readBudget) heldBytes() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.used
}

// startGCLoop runs a collection every few milliseconds while readers wait:
// buffers are only known to be dropped once a collection has found them
// unreachable and run their finalizers. b.mu is held.
func (b *readBudget) startGCLoop() {
	if b.gcLoop {
		return
	}
	b.gcLoop = true
	go func() {
		for {
			collectAndFinalize()
			time.Sleep(5 * time.Millisecond)
			b.mu.Lock()
			b.rounds++
			// Wake waiters also when nothing was collected, so they can
			// see maxWait pass or their own buffers still held.
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

// collectAndFinalize runs a collection and waits until the finalizers it
// queued have run, or a few seconds. It waits for a sentinel's finalizer:
// the runtime runs finalizers one batch at a time in one goroutine, so once
// the sentinel of this collection has run, every finalizer queued by the
// previous collection has too. Waiting on a finalizer rather than a clock
// keeps a load on a starved CPU from mistaking slow finalizers for buffers
// still in use.
func collectAndFinalize() {
	done := make(chan struct{})
	armSentinel(done)
	runtime.GC()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
	}
}

// sentinel holds a pointer so that it is not a tiny allocation, whose
// finalizer might never run.
type sentinel struct {
	_ *byte
	_ [2]int64
}

//go:noinline
func armSentinel(done chan struct{}) {
	runtime.SetFinalizer(&sentinel{}, func(*sentinel) { close(done) })
}

// withLoadMemoryLimit runs load with a soft memory limit of limit bytes,
// so that garbage from loading is collected well before the heap doubles,
// and restores the previous limit after.
func withLoadMemoryLimit(limit int64, load func()) {
	prev := debug.SetMemoryLimit(limit)
	defer debug.SetMemoryLimit(prev)
	load()
}
