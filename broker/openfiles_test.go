//go:build linux

package broker

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// openFDs counts this process's open descriptors.
func openFDs(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatalf("count open descriptors: %v", err)
	}
	return len(ents)
}

func readAll(t *testing.T, f kfakeFile) string {
	t.Helper()
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		t.Fatalf("seek: %v", err)
	}
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return string(b)
}

func TestLRUFSBoundsOpenFiles(t *testing.T) {
	dir := t.TempDir()
	fsys := newLRUFS(fdLimits{open: 8, transient: 4}, nil)
	before := openFDs(t)
	var files []kfakeFile
	for i := range 200 {
		// The flags kfake opens an active segment with.
		f, err := fsys.OpenFile(filepath.Join(dir, fmt.Sprintf("%d.dat", i)), os.O_CREATE|os.O_APPEND|os.O_RDWR, 0o644)
		if err != nil {
			t.Fatalf("open file %d: %v", i, err)
		}
		if _, err := fmt.Fprintf(f, "a%d,", i); err != nil {
			t.Fatalf("write file %d: %v", i, err)
		}
		files = append(files, f)
		if n := fsys.openCount(); n > 8 {
			t.Fatalf("after %d files: %d open, want at most 8", i+1, n)
		}
	}
	if grew := openFDs(t) - before; grew > 8 {
		t.Errorf("process holds %d more descriptors for 200 files, want at most 8", grew)
	}
	for i, f := range files {
		if _, err := fmt.Fprintf(f, "b%d", i); err != nil {
			t.Fatalf("second write to file %d: %v", i, err)
		}
	}
	for i, f := range files {
		if got, want := readAll(t, f), fmt.Sprintf("a%d,b%d", i, i); got != want {
			t.Errorf("file %d holds %q, want %q", i, got, want)
		}
	}
	for i, f := range files {
		if err := f.Close(); err != nil {
			t.Errorf("close file %d: %v", i, err)
		}
	}
	if n := fsys.openCount(); n != 0 {
		t.Errorf("%d descriptors counted after closing every file, want 0", n)
	}
	if grew := openFDs(t) - before; grew > 0 {
		t.Errorf("process holds %d more descriptors after closing every file", grew)
	}
}

// A reopened file must keep its offset and must not be truncated or
// recreated again.
func TestLRUFSReopenKeepsOffsetWithoutTruncating(t *testing.T) {
	dir := t.TempDir()
	fsys := newLRUFS(fdLimits{open: 2, transient: 2}, nil)
	tmp := filepath.Join(dir, "topics.json.tmp")
	f, err := fsys.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("hello")); err != nil {
		t.Fatal(err)
	}
	evictAll(t, fsys, dir, 4)
	if _, err := f.Write([]byte(" world")); err != nil {
		t.Fatalf("write after eviction: %v", err)
	}
	evictAll(t, fsys, dir, 4)
	if err := f.Sync(); err != nil {
		t.Fatalf("sync after eviction: %v", err)
	}
	// writeJSONFile renames before its deferred Close.
	final := filepath.Join(dir, "topics.json")
	if err := fsys.Rename(tmp, final); err != nil {
		t.Fatal(err)
	}
	evictAll(t, fsys, dir, 4)
	if _, err := f.Write([]byte("!")); err != nil {
		t.Fatalf("write after rename and eviction: %v", err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(final)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "hello world!" {
		t.Errorf("file holds %q, want %q", got, "hello world!")
	}
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Errorf("the old name exists again after a reopen (stat: %v)", err)
	}
}

// A file removed while the LRU had closed it is not recreated empty.
func TestLRUFSRemovedFileIsNotRecreated(t *testing.T) {
	dir := t.TempDir()
	fsys := newLRUFS(fdLimits{open: 2, transient: 2}, nil)
	name := filepath.Join(dir, "0.dat")
	f, err := fsys.OpenFile(name, os.O_CREATE|os.O_APPEND|os.O_RDWR, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	evictAll(t, fsys, dir, 4)
	if err := fsys.Remove(name); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("x")); err == nil {
		t.Error("write to a removed, closed file succeeded")
	}
	if _, err := os.Stat(name); !os.IsNotExist(err) {
		t.Errorf("removed file exists again (stat: %v)", err)
	}
	f.Close()
}

