package produce

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"kscope/views/kit"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"kscope/kafkaops"
	"kscope/theme"
)

// produceInfoMsg brings what the form checks a record against: the
// topic's partition count and max.message.bytes.
type produceInfoMsg struct {
	reqID      uint64
	topic      string
	partitions int
	maxBytes   int64
	err        error
}

// produceNamesMsg brings the topic names the topic field completes.
type produceNamesMsg struct {
	reqID uint64
	names []string
	err   error // the topic field only completes nothing
}

// producedMsg is the answer to one chunk of a send.
type producedMsg struct {
	reqID   uint64
	results []kafkaops.ProduceResult
	err     error
}

// The produce form's fields, in tab order.
const (
	prodTopic = iota
	prodPartition
	prodKey
	prodValue
	prodHeaders
	prodRepeat
	prodFields
)

// counterMark is replaced by the record's number, 0 to N-1, in the key,
// the value and the header values when a send repeats.
const counterMark = "{{i}}"

// maxRepeat bounds the repeat count.
const maxRepeat = 1_000_000

// batchChunk is how many records of a repeated send go in one command
// (one ProduceBatch: a request per leader); each chunk reports progress.
const batchChunk = 1000

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

// Produce is the produce form: topic, partition, key, a multi-line value
// (JSON checked as it is typed, or text), headers and a repeat count.
// Sending keeps the form filled, for the next record of a series, and
// lists the session's sends under it.
type Produce struct {
	kit.Asker
	svc  kafkaops.Service
	st   *theme.Styles
	keys produceKeys
	now  func() time.Time

	width, height int

	topic, partition, key, repeat kit.LineInput
	value, headers                kit.TextArea
	text                          bool // the value is text, not JSON
	null                          bool // send no value at all: a tombstone
	focus                         int

	namesID uint64
	names   []string // sorted; nil until loaded

	infoID    uint64
	infoTopic string // the topic partitions and maxBytes are about
	parts     int
	maxBytes  int64
	infoErr   error

	sending  bool
	sendID   uint64
	stopping bool
	pending  []kafkaops.ProduceRequest // what is left of the current send
	current  *sentEntry
	total    int
	sends    []sentEntry // newest first
	failure  string
	lastSent string // the form as last sent, so esc asks only about unsent edits
	confirm  bool
	top      int // the first form line shown when the form scrolls
}

var _ kit.Screen = (*Produce)(nil)

// NewProduce returns the produce form for topic ("" lets the user type
// one).
func NewProduce(svc kafkaops.Service, st *theme.Styles, topic string) kit.Screen {
	p := &Produce{svc: svc, st: st, keys: newProduceKeys(), now: time.Now,
		value: kit.NewTextArea(), headers: kit.NewTextArea()}
	p.topic.SetValue(topic)
	if topic != "" {
		p.focus = prodKey
	}
	p.lastSent = p.snapshot()
	p.SetSize(80, 24)
	return p
}

// Init loads the topic names and the topic's partition count and limit.
func (p *Produce) Init() tea.Cmd {
	var names tea.Cmd
	p.namesID, names = kit.Ask(&p.Asker, p.svc.ListTopics, func(id uint64, ts []kafkaops.Topic, err error) tea.Msg {
		out := make([]string, 0, len(ts))
		for _, t := range ts {
			if !t.Internal {
				out = append(out, t.Name)
			}
		}
		sort.Strings(out)
		return produceNamesMsg{reqID: id, names: out, err: err}
	})
	return tea.Batch(names, p.loadInfo())
}

// loadInfo asks for the typed topic's partition count and
// max.message.bytes, unless they are already known.
func (p *Produce) loadInfo() tea.Cmd {
	name := p.topic.Value()
	if name == "" || (name == p.infoTopic && p.infoErr == nil && p.parts > 0) {
		return nil
	}
	svc := p.svc
	var cmd tea.Cmd
	p.infoID, cmd = kit.Ask(&p.Asker, func(ctx context.Context) (kafkaops.TopicLimits, error) { return kafkaops.ProduceLimits(ctx, svc, name) },
		func(id uint64, l kafkaops.TopicLimits, err error) tea.Msg {
			return produceInfoMsg{reqID: id, topic: name, partitions: l.Partitions, maxBytes: l.MaxMessageBytes, err: err}
		})
	return cmd
}

