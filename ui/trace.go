package ui

import (
	"fmt"
	"os"
	"time"
)

// TraceFirstFrameEnv names the environment variable of an opt-in benchmark
// hook: when it holds a path, the explorer writes there, once, the wall
// clock time (Unix nanoseconds) of the first frame that shows a screen
// whose data has fully loaded (the topic browser with every topic
// counted). bench/explorer-10k.sh uses it to time launches; nothing else
// does.
const TraceFirstFrameEnv = "KSCOPE_TRACE_FIRST_FRAME"

// loadedScreen is a screen that can say whether its data has arrived.
type loadedScreen interface{ Loaded() bool }

// firstFrameTrace writes the time of the first fully loaded frame to a
// file, at most once.
type firstFrameTrace struct {
	path string
	done bool
}

// frame is called with each rendered frame's title; it writes the trace
// when the frame is the first one with loaded data.
func (t *firstFrameTrace) frame(top any, title string) {
	if t.path == "" || t.done {
		return
	}
	if l, ok := top.(loadedScreen); !ok || !l.Loaded() {
		return
	}
	t.done = true
	// One small write, once per run, and only when asked for: acceptable
	// in View for a benchmark hook.
	_ = os.WriteFile(t.path, fmt.Appendf(nil, "%d %s\n", time.Now().UnixNano(), title), 0o644)
}
