package produce

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"kscope/kafkaops"
	"kscope/views/kit"
)

// maxSends is how many sends the session list keeps.
const maxSends = 100

// sentEntry is one line of the session's sends.
type sentEntry struct {
	at      time.Time
	topic   string
	count   int
	offsets map[int][2]int64 // partition → first and last offset
	key     string
	value   string
	null    bool // a tombstone: the record had no value
	err     string
}

// sendHistory is the session's sends, newest first.
type sendHistory struct {
	sends []sentEntry
}

// landed records where the records of a chunk landed.
func (e *sentEntry) landed(results []kafkaops.ProduceResult) {
	for _, r := range results {
		e.count++
		o, ok := e.offsets[r.Partition]
		if !ok {
			o = [2]int64{r.Offset, r.Offset}
		}
		o[0], o[1] = min(o[0], r.Offset), max(o[1], r.Offset)
		e.offsets[r.Partition] = o
	}
}

// add puts e first, keeping the newest maxSends.
func (h *sendHistory) add(e sentEntry) {
	h.sends = append([]sentEntry{e}, h.sends...)
	if len(h.sends) > maxSends {
		h.sends = h.sends[:maxSends]
	}
}

// offsetsText says where records landed: "[0] @ 10–59 · [1] @ 3–52".
func offsetsText(offs map[int][2]int64) string {
	parts := make([]int, 0, len(offs))
	for k := range offs {
		parts = append(parts, k)
	}
	sort.Ints(parts)
	out := make([]string, len(parts))
	for i, k := range parts {
		o := offs[k]
		if o[0] == o[1] {
			out[i] = fmt.Sprintf("[%d] @ %d", k, o[0])
		} else {
			out[i] = fmt.Sprintf("[%d] @ %d–%d", k, o[0], o[1])
		}
	}
	return strings.Join(out, " · ")
}

// sendLine renders one entry of the session's sends.
func (p *Produce) sendLine(e sentEntry, w int) string {
	st := p.st
	where := offsetsText(e.offsets)
	if e.count > 1 {
		where = "×" + kit.FormatCount(int64(e.count)) + "  " + where
	}
	s := "  " + e.at.Format("15:04:05") + "  " + kit.Sanitize(e.topic) + " " + where
	if e.key != "" {
		s += "  key " + kit.Sanitize(e.key)
	}
	if e.null {
		s += "  null (tombstone)"
	} else {
		s += "  " + kit.Sanitize(strings.Join(strings.Fields(e.value), " "))
	}
	if e.err != "" {
		return st.Error.Render(kit.Truncate(s+"  ✗ "+e.err, w))
	}
	return kit.Truncate(s, w)
}
