package kafkaops

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// sortTopicsByName orders topics exactly as a plain sort by name does,
// for names that share long prefixes, agree for more than eight bytes
// after them, differ only in length, or hold bytes no Kafka name has.
func TestSortTopicsByNameMatchesAPlainSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	alphabet := "ab.-_0\x00\xff"
	randName := func() string {
		var b strings.Builder
		b.WriteString("shared-prefix.")
		if rng.IntN(3) == 0 {
			b.WriteString("also-shared-for-more-than-eight-bytes.")
		}
		for range rng.IntN(12) {
			b.WriteByte(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String()
	}
	for _, n := range []int{1, 2, 100, prefixSortMin - 1, prefixSortMin, 5000} {
		seen := map[string]bool{}
		var topics []Topic
		for len(topics) < n {
			name := randName()
			if seen[name] {
				continue
			}
			seen[name] = true
			topics = append(topics, Topic{Name: name, Partitions: len(topics)})
		}
		want := slices.Clone(topics)
		slices.SortFunc(want, func(a, b Topic) int { return strings.Compare(a.Name, b.Name) })
		sortTopicsByName(topics)
		for i := range topics {
			if topics[i] != want[i] {
				t.Fatalf("n=%d: at %d got %q (partitions %d), want %q (partitions %d)", n, i, topics[i].Name, topics[i].Partitions, want[i].Name, want[i].Partitions)
			}
		}
	}
}

// Names with no shared prefix and heads that differ only in their low
// bytes (a radix pass per byte) sort too.
func TestSortTopicsByNameNoSharedPrefix(t *testing.T) {
	var topics []Topic
	for i := 3000; i > 0; i-- {
		topics = append(topics, Topic{Name: fmt.Sprintf("%c%07d", 'a'+i%26, i)})
	}
	want := slices.Clone(topics)
	slices.SortFunc(want, func(a, b Topic) int { return strings.Compare(a.Name, b.Name) })
	sortTopicsByName(topics)
	if !slices.Equal(topics, want) {
		t.Fatalf("sorted differently from a plain sort")
	}
}
