package broker

import (
	"container/list"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
)

// kfake keeps the active segment and index files of every partition it has
// written open until shutdown, plus a read handle per sealed segment it has
// served: two or more descriptors per partition, so a few hundred
// partitions exhaust a laptop's 1,024 and every produce then fails. lruFS
// is the filesystem kscope hands kfake instead (see kfakefs.go): the files
// kfake opens stay open only while they are among the most recently used
// ones, are closed when more than a bound are open and reopened, at the
// same offset, on their next use. Short-lived descriptors (ReadFile,
// ReadDir, RemoveAll, which kfake calls from one goroutine per partition
// while loading) are bounded by a semaphore. Segment reads while loading
// are bounded in bytes by readBudget (loadmem.go).

// fdLimits are the descriptor bounds of an lruFS.
type fdLimits struct {
	open      int // files kept open at most (idle ones beyond it are closed)
	transient int // short-lived descriptors (ReadFile, ReadDir) at once
}

// fdLimitsFor splits a RLIMIT_NOFILE soft limit: a quarter for kfake's
// files, an eighth for short-lived reads, the rest for client connections
// and the runtime.
func fdLimitsFor(nofile uint64) fdLimits {
	return fdLimits{
		open:      int(max(nofile/4, 8)),
		transient: int(max(nofile/8, 4)),
	}
}

// lruFS is a kfakeFS over the OS filesystem that bounds open descriptors.
type lruFS struct {
	lim       fdLimits
	transient chan struct{}
	budget    *readBudget // nil: segment reads are not bounded

	mu      sync.Mutex
	cond    *sync.Cond // signalled when a descriptor is closed or a file becomes idle
	waiting int        // goroutines waiting in reserve
	lru     list.List  // *lruFile holding a descriptor, most recent first
	open    int        // descriptors held by lruFiles
	byPath  map[string]map[*lruFile]struct{}
	saves   map[string]*jsonSave // "*.json.tmp" files held in memory (samejson.go)
}

func newLRUFS(lim fdLimits, budget *readBudget) *lruFS {
	s := &lruFS{
		lim:       lim,
		transient: make(chan struct{}, lim.transient),
		budget:    budget,
		byPath:    make(map[string]map[*lruFile]struct{}),
	}
	s.cond = sync.NewCond(&s.mu)
	return s
}

// openCount returns how many descriptors kfake's files hold now.
func (s *lruFS) openCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.open
}

// OpenFile opens name now (so that errors surface here, as kfake expects)
// and returns a handle that may be closed while idle and reopened later;
// a JSON state file saved through a .tmp file is held in memory until it
// is known to differ from the one on disk (samejson.go).
func (s *lruFS) OpenFile(name string, flag int, perm os.FileMode) (kfakeFile, error) {
	if isJSONSave(name, flag) {
		return s.openJSONSave(name, perm)
	}
	return s.openFile(name, flag, perm)
}

// openFile is OpenFile for a file on disk.
func (s *lruFS) openFile(name string, flag int, perm os.FileMode) (kfakeFile, error) {
	f := &lruFile{fs: s, path: name, flag: flag, perm: perm}
	f.mu.Lock()
	err := s.attach(f, flag)
	f.mu.Unlock()
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.track(f)
	s.wake()
	s.mu.Unlock()
	return f, nil
}

// attach opens f's descriptor with flag, first making room among the open
// files, and puts f at the front of the LRU. f.mu is held.
func (s *lruFS) attach(f *lruFile, flag int) error {
	path := s.reserve(f)
	osf, err := os.OpenFile(path, flag, f.perm)
	if isFDExhausted(err) {
		// Sockets took the descriptors this bound left free: give back
		// half of the idle files and try once more.
		s.shrink(s.lim.open / 2)
		osf, err = os.OpenFile(path, flag, f.perm)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		s.open--
		s.wake()
		return err
	}
	f.f = osf
	f.elem = s.lru.PushFront(f)
	return nil
}

// reserve counts one more descriptor for f, first closing least recently
// used idle files to stay within the bound, and returns f's path. When
// every open file is busy in another goroutine it waits for one to become
// idle or closed. f.mu is held; no goroutine waits here while holding a
// file another one waits for, since an operation holds only its own file.
func (s *lruFS) reserve(f *lruFile) string {
	s.mu.Lock()
	var victims []*lruFile
	for {
		victims = s.pickVictims(s.lim.open - 1)
		// Victims are locked until detached: never wait holding them.
		if s.open < s.lim.open || len(victims) > 0 {
			break
		}
		s.waiting++
		s.cond.Wait()
		s.waiting--
	}
	s.open++
	path := f.path
	s.mu.Unlock()
	detachAll(victims)
	return path
}

