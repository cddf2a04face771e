package broker

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// tightenModes makes the data dir readable by its owner only: the dir and
// every folder in it 0700, every file 0600. kfake creates files 0644 and
// folders 0755, and the data dir holds every record and committed offset;
// earlier kscope versions left it 0755. Symbolic links are left alone.
func tightenModes(dir string) error {
	if dir == "" {
		return nil
	}
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // a file that vanished meanwhile (kfake's .tmp) is not an error
		}
		want := fs.FileMode(0o600)
		switch {
		case d.IsDir():
			want = 0o700
		case !d.Type().IsRegular():
			return nil
		}
		info, err := d.Info()
		if err != nil || info.Mode().Perm()&^want == 0 {
			return nil
		}
		if err := os.Chmod(path, info.Mode().Perm()&want); err != nil {
			return fmt.Errorf("data dir %s: cannot make %s private: %v", dir, Sanitize(path), rootCause(err))
		}
		return nil
	})
}
