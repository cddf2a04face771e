// Package kwire holds the small pieces of Kafka's wire format that both
// the client (kafkaops) and the bundled broker (broker) read by hand.
package kwire

import (
	"encoding/binary"
	"errors"
)

// ErrBadTags says a flexible header's tagged-field section is damaged.
var ErrBadTags = errors.New("bad tagged fields in a message header")

// SkipTags skips the tagged fields of a flexible request or response
// header and returns what follows them.
func SkipTags(b []byte) ([]byte, error) {
	n, k := binary.Uvarint(b)
	if k <= 0 {
		return nil, ErrBadTags
	}
	b = b[k:]
	for range n {
		if _, k = binary.Uvarint(b); k <= 0 {
			return nil, ErrBadTags
		}
		b = b[k:]
		size, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < size {
			return nil, ErrBadTags
		}
		b = b[k+int(size):]
	}
	return b, nil
}
