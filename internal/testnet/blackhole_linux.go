//go:build linux

// Package testnet gives tests network addresses that misbehave in a
// controlled way, without traffic ever leaving 127.0.0.1.
package testnet

import (
	"errors"
	"net"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// BlackHole returns a loopback address that behaves like a firewalled
// one: connecting hangs until the caller's timeout. It is a listening
// socket that never accepts, whose accept queue is filled with a couple
// of connections; the kernel then drops further SYNs without an answer,
// so a dial neither succeeds nor is refused. Traffic never leaves
// 127.0.0.1. The test is skipped when the kernel does not behave so.
func BlackHole(t testing.TB) string {
	t.Helper()
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatalf("black hole: socket: %v", err)
	}
	t.Cleanup(func() { syscall.Close(fd) })
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatalf("black hole: bind: %v", err)
	}
	if err := syscall.Listen(fd, 0); err != nil {
		t.Fatalf("black hole: listen: %v", err)
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		t.Fatalf("black hole: getsockname: %v", err)
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(sa.(*syscall.SockaddrInet4).Port))
	// Fill the accept queue until a dial hangs: that dial's timeout is
	// the proof that the next SYN is dropped.
	for range 8 {
		c, err := net.DialTimeout("tcp", addr, 300*time.Millisecond)
		if err == nil {
			t.Cleanup(func() { c.Close() })
			continue
		}
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return addr
		}
		t.Fatalf("black hole: filling the accept queue: %v", err)
	}
	t.Skip("black hole: the kernel keeps accepting connections on a full backlog")
	return ""
}