// Update handles keys, pastes and the service's answers.
func (p *Produce) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case produceNamesMsg:
		if msg.reqID == p.namesID && msg.err == nil {
			p.names = msg.names
		}
	case produceInfoMsg:
		if msg.reqID == p.infoID {
			p.infoTopic, p.parts, p.maxBytes, p.infoErr = msg.topic, msg.partitions, msg.maxBytes, msg.err
		}
	case producedMsg:
		return p, p.produced(msg)
	case kit.TopicsChangedMsg:
		if msg.Topic == p.topic.Value() {
			p.infoTopic = ""
			return p, p.loadInfo()
		}
	case tea.PasteMsg:
		if !p.sending && !p.confirm {
			switch p.focus {
			case prodValue:
				p.value.Update(msg)
				p.null = p.null && p.value.Value() == ""
			case prodHeaders:
				p.headers.Update(msg)
			default:
				p.line(p.focus).Update(msg)
			}
		}
	case tea.KeyPressMsg:
		return p, p.keyPress(msg)
	}
	return p, nil
}

// line returns a one-line field.
func (p *Produce) line(i int) *kit.LineInput {
	switch i {
	case prodTopic:
		return &p.topic
	case prodPartition:
		return &p.partition
	case prodKey:
		return &p.key
	}
	return &p.repeat
}

func (p *Produce) keyPress(msg tea.KeyPressMsg) tea.Cmd {
	fk := p.keys.form
	if p.confirm {
		switch {
		case kit.Matches(msg, fk.Discard):
			return kit.Pop()
		case kit.Matches(msg, fk.Keep):
			p.confirm = false
		}
		return nil
	}
	if p.sending {
		if kit.Matches(msg, p.keys.Stop) && !p.stopping {
			p.stopping = true
			return kit.Status("stopping after the records already on their way…", false)
		}
		return nil
	}
	switch {
	case kit.Matches(msg, fk.Cancel):
		if p.snapshot() != p.lastSent && p.hasContent() {
			p.confirm = true
			return nil
		}
		return kit.Pop()
	case kit.Matches(msg, fk.Submit):
		return p.send()
	case kit.Matches(msg, p.keys.Format):
		p.text = !p.text
		if p.text {
			return kit.Status("value format: text (sent as typed)", false)
		}
		return kit.Status("value format: JSON (checked as you type)", false)
	case kit.Matches(msg, p.keys.Pretty):
		return p.prettyPrint()
	case kit.Matches(msg, p.keys.Null):
		return p.toggleNull()
	case kit.Matches(msg, fk.Next):
		if p.focus == prodTopic {
			if c := p.topicCompletion(); c != "" {
				p.topic.SetValue(c)
				return nil
			}
		}
		return p.move(1)
	case kit.Matches(msg, fk.Prev):
		return p.move(-1)
	}
	switch p.focus {
	case prodValue, prodHeaders:
		ta := &p.value
		if p.focus == prodHeaders {
			ta = &p.headers
		}
		// Up on the first line and down on the last leave the editor.
		switch {
		case kit.Matches(msg, p.keys.move.Up) && ta.Row == 0:
			return p.move(-1)
		case kit.Matches(msg, p.keys.move.Down) && ta.Row == len(ta.Lines)-1:
			return p.move(1)
		}
		ta.Update(msg)
		if p.focus == prodValue && p.value.Value() != "" {
			p.null = false // typing a value is the way out of a null one
		}
		return nil
	}
	switch {
	case kit.Matches(msg, p.keys.move.Up):
		return p.move(-1)
	case kit.Matches(msg, p.keys.move.Down):
		return p.move(1)
	case kit.Matches(msg, p.keys.NextField):
		if p.focus == prodFields-1 {
			return p.send()
		}
		return p.move(1)
	}
	p.line(p.focus).Update(msg)
	return nil
}

// move moves the focus by d fields, wrapping around; leaving the topic
// field loads the new topic's partition count.
func (p *Produce) move(d int) tea.Cmd {
	from := p.focus
	p.focus = (p.focus + d + prodFields) % prodFields
	if from == prodTopic {
		return p.loadInfo()
	}
	return nil
}

