package broker

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestDataDirIsPrivate checks that the data dir and everything in it is
// readable by its owner only, including a data dir an older kscope left
// 0755 with 0644 files.
func TestDataDirIsPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	b := startTestBroker(t, Options{DataDir: dir})
	cl := newClient(t, b.Addr())
	createTopic(t, cl, "t", 2, nil)
	produce(t, cl, "t", 0, "secret record")
	b.Close()
	assertPrivate(t, dir)

	// As an older kscope left it.
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil {
			mode := fs.FileMode(0o644)
			if d.IsDir() {
				mode = 0o755
			}
			os.Chmod(p, mode)
		}
		return nil
	})
	b2 := startTestBroker(t, Options{DataDir: dir})
	assertPrivate(t, dir)
	b2.Close()
	assertPrivate(t, dir)
}

func assertPrivate(t *testing.T, dir string) {
	t.Helper()
	n := 0
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Errorf("walk %s: %v", p, err)
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		n++
		if perm := info.Mode().Perm(); perm&0o077 != 0 {
			t.Errorf("%s has mode %04o, want no access for group and others", p, perm)
		}
		return nil
	})
	if n < 5 {
		t.Errorf("only %d entries in the data dir: the test checks nothing", n)
	}
}
