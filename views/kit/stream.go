package kit

import (
	"context"

	tea "charm.land/bubbletea/v2"
)

// StreamMsg carries the events of a stream (a scan, a copy, an import)
// that arrived since the last delivery; Closed says the stream ended
// after them. ID tells the stream, so a replaced or cancelled one's
// events are dropped.
type StreamMsg[T any] struct {
	ID     uint64
	Events []T
	Closed bool
}

// WaitStream returns the command that waits for the next event on ch,
// then takes whatever else is already queued without waiting, up to max
// events, so a flood still redraws now and then. It returns nothing once
// ctx is cancelled. A screen re-arms it after every delivery.
func WaitStream[T any](ctx context.Context, id uint64, ch <-chan T, max int) tea.Cmd {
	return func() tea.Msg {
		msg := StreamMsg[T]{ID: id}
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-ch:
			if !ok {
				msg.Closed = true
				return msg
			}
			msg.Events = append(msg.Events, ev)
		}
		for len(msg.Events) < max {
			select {
			case ev, ok := <-ch:
				if !ok {
					msg.Closed = true
					return msg
				}
				msg.Events = append(msg.Events, ev)
			default:
				return msg
			}
		}
		return msg
	}
}
