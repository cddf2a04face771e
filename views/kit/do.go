package kit

import (
	"context"

	tea "charm.land/bubbletea/v2"
)

// Do starts a request whose call answers only with an error (a create, a
// delete): as Ask, with wrap(id, err) making the answer.
func Do(a *Asker, call func(ctx context.Context) error, wrap func(id uint64, err error) tea.Msg) (uint64, tea.Cmd) {
	return Ask(a, func(ctx context.Context) (struct{}, error) { return struct{}{}, call(ctx) },
		func(id uint64, _ struct{}, err error) tea.Msg { return wrap(id, err) })
}
