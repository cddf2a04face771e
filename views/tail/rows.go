package tail

import (
	"strconv"
	"time"

	"charm.land/lipgloss/v2"

	"kscope/kafkaops"
	"kscope/views/kit"
)

// rowCells are a record's key and value previews, kept per record
// (by sequence number) so a frame formats only records it has not shown
// before.
type rowCells struct {
	key, value string
}

// rowFormat is how the list's rows are laid out: the column widths the
// records seen so far call for, and the previews of the records shown.
// Update and SetSize fill it (see Tail.layout); View only reads it.
type rowFormat struct {
	cells map[uint64]rowCells
	// keyW is the widest key preview shown so far, offsetW the widest
	// offset and maxPart the highest partition received.
	keyW, offsetW, maxPart int
}

// newRowFormat returns the format before any record.
func newRowFormat() rowFormat { return rowFormat{cells: map[uint64]rowCells{}, offsetW: 6} }

// note widens the partition and offset columns for new records.
func (f *rowFormat) note(recs []kafkaops.Record) {
	for i := range recs {
		if recs[i].Partition > f.maxPart {
			f.maxPart = recs[i].Partition
		}
	}
	if last := recs[len(recs)-1].Offset; last > 0 {
		f.offsetW = max(f.offsetW, len(strconv.FormatInt(last, 10)))
	}
}

// forget drops the previews (a new width, or a cleared buffer).
func (f *rowFormat) forget() { f.cells = map[uint64]rowCells{} }

// prepare formats record seq's previews unless they are kept, and
// widens the key column for them; past limit kept previews, the cache
// starts over.
func (f *rowFormat) prepare(r *kafkaops.Record, seq uint64, limit int) {
	if _, ok := f.cells[seq]; ok {
		return
	}
	if len(f.cells) > limit {
		f.forget()
	}
	c := previewCells(r)
	f.keyW = max(f.keyW, lipgloss.Width(c.key))
	f.cells[seq] = c
}

// cellsFor returns record seq's previews, kept by prepare; a record not
// prepared is formatted now and not kept.
func (f *rowFormat) cellsFor(r *kafkaops.Record, seq uint64) rowCells {
	if c, ok := f.cells[seq]; ok {
		return c
	}
	return previewCells(r)
}

// previewCells formats a record's key and value previews.
func previewCells(r *kafkaops.Record) rowCells {
	var c rowCells
	c.key, _ = kit.Preview(shownKey(r))
	c.value, _ = kit.Preview(shownValue(r))
	if len(r.Headers) > 0 && c.value == "" {
		c.value = "(no value)"
	}
	return c
}

// columns lays the row out for a body w cells wide: the time with the
// date when there is room, the key a sixth of the line.
func (f *rowFormat) columns(w int) []kit.Column {
	stamp := 12
	if w >= 120 {
		stamp = 23
	}
	part := max(len(strconv.Itoa(f.maxPart)), 1)
	// The key column grows to the widest key shown so far, up to a
	// sixth of the line.
	keyW := min(max(f.keyW, 3), max(w/6, 8), 32)
	return []kit.Column{
		{Title: "TIME", Width: stamp},
		{Title: "P", Width: part, Right: true},
		{Title: "OFFSET", Width: f.offsetW, Right: true},
		{Title: "KEY", Width: keyW},
		{Title: "VALUE", Width: 10, Flex: true},
	}
}

// formatStamp renders a record timestamp in local time, with the date
// when wide; noStamp when there is none.
func formatStamp(ts time.Time, loc *time.Location, wide bool) string {
	if !hasStamp(ts) {
		return noStamp
	}
	if wide {
		return ts.In(loc).Format("2006-01-02 15:04:05.000")
	}
	return ts.In(loc).Format("15:04:05.000")
}
