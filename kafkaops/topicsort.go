package kafkaops

import (
	"encoding/binary"
	"slices"
	"strings"

	"kscope/internal/permute"
)

// prefixSortMin is the fewest topics sortTopicsByName sorts by keys; below
// it a plain sort is as fast.
const prefixSortMin = 1024

// sortTopicsByName sorts topics by name. A broker lists them in the order
// of its own map, and at 100,000 topics a plain sort of the Topics
// (comparing names through 48-byte structs, moving the structs) was about
// 45 ms of the explorer's launch. Here each name gets a key: the eight
// bytes after the prefix every name shares, as a big-endian integer (zero
// bytes past the end). The keys are radix-sorted in a small array, the
// names themselves compared only where two keys are equal, and each Topic
// moves once.
func sortTopicsByName(topics []Topic) {
	if len(topics) < prefixSortMin {
		slices.SortFunc(topics, func(a, b Topic) int { return strings.Compare(a.Name, b.Name) })
		return
	}
	skip := sharedPrefix(topics)
	keys := make([]nameKey, len(topics))
	for i := range topics {
		keys[i] = nameKey{head: nameHead(topics[i].Name, skip), pos: int32(i)}
	}
	keys = radixSortHeads(keys)
	// Equal heads (names that agree for eight more bytes): by the rest.
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j].head == keys[i].head {
			j++
		}
		if j-i > 1 {
			slices.SortFunc(keys[i:j], func(a, b nameKey) int {
				return strings.Compare(topics[a.pos].Name[skip:], topics[b.pos].Name[skip:])
			})
		}
		i = j
	}
	order := make([]int32, len(keys))
	for i, k := range keys {
		order[i] = k.pos
	}
	permute.Apply(topics, order)
}

// radixSortHeads sorts keys by head, a byte at a time from the lowest
// (least significant digit first, each pass stable), skipping a byte every
// head shares; it returns the sorted keys, in keys or in a second array.
func radixSortHeads(keys []nameKey) []nameKey {
	tmp := make([]nameKey, len(keys))
	for shift := uint(0); shift < 64; shift += 8 {
		var count [256]int
		for _, k := range keys {
			count[byte(k.head>>shift)]++
		}
		if count[byte(keys[0].head>>shift)] == len(keys) {
			continue // every head has this byte
		}
		at := 0
		for b, n := range count {
			count[b] = at
			at += n
		}
		for _, k := range keys {
			b := byte(k.head >> shift)
			tmp[count[b]] = k
			count[b]++
		}
		keys, tmp = tmp, keys
	}
	return keys
}

// nameKey is what sortTopicsByName sorts: a name's head and its position.
type nameKey struct {
	head uint64
	pos  int32
}

// sharedPrefix is the length of the prefix every topic's name shares.
func sharedPrefix(topics []Topic) int {
	p := topics[0].Name
	for i := 1; i < len(topics) && p != ""; i++ {
		name := topics[i].Name
		n := min(len(p), len(name))
		j := 0
		for j < n && p[j] == name[j] {
			j++
		}
		p = p[:j]
	}
	return len(p)
}

// nameHead is the eight bytes of name from skip on as a big-endian
// integer, zero bytes standing for those past its end: heads order as
// the names' rest does, except that equal heads need the names compared.
func nameHead(name string, skip int) uint64 {
	var b [8]byte
	copy(b[:], name[skip:])
	return binary.BigEndian.Uint64(b[:])
}
