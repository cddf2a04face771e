package schema

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/hamba/avro/v2"
)

// FieldError is an encoding error at one place in the record, such as
// "amount: expected double, got string".
type FieldError struct {
	// Path is where in the record the error is: "payment.amount", "items[2]",
	// or "" for the record itself.
	Path string
	// Msg says what is wrong.
	Msg string
}

// Error returns "path: msg", or msg alone at the top.
func (e *FieldError) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return e.Path + ": " + e.Msg
}

func fieldErr(path, format string, a ...any) error {
	return &FieldError{Path: path, Msg: fmt.Sprintf(format, a...)}
}

// parseJSONDoc parses a JSON document keeping numbers exact.
func parseJSONDoc(doc []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("not valid JSON: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("not valid JSON: more than one value")
	}
	return v, nil
}

// AppendPayload encodes a JSON document as Avro binary.
func (c *avroCodec) AppendPayload(dst, doc []byte, _ []int) ([]byte, error) {
	v, err := parseJSONDoc(doc)
	if err != nil {
		return dst, err
	}
	return appendAvro(dst, c.schema, v, "", 0)
}

// jsonKind names a decoded JSON value's type for error messages.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// appendAvro appends the Avro binary form of v, a decoded JSON value, as a
// value of schema s.
func appendAvro(dst []byte, s avro.Schema, v any, path string, depth int) ([]byte, error) {
	if depth > maxDepth {
		return dst, fieldErr(path, "nesting deeper than %d", maxDepth)
	}
	if ref, ok := s.(*avro.RefSchema); ok {
		s = ref.Schema()
	}
	switch s := s.(type) {
	case *avro.NullSchema:
		if v != nil {
			return dst, fieldErr(path, "expected null, got %s", jsonKind(v))
		}
		return dst, nil
	case *avro.PrimitiveSchema:
		return appendAvroPrimitive(dst, s, v, path)
	case *avro.RecordSchema:
		return appendAvroRecord(dst, s, v, path, depth)
	case *avro.EnumSchema:
		str, ok := v.(string)
		if !ok {
			return dst, fieldErr(path, "expected enum %s, got %s", s.Name(), jsonKind(v))
		}
		for i, sym := range s.Symbols() {
			if sym == str {
				return binary.AppendVarint(dst, int64(i)), nil
			}
		}
		return dst, fieldErr(path, "%q is not a symbol of enum %s (%s)", str, s.Name(), strings.Join(s.Symbols(), ", "))
	case *avro.ArraySchema:
		items, ok := v.([]any)
		if !ok {
			return dst, fieldErr(path, "expected array, got %s", jsonKind(v))
		}
		if len(items) > 0 {
			dst = binary.AppendVarint(dst, int64(len(items)))
		}
		for i, it := range items {
			var err error
			if dst, err = appendAvro(dst, s.Items(), it, fmt.Sprintf("%s[%d]", path, i), depth+1); err != nil {
				return dst, err
			}
		}
		return append(dst, 0), nil
	case *avro.MapSchema:
		m, ok := v.(map[string]any)
		if !ok {
			return dst, fieldErr(path, "expected map (JSON object), got %s", jsonKind(v))
		}
		if len(m) > 0 {
			dst = binary.AppendVarint(dst, int64(len(m)))
		}
		for k, it := range m {
			dst = appendAvroString(dst, k)
			var err error
			if dst, err = appendAvro(dst, s.Values(), it, joinPath(path, k), depth+1); err != nil {
				return dst, err
			}
		}
		return append(dst, 0), nil
	case *avro.UnionSchema:
		return appendAvroUnion(dst, s, v, path, depth)
	case *avro.FixedSchema:
		if d, ok := s.Logical().(*avro.DecimalLogicalSchema); ok {
			return appendAvroDecimal(dst, v, d, s.Size(), path)
		}
		p, err := base64Field(v, path)
		if err != nil {
			return dst, err
		}
		if len(p) != s.Size() {
			return dst, fieldErr(path, "fixed %s needs %d bytes, got %d", s.Name(), s.Size(), len(p))
		}
		return append(dst, p...), nil
	}
	return dst, fieldErr(path, "unsupported avro schema type %s", s.Type())
}

