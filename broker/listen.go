package broker

import (
	"net"
	"sync"
)

// advertisedListener is a listener whose Addr is the address clients are
// told to connect to, which differs from the bound one for wildcard binds.
type advertisedListener struct {
	net.Listener
	addr net.Addr
}

// Addr returns the advertised address.
func (l advertisedListener) Addr() net.Addr { return l.addr }

// advertise makes a listener bound to every interface (0.0.0.0, ::)
// report 127.0.0.1 as its address. kfake advertises its listener's
// address in Metadata and FindCoordinator answers; an unspecified IP
// there (":::9092") cannot be dialled, so clients such as kcat and
// kafka-python bootstrap fine and then fail every request.
func advertise(ln net.Listener) net.Listener {
	tcp, ok := ln.Addr().(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return ln
	}
	return advertisedListener{ln, &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: tcp.Port}}
}

// gatedListener accepts no connection until ready is closed: kfake starts
// listening inside NewCluster, before the broker has installed the checks
// that must see every request.
type gatedListener struct {
	net.Listener
	ready  <-chan struct{}
	closed chan struct{}
	once   sync.Once
}

func gate(ln net.Listener, ready <-chan struct{}) net.Listener {
	return &gatedListener{Listener: ln, ready: ready, closed: make(chan struct{})}
}

// Accept waits for ready, then accepts.
func (l *gatedListener) Accept() (net.Conn, error) {
	select {
	case <-l.ready:
	case <-l.closed:
		return nil, net.ErrClosed
	}
	return l.Listener.Accept()
}

// Close closes the listener and ends a waiting Accept.
func (l *gatedListener) Close() error {
	l.once.Do(func() { close(l.closed) })
	return l.Listener.Close()
}
