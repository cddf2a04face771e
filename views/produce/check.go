package produce

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"kscope/kafkaops"
	"kscope/views/kit"
)

// counterMark is replaced by the record's number, 0 to N-1, in the key,
// the value and the header values when a send repeats.
const counterMark = "{{i}}"

// maxRepeat bounds the repeat count.
const maxRepeat = 1_000_000

// topicNote validates the topic.
func (p *Produce) topicNote() kit.Note {
	name := p.form.topic.Value()
	switch {
	case name == "":
		return kit.ErrNote("choose a topic to send to")
	case kafkaops.ValidateTopicName(name) != nil:
		return kit.ErrNote(kit.InvalidText(kafkaops.ValidateTopicName(name)))
	case p.names.list != nil && !slices.Contains(p.names.list, name):
		if c := p.topicCompletion(); c != "" {
			return kit.HintNote("tab completes " + c)
		}
		return kit.WarnNote("no topic named " + name + ": the broker refuses it unless it creates topics on first use")
	case name == p.info.topic && p.info.err != nil && !kafkaops.IsNotFound(p.info.err):
		return kit.WarnNote("could not read the topic: " + kafkaops.Describe(p.info.err))
	}
	return kit.Note{}
}

// partitionValue returns the partition to send to (AnyPartition for auto)
// and its note.
func (p *Produce) partitionValue() (int, kit.Note) {
	s := strings.TrimSpace(p.form.partition.Value())
	known := p.info.Partitions > 0 && p.info.topic == p.form.topic.Value()
	if s == "" || strings.EqualFold(s, "auto") {
		how := "auto: by the key's hash"
		if p.form.key.Value() == "" {
			how = "auto: round-robin (no key)"
		}
		if known {
			how += fmt.Sprintf(" · 0–%d", p.info.Partitions-1)
		}
		return kafkaops.AnyPartition, kit.HintNote(how)
	}
	n, err := strconv.Atoi(s)
	switch {
	case err != nil:
		return 0, kit.ErrNote(`a partition number, or "auto"`)
	case n < 0:
		return n, kit.ErrNote("partitions are numbered from 0")
	case known && n >= p.info.Partitions:
		return n, kit.ErrNote(fmt.Sprintf("%s has %s: 0–%d", kit.Sanitize(p.form.topic.Value()), kit.PluralCount(int64(p.info.Partitions), "partition"), p.info.Partitions-1))
	}
	return n, kit.Note{}
}

// repeatValue returns the number of records to send and its note.
func (p *Produce) repeatValue() (int, kit.Note) {
	s := strings.TrimSpace(p.form.repeat.Value())
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
	v := p.form.value.Value()
	var n kit.Note
	if p.form.null {
		if p.form.key.Value() == "" {
			return kit.WarnNote("null value without a key: a tombstone with no key deletes nothing")
		}
		return kit.OkNote("null value: a tombstone, which deletes the key on a compacted topic · ctrl+n types a value")
	}
	if n, ok := p.encodedNote(prodValueSchema, v); ok {
		return n
	}
	if !p.form.text {
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
	if p.info.MaxMessageBytes > 0 && p.info.topic == p.form.topic.Value() && int64(len(v)) > p.info.MaxMessageBytes {
		return kit.WarnNote(fmt.Sprintf("%s is over the topic's max.message.bytes (%s): the broker will likely refuse it",
			kit.HumanBytes(strconv.Itoa(len(v))), kit.HumanBytes(strconv.FormatInt(p.info.MaxMessageBytes, 10))))
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
	for i, l := range strings.Split(p.form.headers.Value(), "\n") {
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
	check(prodKey, p.keyNote())
	check(prodValue, p.valueNote())
	if !p.form.text && !p.form.null && p.valueLabel() == "" && strings.TrimSpace(p.form.value.Value()) == "" {
		check(prodValue, kit.ErrNote("the value is empty: type JSON, ctrl+t to send text, or ctrl+n to send null"))
	}
	hs, n := p.headersValue()
	check(prodHeaders, n)
	count, n := p.repeatValue()
	check(prodRepeat, n)
	if bad >= 0 {
		return nil, bad, why
	}
	topic, k, v := p.form.topic.Value(), p.form.key.Value(), p.form.value.Value()
	rs := make([]kafkaops.ProduceRequest, count)
	for i := range rs {
		n := strconv.Itoa(i)
		r := kafkaops.ProduceRequest{Topic: topic, Partition: part, Headers: counted(hs, n)}
		if k != "" {
			r.Key = []byte(strings.ReplaceAll(k, counterMark, n))
		}
		if !p.form.null {
			r.Value = []byte(strings.ReplaceAll(v, counterMark, n))
		}
		rs[i] = r
	}
	p.keepOriginal(rs)
	if f, why := p.encodeRequests(rs); f >= 0 {
		return nil, f, why
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
