package kit

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"
)

// ListingTimeout bounds a screen's call that lists every topic of the
// cluster: as long as kafkaops lets that listing take. At 1,000,000
// topics the broker builds its answer for 10 to 20 seconds, longer than
// LoadTimeout, and the first list failed with "context deadline
// exceeded" while the answer was still on its way.
const ListingTimeout = time.Minute

// AskWithin is Ask with the call bounded by timeout instead of
// LoadTimeout.
func AskWithin[T any](a *Asker, timeout time.Duration, call func(ctx context.Context) (T, error), wrap func(id uint64, v T, err error) tea.Msg) (uint64, tea.Cmd) {
	id := NextID()
	return id, a.Send(func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		v, err := call(ctx)
		return wrap(id, v, err)
	})
}

// LoadWithin is Load with the call bounded by timeout instead of
// LoadTimeout.
func LoadWithin[T any](p *Poller, timeout time.Duration, call func(ctx context.Context) (T, error), wrap func(id uint64, v T, err error) tea.Msg) tea.Cmd {
	id, cmd := AskWithin(&p.Asker, timeout, call, wrap)
	p.ReqID, p.Loading = id, true
	return cmd
}
