package produce

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/views/kit"
)

// encodings is the form's schema side: the registry, its subjects (which
// the schema fields complete) and the encoder of the key and the value.
// With no registry the schema fields are not shown and records go as
// typed.
type encodings struct {
	reg        kafkaops.SchemaRegistry
	subjectsID uint64
	subjects   []string // sorted; nil until loaded
	key, value encoding
}

// encoding is one schema field's state: the spec the encoder was fetched
// for, and the encoder or why there is none.
type encoding struct {
	id      uint64
	spec    string // "subject" or "subject@version" as last fetched
	enc     kafkaops.RecordEncoder
	err     error
	loading bool
}

// produceSubjectsMsg brings the registry's subjects.
type produceSubjectsMsg struct {
	reqID    uint64
	subjects []string
}

// produceEncoderMsg brings the encoder a schema field names.
type produceEncoderMsg struct {
	reqID uint64
	field int
	enc   kafkaops.RecordEncoder
	err   error
}

// WithRegistry gives the produce form s a Schema Registry: the form then
// offers to encode the key and the value with a subject's schema. nil
// leaves the form as it is.
func WithRegistry(s kit.Screen, reg kafkaops.SchemaRegistry) kit.Screen {
	if p, ok := s.(*Produce); ok && reg != nil {
		p.enc.reg = reg
	}
	return s
}

// hasRegistry reports whether the schema fields are shown.
func (p *Produce) hasRegistry() bool { return p.enc.reg != nil }

// shown reports whether field f is part of the form: the schema fields
// only with a registry.
func (p *Produce) shown(f int) bool {
	return p.hasRegistry() || (f != prodKeySchema && f != prodValueSchema)
}

// loadSubjects asks the registry for its subjects.
func (p *Produce) loadSubjects() tea.Cmd {
	if !p.hasRegistry() {
		return nil
	}
	reg := p.enc.reg
	var cmd tea.Cmd
	p.enc.subjectsID, cmd = kit.Ask(&p.Asker, reg.Subjects, func(id uint64, subs []string, err error) tea.Msg {
		return produceSubjectsMsg{reqID: id, subjects: subs}
	})
	return cmd
}

// encodingMsg takes the registry's answers; ok says msg was one.
func (p *Produce) encodingMsg(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case produceSubjectsMsg:
		if msg.reqID == p.enc.subjectsID {
			p.enc.subjects = msg.subjects
		}
		return nil, true
	case produceEncoderMsg:
		e := p.encodingOf(msg.field)
		if msg.reqID == e.id {
			e.loading, e.enc, e.err = false, msg.enc, msg.err
		}
		return nil, true
	}
	return nil, false
}

// encodingOf is the state of a schema field.
func (p *Produce) encodingOf(field int) *encoding {
	if field == prodKeySchema {
		return &p.enc.key
	}
	return &p.enc.value
}

// parseSpec reads a schema field: "subject", "subject@3" or
// "subject@latest" (version 0), then optionally "#Message" for the
// Protobuf message to encode; "" is raw.
func parseSpec(s string) (subject string, version int, message string, err error) {
	s, message, _ = strings.Cut(strings.TrimSpace(s), "#")
	subject, v, ok := strings.Cut(s, "@")
	if !ok || v == "" || v == "latest" {
		return subject, 0, message, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return subject, 0, message, fmt.Errorf("after @ comes a version number or latest, not %q", v)
	}
	return subject, n, message, nil
}

// fetchEncoder fetches the encoder a schema field names, unless it is
// the one already fetched (or being fetched).
func (p *Produce) fetchEncoder(field int) tea.Cmd {
	e := p.encodingOf(field)
	spec := strings.TrimSpace(p.form.line(field).Value())
	if !p.hasRegistry() || spec == e.spec {
		return nil
	}
	e.spec, e.enc, e.err, e.loading = spec, nil, nil, false
	subject, version, message, err := parseSpec(spec)
	if spec == "" || err != nil {
		e.err = err
		return nil
	}
	reg := p.enc.reg
	e.loading = true
	var cmd tea.Cmd
	e.id, cmd = kit.Ask(&p.Asker, func(ctx context.Context) (kafkaops.RecordEncoder, error) {
		return reg.RecordEncoder(ctx, subject, version, message)
	}, func(id uint64, enc kafkaops.RecordEncoder, err error) tea.Msg {
		return produceEncoderMsg{reqID: id, field: field, enc: enc, err: err}
	})
	return cmd
}

// schemaCompletion is the subject the focused schema field completes to:
// the first subject the typed text is a strict prefix of; for an empty
// field, the topic's own subject (<topic>-key or <topic>-value) when the
// registry has it.
func (p *Produce) schemaCompletion() string {
	f := p.form.focus
	if (f != prodKeySchema && f != prodValueSchema) || strings.ContainsAny(p.form.line(f).Value(), "@#") {
		return ""
	}
	v := p.form.line(f).Value()
	if v == "" {
		own := p.form.topic.Value() + "-value"
		if f == prodKeySchema {
			own = p.form.topic.Value() + "-key"
		}
		if slices.Contains(p.enc.subjects, own) {
			return own
		}
		return ""
	}
	if slices.Contains(p.enc.subjects, v) {
		return ""
	}
	for _, s := range p.enc.subjects {
		if strings.HasPrefix(s, v) {
			return s
		}
	}
	return ""
}