// toggleNull switches between a null value (a tombstone) and a typed
// one. A null value needs the value editor empty, so nothing typed is
// ever dropped silently.
func (p *Produce) toggleNull() tea.Cmd {
	if !p.null && p.value.Value() != "" {
		return kit.Status("a null value needs an empty value: clear the value first (ctrl+n then sends a tombstone)", false)
	}
	p.null = !p.null
	if p.null {
		return kit.Status("value: null (a tombstone) · type a value or ctrl+n again to send one", false)
	}
	return kit.Status("value: as typed", false)
}

// topicCompletion returns the first topic name the topic field is a
// strict prefix of, "" if none.
func (p *Produce) topicCompletion() string {
	v := p.topic.Value()
	if v == "" || slices.Contains(p.names, v) {
		return ""
	}
	for _, n := range p.names {
		if strings.HasPrefix(n, v) {
			return n
		}
	}
	return ""
}

// snapshot is the form's content as one string, to tell unsent edits.
func (p *Produce) snapshot() string {
	return strings.Join([]string{p.topic.Value(), p.partition.Value(), p.key.Value(),
		p.value.Value(), p.headers.Value(), p.repeat.Value(), strconv.FormatBool(p.text), strconv.FormatBool(p.null)}, "\x00")
}

// hasContent reports whether anything beyond the topic was typed.
func (p *Produce) hasContent() bool {
	return p.key.Value() != "" || p.value.Value() != "" || p.headers.Value() != "" || p.null ||
		p.partition.Value() != "" || p.repeat.Value() != ""
}

// topicNote validates the topic.
func (p *Produce) topicNote() kit.Note {
	name := p.topic.Value()
	switch {
	case name == "":
		return kit.ErrNote("choose a topic to send to")
	case kafkaops.ValidateTopicName(name) != nil:
		return kit.ErrNote(kit.InvalidText(kafkaops.ValidateTopicName(name)))
	case p.names != nil && !slices.Contains(p.names, name):
		if c := p.topicCompletion(); c != "" {
			return kit.HintNote("tab completes " + c)
		}
		return kit.WarnNote("no topic named " + name + ": the broker refuses it unless it creates topics on first use")
	case name == p.infoTopic && p.infoErr != nil && !kafkaops.IsNotFound(p.infoErr):
		return kit.WarnNote("could not read the topic: " + kafkaops.Describe(p.infoErr))
	}
	return kit.Note{}
}

// partitionValue returns the partition to send to (AnyPartition for auto)
// and its note.
func (p *Produce) partitionValue() (int, kit.Note) {
	s := strings.TrimSpace(p.partition.Value())
	known := p.parts > 0 && p.infoTopic == p.topic.Value()
	if s == "" || strings.EqualFold(s, "auto") {
		how := "auto: by the key's hash"
		if p.key.Value() == "" {
			how = "auto: round-robin (no key)"
		}
		if known {
			how += fmt.Sprintf(" · 0–%d", p.parts-1)
		}
		return kafkaops.AnyPartition, kit.HintNote(how)
	}
	n, err := strconv.Atoi(s)
	switch {
	case err != nil:
		return 0, kit.ErrNote(`a partition number, or "auto"`)
	case n < 0:
		return n, kit.ErrNote("partitions are numbered from 0")
	case known && n >= p.parts:
		return n, kit.ErrNote(fmt.Sprintf("%s has %s: 0–%d", kit.Sanitize(p.topic.Value()), kit.PluralCount(int64(p.parts), "partition"), p.parts-1))
	}
	return n, kit.Note{}
}

// repeatValue returns the number of records to send and its note.
func (p *Produce) repeatValue() (int, kit.Note) {
	s := strings.TrimSpace(p.repeat.Value())
	hint := kit.HintNote(counterMark + " in key/value/headers: 0…N-1")
	if s == "" {
		return 1, hint
	}
	n, err := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
	switch {
	case err != nil:
		return 0, kit.ErrNote("the repeat count must be a whole number")
	case n < 1:
		return n, kit.ErrNote("send at least 1 record")
	case n > maxRepeat:
		return n, kit.ErrNote(fmt.Sprintf("at most %s records per send", kit.FormatCount(maxRepeat)))
	}
	return n, hint
}

