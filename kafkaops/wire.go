package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/segmentio/kafka-go/protocol"
	"github.com/segmentio/kafka-go/protocol/apiversions"
	"github.com/segmentio/kafka-go/sasl"
)

// wire sends single requests to brokers over pooled connections.
//
// kscope does not use kafka.Transport for this: the Transport answers
// metadata requests from a cache refreshed every few seconds, so a topic
// deleted (or created by another client) a moment ago would still be
// listed (or missing). An explorer must show the cluster as it is now, and
// it must route list-offsets itself to keep ListTopics at a constant number
// of requests, so it keeps its own small pool and does its own routing.
type wire struct {
	cfg  Config
	sasl sasl.Mechanism // nil when SASL is off

	mu     sync.Mutex
	idle   map[string][]*protocol.Conn // by broker address
	open   map[*protocol.Conn]struct{} // every live connection, for close
	good   string                      // the bootstrap address that last answered
	apis   map[string]brokerAPIs       // each broker's last ApiVersions answer
	closed bool
}

// maxIdlePerBroker caps the idle connections kept per broker: a screen
// rarely has more than a few requests in flight at once.
const maxIdlePerBroker = 4

// pastDeadline interrupts a blocked read or write at once.
var pastDeadline = time.Unix(1, 0)

func newWire(cfg Config) *wire {
	return &wire{
		cfg:  cfg,
		idle: map[string][]*protocol.Conn{},
		open: map[*protocol.Conn]struct{}{},
		apis: map[string]brokerAPIs{},
	}
}

// roundTrip sends req to the broker at addr and returns its answer, bounded
// by ctx and the request timeout.
func (w *wire) roundTrip(ctx context.Context, addr string, req protocol.Message) (protocol.Message, error) {
	ctx, cancel := context.WithTimeout(ctx, answerTimeout(req, w.cfg.RequestTimeout))
	defer cancel()
	pc, fresh, err := w.get(ctx, addr)
	if err != nil {
		return nil, err
	}
	if err := w.check(addr, req.ApiKey()); err != nil {
		w.put(addr, pc)
		return nil, err
	}
	return w.send(ctx, addr, pc, fresh, guard(req, w.cfg.ClientID))
}

// send exchanges msg over pc, a connection to addr (fresh: dialled for
// it), and gives pc back to the pool when it can carry another request.
func (w *wire) send(ctx context.Context, addr string, pc *protocol.Conn, fresh bool, msg protocol.Message) (protocol.Message, error) {
	res, reusable, err := exchange(ctx, pc, msg)
	if err != nil {
		w.discard(pc)
		if fresh {
			return nil, w.firstRequestError(ctx, addr, err)
		}
		return nil, requestError(ctx, addr, err)
	}
	if reusable {
		w.put(addr, pc)
	} else {
		w.discard(pc)
	}
	return res, nil
}

// roundTripAny sends req to whichever bootstrap broker answers, starting
// with the one that answered last. It moves on to the next broker only
// when connecting fails, so a request is never sent twice.
func (w *wire) roundTripAny(ctx context.Context, req protocol.Message) (protocol.Message, string, error) {
	var errs []error
	for _, addr := range w.bootstrapOrder() {
		res, err := w.roundTrip(ctx, addr, req)
		if err == nil {
			w.mu.Lock()
			w.good = addr
			w.mu.Unlock()
			return res, addr, nil
		}
		var ue *unreachableError
		if !errors.As(err, &ue) || ue.inFlight || ctx.Err() != nil {
			return nil, addr, err
		}
		errs = append(errs, err)
	}
	if len(errs) == 1 {
		return nil, "", errs[0] // "cannot reach any broker" adds nothing to it
	}
	return nil, "", &unreachableError{addr: "any broker", err: errors.Join(errs...)}
}

func (w *wire) bootstrapOrder() []string {
	w.mu.Lock()
	good := w.good
	w.mu.Unlock()
	order := make([]string, 0, len(w.cfg.Brokers))
	if good != "" {
		order = append(order, good)
	}
	for _, a := range w.cfg.Brokers {
		if a != good {
			order = append(order, a)
		}
	}
	return order
}

// exchange runs one request on pc. reusable is false when ctx fired while
// the request was in flight: the connection's deadline was then moved to
// the past and the connection must not be reused.
func exchange(ctx context.Context, pc *protocol.Conn, req protocol.Message) (res protocol.Message, reusable bool, err error) {
	if d, ok := ctx.Deadline(); ok {
		_ = pc.SetDeadline(d)
	}
	stop := context.AfterFunc(ctx, func() { _ = pc.SetDeadline(pastDeadline) })
	res, err = pc.RoundTrip(req)
	if !stop() {
		return res, false, err
	}
	_ = pc.SetDeadline(time.Time{})
	return res, true, err
}

