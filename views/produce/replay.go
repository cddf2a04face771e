package produce

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// replayOrig is the record a replay form was filled from: the text each
// field was filled with and the record's own bytes. A field still
// holding its filled text sends the record's bytes, so a replay of a
// binary key, a value with control characters or a header whose name
// holds '=' sends exactly what the record held.
type replayOrig struct {
	rec                      kafkaops.Record
	keyText, valueText, hdrs string
	// escaped says a field shows its bytes escaped (not as they are).
	keyEscaped, valueEscaped, hdrsEscaped bool
}

// NewReplay returns the produce form filled with rec's key, value and
// headers, to send to rec's topic or another one typed over it. A JSON
// value is checked as JSON, other text is sent as text, a null value as
// a tombstone; bytes a field cannot show as they are are shown escaped
// and sent as the record held them unless the field is edited.
func NewReplay(svc kafkaops.Service, st *theme.Styles, rec kafkaops.Record) kit.Screen {
	p := NewProduce(svc, st, rec.Topic).(*Produce)
	o := &replayOrig{rec: rec}
	o.keyText, o.keyEscaped = fieldText(rec.Key)
	o.valueText, o.valueEscaped = fieldText(rec.Value)
	o.hdrs, o.hdrsEscaped = headersText(rec.Headers)
	p.replay = o
	f := &p.form
	f.key.SetValue(o.keyText)
	f.value.SetValue(o.valueText)
	f.headers.SetValue(o.hdrs)
	f.null = rec.Value == nil
	f.text = !f.null && !(json.Valid(rec.Value) && kit.LooksJSON(rec.Value))
	f.focus = prodValue
	// Nothing is sent yet: esc asks before dropping the filled form.
	f.lastSent = ""
	return p
}

// fieldText is how a replay form shows b: as it is when it is text a
// field can hold, else escaped (escaped true).
func fieldText(b []byte) (string, bool) {
	s := string(b)
	if utf8.Valid(b) && !strings.ContainsFunc(s, func(r rune) bool { return r != '\n' && !unicode.IsPrint(r) && r != ' ' }) {
		return s, false
	}
	return kit.Sanitize(s), true
}

// headersText is a record's headers as the headers field writes them,
// one name=value a line.
func headersText(hs []kafkaops.Header) (string, bool) {
	lines := make([]string, 0, len(hs))
	escaped := false
	for _, h := range hs {
		k, ke := fieldText([]byte(h.Key))
		v, ve := fieldText(h.Value)
		if ke || ve || strings.Contains(h.Key, "=") || strings.Contains(v, "\n") {
			k, v, escaped = kit.Sanitize(h.Key), kit.Sanitize(string(h.Value)), true
		}
		lines = append(lines, k+"="+v)
	}
	return strings.Join(lines, "\n"), escaped
}

// keepOriginal puts the record's own bytes into the requests of a send
// for every field still holding the text it was filled with.
func (p *Produce) keepOriginal(rs []kafkaops.ProduceRequest) {
	o := p.replay
	if o == nil {
		return
	}
	f := &p.form
	key := f.key.Value() == o.keyText
	value := !f.null && f.value.Value() == o.valueText && o.rec.Value != nil
	hdrs := f.headers.Value() == o.hdrs
	for i := range rs {
		if key {
			rs[i].Key = o.rec.Key
		}
		if value {
			rs[i].Value = o.rec.Value
		}
		if hdrs {
			rs[i].Headers = o.rec.Headers
		}
	}
}

// replayLine is the line under the title of a replay form: which record
// it holds, and what is sent as the record's own bytes.
func (p *Produce) replayLine(w int) string {
	o := p.replay
	if o == nil {
		return ""
	}
	s := fmt.Sprintf("replay of %s p%d @ %d", kit.Sanitize(o.rec.Topic), o.rec.Partition, o.rec.Offset)
	var kept []string
	for _, e := range []struct {
		name    string
		escaped bool
	}{{"key", o.keyEscaped}, {"value", o.valueEscaped}, {"headers", o.hdrsEscaped}} {
		if e.escaped {
			kept = append(kept, e.name)
		}
	}
	if len(kept) > 0 {
		s += " · " + strings.Join(kept, ", ") + " shown escaped, sent as is unless edited"
	}
	return p.st.Subtle.Render(kit.Truncate(s, w))
}

// replayStatus says what the form holds when it opens.
func (p *Produce) replayStatus() tea.Cmd {
	if p.replay == nil {
		return nil
	}
	return kit.Status("replay: edit the record, the topic too, then ctrl+s sends it", false)
}
