package kafkaops

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/segmentio/kafka-go/protocol"
	"github.com/twmb/franz-go/pkg/kmsg"

	"kscope/internal/kwire"
)

// kafka-go's protocol package has no DeleteRecords and no DescribeLogDirs
// request. kscope sends those with franz-go's kmsg encoding over the same
// pooled connections (so TLS and SASL apply): protocol.Conn hands a
// message that implements protocol.RawExchanger the connection itself,
// and kmsgMessage writes and reads the frame with kmsg.

// kmsgMessage carries a kmsg request through protocol.Conn.RoundTrip.
type kmsgMessage struct {
	req kmsg.Request
	fmt *kmsg.RequestFormatter
}

// ApiKey returns the request's key, for protocol.Message.
func (m *kmsgMessage) ApiKey() protocol.ApiKey { return protocol.ApiKey(m.req.Key()) }

// Required is always true: kafka-go cannot encode these requests.
func (m *kmsgMessage) Required(map[protocol.ApiKey]int16) bool { return true }

// RawExchange writes the request and reads its response from rw.
func (m *kmsgMessage) RawExchange(rw io.ReadWriter) (protocol.Message, error) {
	const correlationID = 1 // one request in flight per connection
	if _, err := rw.Write(m.fmt.AppendRequest(nil, m.req, correlationID)); err != nil {
		return nil, err
	}
	var size [4]byte
	if _, err := io.ReadFull(rw, size[:]); err != nil {
		return nil, err
	}
	n, err := frameSize(size, protocol.ApiKey(m.req.Key()))
	if err != nil {
		return nil, err
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(rw, body); err != nil {
		return nil, err
	}
	if id := int32(binary.BigEndian.Uint32(body)); id != correlationID {
		return nil, fmt.Errorf("answer to request %d came for request %d", correlationID, id)
	}
	body = body[4:]
	if m.req.IsFlexible() {
		var err error
		if body, err = kwire.SkipTags(body); err != nil {
			return nil, err
		}
	}
	resp := m.req.ResponseKind()
	resp.SetVersion(m.req.GetVersion())
	if err := resp.ReadFrom(body); err != nil {
		return nil, fmt.Errorf("read %s answer: %w", apiName(protocol.ApiKey(m.req.Key())), err)
	}
	return &kmsgAnswer{resp}, nil
}

// kmsgAnswer carries a kmsg response back through protocol.Conn.
type kmsgAnswer struct{ resp kmsg.Response }

// ApiKey returns the response's key, for protocol.Message.
func (a *kmsgAnswer) ApiKey() protocol.ApiKey { return protocol.ApiKey(a.resp.Key()) }

// roundTripKmsg sends a kmsg request to the broker with the given id at
// the highest version both kmsg and the broker know, and returns its
// answer. A broker without the API answers with a *FeatureError.
func (c *Client) roundTripKmsg(ctx context.Context, id int32, req kmsg.Request) (kmsg.Response, error) {
	addr, err := c.brokerAddr(ctx, id)
	if err != nil {
		return nil, err
	}
	return c.wire.roundTripKmsg(ctx, addr, req, c.cfg.ClientID)
}

func (w *wire) roundTripKmsg(ctx context.Context, addr string, req kmsg.Request, clientID string) (kmsg.Response, error) {
	ctx, cancel := context.WithTimeout(ctx, w.cfg.RequestTimeout)
	defer cancel()
	pc, fresh, err := w.get(ctx, addr)
	if err != nil {
		return nil, err
	}
	apis, _ := w.apisOf(addr) // known once dialled
	key := protocol.ApiKey(req.Key())
	if err := apis.checkRange(key, 0, req.MaxVersion()); err != nil {
		w.put(addr, pc)
		return nil, err
	}
	req.SetVersion(min(req.MaxVersion(), apis.ranges[key].max))
	msg := &kmsgMessage{req: req, fmt: kmsg.NewRequestFormatter(kmsg.FormatterClientID(clientID))}
	res, err := w.send(ctx, addr, pc, fresh, msg)
	if err != nil {
		return nil, err
	}
	return res.(*kmsgAnswer).resp, nil
}