// get returns an idle connection to addr or dials a new one; fresh says
// it was just dialled.
func (w *wire) get(ctx context.Context, addr string) (pc *protocol.Conn, fresh bool, err error) {
	if err := ctx.Err(); err != nil {
		return nil, false, err
	}
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return nil, false, errClosed
	}
	if conns := w.idle[addr]; len(conns) > 0 {
		pc := conns[len(conns)-1]
		w.idle[addr] = conns[:len(conns)-1]
		w.mu.Unlock()
		return pc, false, nil
	}
	w.mu.Unlock()
	pc, err = w.dedicated(ctx, addr)
	return pc, true, err
}

// dedicated returns a new connection to addr, registered for close. The
// pool uses it when no idle connection is left; long polls (tail fetches)
// use it directly and discard the connection when done, rather than hold a
// pooled one for their whole life.
func (w *wire) dedicated(ctx context.Context, addr string) (*protocol.Conn, error) {
	pc, err := w.dial(ctx, addr)
	if err != nil {
		return nil, err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		pc.Close()
		return nil, errClosed
	}
	w.open[pc] = struct{}{}
	return pc, nil
}

func (w *wire) put(addr string, pc *protocol.Conn) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed || len(w.idle[addr]) >= maxIdlePerBroker {
		delete(w.open, pc)
		pc.Close()
		return
	}
	w.idle[addr] = append(w.idle[addr], pc)
}

func (w *wire) discard(pc *protocol.Conn) {
	w.mu.Lock()
	delete(w.open, pc)
	w.mu.Unlock()
	pc.Close()
}

func (w *wire) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.closed = true
	for pc := range w.open {
		pc.Close()
	}
	w.open = map[*protocol.Conn]struct{}{}
	w.idle = map[string][]*protocol.Conn{}
}

// dial connects to addr, runs the TLS handshake when TLS is on, negotiates
// API versions and authenticates with SASL when it is on, all within the
// dial timeout: a dead or silent address fails in DialTimeout, never
// hangs. Pooled and dedicated (tail) connections both come from here, so
// TLS and SASL apply to every connection.
func (w *wire) dial(ctx context.Context, addr string) (*protocol.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, w.cfg.DialTimeout)
	defer cancel()
	dial := w.cfg.Dial
	if dial == nil {
		dial = (&net.Dialer{}).DialContext
	}
	nc, err := dial(ctx, "tcp", addr)
	if err != nil {
		return nil, &unreachableError{addr: addr, err: contextCause(ctx, err)}
	}
	if w.cfg.TLS != nil {
		if nc, err = tlsClient(ctx, nc, addr, w.cfg.TLS); err != nil {
			return nil, err
		}
	}
	pc := protocol.NewConn(nc, w.cfg.ClientID)
	res, _, err := exchange(ctx, pc, guard(new(apiversions.Request), w.cfg.ClientID))
	if err != nil {
		pc.Close()
		if w.cfg.TLS != nil {
			if aerr := afterHandshakeError(addr, err); aerr != nil {
				return nil, aerr
			}
		}
		switch {
		case errors.Is(ctx.Err(), context.Canceled):
			// The caller gave up; contextCause below says so.
		case isTimeout(err) || ctx.Err() != nil:
			// The port took the connection but nothing answered: a
			// silent or overloaded listener, not one that hung up.
			return nil, &unreachableError{addr: addr, err: fmt.Errorf("connected, but no answer to the first request within %s: %w", w.cfg.DialTimeout, err)}
		case w.cfg.TLS == nil && isConnDropped(err):
			// A TLS listener drops a plaintext hello without a word.
			err = fmt.Errorf("%w (the broker closed the connection at the first request; does it expect TLS?)", err)
		}
		return nil, &unreachableError{addr: addr, err: contextCause(ctx, err)}
	}
	av := res.(*apiversions.Response)
	if av.ErrorCode != 0 {
		pc.Close()
		return nil, fmt.Errorf("negotiate API versions with %s: %w", addr, kafkaError(av.ErrorCode, ""))
	}
	apis := w.learnAPIs(addr, av)
	pc.SetVersions(apis.negotiated())
	if w.sasl != nil {
		// Before Kafka 1.0 SASL ran on raw tokens, which kscope does not speak.
		if err := apis.check(protocol.SaslAuthenticate); err != nil {
			pc.Close()
			return nil, fmt.Errorf("SASL authentication with %s: %w", addr, err)
		}
		if err := authenticate(ctx, pc, addr, w.cfg.ClientID, w.sasl); err != nil {
			pc.Close()
			return nil, err
		}
	}
	return pc, nil
}

// contextCause prefers the context's error over the i/o error it caused,
// so a timeout reads as one rather than as "use of closed connection".
func contextCause(ctx context.Context, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		return fmt.Errorf("%w (%v)", ctxErr, err)
	}
	return err
}

// requestError classifies an error of an established connection: a
// timeout or a dropped connection means the broker stopped answering
// (unreachable); a cancelled context is the caller's choice.
func requestError(ctx context.Context, addr string, err error) error {
	if errors.Is(ctx.Err(), context.Canceled) {
		return ctx.Err()
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) || isConnDropped(err) {
		return &unreachableError{addr: addr, err: contextCause(ctx, err), inFlight: true}
	}
	return err
}

// protoMessage is any request or response of kafka-go's protocol package.
type protoMessage = protocol.Message