// appendAvroRecord appends a record's fields in schema order; a missing
// field takes its default, an unknown one is an error (likely a typo).
func appendAvroRecord(dst []byte, s *avro.RecordSchema, v any, path string, depth int) ([]byte, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return dst, fieldErr(path, "expected record %s (JSON object), got %s", s.Name(), jsonKind(v))
	}
	known := make(map[string]bool, len(s.Fields()))
	for _, f := range s.Fields() {
		known[f.Name()] = true
		fv, present := m[f.Name()]
		fpath := joinPath(path, f.Name())
		if !present {
			if !f.HasDefault() {
				return dst, fieldErr(fpath, "missing (the field has no default)")
			}
			d, err := defaultAsJSON(f.Default())
			if err != nil {
				return dst, fieldErr(fpath, "default: %v", err)
			}
			fv = d
			if u, ok := f.Type().(*avro.UnionSchema); ok {
				// A union's default is a value of its first branch.
				dst = append(dst, 0)
				var err error
				dst, err = appendAvro(dst, u.Types()[0], fv, fpath, depth+1)
				if err != nil {
					return dst, err
				}
				continue
			}
		}
		var err error
		if dst, err = appendAvro(dst, f.Type(), fv, fpath, depth+1); err != nil {
			return dst, err
		}
	}
	for k := range m {
		if !known[k] {
			return dst, fieldErr(joinPath(path, k), "no such field in record %s", s.Name())
		}
	}
	return dst, nil
}

// defaultAsJSON turns a default hamba parsed back into a decoded JSON value.
func defaultAsJSON(d any) (any, error) {
	if d == nil {
		return nil, nil
	}
	b, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	return parseJSONDoc(b)
}