// valueNote checks the value: JSON syntax with line and column, and its
// size against the topic's max.message.bytes.
func (p *Produce) valueNote() kit.Note {
	v := p.value.Value()
	var n kit.Note
	if p.null {
		if p.key.Value() == "" {
			return kit.WarnNote("null value without a key: a tombstone with no key deletes nothing")
		}
		return kit.OkNote("null value: a tombstone, which deletes the key on a compacted topic · ctrl+n types a value")
	}
	if !p.text {
		if strings.TrimSpace(v) == "" {
			return kit.HintNote("JSON value · ctrl+t sends text · ctrl+n sends null")
		}
		if line, col, msg, bad := jsonError(strings.ReplaceAll(v, counterMark, "0")); bad {
			return kit.ErrNote(fmt.Sprintf("JSON, line %d, column %d: %s", line, col, msg))
		}
		n = kit.OkNote(fmt.Sprintf("valid JSON · %s · ctrl+f pretty-prints", kit.HumanBytes(strconv.Itoa(len(v)))))
	} else {
		n = kit.HintNote(fmt.Sprintf("text · %s · ctrl+t checks it as JSON", kit.HumanBytes(strconv.Itoa(len(v)))))
	}
	if p.maxBytes > 0 && p.infoTopic == p.topic.Value() && int64(len(v)) > p.maxBytes {
		return kit.WarnNote(fmt.Sprintf("%s is over the topic's max.message.bytes (%s): the broker will likely refuse it",
			kit.HumanBytes(strconv.Itoa(len(v))), kit.HumanBytes(strconv.FormatInt(p.maxBytes, 10))))
	}
	return n
}

// jsonError reports where s stops being JSON: 1-based line and column
// (in characters) and the parser's message.
func jsonError(s string) (line, col int, msg string, bad bool) {
	var v any
	err := json.Unmarshal([]byte(s), &v)
	if err == nil {
		return 0, 0, "", false
	}
	at := len(s)
	msg = err.Error()
	var se *json.SyntaxError
	if errors.As(err, &se) {
		at = int(se.Offset)
		// Offset counts the bytes read, the offending one included.
		if at > 0 && !strings.Contains(msg, "unexpected end") {
			at--
		}
		if strings.Contains(msg, "unexpected end") {
			msg = "the JSON ends too early (a missing } ] or \")"
		}
	}
	at = min(max(at, 0), len(s))
	before := s[:at]
	line = strings.Count(before, "\n") + 1
	col = utf8.RuneCountInString(before[strings.LastIndex(before, "\n")+1:]) + 1
	return line, col, msg, true
}

// headersValue parses the headers, one key=value per line, and returns
// them with a note for the first bad line.
func (p *Produce) headersValue() ([]kafkaops.Header, kit.Note) {
	var hs []kafkaops.Header
	for i, l := range strings.Split(p.headers.Value(), "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		k, v, ok := strings.Cut(l, "=")
		switch {
		case !ok:
			return nil, kit.ErrNote(fmt.Sprintf("headers, line %d: write key=value", i+1))
		case strings.TrimSpace(k) == "":
			return nil, kit.ErrNote(fmt.Sprintf("headers, line %d: the header has no name before '='", i+1))
		}
		hs = append(hs, kafkaops.Header{Key: strings.TrimSpace(k), Value: []byte(v)})
	}
	if len(hs) == 0 {
		return nil, kit.HintNote("optional: key=value, one per line")
	}
	return hs, kit.Note{}
}

// prettyPrint indents the JSON value; a {{i}} counter survives it.
func (p *Produce) prettyPrint() tea.Cmd {
	if p.text || p.null {
		return kit.Status("pretty-print works on a JSON value: ctrl+t switches the value to JSON", false)
	}
	v := p.value.Value()
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
	p.value.SetValue(strings.ReplaceAll(b.String(), stand, counterMark))
	return nil
}

