package cli

import (
	"fmt"
	"io"
	"time"
)

// stopNoticeAfter is how long the bundled broker may take to stop before
// the explorer says it is waiting for it.
const stopNoticeAfter = time.Second

// stopSaying runs stop (the bundled broker's shutdown) and, when it takes
// longer than after, says on w why the shell is not back yet: the
// explorer left the terminal at once on q, but the broker finishes the
// request it is answering (at a million topics, a listing of 10 to 20
// seconds) and saves its data before the process may end.
func stopSaying(stop func() error, w io.Writer, after time.Duration) error {
	done := make(chan error, 1)
	go func() { done <- stop() }()
	select {
	case err := <-done:
		return err
	case <-time.After(after):
		fmt.Fprintln(w, "kscope: stopping the bundled broker (it finishes its last answer and saves its data)…")
		return <-done
	}
}
