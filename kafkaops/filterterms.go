package kafkaops

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// This file holds the filter language's scoping terms: words of a query
// that narrow which records the main text is tried on. A query is its
// terms plus the rest, and a record passes when it passes every term and
// the rest (an empty rest matches every record):
//
//   - `p:0-3` (or `partition:0-3`): the partition is in a list of numbers
//     and inclusive ranges, as in `p:1,4-6`;
//   - `offset:100-200`: the offset is in such a list; a range may be
//     open, as in `offset:1000-` or `offset:-99`;
//   - `key:TEXT`: the key holds TEXT (smart case, as plain text);
//   - `header:NAME` or `header:NAME=VALUE`: a header named NAME exists,
//     with exactly that value when one is given.
//
// A term is a whole word, anywhere in the query; a query without terms
// means exactly what it meant before terms existed.

// int64Range is an inclusive range of partitions or offsets.
type int64Range struct{ lo, hi int64 }

// headerTerm is a `header:NAME[=VALUE]` term.
type headerTerm struct {
	name    string
	value   []byte
	byValue bool
}

// filterTerms are a query's scoping terms; zero values mean no scope.
type filterTerms struct {
	partitions []int64Range
	offsets    []int64Range
	key        []byte // key substring, lower case when keyFold
	keyFold    bool
	hasKey     bool
	headers    []headerTerm
	words      []string // the terms as written, for Describe
}

var (
	partitionTerm = regexp.MustCompile(`^(?:p|partition):([0-9][0-9,\-]*)$`)
	offsetTerm    = regexp.MustCompile(`^offset:([0-9\-][0-9,\-]*)$`)
)

// splitTerms takes the scoping terms out of q and returns the rest, with
// the spaces around it trimmed when a term was taken. A query without
// terms is returned as it is.
func splitTerms(q string) (rest string, t filterTerms, err error) {
	for _, w := range strings.Fields(q) {
		ok, err := t.add(w)
		if err != nil {
			return "", t, err
		}
		if ok {
			t.words = append(t.words, w)
		}
	}
	if len(t.words) == 0 {
		return q, t, nil
	}
	// Keep the rest's own spacing: cut the terms out of q rather than
	// join the other words.
	rest = q
	for _, w := range t.words {
		rest = cutWord(rest, w)
	}
	return strings.TrimSpace(rest), t, nil
}

// cutWord removes the first whole-word occurrence of w from s, with the
// space before it (or after it, at the start).
func cutWord(s, w string) string {
	for from := 0; ; {
		i := strings.Index(s[from:], w)
		if i < 0 {
			return s
		}
		i += from
		end := i + len(w)
		startOK := i == 0 || isSpace(s[i-1])
		endOK := end == len(s) || isSpace(s[end])
		if startOK && endOK {
			lo := i
			for lo > 0 && isSpace(s[lo-1]) {
				lo--
			}
			if lo == 0 {
				for end < len(s) && isSpace(s[end]) {
					end++
				}
			}
			return s[:lo] + s[end:]
		}
		from = i + 1
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// add reads w as a term; false when w is not one.
func (t *filterTerms) add(w string) (bool, error) {
	if m := partitionTerm.FindStringSubmatch(w); m != nil {
		rs, err := parseRanges(m[1], false)
		if err != nil {
			return false, fmt.Errorf("%s: %w", w, err)
		}
		t.partitions = append(t.partitions, rs...)
		return true, nil
	}
	if m := offsetTerm.FindStringSubmatch(w); m != nil {
		rs, err := parseRanges(m[1], true)
		if err != nil {
			return false, fmt.Errorf("%s: %w", w, err)
		}
		t.offsets = append(t.offsets, rs...)
		return true, nil
	}
	if k, ok := strings.CutPrefix(w, "key:"); ok && k != "" {
		if t.hasKey {
			return false, fmt.Errorf("%s: only one key: term", w)
		}
		t.hasKey = true
		t.keyFold = !hasUpper(k)
		t.key = []byte(k)
		if t.keyFold {
			t.key = []byte(strings.ToLower(k))
		}
		return true, nil
	}
	if h, ok := strings.CutPrefix(w, "header:"); ok && h != "" && h[0] != '=' {
		name, value, byValue := strings.Cut(h, "=")
		t.headers = append(t.headers, headerTerm{name: name, value: []byte(value), byValue: byValue})
		return true, nil
	}
	return false, nil
}

// parseRanges reads "1,4-6" as inclusive ranges; open ends ("5-", "-9")
// only when open is true.
func parseRanges(s string, open bool) ([]int64Range, error) {
	var out []int64Range
	for part := range strings.SplitSeq(s, ",") {
		if part == "" {
			return nil, errors.New("empty range")
		}
		loS, hiS, isRange := strings.Cut(part, "-")
		r := int64Range{lo: 0, hi: math.MaxInt64}
		var err error
		switch {
		case !isRange:
			r.lo, err = strconv.ParseInt(loS, 10, 64)
			r.hi = r.lo
		case (loS == "" || hiS == "") && !open:
			return nil, fmt.Errorf("range %q needs both ends", part)
		default:
			if loS != "" {
				r.lo, err = strconv.ParseInt(loS, 10, 64)
			}
			if err == nil && hiS != "" {
				r.hi, err = strconv.ParseInt(hiS, 10, 64)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("range %q: want numbers, as in 100-200", part)
		}
		if r.hi < r.lo {
			return nil, fmt.Errorf("range %q ends before it starts", part)
		}
		out = append(out, r)
	}
	return out, nil
}

func inRanges(rs []int64Range, v int64) bool {
	if len(rs) == 0 {
		return true
	}
	for _, r := range rs {
		if v >= r.lo && v <= r.hi {
			return true
		}
	}
	return false
}

// match reports whether r passes every term.
func (t *filterTerms) match(r *Record) bool {
	if !inRanges(t.partitions, int64(r.Partition)) || !inRanges(t.offsets, r.Offset) {
		return false
	}
	if t.hasKey && !t.keyMatch(r.Key) && !t.keyMatch(r.KeyDecoded) {
		return false
	}
	for _, h := range t.headers {
		if !hasHeader(r.Headers, h) {
			return false
		}
	}
	return true
}

// keyMatch reports whether key holds the key: term's text.
func (t *filterTerms) keyMatch(key []byte) bool {
	if key == nil {
		return false
	}
	if t.keyFold {
		return containsFold(key, t.key)
	}
	return strings.Contains(string(key), string(t.key))
}

func hasHeader(hs []Header, want headerTerm) bool {
	for _, h := range hs {
		if h.Key == want.name && (!want.byValue || string(h.Value) == string(want.value)) {
			return true
		}
	}
	return false
}

// scoped reports whether any term was given.
func (t *filterTerms) scoped() bool { return len(t.words) > 0 }

// PartitionAllowed reports whether the filter's partition terms let
// records of partition p through; true when it has none. A scan skips
// the partitions it rules out.
func (f *Filter) PartitionAllowed(p int) bool {
	return f == nil || inRanges(f.terms.partitions, int64(p))
}

// OffsetBounds returns the lowest and highest offset the filter's offset
// terms let through (0 and math.MaxInt64 without such terms): a scan
// reads only that span of each partition.
func (f *Filter) OffsetBounds() (lo, hi int64) {
	if f == nil || len(f.terms.offsets) == 0 {
		return 0, math.MaxInt64
	}
	lo, hi = math.MaxInt64, 0
	for _, r := range f.terms.offsets {
		lo, hi = min(lo, r.lo), max(hi, r.hi)
	}
	return lo, hi
}
