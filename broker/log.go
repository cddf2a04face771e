package broker

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
)

// logger writes the broker's warnings, one line each with a timestamp, to
// Options.Log; a nil writer discards them.
type logger struct {
	mu sync.Mutex
	w  io.Writer
}

// logf writes one warning line.
func (l *logger) logf(format string, args ...any) {
	if l == nil || l.w == nil {
		return
	}
	msg := strings.TrimRight(fmt.Sprintf(format, args...), "\n")
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, "%s broker: %s\n", time.Now().Format("15:04:05"), msg)
}

// kfakeLogger passes kfake's warnings and errors (a segment it could not
// open or write, a corrupt tail truncated at load) to l.
type kfakeLogger struct{ l *logger }

// Logf logs one kfake message if it is a warning or an error.
func (k kfakeLogger) Logf(level kfake.LogLevel, msg string, args ...any) {
	if level == kfake.LogLevelNone || level > kfake.LogLevelWarn {
		return
	}
	k.l.logf("kfake %s: "+msg, append([]any{level}, args...)...)
}
