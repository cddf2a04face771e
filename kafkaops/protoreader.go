package kafkaops

import (
	"encoding/binary"
	"errors"
)

// protoReader decodes the big-endian primitives of Kafka's wire format
// (the consumer protocol's, and the every-topic Metadata answer read by
// readTopicListing), remembering the first error so callers check once.
// Every count and length is checked against the bytes left before
// anything is sized from it.
type protoReader struct {
	b   []byte
	err error
}

// errShort is a count or length that runs past the end of the data.
var errShort = errors.New("truncated: a count or length runs past the end")

func (r *protoReader) take(n int) []byte {
	if r.err != nil || n < 0 || len(r.b) < n {
		if r.err == nil {
			r.err = errShort
		}
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *protoReader) int16() int16 {
	b := r.take(2)
	if b == nil {
		return 0
	}
	return int16(binary.BigEndian.Uint16(b))
}

func (r *protoReader) int32() int32 {
	b := r.take(4)
	if b == nil {
		return 0
	}
	return int32(binary.BigEndian.Uint32(b))
}

func (r *protoReader) bool() bool {
	b := r.take(1)
	return b != nil && b[0] != 0
}

// bytesOf reads a (nullable) string's bytes without copying them; null
// is nil.
func (r *protoReader) bytesOf() []byte {
	n := r.int16()
	if n < 0 {
		return nil
	}
	return r.take(int(n))
}

// string reads a non-null string: null is an error here.
func (r *protoReader) string() string { return string(r.take(int(r.int16()))) }

// count reads an array length, bounded by what is left so corrupt data
// cannot make us allocate gigabytes.
func (r *protoReader) count() int { return r.countOf(1) }

// countOf reads an array length whose elements take at least size bytes
// each: a null array (-1) is empty, and a count the bytes left cannot
// hold is refused.
func (r *protoReader) countOf(size int) int {
	n := r.int32()
	if n < 0 {
		return 0
	}
	if int64(n)*int64(size) > int64(len(r.b)) {
		r.err = errShort
		return 0
	}
	return int(n)
}

// int32s reads an array of int32.
func (r *protoReader) int32s() []int32 {
	out := make([]int32, r.countOf(4))
	for i := range out {
		out[i] = r.int32()
	}
	return out
}

// skipInt32s skips an array of int32 and returns its length.
func (r *protoReader) skipInt32s() int {
	n := r.countOf(4)
	r.take(4 * n)
	return n
}
