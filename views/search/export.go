package search

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/views/kit"
)

// exportedMsg says where an export went, or why it failed.
type exportedMsg struct {
	id   uint64
	path string
	n    int
	err  error
}

// exportMode is an export's file mode: records may hold anything, so only
// the user reads them.
const exportMode = 0o600

// exportName is the timestamped file name of a topic's search export.
func exportName(topic string, now time.Time) string {
	safe := strings.Map(func(r rune) rune {
		if r == '.' || r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return '_'
	}, topic)
	return "kscope-search-" + safe + "-" + now.Format("20060102-150405") + ".jsonl"
}

// export writes the matches found so far as JSON lines (the kcat -J shape
// kscope consume and produce share) off the UI goroutine.
func (s *Search) export() tea.Cmd {
	if len(s.matches) == 0 {
		return kit.Status("search: no matches to export", true)
	}
	recs := s.matches[:len(s.matches):len(s.matches)]
	dir, name := s.dir, exportName(s.topic, time.Now())
	s.exportID = kit.NextID()
	id := s.exportID
	return s.Send(func() tea.Msg {
		path, err := writeExport(dir, name, recs)
		return exportedMsg{id: id, path: path, n: len(recs), err: err}
	})
}

// exported reports an export's outcome in the status line.
func (s *Search) exported(msg exportedMsg) tea.Cmd {
	if msg.id != s.exportID {
		return nil
	}
	if msg.err != nil {
		return kit.Status("search: could not export: "+msg.err.Error(), true)
	}
	return kit.Status(fmt.Sprintf("exported %s to %s", matchCount(int64(msg.n)), kit.Sanitize(msg.path)), false)
}

// writeExport writes recs as JSON lines to a new file named name in dir,
// or when dir is empty in the current directory, falling back to the
// temporary directory when that is not writable. It returns the path.
func writeExport(dir, name string, recs []kafkaops.Record) (string, error) {
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
		line, err := kafkaops.MarshalKcat(&recs[i])
		if err == nil {
			_, err = w.Write(append(line, '\n'))
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
// name-3… when it exists, in dir or the first writable of the current
// and the temporary directory.
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