// appendAvroUnion accepts null, the Avro JSON form {"branch": value}, or a
// plain value, which goes to the first branch that accepts it.
func appendAvroUnion(dst []byte, s *avro.UnionSchema, v any, path string, depth int) ([]byte, error) {
	types := s.Types()
	if v == nil {
		for i, t := range types {
			if t.Type() == avro.Null {
				return binary.AppendVarint(dst, int64(i)), nil
			}
		}
		return dst, fieldErr(path, "null is not allowed here (the union has no null branch)")
	}
	if m, ok := v.(map[string]any); ok && len(m) == 1 {
		for k, inner := range m {
			for i, t := range types {
				if branchName(t) == k || shortName(t) == k {
					dst = binary.AppendVarint(dst, int64(i))
					return appendAvro(dst, t, inner, path, depth+1)
				}
			}
		}
	}
	var firstErr error
	names := make([]string, 0, len(types))
	for i, t := range types {
		names = append(names, branchName(t))
		if t.Type() == avro.Null {
			continue
		}
		out, err := appendAvro(binary.AppendVarint(dst, int64(i)), t, v, path, depth+1)
		if err == nil {
			return out, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	if len(types) == 2 && firstErr != nil {
		return dst, firstErr // a nullable field: the non-null branch's error is the useful one
	}
	return dst, fieldErr(path, "%s matches no branch of union [%s]", jsonKind(v), strings.Join(names, ", "))
}

// shortName is a named branch's name without its namespace.
func shortName(s avro.Schema) string {
	if ref, ok := s.(*avro.RefSchema); ok {
		s = ref.Schema()
	}
	if n, ok := s.(avro.NamedSchema); ok {
		return n.Name()
	}
	return string(s.Type())
}

func appendAvroString(dst []byte, s string) []byte {
	dst = binary.AppendVarint(dst, int64(len(s)))
	return append(dst, s...)
}

// appendAvroPrimitive appends a primitive, taking logical types from their
// JSON forms (dates and timestamps as strings or numbers, decimals as strings
// or numbers).
func appendAvroPrimitive(dst []byte, s *avro.PrimitiveSchema, v any, path string) ([]byte, error) {
	var logical avro.LogicalType
	if l := s.Logical(); l != nil {
		logical = l.Type()
	}
	switch s.Type() {
	case avro.Null:
		if v != nil {
			return dst, fieldErr(path, "expected null, got %s", jsonKind(v))
		}
		return dst, nil
	case avro.Boolean:
		b, ok := v.(bool)
		if !ok {
			return dst, fieldErr(path, "expected boolean, got %s", jsonKind(v))
		}
		if b {
			return append(dst, 1), nil
		}
		return append(dst, 0), nil
	case avro.Int, avro.Long:
		n, err := avroInteger(v, logical, s.Type(), path)
		if err != nil {
			return dst, err
		}
		return binary.AppendVarint(dst, n), nil
	case avro.Float, avro.Double:
		f, err := avroFloat(v, s.Type(), path)
		if err != nil {
			return dst, err
		}
		if s.Type() == avro.Float {
			return binary.LittleEndian.AppendUint32(dst, math.Float32bits(float32(f))), nil
		}
		return binary.LittleEndian.AppendUint64(dst, math.Float64bits(f)), nil
	case avro.String:
		str, ok := v.(string)
		if !ok {
			return dst, fieldErr(path, "expected %s, got %s", typeLabel(avro.String, logical), jsonKind(v))
		}
		return appendAvroString(dst, str), nil
	case avro.Bytes:
		if d, ok := s.Logical().(*avro.DecimalLogicalSchema); ok {
			return appendAvroDecimal(dst, v, d, 0, path)
		}
		p, err := base64Field(v, path)
		if err != nil {
			return dst, err
		}
		dst = binary.AppendVarint(dst, int64(len(p)))
		return append(dst, p...), nil
	}
	return dst, fieldErr(path, "unsupported avro type %s", s.Type())
}

// typeLabel names an Avro type with its logical type, as errors show it.
func typeLabel(t avro.Type, logical avro.LogicalType) string {
	if logical != "" {
		return string(logical)
	}
	return string(t)
}

// avroInteger reads an int or long, or a date/time string for those
// logical types.
func avroInteger(v any, logical avro.LogicalType, t avro.Type, path string) (int64, error) {
	label := typeLabel(t, logical)
	if str, ok := v.(string); ok && logical != "" {
		return parseTimeLogical(str, logical, path)
	}
	num, ok := v.(json.Number)
	if !ok {
		return 0, fieldErr(path, "expected %s, got %s", label, jsonKind(v))
	}
	n, err := strconv.ParseInt(string(num), 10, 64)
	if err != nil {
		return 0, fieldErr(path, "expected %s, got %s (not an integer in range)", label, num)
	}
	if t == avro.Int && (n < math.MinInt32 || n > math.MaxInt32) {
		return 0, fieldErr(path, "expected int, got %s (out of 32-bit range)", num)
	}
	return n, nil
}

// parseTimeLogical reads the string form of a date or time logical type.
func parseTimeLogical(str string, logical avro.LogicalType, path string) (int64, error) {
	var layout string
	switch logical {
	case avro.Date:
		layout = "2006-01-02"
	case avro.TimestampMillis, avro.TimestampMicros:
		layout = time.RFC3339Nano
	case avro.LocalTimestampMillis, avro.LocalTimestampMicros:
		layout = "2006-01-02T15:04:05.999999999"
	case avro.TimeMillis, avro.TimeMicros:
		layout = "15:04:05.999999999"
	default:
		return 0, fieldErr(path, "expected %s, got string", logical)
	}
	t, err := time.Parse(layout, str)
	if err != nil {
		return 0, fieldErr(path, "expected %s as %q, got %q", logical, layout, str)
	}
	switch logical {
	case avro.Date:
		return t.Unix() / 86400, nil
	case avro.TimestampMillis, avro.LocalTimestampMillis:
		return t.UnixMilli(), nil
	case avro.TimeMillis:
		return t.Sub(t.Truncate(24 * time.Hour)).Milliseconds(), nil
	case avro.TimeMicros:
		return t.Sub(t.Truncate(24 * time.Hour)).Microseconds(), nil
	}
	return t.UnixMicro(), nil
}

// avroFloat reads a float or double; "NaN" and "Infinity" strings are allowed.
func avroFloat(v any, t avro.Type, path string) (float64, error) {
	switch v := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(v), 64)
		if err != nil {
			return 0, fieldErr(path, "expected %s, got %s", t, v)
		}
		return f, nil
	case string:
		switch v {
		case "NaN", "Infinity", "+Inf", "-Infinity", "-Inf":
			f, _ := strconv.ParseFloat(strings.TrimSuffix(v, "inity"), 64)
			return f, nil
		}
	}
	return 0, fieldErr(path, "expected %s, got %s", t, jsonKind(v))
}

