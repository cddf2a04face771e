package schema

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"time"

	"github.com/hamba/avro/v2"
)

// maxDepth bounds how deeply a value may nest (recursive schemas let the data
// choose the depth), so corrupt input cannot exhaust the stack.
const maxDepth = 128

// maxItems bounds one Avro array or map block, so a corrupt count cannot make
// the decoder loop for long on a short payload.
const maxItems = 1 << 24

// avroCodec decodes and encodes one Avro schema. hamba/avro parses the schema
// (names, references, logical types); the walk over the bytes is ours so it
// writes JSON straight into one buffer without building maps first.
type avroCodec struct {
	schema avro.Schema
}

// newAvroCodec parses an Avro schema text, with the text of the schemas it
// references parsed first into the same cache.
func newAvroCodec(text string, refs []string) (*avroCodec, error) {
	cache := &avro.SchemaCache{}
	for _, r := range refs {
		if _, err := avro.ParseWithCache(r, "", cache); err != nil {
			return nil, fmt.Errorf("parse referenced avro schema: %w", err)
		}
	}
	s, err := avro.ParseWithCache(text, "", cache)
	if err != nil {
		return nil, fmt.Errorf("parse avro schema: %w", err)
	}
	return &avroCodec{schema: s}, nil
}

// Type reports Avro.
func (c *avroCodec) Type() Type { return Avro }

// AppendJSON decodes one Avro payload and appends it to dst as JSON.
func (c *avroCodec) AppendJSON(dst, payload []byte, _ []int) ([]byte, error) {
	r := avroReader{b: payload}
	dst = r.value(dst, c.schema, 0)
	if r.err != nil {
		return dst, fmt.Errorf("avro payload does not match its schema: %w", r.err)
	}
	if r.pos != len(r.b) {
		return dst, fmt.Errorf("avro payload does not match its schema: %d bytes left over", len(r.b)-r.pos)
	}
	return dst, nil
}

// avroReader walks Avro binary data; the first error stops the walk.
type avroReader struct {
	b   []byte
	pos int
	err error
}

func (r *avroReader) fail(format string, a ...any) {
	if r.err == nil {
		r.err = fmt.Errorf(format, a...)
	}
}

func (r *avroReader) long() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b[r.pos:])
	if n <= 0 {
		r.fail("truncated or overlong varint at byte %d", r.pos)
		return 0
	}
	r.pos += n
	return v
}

func (r *avroReader) take(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b)-r.pos {
		r.fail("length %d at byte %d runs past the end", n, r.pos)
		return nil
	}
	p := r.b[r.pos : r.pos+n]
	r.pos += n
	return p
}

func (r *avroReader) bytes() []byte { return r.take(int(clampLen(r.long()))) }

// clampLen turns a decoded length into one take can judge without overflow.
func clampLen(n int64) int64 {
	if n < 0 || n > math.MaxInt32 {
		return -1
	}
	return n
}

// value appends the JSON form of one value of schema s.
func (r *avroReader) value(dst []byte, s avro.Schema, depth int) []byte {
	if depth > maxDepth {
		r.fail("nesting deeper than %d", maxDepth)
	}
	if r.err != nil {
		return dst
	}
	if ref, ok := s.(*avro.RefSchema); ok {
		s = ref.Schema()
	}
	switch s := s.(type) {
	case *avro.NullSchema:
		return append(dst, "null"...)
	case *avro.PrimitiveSchema:
		return r.primitive(dst, s)
	case *avro.RecordSchema:
		dst = append(dst, '{')
		for i, f := range s.Fields() {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSONString(dst, f.Name())
			dst = append(dst, ':')
			dst = r.value(dst, f.Type(), depth+1)
		}
		return append(dst, '}')
	case *avro.EnumSchema:
		i := r.long()
		syms := s.Symbols()
		if i < 0 || i >= int64(len(syms)) {
			r.fail("enum %s index %d out of range", s.FullName(), i)
			return dst
		}
		return appendJSONString(dst, syms[i])
	case *avro.ArraySchema:
		return r.blocks(dst, '[', ']', func(dst []byte) []byte { return r.value(dst, s.Items(), depth+1) })
	case *avro.MapSchema:
		return r.blocks(dst, '{', '}', func(dst []byte) []byte {
			dst = appendJSONBytesString(dst, r.bytes())
			dst = append(dst, ':')
			return r.value(dst, s.Values(), depth+1)
		})
	case *avro.UnionSchema:
		return r.union(dst, s, depth)
	case *avro.FixedSchema:
		p := r.take(s.Size())
		if d, ok := s.Logical().(*avro.DecimalLogicalSchema); ok {
			return appendDecimal(dst, p, d.Scale())
		}
		return appendBase64(dst, p)
	}
	r.fail("unsupported avro schema type %s", s.Type())
	return dst
}

// blocks appends an Avro array or map, written as blocks of items ended by
// a zero count.
func (r *avroReader) blocks(dst []byte, open, closing byte, item func([]byte) []byte) []byte {
	dst = append(dst, open)
	first := true
	for r.err == nil {
		n := r.long()
		if n == 0 {
			break
		}
		if n < 0 { // a negative count is followed by the block's size in bytes
			n = -n
			r.long()
		}
		if n > maxItems {
			r.fail("block of %d items at byte %d is larger than the payload", n, r.pos)
			break
		}
		for ; n > 0 && r.err == nil; n-- {
			if !first {
				dst = append(dst, ',')
			}
			first = false
			dst = item(dst)
		}
	}
	return append(dst, closing)
}

