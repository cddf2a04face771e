//go:build linux

package broker

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// saveJSON does what kfake's writeJSONFile does: create NAME.tmp, write,
// fsync, rename over NAME, then close (deferred there).
func saveJSON(t *testing.T, fsys kfakeFS, path string, data []byte) {
	t.Helper()
	f, err := fsys.OpenFile(path+".tmp", os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := f.Sync(); err != nil {
		t.Fatal(err)
	}
	if err := fsys.Rename(path+".tmp", path); err != nil {
		t.Fatal(err)
	}
}

// inodeOf returns a file's inode, which a rewrite through a renamed .tmp
// file changes.
func inodeOf(t *testing.T, path string) uint64 {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Sys().(*syscall.Stat_t).Ino
}

// Stopping a broker of 100,000 partitions rewrote every unchanged
// snapshot.json with an fsync each (21 s). A save of the bytes already on
// disk now leaves the file alone; a save of other bytes replaces it; no
// .tmp file is left either way.
func TestUnchangedJSONSaveIsSkipped(t *testing.T) {
	dir := t.TempDir()
	fsys := newLRUFS(fdLimits{open: 8, transient: 4}, nil)
	path := filepath.Join(dir, "snapshot.json")

	saveJSON(t, fsys, path, []byte(`{"hw":1}`))
	if got, _ := os.ReadFile(path); string(got) != `{"hw":1}` {
		t.Fatalf("first save wrote %q", got)
	}
	ino := inodeOf(t, path)

	saveJSON(t, fsys, path, []byte(`{"hw":1}`))
	if ino2 := inodeOf(t, path); ino2 != ino {
		t.Errorf("an unchanged save replaced the file (inode %d, was %d)", ino2, ino)
	}

	saveJSON(t, fsys, path, []byte(`{"hw":2}`))
	if got, _ := os.ReadFile(path); string(got) != `{"hw":2}` {
		t.Errorf("a changed save left %q, want the new bytes", got)
	}
	if _, err := os.Stat(path + ".tmp"); !os.IsNotExist(err) {
		t.Errorf("a .tmp file was left behind: %v", err)
	}
	if len(fsys.saves) != 0 {
		t.Errorf("%d saves still noted after their close", len(fsys.saves))
	}
}

// A .tmp file used otherwise than writeJSONFile does (renamed without a
// sync, closed without a rename, read back) is an ordinary file.
func TestJSONSaveUsedOtherwiseIsWritten(t *testing.T) {
	dir := t.TempDir()
	fsys := newLRUFS(fdLimits{open: 8, transient: 4}, nil)
	path := filepath.Join(dir, "meta.json")
	saveJSON(t, fsys, path, []byte(`{"v":1}`))

	// Renamed without Sync, although equal: the rename really happens.
	f, err := fsys.OpenFile(path+".tmp", os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte(`{"v":3}`)); err != nil {
		t.Fatal(err)
	}
	if err := fsys.Rename(path+".tmp", path); err != nil {
		t.Fatalf("rename without sync: %v", err)
	}
	f.Close()
	if got, _ := os.ReadFile(path); string(got) != `{"v":3}` {
		t.Errorf("after a rename without sync the file holds %q", got)
	}

	// Closed without a rename: the .tmp file is on disk.
	f, err = fsys.OpenFile(path+".tmp", os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte(`{"v":3}`)); err != nil {
		t.Fatal(err)
	}
	if err := f.Sync(); err != nil { // equal bytes: held back so far
		t.Fatal(err)
	}
	if _, err := f.Write([]byte(` `)); err != nil { // now they differ
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path + ".tmp"); string(got) != `{"v":3} ` {
		t.Errorf("closed .tmp file holds %q, want every byte written", got)
	}

	// A stale .tmp file (a crash mid-save) does not survive a skipped save.
	saveJSON(t, fsys, path, []byte(`{"v":3}`))
	if _, err := os.Stat(path + ".tmp"); !os.IsNotExist(err) {
		t.Errorf("a stale .tmp file survived a skipped save: %v", err)
	}
}
