package broker

import (
	"encoding/binary"
	"net"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kmsg"

	"kscope/internal/kwire"
)

// With SASL on, kfake runs control functions before it checks that the
// connection has logged in, so configView cannot answer DescribeConfigs
// from its control: an anonymous client would read the configs. It leaves
// the request to kfake, which checks the login and answers with its own
// (wrong) figures. saslAnswers puts the truth back on the wire: the
// control computes configView's answer and notes it under the request's
// bytes; a connection wrapper remembers each DescribeConfigs request it
// reads and swaps kfake's answer for the noted one. kfake writes no
// answer to a connection that has not logged in, so nothing leaks. Under
// TLS the wrapper sees encrypted bytes and kfake's answer stands.
type saslAnswers struct {
	mu    sync.Mutex
	notes map[string]note // by the request's bytes (version first)
}

type note struct {
	resp kmsg.Response
	at   time.Time
}

// noteTTL bounds how long a noted answer waits for kfake's: it answers at
// once or not at all.
const noteTTL = 5 * time.Second

// maxNotes bounds the notes kept for requests kfake never answered.
const maxNotes = 256

func newSASLAnswers() *saslAnswers { return &saslAnswers{notes: map[string]note{}} }

// noteKey is a request's identity: its version and its body's bytes.
func noteKey(req kmsg.Request) string {
	return string(req.AppendTo(binary.BigEndian.AppendUint16(nil, uint16(req.GetVersion()))))
}

// put notes the answer for req.
func (s *saslAnswers) put(req kmsg.Request, resp kmsg.Response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	if len(s.notes) >= maxNotes {
		for k, n := range s.notes {
			if now.Sub(n.at) > noteTTL || len(s.notes) >= maxNotes {
				delete(s.notes, k)
			}
		}
	}
	s.notes[noteKey(req)] = note{resp, now}
}

// get returns the answer noted for req, if it is fresh.
func (s *saslAnswers) get(req kmsg.Request) (kmsg.Response, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, ok := s.notes[noteKey(req)]
	if !ok || time.Since(n.at) > noteTTL {
		return nil, false
	}
	return n.resp, true
}

// wrapIfOn returns a listener whose connections swap DescribeConfigs
// answers, or ln itself when s is nil (SASL off, or TLS on).
func (s *saslAnswers) wrapIfOn(ln net.Listener) net.Listener {
	if s == nil {
		return ln
	}
	return &answerListener{Listener: ln, s: s}
}

type answerListener struct {
	net.Listener
	s *saslAnswers
}

// Accept wraps each connection.
func (l *answerListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &answerConn{Conn: c, s: l.s, pending: map[int32]kmsg.Request{}}, nil
}

// answerConn reads requests as they pass, keeps the DescribeConfigs ones
// by correlation id, and swaps the matching answers as they are written.
type answerConn struct {
	net.Conn
	s *saslAnswers

	mu      sync.Mutex
	pending map[int32]kmsg.Request
	frame   []byte // the request frame being read, while it is one to keep
	size    int    // its size prefix plus 4, 0 between frames
	keep    bool   // the frame is a DescribeConfigs request
	skip    int    // bytes of a request not kept still to pass
}

// maxKeptRequest bounds a DescribeConfigs request kept whole.
const maxKeptRequest = 1 << 20

// Read passes the bytes on and notes DescribeConfigs requests.
func (c *answerConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.observe(p[:n])
	return n, err
}

func (c *answerConn) observe(b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for len(b) > 0 {
		if c.skip > 0 {
			n := min(c.skip, len(b))
			c.skip -= n
			b = b[n:]
			continue
		}
		if c.size == 0 {
			n := min(6-len(c.frame), len(b)) // size and key
			c.frame = append(c.frame, b[:n]...)
			b = b[n:]
			if len(c.frame) < 6 {
				return
			}
			size := int(binary.BigEndian.Uint32(c.frame)) + 4
			c.keep = int16(binary.BigEndian.Uint16(c.frame[4:])) == int16(kmsg.DescribeConfigs) && size <= maxKeptRequest
			if !c.keep {
				c.skip, c.frame = max(size-6, 0), c.frame[:0]
				continue
			}
			c.size = size
		}
		n := min(c.size-len(c.frame), len(b))
		c.frame = append(c.frame, b[:n]...)
		b = b[n:]
		if len(c.frame) == c.size {
			if corr, req, ok := parseRequest(c.frame); ok {
				c.pending[corr] = req
			}
			c.frame, c.size = c.frame[:0], 0
		}
	}
}

// parseRequest reads a whole request frame: size, key, version,
// correlation id, client id, (flexible) tagged fields, body.
func parseRequest(f []byte) (int32, kmsg.Request, bool) {
	if len(f) < 14 {
		return 0, nil, false
	}
	req := kmsg.RequestForKey(int16(binary.BigEndian.Uint16(f[4:])))
	if req == nil {
		return 0, nil, false
	}
	req.SetVersion(int16(binary.BigEndian.Uint16(f[6:])))
	corr := int32(binary.BigEndian.Uint32(f[8:]))
	idLen := int(int16(binary.BigEndian.Uint16(f[12:])))
	body := f[14:]
	if idLen > 0 {
		if idLen > len(body) {
			return 0, nil, false
		}
		body = body[idLen:]
	}
	if req.IsFlexible() {
		var err error
		if body, err = kwire.SkipTags(body); err != nil {
			return 0, nil, false
		}
	}
	if err := req.ReadFrom(body); err != nil {
		return 0, nil, false
	}
	return corr, req, true
}

// Write swaps a DescribeConfigs answer for the noted one; anything else
// passes as is. kfake writes each answer whole in one Write.
func (c *answerConn) Write(p []byte) (int, error) {
	if len(p) < 8 || int(binary.BigEndian.Uint32(p)) != len(p)-4 {
		return c.Conn.Write(p)
	}
	corr := int32(binary.BigEndian.Uint32(p[4:]))
	c.mu.Lock()
	req, ok := c.pending[corr]
	delete(c.pending, corr)
	c.mu.Unlock()
	if !ok {
		return c.Conn.Write(p)
	}
	resp, ok := c.s.get(req)
	if !ok {
		return c.Conn.Write(p)
	}
	resp.SetVersion(req.GetVersion())
	out := append([]byte{0, 0, 0, 0}, p[4:8]...)
	if resp.IsFlexible() {
		out = append(out, 0) // no tagged fields in the header
	}
	out = resp.AppendTo(out)
	binary.BigEndian.PutUint32(out, uint32(len(out)-4))
	if _, err := c.Conn.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}
