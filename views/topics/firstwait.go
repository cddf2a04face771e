package topics

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"kscope/views/kit"
)

// waitTickMsg is the one-second timer that counts the first listing's
// wait on the loading line.
type waitTickMsg struct {
	id uint64
	at time.Time
}

// firstWait is how long the first listing has taken: on a cluster of a
// million topics the broker builds its answer for 10 to 20 seconds, and
// a loading line that does not move looks like a hang.
type firstWait struct {
	reqID  uint64        // the listing counted
	tickID uint64        // the timer counting it; 0: none
	from   time.Time     // when it was asked
	waited time.Duration // as of the last tick
}

// waitingFirst reports whether the first list is on its way.
func (t *Topics) waitingFirst() bool { return !t.FilterList.Loaded && t.Loading }

// armWait starts counting the wait of a listing asked before any list
// came. It arms at most one timer per listing, and none once a list
// came: the idle browser keeps no timer of its own for this.
func (t *Topics) armWait() tea.Cmd {
	if !t.waitingFirst() || t.wait.reqID == t.ReqID {
		return nil
	}
	t.wait = firstWait{reqID: t.ReqID, tickID: kit.NextID(), from: time.Now()}
	return t.waitTick()
}

// waitTick arms the wait's timer for a second from now.
func (t *Topics) waitTick() tea.Cmd {
	id := t.wait.tickID
	return t.Send(tea.Tick(time.Second, func(at time.Time) tea.Msg { return waitTickMsg{id: id, at: at} }))
}

// waitTicked counts a second more of the wait and re-arms the timer
// while the first list is still on its way; a stale timer, or one that
// fires after the list came or failed, stops there.
func (t *Topics) waitTicked(msg waitTickMsg) tea.Cmd {
	if msg.id != t.wait.tickID {
		return nil
	}
	if !t.waitingFirst() || t.wait.reqID != t.ReqID {
		t.wait.tickID = 0
		return nil
	}
	t.wait.waited = msg.at.Sub(t.wait.from)
	return t.waitTick()
}

// loadingText is the loading line: once the first listing took a
// second, how long it has taken, and that quitting does not wait for it.
func (t *Topics) loadingText() string {
	if !t.waitingFirst() || t.wait.waited < time.Second {
		return "Loading topics…"
	}
	quit := "q quits"
	if t.Filtering {
		quit = "ctrl+c quits" // q goes into the filter
	}
	return fmt.Sprintf("Listing every topic… %ds · %s", int(t.wait.waited/time.Second), quit)
}
