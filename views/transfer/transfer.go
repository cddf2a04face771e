// Package transfer holds the screens that move records in bulk: the
// copy of a search's matches to another topic (RouteCopy) and the import
// of a JSON-lines file in the export's shape (RouteImport). Each shows
// what it will do first, then runs with progress and stops on esc.
package transfer

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// phase is where a transfer screen is.
type phase int

const (
	phasePlan phase = iota // showing what will happen, options editable
	phaseRunning
	phaseDone
	phaseCancelled
	phaseFailed
)

// options are what a copy or an import keeps of each record besides its
// key, value and headers.
type options struct {
	keepParts, keepStamps bool
}

// toggle flips option i: 0 is keep partitions, 1 keep timestamps.
func (o *options) toggle(i int) {
	if i == 0 {
		o.keepParts = !o.keepParts
	} else {
		o.keepStamps = !o.keepStamps
	}
}

// yesNo renders an option's value.
func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// optionLine draws one option: its mark, name, value and what it means;
// when they do not fit in w cells, what it means goes on a second line.
func optionLine(st *theme.Styles, focused bool, name string, on bool, what string, w int) string {
	box := "[ ] "
	if on {
		box = "[x] "
	}
	label := kit.FieldLabel(st, name, focused)
	line := label + box + yesNo(on) + st.Subtle.Render("  "+what)
	if lipgloss.Width(line) <= w {
		return line
	}
	// The note under the box rather than cut.
	pad := strings.Repeat(" ", lipgloss.Width(label))
	return kit.Truncate(label+box+yesNo(on), w) + "\n" + st.Subtle.Render(kit.Truncate(pad+what, w))
}

// streamMaxEvents bounds one delivery, so a fast stream still redraws.
const streamMaxEvents = 64

// stream is a running transfer: its id (a new one per start, so a
// cancelled stream's events are dropped), cancel and start time.
type stream struct {
	id     uint64
	ctx    context.Context
	cancel context.CancelFunc
	began  time.Time
}

// begin cancels the running stream, if any, and starts a new one.
func (s *stream) begin(now time.Time) {
	s.stop()
	s.id = kit.NextID()
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.began = now
}

// stop cancels the stream.
func (s *stream) stop() {
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
	}
}

// halt stops the stream and returns how long it ran.
func (s *stream) halt(now time.Time) time.Duration {
	s.stop()
	return now.Sub(s.began)
}

// rate formats n records over the time since began.
func rate(n int64, since time.Duration) string {
	if since <= 0 {
		return "0 rec/s"
	}
	return kit.FormatCount(int64(float64(n)/since.Seconds())) + " rec/s"
}

// partitionList writes partition numbers compactly: "0–3, 5".
func partitionList(ps []int) string {
	var parts []string
	for i := 0; i < len(ps); {
		j := i
		for j+1 < len(ps) && ps[j+1] == ps[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d–%d", ps[i], ps[j]))
		} else {
			parts = append(parts, fmt.Sprint(ps[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// topicsOf indexes a topic listing by name.
func topicsOf(ts []kafkaops.Topic) map[string]kafkaops.Topic {
	m := make(map[string]kafkaops.Topic, len(ts))
	for _, t := range ts {
		m[t.Name] = t
	}
	return m
}