// done marks the end of an operation on f: f moves to the front of the
// LRU, and a goroutine waiting in reserve may now close it. f.mu is not
// held.
func (s *lruFS) done(f *lruFile) {
	s.mu.Lock()
	if f.elem != nil {
		s.lru.MoveToFront(f.elem)
	}
	s.wake()
	s.mu.Unlock()
}

// wake wakes one goroutine waiting in reserve: each call stands for one
// descriptor freed or one file become idle, which one waiter can use.
// (Broadcast woke thousands of waiters per write when kfake saved 20,000
// partitions at once.) s.mu is held.
func (s *lruFS) wake() {
	if s.waiting > 0 {
		s.cond.Signal()
	}
}

// shrink closes idle files until at most keep remain open.
func (s *lruFS) shrink(keep int) {
	s.mu.Lock()
	victims := s.pickVictims(keep)
	s.mu.Unlock()
	detachAll(victims)
}

// pickVictims removes idle files from the back of the LRU until at most
// keep descriptors are counted, and returns them locked. s.mu is held; a
// file's lock is only tried here, never waited for, so holding s.mu while
// a goroutine holding a file's lock waits for s.mu cannot deadlock.
func (s *lruFS) pickVictims(keep int) []*lruFile {
	var victims []*lruFile
	for e := s.lru.Back(); e != nil && s.open > keep; {
		prev := e.Prev()
		v := e.Value.(*lruFile)
		if v.mu.TryLock() {
			s.lru.Remove(e)
			v.elem = nil
			s.open--
			victims = append(victims, v)
		}
		e = prev
	}
	return victims
}

func detachAll(victims []*lruFile) {
	for _, v := range victims {
		v.detach()
		v.mu.Unlock()
	}
}

// forget drops f's descriptor from the count and f from the path index.
// s.mu is held.
func (s *lruFS) forget(f *lruFile) {
	if f.elem != nil {
		s.lru.Remove(f.elem)
		f.elem = nil
		s.open--
		s.wake()
	}
	if set := s.byPath[f.path]; set != nil {
		delete(set, f)
		if len(set) == 0 {
			delete(s.byPath, f.path)
		}
	}
}

func (s *lruFS) track(f *lruFile) {
	set := s.byPath[f.path]
	if set == nil {
		set = make(map[*lruFile]struct{})
		s.byPath[f.path] = set
	}
	set[f] = struct{}{}
}

// Rename renames a file; handles opened under the old name follow it, as
// an open descriptor would.
func (s *lruFS) Rename(oldpath, newpath string) error {
	if skipped, err := s.renameSave(oldpath, newpath); skipped || err != nil {
		return err
	}
	if err := os.Rename(oldpath, newpath); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for f := range s.byPath[oldpath] {
		f.path = newpath
		s.track(f)
	}
	delete(s.byPath, oldpath)
	return nil
}

// Remove removes a file. A handle still open on it keeps its descriptor
// from now on (an unlinked file cannot be reopened); one already closed
// fails its next operation.
func (s *lruFS) Remove(name string) error {
	s.pinUnder(name, false)
	return os.Remove(name)
}

// RemoveAll removes a directory tree, pinning handles under it as Remove
// does.
func (s *lruFS) RemoveAll(path string) error {
	s.pinUnder(path, true)
	s.transient <- struct{}{}
	defer func() { <-s.transient }()
	return os.RemoveAll(path)
}

// pinUnder takes the open handles on name (or under it, when tree) out of
// the LRU so they are never closed to be reopened, and marks those already
// closed as gone.
func (s *lruFS) pinUnder(name string, tree bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	prefix := filepath.Clean(name) + string(filepath.Separator)
	for p, set := range s.byPath {
		if p != name && !(tree && strings.HasPrefix(p, prefix)) {
			continue
		}
		for f := range set {
			f.gone.Store(true)
			if f.elem != nil {
				s.lru.Remove(f.elem)
				f.elem = nil // still counted in s.open until Close
			}
		}
	}
}

// MkdirAll creates a directory and its parents.
func (*lruFS) MkdirAll(path string, perm os.FileMode) error { return os.MkdirAll(path, perm) }

