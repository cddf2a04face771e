package kafkaops

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"
)

// KcatRecord is one record as a line of JSON in the shape of `kcat -C
// -J`: key and payload as strings (null when absent), headers as a flat
// array of names and values (a null value for a null header), ts in
// milliseconds. Bytes that are not UTF-8 are written in base64 and the
// matching *_encoding field says so, so an export loses nothing and an
// import gives back the same bytes. The tail's export, `kscope consume
// -o jsonl` and `kscope produce --format jsonl` all use it. A key or
// value decoded with its schema is written as its JSON, with the schema
// id and the raw bytes beside it (see the *_schema_id and *_raw fields).
type KcatRecord struct {
	Topic           string    `json:"topic"`
	Partition       int       `json:"partition"`
	Offset          int64     `json:"offset"`
	TSType          string    `json:"tstype"`
	TS              int64     `json:"ts"`
	Broker          int       `json:"broker"`
	Headers         []*string `json:"headers,omitempty"`
	HeadersEncoding string    `json:"headers_encoding,omitempty"`
	Key             *string   `json:"key"`
	KeyEncoding     string    `json:"key_encoding,omitempty"`
	Payload         *string   `json:"payload"`
	PayloadEncoding string    `json:"payload_encoding,omitempty"`
	// The fields below are set for a key or value decoded with its
	// schema: key and payload then hold the decoded JSON text, the
	// *_schema_id fields (kcat's names) the registry's schema id (absent
	// for a local schema file), the *_schema fields the schema in words
	// ("orders-value v2 id 7 (AVRO)") and the *_raw fields the bytes as
	// in the log, in base64, which an import gives back.
	KeySchemaID   *int    `json:"key_schema_id,omitempty"`
	KeySchema     string  `json:"key_schema,omitempty"`
	KeyRaw        *string `json:"key_raw,omitempty"`
	ValueSchemaID *int    `json:"value_schema_id,omitempty"`
	ValueSchema   string  `json:"value_schema,omitempty"`
	PayloadRaw    *string `json:"payload_raw,omitempty"`
}

// encodingBase64 is the only *_encoding value kscope writes.
const encodingBase64 = "base64"

// ToKcat converts a record to its export shape.
func ToKcat(r *Record) KcatRecord {
	k := KcatRecord{
		Topic: r.Topic, Partition: r.Partition, Offset: r.Offset,
		TSType: "create", TS: r.Timestamp.UnixMilli(), Broker: -1,
	}
	if r.Timestamp.IsZero() {
		k.TSType, k.TS = "none", -1
	}
	k.Key, k.KeyEncoding = exportBytes(r.Key, false)
	k.Payload, k.PayloadEncoding = exportBytes(r.Value, false)
	if r.KeyDecoded != nil {
		k.Key, k.KeyEncoding, k.KeySchemaID, k.KeySchema, k.KeyRaw = exportDecoded(r.Key, r.KeyDecoded, r.KeySchema)
	}
	if r.Decoded != nil {
		k.Payload, k.PayloadEncoding, k.ValueSchemaID, k.ValueSchema, k.PayloadRaw = exportDecoded(r.Value, r.Decoded, r.Schema)
	}
	if len(r.Headers) > 0 {
		b64 := false
		for _, h := range r.Headers {
			if !utf8.ValidString(h.Key) || !utf8.Valid(h.Value) {
				b64 = true
			}
		}
		if b64 {
			k.HeadersEncoding = encodingBase64
		}
		k.Headers = make([]*string, 0, 2*len(r.Headers))
		for _, h := range r.Headers {
			name, _ := exportBytes([]byte(h.Key), b64)
			v, _ := exportBytes(h.Value, b64)
			k.Headers = append(k.Headers, name, v)
		}
	}
	return k
}

// exportDecoded is a decoded key or value's export fields: the JSON
// text, no encoding, the schema id when raw is in the wire format, the
// schema in words and raw in base64.
func exportDecoded(raw, decoded []byte, schema string) (text *string, encoding string, id *int, info string, raw64 *string) {
	s := string(decoded)
	if n, ok := SchemaID(raw); ok {
		id = &n
	}
	b := base64.StdEncoding.EncodeToString(raw)
	return &s, "", id, schema, &b
}

// exportBytes is b as a JSON string: nil when absent, the text when
// UTF-8 (and not forced to base64), else base64 with the encoding named.
func exportBytes(b []byte, force bool) (*string, string) {
	if b == nil {
		return nil, ""
	}
	if !force && utf8.Valid(b) {
		s := string(b)
		return &s, ""
	}
	s := base64.StdEncoding.EncodeToString(b)
	return &s, encodingBase64
}

// MarshalKcat writes r as one JSON line, without the newline and without
// escaping <, > and & (so values read as they are).
func MarshalKcat(r *Record) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(ToKcat(r)); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte{'\n'}), nil
}

// ParseKcat reads one JSON line of the export shape (or of kcat -J)
// back into a record.
func ParseKcat(line []byte) (Record, error) {
	var k KcatRecord
	d := json.NewDecoder(bytes.NewReader(line))
	if err := d.Decode(&k); err != nil {
		return Record{}, fmt.Errorf("not a kcat -J line: %w", err)
	}
	return k.Record()
}

// Record converts an export line back to a record, decoding base64 where
// an *_encoding field says so.
func (k KcatRecord) Record() (Record, error) {
	r := Record{Topic: k.Topic, Partition: k.Partition, Offset: k.Offset}
	if k.TSType != "none" && k.TS >= 0 {
		r.Timestamp = time.UnixMilli(k.TS)
	}
	var err error
	if r.Key, err = importPart(k.Key, k.KeyEncoding, k.KeyRaw); err != nil {
		return Record{}, fmt.Errorf("key: %w", err)
	}
	if r.Value, err = importPart(k.Payload, k.PayloadEncoding, k.PayloadRaw); err != nil {
		return Record{}, fmt.Errorf("payload: %w", err)
	}
	if len(k.Headers)%2 != 0 {
		return Record{}, errors.New("headers: want names and values in pairs")
	}
	for i := 0; i < len(k.Headers); i += 2 {
		if k.Headers[i] == nil {
			return Record{}, fmt.Errorf("header %d: the name is null", i/2)
		}
		name, err := importBytes(k.Headers[i], k.HeadersEncoding)
		if err != nil {
			return Record{}, fmt.Errorf("header %d: %w", i/2, err)
		}
		v, err := importBytes(k.Headers[i+1], k.HeadersEncoding)
		if err != nil {
			return Record{}, fmt.Errorf("header %q: %w", name, err)
		}
		r.Headers = append(r.Headers, Header{Key: string(name), Value: v})
	}
	return r, nil
}

// importPart is a key or value's bytes: raw's when the line has them (a
// decoded export), else the text's.
func importPart(s *string, encoding string, raw *string) ([]byte, error) {
	if raw != nil {
		b, err := base64.StdEncoding.DecodeString(*raw)
		if err != nil {
			return nil, fmt.Errorf("raw bytes: %w", err)
		}
		return b, nil
	}
	return importBytes(s, encoding)
}

func importBytes(s *string, encoding string) ([]byte, error) {
	if s == nil {
		return nil, nil
	}
	switch encoding {
	case "":
		return []byte(*s), nil
	case encodingBase64:
		return base64.StdEncoding.DecodeString(*s)
	}
	return nil, fmt.Errorf("unknown encoding %q", encoding)
}