// requests builds the records of a send and reports the first field in
// error (-1 when none).
func (p *Produce) requests() ([]kafkaops.ProduceRequest, int, string) {
	bad, why := -1, ""
	check := func(f int, n kit.Note) {
		if n.Kind == kit.NoteErr && bad < 0 {
			bad, why = f, n.Text
		}
	}
	check(prodTopic, p.topicNote())
	part, n := p.partitionValue()
	check(prodPartition, n)
	check(prodValue, p.valueNote())
	if !p.text && !p.null && strings.TrimSpace(p.value.Value()) == "" {
		check(prodValue, kit.ErrNote("the value is empty: type JSON, ctrl+t to send text, or ctrl+n to send null"))
	}
	hs, n := p.headersValue()
	check(prodHeaders, n)
	count, n := p.repeatValue()
	check(prodRepeat, n)
	if bad >= 0 {
		return nil, bad, why
	}
	topic, k, v := p.topic.Value(), p.key.Value(), p.value.Value()
	rs := make([]kafkaops.ProduceRequest, count)
	for i := range rs {
		n := strconv.Itoa(i)
		r := kafkaops.ProduceRequest{Topic: topic, Partition: part, Headers: counted(hs, n)}
		if k != "" {
			r.Key = []byte(strings.ReplaceAll(k, counterMark, n))
		}
		if !p.null {
			r.Value = []byte(strings.ReplaceAll(v, counterMark, n))
		}
		rs[i] = r
	}
	return rs, -1, ""
}

// counted returns hs with the counter in their values replaced by n; hs
// itself when no value holds it.
func counted(hs []kafkaops.Header, n string) []kafkaops.Header {
	if !slices.ContainsFunc(hs, func(h kafkaops.Header) bool { return bytes.Contains(h.Value, []byte(counterMark)) }) {
		return hs
	}
	out := make([]kafkaops.Header, len(hs))
	for i, h := range hs {
		out[i] = kafkaops.Header{Key: h.Key, Value: bytes.ReplaceAll(h.Value, []byte(counterMark), []byte(n))}
	}
	return out
}

// send validates the form and sends its records, in chunks when there
// are many.
func (p *Produce) send() tea.Cmd {
	rs, bad, why := p.requests()
	if bad >= 0 {
		p.focus = bad
		return kit.Status("produce: "+why, true)
	}
	p.sending, p.stopping = true, false
	p.failure = ""
	p.pending = rs
	p.total = len(rs)
	p.lastSent = p.snapshot()
	p.current = &sentEntry{topic: p.topic.Value(), key: p.key.Value(), value: p.value.Value(), null: p.null, offsets: map[int][2]int64{}}
	return p.nextChunk()
}

// nextChunk sends the next chunk of pending records.
func (p *Produce) nextChunk() tea.Cmd {
	chunk := p.pending[:min(batchChunk, len(p.pending))]
	p.pending = p.pending[len(chunk):]
	svc := p.svc
	var cmd tea.Cmd
	p.sendID, cmd = kit.Ask(&p.Asker, func(ctx context.Context) ([]kafkaops.ProduceResult, error) {
		if len(chunk) > 1 {
			return svc.ProduceBatch(ctx, chunk)
		}
		res, err := svc.Produce(ctx, chunk[0])
		if err != nil {
			return nil, err
		}
		return []kafkaops.ProduceResult{res}, nil
	}, func(id uint64, res []kafkaops.ProduceResult, err error) tea.Msg {
		return producedMsg{reqID: id, results: res, err: err}
	})
	return cmd
}

