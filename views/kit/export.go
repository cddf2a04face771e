package kit

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"kscope/kafkaops"
)

// exportMode is an export's file mode: records may hold anything, so
// only the user reads them.
const exportMode = 0o600

// ExportName is the timestamped file name of an export of topic's
// records made by kind ("tail", "search"): the topic's name with every
// character that is not safe in a file name written _, as in
// kscope-tail-bankbranch-20240102-030405.jsonl.
func ExportName(kind, topic string, now time.Time) string {
	safe := strings.Map(func(r rune) rune {
		if r == '.' || r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return '_'
	}, topic)
	return "kscope-" + kind + "-" + safe + "-" + now.Format("20060102-150405") + ".jsonl"
}

// WriteExport writes recs, one line each as line makes it (without the
// newline), to a new file named name (name-2, name-3… when it exists) in
// dir, or when dir is empty in the current directory, falling back to
// the temporary directory when that is not writable. Only the user may
// read the file. It returns the file's absolute path.
func WriteExport(dir, name string, recs []kafkaops.Record, line func(*kafkaops.Record) ([]byte, error)) (string, error) {
	f, err := createExport(dir, name)
	if err != nil {
		return "", err
	}
	path := f.Name()
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	w := bufio.NewWriterSize(f, 256<<10)
	for i := range recs {
		b, err := line(&recs[i])
		if err == nil {
			_, err = w.Write(append(b, '\n'))
		}
		if err != nil {
			f.Close()
			return path, err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return path, err
	}
	return path, f.Close()
}

// createExport creates a new file for an export: name, or name-2,
// name-3… when it exists (two exports in the same second), in dir or the
// first writable of the current and the temporary directory.
func createExport(dir, name string) (*os.File, error) {
	dirs := []string{dir}
	if dir == "" {
		dirs = []string{".", os.TempDir()}
	}
	stem := strings.TrimSuffix(name, ".jsonl")
	var err error
	for _, d := range dirs {
		for i := 1; i <= 100; i++ {
			n := name
			if i > 1 {
				n = fmt.Sprintf("%s-%d.jsonl", stem, i)
			}
			var f *os.File
			f, err = os.OpenFile(filepath.Join(d, n), os.O_WRONLY|os.O_CREATE|os.O_EXCL, exportMode)
			if err == nil {
				return f, nil
			}
			if !os.IsExist(err) {
				break
			}
		}
	}
	return nil, err
}
