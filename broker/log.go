package broker

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/twmb/franz-go/pkg/kfake"
)

// LogLevel is how much the broker writes to its log.
type LogLevel int

// Log levels, from quietest to most verbose.
const (
	// LogError writes only errors: data that could not be saved or loaded.
	LogError LogLevel = iota + 1
	// LogWarn adds warnings: refused requests, damaged data, low disk space.
	LogWarn
	// LogInfo adds kfake's informational messages (group changes).
	LogInfo
	// LogDebug adds kfake's debug messages; very verbose.
	LogDebug
)

// ParseLogLevel parses error, warn, info or debug.
func ParseLogLevel(s string) (LogLevel, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "error":
		return LogError, nil
	case "warn", "warning":
		return LogWarn, nil
	case "info":
		return LogInfo, nil
	case "debug":
		return LogDebug, nil
	}
	return 0, fmt.Errorf("unknown log level %s: want error, warn, info or debug", strconv.QuoteToASCII(s))
}

// String names the level as ParseLogLevel reads it.
func (l LogLevel) String() string {
	switch l {
	case LogError:
		return "error"
	case LogWarn:
		return "warn"
	case LogInfo:
		return "info"
	case LogDebug:
		return "debug"
	}
	return "level(" + strconv.Itoa(int(l)) + ")"
}

// logger writes the broker's own messages and kfake's to one writer, one
// sanitized line each. It also watches kfake's messages for failed saves,
// which kfake only logs.
type logger struct {
	mu    sync.Mutex
	w     io.Writer
	level LogLevel

	// saveFailed is set when kfake logs that its final save (data or
	// session state) failed.
	saveFailed string
}

func newLogger(w io.Writer, level LogLevel) *logger {
	if w == nil {
		w = io.Discard
	}
	if level == 0 {
		level = LogWarn
	}
	return &logger{w: w, level: level}
}

// Logf implements kfake.Logger.
func (l *logger) Logf(level kfake.LogLevel, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if level == kfake.LogLevelError && (strings.HasPrefix(format, "persist to disk") || strings.HasPrefix(format, "save session state")) {
		l.mu.Lock()
		if l.saveFailed == "" { // the first failure says the most
			l.saveFailed = msg
		}
		l.mu.Unlock()
	}
	l.write(fromKfake(level), msg)
}

// warnf logs one of the broker's own warnings.
func (l *logger) warnf(format string, args ...any) {
	l.write(LogWarn, fmt.Sprintf(format, args...))
}

func (l *logger) write(level LogLevel, msg string) {
	if level > l.level {
		return
	}
	line := time.Now().Format("15:04:05.000") + " " + strings.ToUpper(level.String()) + " " + Sanitize(msg) + "\n"
	l.mu.Lock()
	defer l.mu.Unlock()
	_, _ = io.WriteString(l.w, line)
}

// finalSaveError returns kfake's message when its final save failed.
func (l *logger) finalSaveError() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.saveFailed
}

func fromKfake(l kfake.LogLevel) LogLevel {
	switch l {
	case kfake.LogLevelError:
		return LogError
	case kfake.LogLevelWarn:
		return LogWarn
	case kfake.LogLevelInfo:
		return LogInfo
	}
	return LogDebug
}

// Sanitize makes s safe to print on one terminal line: control and format
// characters (escape sequences' introducers, bidi overrides, zero-width
// characters) are written as Go escapes such as \x1b or \u202e, and
// invalid UTF-8 bytes as \xNN. A backslash stays as it is, so a string
// quoted before (strconv.Quote) is not escaped twice. Every topic name or other client-supplied
// string the broker prints goes through it.
func Sanitize(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unsafeRune(r):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

// unsafeRune reports whether r must not reach a terminal raw: controls,
// format characters (Cf), separators other than space, and the fillers
// that draw as nothing.
func unsafeRune(r rune) bool {
	if r == ' ' {
		return false
	}
	return unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp, unicode.Zs) ||
		r == 0x115F || r == 0x1160 || r == 0x3164 || r == 0xFFA0 || r == 0x180E || !unicode.IsPrint(r) && !unicode.IsGraphic(r)
}
