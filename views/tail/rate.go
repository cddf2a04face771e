package tail

import (
	"strconv"
	"time"

	tea "charm.land/bubbletea/v2"

	"kscope/views/kit"
)

// tailTickMsg updates the rate once a second.
type tailTickMsg struct{ id uint64 }

// rateMeter turns the count of records received into records a second,
// once a second.
type rateMeter struct {
	tickID       uint64
	perSecond    float64
	lastReceived uint64
	lastTick     time.Time
}

// tick returns the command for the next tick; a tick of an older timer
// is dropped.
func (m *rateMeter) tick() tea.Cmd {
	m.tickID = kit.NextID()
	id := m.tickID
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return tailTickMsg{id: id} })
}

// running reports whether the ticker runs.
func (m *rateMeter) running() bool { return m.tickID != 0 }

// restart measures from now and received: the first tick after a start
// then counts what arrived since the start (a burst right after it
// included) rather than only setting the baseline.
func (m *rateMeter) restart(now time.Time, received uint64) {
	m.lastTick, m.lastReceived, m.perSecond = now, received, 0
}

// update turns the records received since the last tick into a rate;
// received counts every record so far, now is the tick's time.
func (m *rateMeter) update(now time.Time, received uint64) {
	if !m.lastTick.IsZero() {
		if dt := now.Sub(m.lastTick).Seconds(); dt > 0 {
			m.perSecond = float64(received-m.lastReceived) / dt
		}
	}
	m.lastTick, m.lastReceived = now, received
}

// formatRate renders records a second.
func formatRate(r float64) string {
	switch {
	case r >= 10_000:
		return kit.FormatCount(int64(r+0.5)) + "/s"
	case r >= 10 || r == 0:
		return strconv.FormatFloat(r, 'f', 0, 64) + "/s"
	}
	return strconv.FormatFloat(r, 'f', 1, 64) + "/s"
}