// base64Field reads bytes given as a base64 string.
func base64Field(v any, path string) ([]byte, error) {
	str, ok := v.(string)
	if !ok {
		return nil, fieldErr(path, "expected bytes (base64 string), got %s", jsonKind(v))
	}
	p, err := base64.StdEncoding.DecodeString(str)
	if err != nil {
		return nil, fieldErr(path, "expected bytes (base64 string): %v", err)
	}
	return p, nil
}

// appendAvroDecimal appends a decimal given as a string or number; size is
// the fixed size, or 0 for bytes.
func appendAvroDecimal(dst []byte, v any, d *avro.DecimalLogicalSchema, size int, path string) ([]byte, error) {
	var text string
	switch v := v.(type) {
	case string:
		text = v
	case json.Number:
		text = string(v)
	default:
		return dst, fieldErr(path, "expected decimal (string or number), got %s", jsonKind(v))
	}
	r, ok := new(big.Rat).SetString(text)
	if !ok {
		return dst, fieldErr(path, "expected decimal, got %q", text)
	}
	scaled := new(big.Rat).Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d.Scale())), nil)))
	if !scaled.IsInt() {
		return dst, fieldErr(path, "%s has more than %d digits after the point", text, d.Scale())
	}
	unscaled := scaled.Num()
	if d.Precision() > 0 && len(new(big.Int).Abs(unscaled).String()) > d.Precision() {
		return dst, fieldErr(path, "%s has more than %d digits", text, d.Precision())
	}
	p := twosComplement(unscaled)
	if size > 0 {
		if len(p) > size {
			return dst, fieldErr(path, "%s does not fit in %d bytes", text, size)
		}
		pad := byte(0)
		if unscaled.Sign() < 0 {
			pad = 0xff
		}
		for range size - len(p) {
			dst = append(dst, pad)
		}
		return append(dst, p...), nil
	}
	dst = binary.AppendVarint(dst, int64(len(p)))
	return append(dst, p...), nil
}

// twosComplement is n as the shortest big-endian two's-complement bytes.
func twosComplement(n *big.Int) []byte {
	if n.Sign() >= 0 {
		b := n.Bytes()
		if len(b) == 0 || b[0]&0x80 != 0 {
			b = append([]byte{0}, b...)
		}
		return b
	}
	// -n-1 inverted bit by bit is n's two's complement.
	m := new(big.Int).Neg(n)
	m.Sub(m, big.NewInt(1))
	b := m.Bytes()
	for i := range b {
		b[i] = ^b[i]
	}
	if len(b) == 0 || b[0]&0x80 == 0 {
		b = append([]byte{0xff}, b...)
	}
	return b
}