// Stat returns a file's information; it needs no descriptor.
func (*lruFS) Stat(name string) (os.FileInfo, error) { return os.Stat(name) }

// ReadDir reads a directory, holding one short-lived descriptor.
func (s *lruFS) ReadDir(name string) ([]os.DirEntry, error) {
	s.transient <- struct{}{}
	defer func() { <-s.transient }()
	return os.ReadDir(name)
}

// ReadFile reads a whole file, holding one short-lived descriptor. Segment
// files (.dat) are read within the load budget when there is one.
func (s *lruFS) ReadFile(name string) ([]byte, error) {
	s.transient <- struct{}{}
	defer func() { <-s.transient }()
	if s.budget != nil && strings.HasSuffix(name, ".dat") {
		return s.budget.readFile(name)
	}
	return os.ReadFile(name)
}

// isFDExhausted reports whether err is the process or system running out
// of file descriptors.
func isFDExhausted(err error) bool {
	return errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE)
}

// lruFile is a kfakeFile whose descriptor lruFS may close while it is idle.
type lruFile struct {
	fs   *lruFS
	perm os.FileMode
	flag int

	mu     sync.Mutex
	path   string        // guarded by fs.mu as well: Rename changes it
	f      *os.File      // nil while closed by the LRU
	elem   *list.Element // in fs.lru while f is open and not pinned
	off    int64         // offset to restore when reopened
	closed bool
	gone   atomic.Bool // removed from disk: cannot be reopened
}

// reopenFlags drops the flags that only make sense on the first open: a
// reopen must neither truncate nor recreate a file removed meanwhile.
func reopenFlags(flag int) int {
	return flag &^ (os.O_CREATE | os.O_TRUNC | os.O_EXCL)
}

// do runs op on f's descriptor, reopening it first if the LRU closed it.
func (f *lruFile) do(op func(*os.File) error) error {
	err := f.locked(op)
	f.fs.done(f)
	return err
}

func (f *lruFile) locked(op func(*os.File) error) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return os.ErrClosed
	}
	if f.f == nil {
		if err := f.reopen(); err != nil {
			return err
		}
	}
	return op(f.f)
}

// reopen opens f's file again at the offset it had. f.mu is held.
func (f *lruFile) reopen() error {
	if f.gone.Load() {
		return &os.PathError{Op: "reopen", Path: f.path, Err: os.ErrNotExist}
	}
	if err := f.fs.attach(f, reopenFlags(f.flag)); err != nil {
		return err
	}
	if _, err := f.f.Seek(f.off, io.SeekStart); err != nil {
		return err
	}
	return nil
}

// detach closes f's descriptor, remembering its offset. f.mu is held and
// f is already out of the LRU.
func (f *lruFile) detach() {
	if f.f == nil {
		return
	}
	if off, err := f.f.Seek(0, io.SeekCurrent); err == nil {
		f.off = off
	}
	f.f.Close()
	f.f = nil
}

// Write writes to the file.
func (f *lruFile) Write(b []byte) (n int, err error) {
	err = f.do(func(osf *os.File) error { n, err = osf.Write(b); return err })
	return n, err
}

// Read reads from the file.
func (f *lruFile) Read(b []byte) (n int, err error) {
	err = f.do(func(osf *os.File) error { n, err = osf.Read(b); return err })
	return n, err
}

// Seek sets the offset of the next Read or Write.
func (f *lruFile) Seek(offset int64, whence int) (pos int64, err error) {
	err = f.do(func(osf *os.File) error { pos, err = osf.Seek(offset, whence); return err })
	return pos, err
}

// Truncate changes the file's size.
func (f *lruFile) Truncate(size int64) error {
	return f.do(func(osf *os.File) error { return osf.Truncate(size) })
}

// Sync flushes the file to disk. A descriptor reopened since the writes
// flushes them as well: fsync works on the file, not the descriptor.
func (f *lruFile) Sync() error {
	return f.do(func(osf *os.File) error { return osf.Sync() })
}

// Close closes the file for good.
func (f *lruFile) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return os.ErrClosed
	}
	f.closed = true
	f.fs.mu.Lock()
	held := f.f != nil
	if held && f.elem == nil {
		f.fs.open-- // pinned: counted but not in the LRU
	}
	f.fs.forget(f)
	f.fs.mu.Unlock()
	if !held {
		return nil
	}
	err := f.f.Close()
	f.f = nil
	return err
}
