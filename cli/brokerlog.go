package cli

import (
	"bytes"
	"log/slog"
	"sync"
)

// slogLines writes the bundled broker's log lines (already sanitized by
// the broker) into the --debug log, one record per line: with --local the
// terminal belongs to the explorer, so the broker cannot use stderr.
type slogLines struct {
	log *slog.Logger

	mu      sync.Mutex
	partial []byte
}

// Write logs every complete line of p and keeps the rest for later.
func (s *slogLines) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.partial = append(s.partial, p...)
	for {
		i := bytes.IndexByte(s.partial, '\n')
		if i < 0 {
			break
		}
		s.log.Warn("bundled broker", "line", string(s.partial[:i]))
		s.partial = s.partial[i+1:]
	}
	return len(p), nil
}
