package produce

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"kscope/views/kit"
)

// produceForm is the form's fields and where the focus is.
type produceForm struct {
	topic, partition, key, repeat kit.LineInput
	keySchema, valueSchema        kit.LineInput // subject[@version], "" for raw
	value, headers                kit.TextArea
	text                          bool // the value is text, not JSON
	null                          bool // send no value at all: a tombstone
	focus                         int
	top                           int    // the first form line shown when the form scrolls
	lastSent                      string // the form as last sent, so esc asks only about unsent edits
}

// line returns a one-line field.
func (f *produceForm) line(i int) *kit.LineInput {
	switch i {
	case prodTopic:
		return &f.topic
	case prodPartition:
		return &f.partition
	case prodKey:
		return &f.key
	case prodKeySchema:
		return &f.keySchema
	case prodValueSchema:
		return &f.valueSchema
	}
	return &f.repeat
}

// snapshot is the form's content as one string, to tell unsent edits.
func (f *produceForm) snapshot() string {
	return strings.Join([]string{f.topic.Value(), f.partition.Value(), f.key.Value(),
		f.value.Value(), f.headers.Value(), f.repeat.Value(), f.keySchema.Value(), f.valueSchema.Value(), strconv.FormatBool(f.text), strconv.FormatBool(f.null)}, "\x00")
}

// hasContent reports whether anything beyond the topic was typed.
func (f *produceForm) hasContent() bool {
	return f.key.Value() != "" || f.value.Value() != "" || f.headers.Value() != "" || f.null ||
		f.partition.Value() != "" || f.repeat.Value() != ""
}

// toggleNull switches between a null value (a tombstone) and a typed
// one. A null value needs the value editor empty, so nothing typed is
// ever dropped silently.
func (f *produceForm) toggleNull() tea.Cmd {
	if !f.null && f.value.Value() != "" {
		return kit.Status("a null value needs an empty value: clear the value first (ctrl+n then sends a tombstone)", false)
	}
	f.null = !f.null
	if f.null {
		return kit.Status("value: null (a tombstone) · type a value or ctrl+n again to send one", false)
	}
	return kit.Status("value: as typed", false)
}

// prettyPrint indents the JSON value; a {{i}} counter survives it.
func (f *produceForm) prettyPrint() tea.Cmd {
	if f.text || f.null {
		return kit.Status("pretty-print works on a JSON value: ctrl+t switches the value to JSON", false)
	}
	v := f.value.Value()
	// The counter is not JSON: stand a number in for it while indenting.
	const stand = "918273645546372819"
	src := strings.ReplaceAll(v, counterMark, stand)
	if line, col, msg, bad := jsonError(src); bad {
		return kit.Status(fmt.Sprintf("cannot pretty-print: JSON, line %d, column %d: %s", line, col, msg), true)
	}
	var b bytes.Buffer
	if err := json.Indent(&b, []byte(strings.TrimSpace(src)), "", "  "); err != nil {
		return kit.Status("cannot pretty-print: "+err.Error(), true)
	}
	f.value.SetValue(strings.ReplaceAll(b.String(), stand, counterMark))
	return nil
}
