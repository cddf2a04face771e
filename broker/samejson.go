package broker

import (
	"bytes"
	"os"
	"strings"
	"sync"
)

// kfake saves its state at shutdown with writeJSONFile: create NAME.tmp,
// write, fsync, rename over NAME. It does so for every partition's
// snapshot.json whether or not the partition changed, so stopping a broker
// of 100,000 partitions did 100,000 fsyncs and took 21 s, most of them
// rewriting the bytes already on disk. lruFS therefore buffers a file
// opened as "*.json.tmp" for writing: at its Sync, bytes equal to NAME's
// are dropped (nothing is written, the rename is skipped, NAME already
// holds them, durably, since kfake fsynced it when it wrote them); any
// other bytes are written and synced as before. A partition's snapshot
// is adjusted first (keepoffsets.go). Any other use of the file
// (a read, a seek, a write after Sync, a close or rename without Sync)
// writes it out first, so kfake sees an ordinary file.

// jsonTmpSuffix names the files writeJSONFile writes before renaming.
const jsonTmpSuffix = ".json.tmp"

// isJSONSave reports whether an OpenFile is writeJSONFile's.
func isJSONSave(name string, flag int) bool {
	return strings.HasSuffix(name, jsonTmpSuffix) && flag == os.O_CREATE|os.O_TRUNC|os.O_WRONLY
}

// jsonSave is a "*.json.tmp" file kept in memory until it is known whether
// it differs from the file it will replace.
type jsonSave struct {
	fs     *lruFS
	path   string // the .tmp file
	perm   os.FileMode
	mu     sync.Mutex
	buf    bytes.Buffer
	real   kfakeFile // the file on disk, once written out
	same   bool      // synced with bytes equal to the target's: nothing on disk
	closed bool
}

// openJSONSave returns a buffered handle for a "*.json.tmp" file and
// notes it so that Rename can skip it. Like O_TRUNC, it removes a stale
// file of that name (left by a crash) so none survives a skipped rename.
func (s *lruFS) openJSONSave(name string, perm os.FileMode) (kfakeFile, error) {
	if err := os.Remove(name); err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	f := &jsonSave{fs: s, path: name, perm: perm}
	s.mu.Lock()
	if s.saves == nil {
		s.saves = map[string]*jsonSave{}
	}
	s.saves[name] = f
	s.mu.Unlock()
	return f, nil
}

// target is the file the .tmp file replaces.
func (f *jsonSave) target() string { return strings.TrimSuffix(f.path, ".tmp") }

// writeOut puts the buffered bytes on disk, once. f.mu is held.
func (f *jsonSave) writeOut() error {
	if f.real != nil {
		return nil
	}
	f.same = false
	real, err := f.fs.openFile(f.path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, f.perm)
	if err != nil {
		return err
	}
	f.real = real
	_, err = real.Write(f.buf.Bytes())
	f.buf = bytes.Buffer{}
	return err
}

// Write buffers p until Sync, or writes it once the file is on disk.
func (f *jsonSave) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.same {
		if err := f.writeOut(); err != nil {
			return 0, err
		}
	}
	if f.real != nil {
		return f.real.Write(p)
	}
	return f.buf.Write(p)
}

// Sync drops the bytes when the target already holds them, else writes
// and syncs them.
func (f *jsonSave) Sync() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.real == nil && !f.same && isPartitionSnapshot(f.path) {
		data, skip, err := saveSnapshot(f.path, f.buf.Bytes())
		if err != nil {
			return err
		}
		if skip {
			f.same = true
			return nil
		}
		if !bytes.Equal(data, f.buf.Bytes()) {
			f.buf = bytes.Buffer{}
			f.buf.Write(data)
		}
	}
	if f.real == nil && !f.same {
		if old, err := f.fs.ReadFile(f.target()); err == nil && bytes.Equal(old, f.buf.Bytes()) {
			f.same = true
			return nil
		}
	}
	if f.same {
		return nil
	}
	if err := f.writeOut(); err != nil {
		return err
	}
	return f.real.Sync()
}

// onDisk runs op on the file on disk, writing it out first.
func onDisk[T any](f *jsonSave, op func(kfakeFile) (T, error)) (T, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.writeOut(); err != nil {
		var zero T
		return zero, err
	}
	return op(f.real)
}

// Read reads the file on disk (writing it out first).
func (f *jsonSave) Read(p []byte) (int, error) {
	return onDisk(f, func(r kfakeFile) (int, error) { return r.Read(p) })
}

// Seek seeks in the file on disk (writing it out first).
func (f *jsonSave) Seek(offset int64, whence int) (int64, error) {
	return onDisk(f, func(r kfakeFile) (int64, error) { return r.Seek(offset, whence) })
}

// Truncate truncates the file on disk (writing it out first).
func (f *jsonSave) Truncate(size int64) error {
	_, err := onDisk(f, func(r kfakeFile) (struct{}, error) { return struct{}{}, r.Truncate(size) })
	return err
}

// Close writes out bytes never synced nor found equal, and closes.
func (f *jsonSave) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return nil
	}
	f.closed = true
	f.fs.forgetSave(f)
	if !f.same {
		if err := f.writeOut(); err != nil {
			return err
		}
	}
	if f.real != nil {
		return f.real.Close()
	}
	return nil
}

// forgetSave drops f from the notes Rename reads, if it is still there.
func (s *lruFS) forgetSave(f *jsonSave) {
	s.mu.Lock()
	if s.saves[f.path] == f {
		delete(s.saves, f.path)
	}
	s.mu.Unlock()
}

// renameSave handles a Rename of a buffered "*.json.tmp" file: skipped
// (true) when its bytes were found equal to newpath's, which they came
// from; otherwise the file is written out so the real rename can follow.
func (s *lruFS) renameSave(oldpath, newpath string) (skipped bool, err error) {
	s.mu.Lock()
	f := s.saves[oldpath]
	s.mu.Unlock()
	if f == nil {
		return false, nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.same && newpath == f.target() {
		return true, nil
	}
	if f.closed {
		return false, nil // written out at Close
	}
	return false, f.writeOut()
}