// evictAll opens and closes n scratch files so that every idle file of
// fsys is closed by the LRU.
func evictAll(t *testing.T, fsys *lruFS, dir string, n int) {
	t.Helper()
	var fs []kfakeFile
	for i := range n {
		f, err := fsys.OpenFile(filepath.Join(dir, fmt.Sprintf("scratch-%d", i)), os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		fs = append(fs, f)
	}
	for _, f := range fs {
		f.Close()
	}
}

// kfake loads and saves partitions in one goroutine each.
func TestLRUFSConcurrentUse(t *testing.T) {
	dir := t.TempDir()
	const limit, workers, writes = 8, 64, 50
	fsys := newLRUFS(fdLimits{open: limit, transient: 4}, nil)
	var wg sync.WaitGroup
	var maxOpen atomic.Int64
	errs := make(chan error, workers)
	for w := range workers {
		wg.Go(func() {
			f, err := fsys.OpenFile(filepath.Join(dir, fmt.Sprintf("w%d", w)), os.O_CREATE|os.O_APPEND|os.O_RDWR, 0o644)
			if err != nil {
				errs <- err
				return
			}
			defer f.Close()
			for i := range writes {
				if _, err := fmt.Fprintf(f, "%d,", i); err != nil {
					errs <- err
					return
				}
				if n := int64(fsys.openCount()); n > maxOpen.Load() {
					maxOpen.Store(n)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if m := maxOpen.Load(); m > limit {
		t.Errorf("up to %d descriptors open, want at most %d", m, limit)
	}
	want := ""
	for i := range writes {
		want += fmt.Sprintf("%d,", i)
	}
	for w := range workers {
		got, err := fsys.ReadFile(filepath.Join(dir, fmt.Sprintf("w%d", w)))
		if err != nil || string(got) != want {
			t.Fatalf("file of worker %d: %q, %v; want %q", w, got, err, want)
		}
	}
}

// segmentPath is the path of segment 0 of partition p under dir.
func segmentPath(dir string, p int) string {
	return filepath.Join(dir, fmt.Sprintf("topic-%d", p), "0.dat")
}

func writeSegment(t *testing.T, path string, size int) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, make([]byte, size), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestReadBudgetHoldsOneSegmentAtATime(t *testing.T) {
	dir := t.TempDir()
	const size = 600 << 10
	for i := range 8 {
		writeSegment(t, segmentPath(dir, i), size)
	}
	b := newReadBudget(1 << 20) // room for one file, not two
	b.maxWait = time.Minute     // so that only cleanups can let a read through
	fsys := newLRUFS(fdLimits{open: 8, transient: 8}, b)
	var held, maxHeld atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for i := range 8 {
		wg.Go(func() {
			buf, err := fsys.ReadFile(segmentPath(dir, i))
			if err != nil || len(buf) != size {
				t.Errorf("read %d: %d bytes, %v", i, len(buf), err)
				return
			}
			n := held.Add(1)
			if n > maxHeld.Load() {
				maxHeld.Store(n)
			}
			time.Sleep(10 * time.Millisecond) // parse
			held.Add(-1)
			runtime.KeepAlive(buf)
		})
	}
	wg.Wait()
	if m := maxHeld.Load(); m != 1 {
		t.Errorf("%d segment buffers held at once, want 1 within a budget of one", m)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("8 reads took %s: buffers were not released when collected", d)
	}
	if n := b.heldBytes(); n > 1<<20 {
		t.Errorf("%d bytes in use or kept for reuse, over the budget of %d", n, 1<<20)
	}
	deadline := time.Now().Add(5 * time.Second)
	for b.inUse() != 0 && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if n := b.inUse(); n != 0 {
		t.Errorf("%d bytes still counted in use once every buffer was collected", n)
	}
	b.finish()
	if n := b.heldBytes(); n != 0 {
		t.Errorf("%d bytes still counted after the load", n)
	}
}

// After a crash kfake replays a partition keeping every segment it read
// until the partition is done: its next segment must not wait for it.
func TestReadBudgetLetsAPartitionHoldItsOwnSegments(t *testing.T) {
	dir := t.TempDir()
	const size = 600 << 10
	p0 := filepath.Join(dir, "topic-0")
	for i := range 3 {
		writeSegment(t, filepath.Join(p0, fmt.Sprintf("%d.dat", i)), size)
	}
	b := newReadBudget(1 << 20)
	b.maxWait = time.Minute
	fsys := newLRUFS(fdLimits{open: 8, transient: 8}, b)
	start := time.Now()
	var held [][]byte
	for i := range 3 {
		buf, err := fsys.ReadFile(filepath.Join(p0, fmt.Sprintf("%d.dat", i)))
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, buf)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("three segments of one partition took %s to read: it waited for itself", d)
	}
	// Capacities are rounded up to a power of two: 1 MiB per segment.
	if n := b.heldBytes(); n != 3<<20 {
		t.Errorf("%d bytes counted, want %d", n, 3<<20)
	}
	runtime.KeepAlive(held)
}

// inUse returns the bytes of buffers handed out and not yet collected.
func (b *readBudget) inUse() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	var n int64
	for _, v := range b.byDir {
		n += v
	}
	return n
}