// produced records a chunk's results and sends the next chunk, or ends
// the send with a status line.
func (p *Produce) produced(msg producedMsg) tea.Cmd {
	if msg.reqID != p.sendID || !p.sending {
		return nil
	}
	e := p.current
	for _, r := range msg.results {
		e.count++
		o, ok := e.offsets[r.Partition]
		if !ok {
			o = [2]int64{r.Offset, r.Offset}
		}
		o[0], o[1] = min(o[0], r.Offset), max(o[1], r.Offset)
		e.offsets[r.Partition] = o
	}
	if msg.err == nil && len(p.pending) > 0 && !p.stopping {
		return p.nextChunk()
	}
	p.sending = false
	e.at = p.now()
	topic := kit.Sanitize(e.topic)
	var status tea.Cmd
	switch {
	case msg.err != nil:
		e.err = kafkaops.Describe(msg.err)
		p.failure = e.err
		if e.count > 0 {
			p.failure = fmt.Sprintf("%s of %s records sent, then: %s", kit.FormatCount(int64(e.count)), kit.FormatCount(int64(p.total)), e.err)
		}
		status = kit.Status(p.failure, true)
	case p.stopping && e.count < p.total:
		status = kit.Status(fmt.Sprintf("stopped: sent %s of %s records to %s", kit.FormatCount(int64(e.count)), kit.FormatCount(int64(p.total)), topic), false)
	case e.count == 1:
		for part, o := range e.offsets {
			status = kit.Status(fmt.Sprintf("sent to %s [%d] @ offset %d", topic, part, o[0]), false)
		}
	default:
		status = kit.Status(fmt.Sprintf("sent %s records to %s: %s", kit.FormatCount(int64(e.count)), topic, offsetsText(e.offsets)), false)
	}
	p.sends = append([]sentEntry{*e}, p.sends...)
	if len(p.sends) > maxSends {
		p.sends = p.sends[:maxSends]
	}
	p.current, p.pending = nil, nil
	return status
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

// Title names the screen.
func (p *Produce) Title() string {
	if p.topic.Value() == "" {
		return "Produce"
	}
	return "Produce to " + kit.Sanitize(p.topic.Value())
}

// SetSize sets the body size.
func (p *Produce) SetSize(width, height int) { p.width, p.height = width, height }

// Capturing is always true: every key types into the form.
func (p *Produce) Capturing() bool { return true }

// ShortHelp lists the keys for the bottom line.
func (p *Produce) ShortHelp() []key.Binding {
	fk := p.keys.form
	switch {
	case p.confirm:
		return []key.Binding{fk.Discard, fk.Keep}
	case p.sending:
		return []key.Binding{p.keys.Stop}
	case p.focus == prodValue:
		// Pretty-printing is also offered under a valid value, so it is
		// the hint to cut first.
		return []key.Binding{fk.Submit, p.keys.Format, p.keys.Null, fk.Next, p.keys.Pretty, fk.Cancel}
	}
	return []key.Binding{fk.Submit, fk.Next, fk.Prev, p.keys.Format, fk.Cancel}
}

// FullHelp lists every key.
func (p *Produce) FullHelp() [][]key.Binding {
	fk := p.keys.form
	return [][]key.Binding{
		{fk.Next, fk.Prev, p.keys.Complete, p.keys.Newline},
		{p.keys.Format, p.keys.Pretty, p.keys.Null},
		{fk.Submit, fk.Cancel, p.keys.Stop},
	}
}

// View renders the form and, under it, the session's sends.
func (p *Produce) View() string {
	st := p.st
	w, h := max(p.width, 30), max(p.height, 10)
	iw := kit.InputWidth(w)
	ew := max(w-kit.LabelWidth-3, 10) // editor width, after the gutter
	vh := min(max(h-19, 3), 14)
	hh := 2
	if h >= 36 {
		hh = 3
	}
	indent := strings.Repeat(" ", kit.LabelWidth)
	under := func(n kit.Note) string { return indent + n.Render(st, w-kit.LabelWidth) }
	focused := func(f int) bool { return p.focus == f && !p.confirm && !p.sending }

	right := ""
	if p.infoTopic == p.topic.Value() && p.parts > 0 {
		right = kit.PluralCount(int64(p.parts), "partition")
		if p.maxBytes > 0 {
			right += " · max.message.bytes " + kit.HumanBytes(strconv.FormatInt(p.maxBytes, 10))
		}
	}
	title := st.Title.Render(kit.Truncate(p.Title(), w-lipgloss.Width(right)-2))
	head := []string{title + strings.Repeat(" ", max(w-lipgloss.Width(title)-lipgloss.Width(right), 2)) + st.Subtle.Render(right), ""}

	var body kit.FormLines
	row := func(f int, label, placeholder, ghost string, n kit.Note) {
		in := kit.InputView(p.line(f), st, focused(f), placeholder, ghost, iw)
		side := ""
		if n.Kind == kit.NoteHint {
			side = n.Text
		}
		ls := []string{kit.SideBySide(kit.FieldLabel(st, label, p.focus == f)+in, st.Subtle.Render(side), w)}
		if n.Kind != kit.NoteHint && n.Kind != kit.NoteNone {
			ls = append(ls, under(n))
		}
		body.Field(p.focus == f, ls...)
	}
	ghost := ""
	if c := p.topicCompletion(); c != "" && focused(prodTopic) {
		ghost = c[len(p.topic.Value()):]
	}
	row(prodTopic, "Topic", "", ghost, p.topicNote())
	_, pn := p.partitionValue()
	row(prodPartition, "Partition", "auto", "", pn)
	row(prodKey, "Key", "", "", kit.HintNote("empty: no key"))

	editor := func(f int, label string, ta *kit.TextArea, rows int, placeholder string, notes []string) {
		phStyle := st.Subtle
		if f == prodValue && p.null {
			phStyle, placeholder = st.Accent, "∅ null: no value (a tombstone)"
		}
		view := strings.Split(ta.View(st.InputFocus, phStyle, focused(f), placeholder, ew, rows), "\n")
		gutter := st.Subtle.Render("│")
		if focused(f) {
			gutter = st.Accent.Render("│")
		}
		ls := make([]string, 0, len(view)+len(notes))
		for i, b := range view {
			l := indent
			if i == 0 {
				l = kit.FieldLabel(st, label, p.focus == f)
			}
			ls = append(ls, kit.Truncate(l+gutter+b, w))
		}
		body.Field(p.focus == f, append(ls, notes...)...)
	}
	format := "Value (JSON)"
	switch {
	case p.null:
		format = "Value (null)"
	case p.text:
		format = "Value (text)"
	}
	var valueNotes []string
	for _, l := range p.valueNote().RenderWrapped(st, w-kit.LabelWidth, 2) {
		valueNotes = append(valueNotes, indent+l)
	}
	editor(prodValue, format, &p.value, vh, `{"atmid": 1, "transid": 100}`, valueNotes)
	var headerNotes []string
	if _, hn := p.headersValue(); hn.Kind == kit.NoteErr {
		headerNotes = append(headerNotes, under(hn))
	}
	editor(prodHeaders, "Headers", &p.headers, hh, "key=value, one per line (optional)", headerNotes)
	_, rn := p.repeatValue()
	row(prodRepeat, "Repeat", "1", "", rn)

	foot := []string{""}
	switch {
	case p.confirm:
		foot = append(foot, st.Warning.Render(kit.Truncate("  Discard what you typed since the last send? y discards · n or esc keeps editing", w)))
	case p.sending:
		done := 0
		if p.current != nil {
			done = p.current.count
		}
		stop := " · esc stops"
		if p.stopping {
			stop = " · stopping…"
		}
		foot = append(foot, st.Accent.Render(kit.Truncate(fmt.Sprintf("  sending %s/%s to %s…%s", kit.FormatCount(int64(done)), kit.FormatCount(int64(p.total)), kit.Sanitize(p.topic.Value()), stop), w)))
	case p.failure != "":
		foot = append(foot, st.Error.Render(kit.Truncate("  ✗ "+p.failure, w)))
	default:
		foot = append(foot, st.Subtle.Render(kit.Truncate("  ctrl+s sends · the form stays filled for the next record · esc closes", w)))
	}
	var sends []string
	if len(p.sends) > 0 {
		sends = append(sends, st.TableHead.Render(kit.Truncate(fmt.Sprintf("  Sent this session (%d)", len(p.sends)), w)))
		for _, e := range p.sends {
			sends = append(sends, p.sendLine(e, w))
		}
	}
	// The title and the line under the form stay; the fields scroll when
	// they do not fit above the newest send; the sends get what is left.
	rows := h - len(head) - len(foot) - min(len(sends), 2)
	lines := append(head, kit.ScrollLines(st, body.Lines, body.Lo, body.Hi, rows, w, &p.top)...)
	lines = append(append(lines, foot...), sends...)
	return kit.PadLines(strings.Join(lines, "\n"), w, h)
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
