package cli

import (
	"errors"
	"strings"
	"time"

	"kscope/broker"
)

// attachWait is how long `kscope --local` waits for the broker of another
// kscope that holds the data dir to answer: that one may still be loading
// the data dir.
const attachWait = 15 * time.Second

// startOrAttach starts the bundled broker for --local; when another kscope
// holds its data dir (two `kscope --local` started at the same instant:
// both found nothing answering, one took the lock), it waits up to wait
// for that broker to answer at the listen address and explores it. The
// note says which happened.
func startOrAttach(l *localBroker, wait time.Duration) (addr, note string, err error) {
	addr, where, err := l.start()
	if err == nil {
		note = "bundled broker running at " + addr + ", data: " + where
		if l.report() != "" {
			note += " · the data dir was repaired at start: details on exit"
		}
		return addr, note, nil
	}
	if !errors.Is(err, broker.ErrDataDirInUse) || strings.HasSuffix(l.listen, ":0") {
		return "", "", err
	}
	deadline := time.Now().Add(wait)
	for {
		if answers(l.listen) {
			return l.listen, "another kscope runs the bundled broker at " + l.listen + ": exploring it", nil
		}
		if time.Now().After(deadline) {
			return "", "", err
		}
		time.Sleep(100 * time.Millisecond)
	}
}
