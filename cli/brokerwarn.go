package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// brokerLogName is the bundled broker's log in its data dir, when the
// explorer runs it (--local): the terminal belongs to the explorer.
const brokerLogName = "broker.log"

// brokerLogKeep is the size past which the log, when opened, is moved to
// broker.log.1 (one old log kept) and a new one started.
const brokerLogKeep = 4 << 20

// noticeEvery is the least time between two of the broker's warnings in
// the status line: a burst shows its first line, and the next notice
// counts the lines in between (they are all in the log).
const noticeEvery = 10 * time.Second

// brokerLog takes the bundled broker's log lines (warnings and errors,
// already sanitized by the broker) in the explorer: it appends them to
// broker.log in the data dir, copies them to the --debug log, and hands
// the user a short notice for the status line, at most one every
// noticeEvery, never blocking the broker.
type brokerLog struct {
	debug   io.Writer   // the --debug log; nil without --debug
	notices chan string // read by the UI; a full channel drops the notice
	now     func() time.Time

	mu      sync.Mutex
	path    string // "" until the data dir is known, or when there is none
	f       *os.File
	openErr error
	partial []byte
	last    time.Time // when the last notice was handed out
	held    int       // lines since the last notice
	total   int       // every line
}

// newBrokerLog returns a brokerLog copying to debug (nil: none).
func newBrokerLog(debug io.Writer) *brokerLog {
	return &brokerLog{debug: debug, notices: make(chan string, 1), now: time.Now}
}

// setDir names the data dir the log file goes into; "" keeps no file.
func (l *brokerLog) setDir(dir string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if dir != "" {
		l.path = filepath.Join(dir, brokerLogName)
	}
}

// Path is the log file's path, "" when there is none.
func (l *brokerLog) Path() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.path
}

// Write logs p: to the file and the debug log as it is, and its
// complete lines as notices.
func (l *brokerLog) Write(p []byte) (int, error) {
	if l.debug != nil {
		_, _ = l.debug.Write(p)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if f := l.file(); f != nil {
		_, _ = f.Write(p)
	}
	l.partial = append(l.partial, p...)
	for {
		i := bytes.IndexByte(l.partial, '\n')
		if i < 0 {
			break
		}
		l.notice(string(l.partial[:i]))
		l.partial = l.partial[i+1:]
	}
	return len(p), nil
}

// file opens the log file on first use (the broker holds the data dir by
// then), moving a large old log aside; nil when there is none. Called
// with mu held.
func (l *brokerLog) file() *os.File {
	if l.f != nil || l.openErr != nil || l.path == "" {
		return l.f
	}
	if fi, err := os.Stat(l.path); err == nil && fi.Size() > brokerLogKeep {
		_ = os.Rename(l.path, l.path+".1")
	}
	l.f, l.openErr = os.OpenFile(l.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	return l.f
}

// notice hands out line as a notice, unless one went out less than
// noticeEvery ago. Called with mu held.
func (l *brokerLog) notice(line string) {
	l.total++
	now := l.now()
	if !l.last.IsZero() && now.Sub(l.last) < noticeEvery {
		l.held++
		return
	}
	text := noticeText(line, l.held, l.path != "" && l.openErr == nil)
	select {
	case l.notices <- text:
		l.last, l.held = now, 0
	default: // the UI has not taken the last one: this one waits in the log
		l.held++
	}
}

// noticeText is the status line's text for one of the broker's log lines
// ("15:04:05.000 WARN text"): "broker warning (in broker.log): text",
// with the count of lines not shown before it; the file is named first,
// as a long line is cut at its end.
func noticeText(line string, held int, inFile bool) string {
	kind, text := "warning", line
	if f := strings.SplitN(line, " ", 3); len(f) == 3 {
		text = f[2]
		if f[1] == "ERROR" {
			kind = "error"
		}
	}
	if held > 0 {
		text = fmt.Sprintf("%s (+%d earlier)", text, held)
	}
	where := ""
	if inFile {
		where = " (in " + brokerLogName + ")"
	}
	return "broker " + kind + where + ": " + text
}

// Close closes the log file and says how many lines the broker logged
// ("" when none).
func (l *brokerLog) Close() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f != nil {
		_ = l.f.Close()
		l.f = nil
	}
	if l.total == 0 || l.path == "" || l.openErr != nil {
		return ""
	}
	return fmt.Sprintf("kscope: the bundled broker logged %d warning(s) or error(s): %s\n", l.total, l.path)
}
