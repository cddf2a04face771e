package kit

import "strings"

// sparkBars are the eight block heights a sparkline draws with.
var sparkBars = []rune("▁▂▃▄▅▆▇█")

// Sparkline draws the last width samples as block characters, scaled
// from the smallest sample shown (▁) to the largest (█), so that a small
// rise on a large lag still shows; a falling line means a consumer
// catching up. Any sample above zero draws at least ▂, so only a lag of 0
// reads as caught up, and a flat line draws █ (▁ when it is 0). Negative
// samples (no figure) draw as a space. Fewer samples than width give a
// shorter line.
func Sparkline(samples []int64, width int) string {
	if width <= 0 || len(samples) == 0 {
		return ""
	}
	if len(samples) > width {
		samples = samples[len(samples)-width:]
	}
	lo, hi := int64(-1), int64(0)
	for _, s := range samples {
		if s >= 0 && (lo < 0 || s < lo) {
			lo = s
		}
		hi = max(hi, s)
	}
	var b strings.Builder
	for _, s := range samples {
		switch {
		case s < 0:
			b.WriteByte(' ')
		case hi == 0:
			b.WriteRune(sparkBars[0])
		case hi == lo:
			b.WriteRune(sparkBars[len(sparkBars)-1])
		default:
			// Round to the nearest bar.
			i := int(((s-lo)*int64(len(sparkBars)-1) + (hi-lo)/2) / (hi - lo))
			if s > 0 && i == 0 {
				i = 1
			}
			b.WriteRune(sparkBars[i])
		}
	}
	return b.String()
}

// LagHistory keeps the most recent samples of a group's total lag, one
// per refresh, in a bounded slice.
type LagHistory struct {
	Samples []int64
	Limit   int
}

// Add appends a sample, dropping the oldest beyond the limit.
func (h *LagHistory) Add(v int64) {
	h.Samples = append(h.Samples, v)
	if over := len(h.Samples) - h.Limit; over > 0 {
		h.Samples = append(h.Samples[:0], h.Samples[over:]...)
	}
}
