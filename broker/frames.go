package broker

import (
	"encoding/binary"
	"net"
	"sync"
)

// reqHeader is the start of a request frame: its size (after the size
// field), API key, version and correlation id.
type reqHeader struct {
	size    int
	key     int16
	version int16
	corr    int32
}

const reqHeaderLen = 12 // size, key, version, correlation id

// reqFrames follows the request frames in the bytes a connection reads,
// however the reads split them. For each frame it calls seen with the
// header and, when keep says so for that header, the whole frame (size
// field included); otherwise with a nil frame.
type reqFrames struct {
	keep func(reqHeader) bool
	seen func(h reqHeader, frame []byte)

	header []byte    // the start of the frame being read
	cur    reqHeader // the frame being kept or skipped
	kept   []byte    // the frame being kept, while keeping
	skip   int       // bytes of the current frame still to pass
}

// observe follows b, the next bytes read.
func (f *reqFrames) observe(b []byte) {
	for len(b) > 0 {
		if f.skip > 0 {
			n := min(f.skip, len(b))
			if f.kept != nil {
				f.kept = append(f.kept, b[:n]...)
			}
			f.skip -= n
			b = b[n:]
			if f.skip == 0 && f.kept != nil {
				f.seen(f.cur, f.kept)
				f.kept = nil
			}
			continue
		}
		n := min(reqHeaderLen-len(f.header), len(b))
		f.header = append(f.header, b[:n]...)
		b = b[n:]
		if len(f.header) < reqHeaderLen {
			return
		}
		h := reqHeader{
			size:    int(binary.BigEndian.Uint32(f.header)),
			key:     int16(binary.BigEndian.Uint16(f.header[4:])),
			version: int16(binary.BigEndian.Uint16(f.header[6:])),
			corr:    int32(binary.BigEndian.Uint32(f.header[8:])),
		}
		f.cur = h
		f.skip = max(h.size-(reqHeaderLen-4), 0)
		switch {
		case f.keep != nil && f.keep(h) && f.skip > 0:
			f.kept = append(make([]byte, 0, h.size+4), f.header...)
		case f.keep != nil && f.keep(h):
			f.seen(h, append([]byte(nil), f.header...))
		default:
			f.seen(h, nil)
		}
		f.header = f.header[:0]
	}
}

// frameConn is a connection that follows the request frames it reads;
// the connections that note requests and rewrite or keep kfake's answers
// to them embed it.
type frameConn struct {
	net.Conn

	mu     sync.Mutex // guards frames and what the embedder notes from it
	frames reqFrames
}

// Read reads and follows the request frames read.
func (c *frameConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.mu.Lock()
	c.frames.observe(p[:n])
	c.mu.Unlock()
	return n, err
}

// takeNoted returns and forgets what was noted for the request p answers,
// when p is one whole answer frame (kfake writes each answer in one
// Write).
func takeNoted[V any](c *frameConn, noted map[int32]V, p []byte) (V, bool) {
	var zero V
	if len(p) < 8 || int(binary.BigEndian.Uint32(p)) != len(p)-4 {
		return zero, false
	}
	corr := int32(binary.BigEndian.Uint32(p[4:]))
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := noted[corr]
	delete(noted, corr)
	return v, ok
}

// connListener wraps each connection its listener accepts.
type connListener struct {
	net.Listener
	wrap func(net.Conn) net.Conn
}

// Accept accepts and wraps.
func (l *connListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return l.wrap(c), nil
}
