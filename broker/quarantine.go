package broker

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// QuarantineDir is the folder of the data dir where the start-up check
// keeps a whole copy of every file it repairs, under a folder named after
// the time of the check.
const QuarantineDir = "quarantine"

// quarantine copies damaged files out of the way before anything
// changes them. Its folder is made on first use.
type quarantine struct {
	dataDir string
	root    string // <dataDir>/quarantine/<UTC time>[-n]
	made    bool
}

func newQuarantine(dataDir string, now time.Time) *quarantine {
	return &quarantine{dataDir: dataDir, root: filepath.Join(dataDir, QuarantineDir, now.UTC().Format("20060102T150405Z"))}
}

// keep copies the data dir's file rel (a slash-free relative path such as
// partitions/t-0/0.dat) whole into the quarantine folder, synced to disk,
// and returns where the copy is.
func (q *quarantine) keep(rel string) (string, error) {
	if err := q.make(); err != nil {
		return "", err
	}
	dst := filepath.Join(q.root, rel)
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return "", fmt.Errorf("cannot make quarantine folder: %v", rootCause(err))
	}
	if err := copyFileSynced(filepath.Join(q.dataDir, rel), dst); err != nil {
		return "", fmt.Errorf("cannot copy %s to quarantine: %v", rel, rootCause(err))
	}
	return dst, nil
}

// make creates the quarantine folder, under a fresh name when a check
// in the same second already used it.
func (q *quarantine) make() error {
	if q.made {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(q.root), 0o700); err != nil {
		return fmt.Errorf("cannot make quarantine folder: %v", rootCause(err))
	}
	base := q.root
	for n := 2; ; n++ {
		err := os.Mkdir(q.root, 0o700)
		if err == nil {
			q.made = true
			return nil
		}
		if !os.IsExist(err) || n > 1000 {
			return fmt.Errorf("cannot make quarantine folder: %v", rootCause(err))
		}
		q.root = fmt.Sprintf("%s-%d", base, n)
	}
}

func copyFileSynced(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return syncDir(filepath.Dir(dst))
}

// writeFileAtomic replaces path with data: a synced temporary file renamed
// over it, so a crash leaves either the old file or the new one. The
// temporary name ends in .tmp, which kfake deletes at start-up.
func writeFileAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(filepath.Dir(path))
}

// removeSynced deletes path (gone already is fine) and syncs its folder.
func removeSynced(path string) error {
	if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
		return err
	}
	return syncDir(filepath.Dir(path))
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
