package broker

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

const (
	// storageReserve is the free space kept back below every write: kfake
	// rewrites its state files through a temporary copy, and a write that
	// fills the disk leaves a half-written file.
	storageReserve = 1 << 20
	// lowSpaceWarning is the free space under which the broker warns at
	// start.
	lowSpaceWarning = 100 << 20
)

// storage decides whether the data dir can take a write, so that the
// broker refuses a request with KAFKA_STORAGE_ERROR rather than answer
// success for data kfake then fails to save (kfake only logs such
// failures).
type storage struct {
	dir string // "" in memory: never refuses
	log *logger

	mu       sync.Mutex
	lastWarn time.Time
}

// refuse reports whether a write of about need bytes must be refused,
// and says so in the log (at most once a second). meta says the write
// rewrites topics.json (topic and config changes), which needs room for a
// second copy of it; records and offset commits only append.
func (s *storage) refuse(need int64, meta bool, what string) bool {
	free, want, short := s.short(need, meta)
	if !short {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if time.Since(s.lastWarn) >= time.Second {
		s.lastWarn = time.Now()
		s.log.warnf("refused %s: the data dir %s has %s free, the write needs %s (KAFKA_STORAGE_ERROR); free some space",
			what, s.dir, humanBytes(free), humanBytes(want))
	}
	return true
}

// short reports whether the data dir has less than want bytes free for a
// write of need bytes: the reserve and, for meta, room for a new copy of
// topics.json. Only meta writes stat topics.json: a syscall costs 10-25 µs
// on some VMs, and Produce is the hot path.
func (s *storage) short(need int64, meta bool) (free, want int64, short bool) {
	if s == nil || s.dir == "" {
		return 0, 0, false
	}
	free = freeBytes(s.dir)
	if free < 0 {
		return free, 0, false
	}
	want = need + storageReserve
	if meta {
		want += fileSize(filepath.Join(s.dir, "topics.json"))
	}
	return free, want, free < want
}

// warnIfLow warns when the data dir's file system is nearly full.
func (s *storage) warnIfLow() {
	if s.dir == "" {
		return
	}
	if free := freeBytes(s.dir); free >= 0 && free < lowSpaceWarning {
		s.log.warnf("the data dir %s has only %s free: writes are refused below %s", s.dir, humanBytes(free), humanBytes(storageReserve))
	}
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// removeTmpFiles removes the *.tmp files kfake leaves in the data dir and
// its partition folders when a save fails half-way.
func removeTmpFiles(dir string) {
	if dir == "" {
		return
	}
	removeIn := func(d string) {
		entries, err := os.ReadDir(d)
		if err != nil {
			return
		}
		for _, e := range entries {
			if e.Type().IsRegular() && strings.HasSuffix(e.Name(), ".tmp") {
				_ = os.Remove(filepath.Join(d, e.Name()))
			}
		}
	}
	removeIn(dir)
	parts, err := os.ReadDir(filepath.Join(dir, "partitions"))
	if err != nil {
		return
	}
	for _, p := range parts {
		if p.IsDir() {
			removeIn(filepath.Join(dir, "partitions", p.Name()))
		}
	}
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// finalSaveError turns kfake's message about a failed final save (one
// line per file) into one line: the first failure and how many more.
func finalSaveError(dir, msg string) error {
	msg = strings.TrimPrefix(strings.TrimPrefix(msg, "persist to disk: "), "save session state: ")
	lines := strings.Split(strings.TrimSpace(msg), "\n")
	more := ""
	if len(lines) > 1 {
		more = fmt.Sprintf(" (and %d more files)", len(lines)-1)
	}
	return fmt.Errorf("the broker could not save all its data to %s: %s%s; the last saved state is kept",
		Sanitize(dir), Sanitize(lines[0]), more)
}
