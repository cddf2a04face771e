package kit

import (
	"context"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
)

// DefaultRefresh is how often an auto-refreshing screen reloads until the
// root sets its refresh (see Refresher).
const DefaultRefresh = 10 * time.Second

// LoadTimeout bounds every call a screen makes to the service.
const LoadTimeout = 15 * time.Second

var reqSeq atomic.Uint64

// NextID returns a new id, unique in the process: for requests, timers and
// screens' addresses.
func NextID() uint64 { return reqSeq.Add(1) }

// Asker gives a screen an address, so that the answers to its requests,
// its timers and its streams reach it and no other screen. Screens embed
// it (a Poller holds one); the zero value gets its address on first use.
type Asker struct{ addr uint64 }

// Address returns the screen's address.
func (a *Asker) Address() uint64 {
	if a.addr == 0 {
		a.addr = NextID()
	}
	return a.addr
}

// Send returns cmd with its message addressed to the screen; nil stays
// nil.
func (a *Asker) Send(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	to := a.Address()
	return func() tea.Msg { return AddressedMsg{To: to, Msg: cmd()} }
}

// Addressable is a screen that receives addressed messages.
type Addressable interface {
	Address() uint64
}

// AddressedMsg carries Msg to the screen whose Address is To. The root
// delivers it to that screen only, and drops it when the screen has gone.
type AddressedMsg struct {
	To  uint64
	Msg tea.Msg
}

// Ask starts a request: it returns the request's id and a command that
// runs call off the UI goroutine with LoadTimeout, then answers the asking
// screen with wrap(id, value, err). A screen keeps the id to drop stale
// answers. call must only use what it captured, never the screen.
func Ask[T any](a *Asker, call func(ctx context.Context) (T, error), wrap func(id uint64, v T, err error) tea.Msg) (uint64, tea.Cmd) {
	return AskWithin(a, LoadTimeout, call, wrap)
}
