package kafkaops

import (
	"context"
	"errors"
	"fmt"
)

// ErrAuthNeeded marks a broker that hung up on a connection without a
// SASL login: it answered the version handshake (which Kafka allows before
// authentication) and then closed the connection at the first real
// request, as a SASL listener does. errors.Is(err, ErrAuthNeeded) holds
// for such an error, and IsAuthFailed too: retrying will not help.
var ErrAuthNeeded = errors.New("authentication needed")

// firstRequestError classifies the failure of the first request on a
// freshly dialled connection: without a SASL login, a dropped connection
// there means the broker requires one, not that it is unreachable.
func (w *wire) firstRequestError(ctx context.Context, addr string, err error) error {
	if w.sasl != nil || ctx.Err() != nil || !isConnDropped(err) {
		return requestError(ctx, addr, err)
	}
	return &authError{what: "connection", addr: addr, err: fmt.Errorf(
		"%w: the broker closed the connection at the first request after the version handshake, as a broker that requires SASL does; give the context a sasl login (mechanism, username, password) (%v)",
		ErrAuthNeeded, err)}
}
