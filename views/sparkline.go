package views

import "strings"

// sparkBars are the eight block heights a sparkline draws with.
var sparkBars = []rune("▁▂▃▄▅▆▇█")

// Sparkline draws the last width samples as block characters, scaled
// from 0 (▁) to the largest sample shown (█), so a falling line means a
// consumer catching up. Negative samples (no figure) draw as a space.
// Fewer samples than width give a shorter line.
func Sparkline(samples []int64, width int) string {
	if width <= 0 || len(samples) == 0 {
		return ""
	}
	if len(samples) > width {
		samples = samples[len(samples)-width:]
	}
	var hi int64
	for _, s := range samples {
		hi = max(hi, s)
	}
	var b strings.Builder
	for _, s := range samples {
		switch {
		case s < 0:
			b.WriteByte(' ')
		case hi == 0:
			b.WriteRune(sparkBars[0])
		default:
			// Round to the nearest bar; any lag above zero shows at least
			// the second bar so it never reads as "caught up".
			i := int((s*int64(len(sparkBars)-1) + hi/2) / hi)
			if s > 0 && i == 0 {
				i = 1
			}
			b.WriteRune(sparkBars[i])
		}
	}
	return b.String()
}

// lagHistory keeps the most recent samples of a group's total lag, one
// per refresh, in a bounded slice.
type lagHistory struct {
	samples []int64
	limit   int
}

// add appends a sample, dropping the oldest beyond the limit.
func (h *lagHistory) add(v int64) {
	h.samples = append(h.samples, v)
	if over := len(h.samples) - h.limit; over > 0 {
		h.samples = append(h.samples[:0], h.samples[over:]...)
	}
}
