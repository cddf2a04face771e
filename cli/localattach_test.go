package cli

import (
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"kscope/broker"
)

// freeAddr returns a loopback address nothing listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// TestLocalAttachesToTheBrokerThatWon checks the second of two `kscope
// --local` started at once: it finds the data dir locked by the first and
// explores the first's broker instead of dying with "data dir in use".
func TestLocalAttachesToTheBrokerThatWon(t *testing.T) {
	dir, addr := t.TempDir(), freeAddr(t)
	winner, err := broker.Start(broker.Options{Listen: addr, DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer winner.Close()

	l := &localBroker{listen: addr, dataDir: dir}
	defer l.close()
	got, note, err := startOrAttach(l, 5*time.Second)
	if err != nil || got != addr || !strings.Contains(note, "another kscope runs the bundled broker at "+addr) {
		t.Fatalf("startOrAttach = %q, %q, %v; want %s and the note that another kscope runs it", got, note, err, addr)
	}

	// The broker holding the dir never answers at our address: the
	// lock's error, once the wait is over.
	l2 := &localBroker{listen: freeAddr(t), dataDir: dir}
	defer l2.close()
	start := time.Now()
	if _, _, err := startOrAttach(l2, 300*time.Millisecond); !errors.Is(err, broker.ErrDataDirInUse) || time.Since(start) < 300*time.Millisecond {
		t.Errorf("nothing answering: err = %v after %s, want the data dir in use after the wait", err, time.Since(start))
	}
}