// union appends null for a null branch, else {"branch": value}, the Avro
// JSON encoding of a union.
func (r *avroReader) union(dst []byte, s *avro.UnionSchema, depth int) []byte {
	i := r.long()
	types := s.Types()
	if r.err != nil {
		return dst
	}
	if i < 0 || i >= int64(len(types)) {
		r.fail("union branch %d out of range", i)
		return dst
	}
	t := types[i]
	if t.Type() == avro.Null {
		return append(dst, "null"...)
	}
	dst = append(dst, '{')
	dst = appendJSONString(dst, branchName(t))
	dst = append(dst, ':')
	dst = r.value(dst, t, depth+1)
	return append(dst, '}')
}

// branchName is the name a union branch has in Avro's JSON encoding.
func branchName(s avro.Schema) string {
	if ref, ok := s.(*avro.RefSchema); ok {
		s = ref.Schema()
	}
	if n, ok := s.(avro.NamedSchema); ok {
		return n.FullName()
	}
	return string(s.Type())
}

// primitive appends a primitive value, in its logical form when it has one.
func (r *avroReader) primitive(dst []byte, s *avro.PrimitiveSchema) []byte {
	var logical avro.LogicalType
	if l := s.Logical(); l != nil {
		logical = l.Type()
	}
	switch s.Type() {
	case avro.Null:
		return append(dst, "null"...)
	case avro.Boolean:
		p := r.take(1)
		if p == nil {
			return dst
		}
		if p[0] > 1 {
			r.fail("boolean byte %d is neither 0 nor 1", p[0])
		}
		return strconv.AppendBool(dst, p[0] == 1)
	case avro.Int, avro.Long:
		v := r.long()
		if s.Type() == avro.Int && (v < math.MinInt32 || v > math.MaxInt32) {
			r.fail("int %d out of range", v)
		}
		return appendAvroNumber(dst, v, logical)
	case avro.Float:
		p := r.take(4)
		if p == nil {
			return dst
		}
		return appendFloat(dst, float64(math.Float32frombits(binary.LittleEndian.Uint32(p))), 32)
	case avro.Double:
		p := r.take(8)
		if p == nil {
			return dst
		}
		return appendFloat(dst, math.Float64frombits(binary.LittleEndian.Uint64(p)), 64)
	case avro.String:
		return appendJSONBytesString(dst, r.bytes())
	case avro.Bytes:
		p := r.bytes()
		if d, ok := s.Logical().(*avro.DecimalLogicalSchema); ok {
			return appendDecimal(dst, p, d.Scale())
		}
		return appendBase64(dst, p)
	}
	r.fail("unsupported avro type %s", s.Type())
	return dst
}

// appendAvroNumber appends an int or long, as a date or time string when its
// logical type says it is one.
func appendAvroNumber(dst []byte, v int64, logical avro.LogicalType) []byte {
	var t time.Time
	layout := ""
	switch logical {
	case avro.Date:
		t, layout = time.Unix(v*86400, 0).UTC(), "2006-01-02"
	case avro.TimestampMillis:
		t, layout = time.UnixMilli(v).UTC(), time.RFC3339Nano
	case avro.TimestampMicros:
		t, layout = time.UnixMicro(v).UTC(), time.RFC3339Nano
	case avro.LocalTimestampMillis:
		t, layout = time.UnixMilli(v).UTC(), "2006-01-02T15:04:05.999999999"
	case avro.LocalTimestampMicros:
		t, layout = time.UnixMicro(v).UTC(), "2006-01-02T15:04:05.999999999"
	case avro.TimeMillis:
		t, layout = time.UnixMilli(v).UTC(), "15:04:05.999"
	case avro.TimeMicros:
		t, layout = time.UnixMicro(v).UTC(), "15:04:05.999999"
	default:
		return strconv.AppendInt(dst, v, 10)
	}
	dst = append(dst, '"')
	dst = t.AppendFormat(dst, layout)
	return append(dst, '"')
}

// appendFloat appends a float as a JSON number, or as a string for NaN and
// the infinities, which JSON cannot hold.
func appendFloat(dst []byte, f float64, bits int) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return appendJSONString(dst, strconv.FormatFloat(f, 'g', -1, bits))
	}
	return strconv.AppendFloat(dst, f, 'g', -1, bits)
}

// appendDecimal appends a decimal's two's-complement big-endian unscaled
// value as a JSON string with scale digits after the point, so no precision
// is lost to a float.
func appendDecimal(dst, p []byte, scale int) []byte {
	n := new(big.Int).SetBytes(p)
	if len(p) > 0 && p[0]&0x80 != 0 {
		n.Sub(n, new(big.Int).Lsh(big.NewInt(1), uint(len(p)*8)))
	}
	s := n.String()
	neg := false
	if s[0] == '-' {
		neg, s = true, s[1:]
	}
	if scale > 0 {
		for len(s) <= scale {
			s = "0" + s
		}
		s = s[:len(s)-scale] + "." + s[len(s)-scale:]
	}
	if neg {
		s = "-" + s
	}
	return appendJSONString(dst, s)
}

// appendBase64 appends bytes as a JSON string in standard base64.
func appendBase64(dst, p []byte) []byte {
	dst = append(dst, '"')
	dst = base64.StdEncoding.AppendEncode(dst, p)
	return append(dst, '"')
}
