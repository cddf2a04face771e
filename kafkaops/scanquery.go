package kafkaops

import (
	"fmt"
	"strings"
	"time"
)

// ScanQuery is a search query read into its window and its filter: the
// words `from:X` and `to:X` take the tail's start words (`beginning`,
// `end`, `1h` or `-1h` for an hour ago, `@OFFSET`, `-N`, an RFC 3339
// time) and bound the window by time or offset; the rest is the filter
// language, whose `offset:` and `p:` terms narrow the window further.
// The search screen and the copy of its matches read the same text.
type ScanQuery struct {
	// From is where the window starts: the beginning unless from: says.
	From TailFrom
	// To is where it ends, exclusive; nil is the high watermark.
	To *TailFrom
	// Filter is the rest of the query, read (nil matches everything);
	// FilterText is that rest as written.
	Filter     *Filter
	FilterText string
}

// ParseScanQuery reads a search query: its from: and to: words, then the
// rest as a filter.
func ParseScanQuery(q string) (ScanQuery, error) {
	sq := ScanQuery{From: TailFrom{Start: StartBeginning, Partition: -1}}
	var rest []string
	for _, w := range strings.Fields(q) {
		name, word, ok := strings.Cut(w, ":")
		name = strings.ToLower(name)
		if !ok || (name != "from" && name != "to") {
			rest = append(rest, w)
			continue
		}
		f, err := parseWindowWord(word)
		if err != nil {
			return ScanQuery{}, fmt.Errorf("%s: %w", name, err)
		}
		if name == "from" {
			sq.From = f
		} else {
			sq.To = &f
		}
	}
	sq.FilterText = strings.Join(rest, " ")
	if len(rest) == len(strings.Fields(q)) {
		// No window words: keep the query's own spacing for the filter.
		sq.FilterText = strings.TrimSpace(q)
	}
	f, err := ParseFilter(sq.FilterText)
	if err != nil {
		return ScanQuery{}, err
	}
	sq.Filter = f
	return sq, nil
}

// parseWindowWord reads one start word as the tail does, and also `-1h`
// for an hour ago (the tail's -N is a count of records).
func parseWindowWord(w string) (TailFrom, error) {
	if w == "" {
		return TailFrom{}, fmt.Errorf("a start word is missing: use %s", tailFromHint)
	}
	if strings.HasPrefix(w, "-") {
		if d, ok := parseAgo(w[1:]); ok && d > 0 {
			return TailFrom{Start: StartTimestamp, Ago: d, Partition: -1}, nil
		}
	}
	return ParseTailStart(w)
}

// Request builds the scan of topic, resolving relative times against
// now; the caller sets Limit and the rest.
func (q ScanQuery) Request(topic string, now time.Time) ScanRequest {
	r := ScanRequest{Topic: topic, From: q.From.Bound(now), Filter: q.Filter}
	if q.To != nil {
		r.To = q.To.Bound(now)
	}
	return r
}

// Windowed reports whether from: or to: narrowed the window.
func (q ScanQuery) Windowed() bool { return q.From.Start != StartBeginning || q.To != nil }

// Window says the window in words: "from the beginning to the end",
// "since 1h ago to offset 200".
func (q ScanQuery) Window() string {
	from := q.From
	from.Partition = -1
	s := strings.TrimSuffix(from.String(), " · all partitions")
	if q.To == nil {
		return s + " to the end"
	}
	to := *q.To
	switch to.Start {
	case StartBeginning:
		return s + " to the beginning"
	case StartOffset:
		return s + fmt.Sprintf(" to offset %d", to.Offset)
	case StartLastN:
		return s + fmt.Sprintf(" to %d before the end", to.Offset)
	case StartTimestamp:
		if to.Ago > 0 {
			return s + " to " + shortDuration(to.Ago) + " ago"
		}
		return s + " to " + to.Time.Format(time.RFC3339)
	}
	return s + " to the end"
}
