package topics

import (
	"kscope/kafkaops"
	"kscope/views/kit"
)

// The create form's fixed fields; config rows follow them.
const (
	createName = iota
	createParts
	createRF
	createFirstConfig
)

// createForm is the create form's fields and where the focus is: the
// name, the partition count, the replication factor and the config rows.
type createForm struct {
	name, parts, rf kit.LineInput
	cfg             []kit.LineInput // config rows; the last one is always empty
	focus           int
	sugg            int // the selected completion of the focused row
	touched         [createFirstConfig]bool
	top             int // the first body line shown when the form scrolls
}

// input returns the field at index i.
func (f *createForm) input(i int) *kit.LineInput {
	switch i {
	case createName:
		return &f.name
	case createParts:
		return &f.parts
	case createRF:
		return &f.rf
	}
	return &f.cfg[i-createFirstConfig]
}

func (f *createForm) fieldCount() int { return createFirstConfig + len(f.cfg) }

// edited runs after a field's text changed.
func (f *createForm) edited() {
	if f.focus < createFirstConfig {
		f.touched[f.focus] = true
	}
	f.sugg = 0
	f.tidyRows()
}

// move moves the focus by d fields, wrapping around.
func (f *createForm) move(d int) {
	n := f.fieldCount()
	f.focus = (f.focus + d + n) % n
	f.sugg = 0
	f.tidyRows()
}

// tidyRows keeps exactly one empty config row, at the end, and drops
// empty rows the focus left.
func (f *createForm) tidyRows() {
	focusRow := f.focus - createFirstConfig
	var rows []kit.LineInput
	newFocus := f.focus
	for i, r := range f.cfg {
		last := i == len(f.cfg)-1
		if r.Value() == "" && !last && i != focusRow {
			if focusRow > i {
				newFocus--
			}
			continue
		}
		rows = append(rows, r)
	}
	if rows[len(rows)-1].Value() != "" {
		rows = append(rows, kit.LineInput{})
	}
	// Two empty rows at the end (the focused one emptied): keep one.
	for len(rows) > 1 && rows[len(rows)-1].Value() == "" && rows[len(rows)-2].Value() == "" &&
		newFocus-createFirstConfig != len(rows)-1 {
		rows = rows[:len(rows)-1]
	}
	f.cfg = rows
	f.focus = min(newFocus, f.fieldCount()-1)
}

// completions returns the focused config row's completions.
func (f *createForm) completions() []string {
	if f.focus < createFirstConfig {
		return nil
	}
	return kafkaops.TopicConfigCompletions(f.input(f.focus).Value())
}

// complete applies the selected completion and reports whether there was
// one; tab moves on when there is nothing to complete.
func (f *createForm) complete() bool {
	cs := f.completions()
	if len(cs) == 0 {
		return false
	}
	f.input(f.focus).SetValue(cs[min(f.sugg, len(cs)-1)])
	f.edited()
	return true
}

// dirty reports whether anything was typed.
func (f *createForm) dirty() bool {
	if f.name.Value() != "" || f.parts.Value() != "" || f.rf.Value() != "" {
		return true
	}
	for _, r := range f.cfg {
		if r.Value() != "" {
			return true
		}
	}
	return false
}
