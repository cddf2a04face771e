package broker

import "net"

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
