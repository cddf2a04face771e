package ui

import (
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
)

// runNow runs cmd and feeds its messages back into m, dropping commands
// that do not answer within a few milliseconds (ticks).
func runNow(m *Model, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	select {
	case msg := <-ch:
		switch msg := msg.(type) {
		case nil, tea.QuitMsg:
		case tea.BatchMsg:
			for _, c := range msg {
				runNow(m, c)
			}
		default:
			_, next := m.Update(msg)
			runNow(m, next)
		}
	case <-time.After(20 * time.Millisecond):
	}
}

// BenchmarkAppFilterKeystroke10k measures one filter keystroke through the
// whole app at 10,000 topics and 120x40: the root's Update (routing to the
// topic browser, which refilters) plus the root's View (header, body,
// status and key hints). Issue 3's target is under 16 ms.
func BenchmarkAppFilterKeystroke10k(b *testing.B) {
	svc := newFakeService()
	for i := range 10000 {
		svc.Topics = append(svc.Topics, kafkaops.Topic{
			Name:              fmt.Sprintf("team-%02d.service-%03d.events-%05d", i%37, i%101, i),
			Partitions:        1 + i%24,
			ReplicationFactor: 3,
			Messages:          int64(i) * 1013,
		})
	}
	m := New(Options{Service: svc, Addr: "127.0.0.1:9092", Refresh: time.Hour})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	runNow(m, m.check())
	if title := m.top().Title(); title != "Topics (10000/10000)" {
		b.Fatalf("title %q", title)
	}
	m.Update(keyMsg("/"))
	typed, back := keyMsg("5"), keyMsg("backspace")
	b.ResetTimer()
	for i := range b.N {
		// Alternate narrowing (incremental) and widening (a full pass).
		if i%2 == 0 {
			m.Update(typed)
		} else {
			m.Update(back)
		}
		_ = m.View()
	}
}
