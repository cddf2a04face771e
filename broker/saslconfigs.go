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
	return &connListener{Listener: ln, wrap: func(c net.Conn) net.Conn { return newAnswerConn(c, s) }}
}

// answerConn reads requests as they pass, keeps the DescribeConfigs ones
// by correlation id, and swaps the matching answers as they are written.
type answerConn struct {
	frameConn
	s       *saslAnswers
	pending map[int32]kmsg.Request
}

// maxKeptRequest bounds a DescribeConfigs request kept whole.
const maxKeptRequest = 1 << 20

func newAnswerConn(c net.Conn, s *saslAnswers) *answerConn {
	ac := &answerConn{frameConn: frameConn{Conn: c}, s: s, pending: map[int32]kmsg.Request{}}
	ac.frames.keep = func(h reqHeader) bool {
		return h.key == int16(kmsg.DescribeConfigs) && h.size+4 <= maxKeptRequest
	}
	ac.frames.seen = func(_ reqHeader, frame []byte) {
		if corr, req, ok := parseRequest(frame); ok {
			ac.pending[corr] = req
		}
	}
	return ac
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
// passes as is.
func (c *answerConn) Write(p []byte) (int, error) {
	req, ok := takeNoted(&c.frameConn, c.pending, p)
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