// schemaNote says what a schema field encodes with.
func (p *Produce) schemaNote(field int) kit.Note {
	e := p.encodingOf(field)
	spec := strings.TrimSpace(p.form.line(field).Value())
	what := "value"
	if field == prodKeySchema {
		what = "key"
	}
	switch {
	case spec == "" && p.form.focus == field && p.schemaCompletion() != "":
		return kit.HintNote("empty: sent as typed · tab takes this subject")
	case spec == "":
		return kit.HintNote("raw: as typed · or subject[@version]")
	case spec != e.spec:
		if _, _, _, err := parseSpec(spec); err != nil {
			return kit.ErrNote(err.Error())
		}
		if c := p.schemaCompletion(); c != "" && p.form.focus == field {
			return kit.HintNote("tab completes " + kit.Sanitize(c))
		}
		return kit.HintNote("the schema is fetched when you leave the field")
	case e.loading:
		return kit.HintNote("fetching the schema…")
	case e.err != nil:
		return kit.ErrNote(kafkaops.Describe(e.err))
	case e.enc != nil:
		v := e.enc.Schema()
		return kit.OkNote(fmt.Sprintf("v%d · id %d · %s: type the %s as JSON", v.Version, v.ID, v.Type, what))
	}
	return kit.Note{}
}

// encoder is a schema field's encoder when the field names one; pending
// says the field names a schema not (yet) there, so nothing may be sent.
func (p *Produce) encoder(field int) (enc kafkaops.RecordEncoder, pending bool) {
	if !p.hasRegistry() {
		return nil, false
	}
	e := p.encodingOf(field)
	spec := strings.TrimSpace(p.form.line(field).Value())
	if spec == "" {
		return nil, false
	}
	if spec != e.spec || e.enc == nil {
		return nil, true
	}
	return e.enc, false
}

// encodedNote checks a key or value against its schema: ok says the field
// is schema-encoded (and the note is its check).
func (p *Produce) encodedNote(field int, text string) (kit.Note, bool) {
	enc, pending := p.encoder(field)
	if pending {
		// Not an error yet: the schema is fetched on leaving its field,
		// and a send waits for it (encodeRequests).
		return kit.HintNote("encoded once the schema is fetched"), true
	}
	if enc == nil {
		return kit.Note{}, false
	}
	if strings.TrimSpace(text) == "" {
		return kit.HintNote("type the record as JSON (" + schemaLabel(enc) + ")"), true
	}
	doc := strings.ReplaceAll(text, counterMark, "0")
	if line, col, msg, bad := jsonError(doc); bad {
		return kit.ErrNote(fmt.Sprintf("JSON, line %d, column %d: %s", line, col, msg)), true
	}
	b, err := enc.Encode([]byte(doc))
	if err != nil {
		return kit.ErrNote("schema: " + kit.SanitizeLine(err.Error())), true
	}
	return kit.OkNote(fmt.Sprintf("valid for %s · %s encoded", schemaLabel(enc), kit.HumanBytes(strconv.Itoa(len(b))))), true
}

// schemaLabel names an encoder's schema: "orders-value v2".
func schemaLabel(enc kafkaops.RecordEncoder) string {
	v := enc.Schema()
	return fmt.Sprintf("%s v%d", kit.Sanitize(v.Subject), v.Version)
}

// encodeRequests encodes the keys and values of rs with their schemas,
// in place; it returns the field in error and why (-1 when none).
func (p *Produce) encodeRequests(rs []kafkaops.ProduceRequest) (int, string) {
	for _, f := range []int{prodKeySchema, prodValueSchema} {
		enc, pending := p.encoder(f)
		if pending {
			return f, "the schema is not there yet: " + p.schemaNote(f).Text
		}
		if enc == nil {
			continue
		}
		for i := range rs {
			data := &rs[i].Value
			if f == prodKeySchema {
				data = &rs[i].Key
			}
			if *data == nil {
				continue // no key, or a tombstone
			}
			b, err := enc.Encode(*data)
			if err != nil && f == prodKeySchema {
				return prodKey, "key schema: " + kit.SanitizeLine(err.Error())
			}
			if err != nil {
				return prodValue, "schema: " + kit.SanitizeLine(err.Error())
			}
			*data = b
		}
	}
	return -1, ""
}

// valueLabel is the value editor's label when the value is encoded.
func (p *Produce) valueLabel() string {
	enc, _ := p.encoder(prodValueSchema)
	if enc == nil || p.form.null {
		return ""
	}
	switch enc.Schema().Type {
	case kafkaops.SchemaProtobuf:
		return "Value (Protobuf)"
	case kafkaops.SchemaJSONSchema:
		return "Value (JSON Schema)"
	}
	return "Value (Avro)"
}

// schemaRows draws the schema fields into body, when there is a
// registry: the input wider than the form's others (subjects are long
// names), and its note under it unless the field is empty and left.
func (p *Produce) schemaRows(body *kit.FormLines, w int) {
	if !p.hasRegistry() {
		return
	}
	st := p.st
	iw := min(max(w-kit.LabelWidth-2, 10), 48)
	indent := strings.Repeat(" ", kit.LabelWidth)
	for _, f := range []int{prodKeySchema, prodValueSchema} {
		focused := p.form.focus == f && !p.discard.Asking && !p.progress.active
		ghost, placeholder := "", "raw"
		if c := p.schemaCompletion(); c != "" && focused {
			// An empty input shows its placeholder, not a ghost.
			ghost, placeholder = kit.Sanitize(c[len(p.form.line(f).Value()):]), kit.Sanitize(c)
		}
		label := "Value schema"
		if f == prodKeySchema {
			label = "Key schema"
		}
		in := kit.InputView(p.form.line(f), st, focused, placeholder, ghost, iw)
		ls := []string{kit.Truncate(kit.FieldLabel(st, label, p.form.focus == f)+in, w)}
		if p.form.line(f).Value() != "" || focused {
			ls = append(ls, indent+p.schemaNote(f).Render(st, w-kit.LabelWidth))
		}
		body.Field(p.form.focus == f, ls...)
	}
}
