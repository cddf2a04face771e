// Package schema decodes and encodes Kafka records written in the Confluent
// wire format (magic byte 0, a 4-byte schema id, for Protobuf a list of
// message indexes, then the payload) with Avro, Protobuf and JSON Schema
// schemas fetched from a Schema Registry. It imports no screen package: a
// screen calls Session.Decode off the UI goroutine and shows the JSON it
// returns, or the record raw with the error's words.
package schema

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Magic is the first byte of every record in the Confluent wire format.
const Magic = 0

// headerLen is the magic byte plus the 4-byte big-endian schema id.
const headerLen = 5

// maxIndexes bounds the Protobuf message-index list a payload may claim, so a
// corrupt length cannot make the decoder allocate without limit.
const maxIndexes = 64

// ErrNotWire is returned for data that does not start with the Confluent
// header (too short, or a first byte other than 0).
var ErrNotWire = errors.New("not in the Confluent wire format (no magic byte 0 and 4-byte schema id)")

// IsWire reports whether b starts with a Confluent wire-format header.
func IsWire(b []byte) bool {
	return len(b) >= headerLen && b[0] == Magic
}

// SplitID returns the schema id in b's header and the bytes after it.
func SplitID(b []byte) (id int, rest []byte, err error) {
	if !IsWire(b) {
		return 0, nil, ErrNotWire
	}
	return int(binary.BigEndian.Uint32(b[1:5])), b[headerLen:], nil
}

// SplitIndexes reads the Protobuf message-index list at the start of b (a
// zig-zag varint count, then that many zig-zag varints; a single 0 stands for
// [0]) and returns it with the payload after it.
func SplitIndexes(b []byte) (indexes []int, payload []byte, err error) {
	n, used := binary.Varint(b)
	if used <= 0 {
		return nil, nil, errors.New("protobuf message-index list: truncated count")
	}
	b = b[used:]
	if n == 0 {
		return []int{0}, b, nil
	}
	if n < 0 || n > maxIndexes {
		return nil, nil, fmt.Errorf("protobuf message-index list: count %d out of range", n)
	}
	indexes = make([]int, n)
	for i := range indexes {
		v, used := binary.Varint(b)
		if used <= 0 {
			return nil, nil, errors.New("protobuf message-index list: truncated index")
		}
		if v < 0 {
			return nil, nil, fmt.Errorf("protobuf message-index list: negative index %d", v)
		}
		indexes[i] = int(v)
		b = b[used:]
	}
	return indexes, b, nil
}

// AppendHeader appends the Confluent header for schema id to dst: the magic
// byte and the id, and when indexes is not nil (Protobuf) the message-index
// list, written as the single byte 0 for [0] as Confluent's serializers do.
func AppendHeader(dst []byte, id int, indexes []int) []byte {
	dst = append(dst, Magic)
	dst = binary.BigEndian.AppendUint32(dst, uint32(id))
	if indexes == nil {
		return dst
	}
	if len(indexes) == 1 && indexes[0] == 0 {
		return append(dst, 0)
	}
	dst = binary.AppendVarint(dst, int64(len(indexes)))
	for _, ix := range indexes {
		dst = binary.AppendVarint(dst, int64(ix))
	}
	return dst
}
