package kafkaops

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// TailFrom is where a tail starts and which partitions it reads: the
// words of `kscope tail TOPIC --from … --partition …`, of the palette's
// `:tail TOPIC …` and of the tail view's `f` prompt, parsed.
type TailFrom struct {
	Start StartKind
	// Offset is the offset for StartOffset, N for StartLastN.
	Offset int64
	// Time is an absolute start time (StartTimestamp, RFC 3339); Ago a
	// relative one ("10m"), resolved when the tail starts.
	Time time.Time
	Ago  time.Duration
	// Partition is the one partition to read, or -1 for all.
	Partition int
}

// TailFromEnd is the default: new records only, every partition.
var TailFromEnd = TailFrom{Start: StartEnd, Partition: -1}

// tailFromHint lists the start words, for error messages and the prompt.
const tailFromHint = "end, beginning, -N (last N per partition), @OFFSET, a duration such as 10m, or an RFC 3339 time"

// ParseTailStart reads one start word: `end` (or `latest`, `now`),
// `beginning` (or `earliest`, `start`), `-N` for the last N records of
// every partition, `@OFFSET`, a duration ago (`10m`, `1h30m`, `2d`) or a
// time (RFC 3339, or a date `2006-01-02` in local time).
func ParseTailStart(word string) (TailFrom, error) {
	f := TailFromEnd
	w := strings.TrimSpace(word)
	switch strings.ToLower(w) {
	case "", "end", "latest", "now", "new":
		return f, nil
	case "beginning", "earliest", "start", "begin", "oldest":
		f.Start = StartBeginning
		return f, nil
	}
	switch {
	case strings.HasPrefix(w, "-"):
		n, err := strconv.ParseInt(w[1:], 10, 64)
		if err != nil || n <= 0 {
			return f, fmt.Errorf("%q: -N needs a positive count, as in -10 (the last 10 records of every partition)", w)
		}
		f.Start, f.Offset = StartLastN, n
		return f, nil
	case strings.HasPrefix(w, "@"):
		n, err := strconv.ParseInt(w[1:], 10, 64)
		if err != nil || n < 0 {
			return f, fmt.Errorf("%q: @OFFSET needs an offset of 0 or more, as in @42", w)
		}
		f.Start, f.Offset = StartOffset, n
		return f, nil
	}
	if d, ok := parseAgo(w); ok {
		if d <= 0 {
			return f, fmt.Errorf("%q: a duration ago must be positive, as in 10m", w)
		}
		f.Start, f.Ago = StartTimestamp, d
		return f, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
		loc := time.Local
		if t, err := time.ParseInLocation(layout, w, loc); err == nil {
			f.Start, f.Time = StartTimestamp, t
			return f, nil
		}
	}
	if _, err := strconv.ParseInt(w, 10, 64); err == nil {
		return f, fmt.Errorf("%q: write @%s for an offset or -%s for the last %s records of every partition", w, w, w, w)
	}
	return f, fmt.Errorf("cannot read start %q: use %s", w, tailFromHint)
}

// parseAgo reads a Go duration, with `d` for days too ("2d", "1d12h").
func parseAgo(w string) (time.Duration, bool) {
	if w == "" || !(w[0] >= '0' && w[0] <= '9') {
		return 0, false
	}
	var days time.Duration
	if i := strings.IndexByte(w, 'd'); i > 0 {
		n, err := strconv.Atoi(w[:i])
		if err != nil {
			return 0, false
		}
		days = time.Duration(n) * 24 * time.Hour
		if w = w[i+1:]; w == "" {
			return days, true
		}
	}
	d, err := time.ParseDuration(w)
	if err != nil {
		return 0, false
	}
	return days + d, true
}

// ParseTailArgs reads the words after a topic: an optional start word
// (see ParseTailStart), also as `--from X` or `from X`, and an optional
// partition as `partition N`, `p N`, `-p N` or `--partition N` (with or
// without `=`). `:tail bankbranch beginning partition 1` and
// `kscope tail bankbranch --from beginning --partition 1` mean the same.
func ParseTailArgs(words []string) (TailFrom, error) {
	f := TailFromEnd
	var from string
	fromSet := false
	for i := 0; i < len(words); i++ {
		w := words[i]
		if w == "" {
			continue
		}
		name, val, hasVal := strings.Cut(w, "=")
		switch strings.ToLower(strings.TrimLeft(name, "-")) {
		case "partition", "p":
			if !hasVal {
				if i+1 >= len(words) {
					return f, errors.New("partition needs a number, as in partition 0")
				}
				i++
				val = words[i]
			}
			n, err := strconv.Atoi(val)
			if err != nil || n < 0 {
				return f, fmt.Errorf("partition %q: want a partition number, 0 or more", val)
			}
			f.Partition = n
			continue
		case "from":
			if !hasVal {
				if i+1 >= len(words) {
					return f, fmt.Errorf("from needs a start: %s", tailFromHint)
				}
				i++
				val = words[i]
			}
			w = val
		}
		if fromSet {
			return f, fmt.Errorf("%q: only one start position, got %q already", w, from)
		}
		from, fromSet = w, true
	}
	s, err := ParseTailStart(from)
	if err != nil {
		return f, err
	}
	s.Partition = f.Partition
	return s, nil
}

// Request builds the back-end's request for topic, resolving a relative
// time against now.
func (f TailFrom) Request(topic string, now time.Time) TailRequest {
	r := TailRequest{Topic: topic, Start: f.Start, Offset: f.Offset, Time: f.Time}
	if f.Start == StartTimestamp && f.Ago > 0 {
		r.Time = now.Add(-f.Ago)
	}
	if r.Start == StartTimestamp && beforeEpoch(r.Time) {
		// A negative timestamp is a list-offsets sentinel (-1 latest,
		// -2 earliest), not a time: a start before 1970 would read as
		// "the end" and show nothing. Every record is after it.
		r.Start, r.Time = StartBeginning, time.Time{}
	}
	if f.Partition >= 0 {
		r.Partitions = []int{f.Partition}
	}
	return r
}

// beforeEpoch reports whether t is before 1970-01-01, where Kafka
// timestamps start. An Ago so large that now.Add wrapped round lands
// there too.
func beforeEpoch(t time.Time) bool { return t.UnixMilli() < 0 }

// String says in words where the tail starts and what it reads:
// "from the end · all partitions".
func (f TailFrom) String() string {
	var s string
	switch f.Start {
	case StartBeginning:
		s = "from the beginning"
	case StartOffset:
		s = "from offset " + strconv.FormatInt(f.Offset, 10)
	case StartLastN:
		s = "last " + strconv.FormatInt(f.Offset, 10) + " per partition"
	case StartTimestamp:
		if f.Ago > 0 {
			s = "since " + shortDuration(f.Ago) + " ago"
		} else {
			s = "since " + f.Time.Format(time.RFC3339)
		}
	default:
		s = "new records"
	}
	if f.Partition >= 0 {
		return s + " · partition " + strconv.Itoa(f.Partition)
	}
	return s + " · all partitions"
}

// Words renders f back as the words ParseTailArgs reads, for the `f`
// prompt's starting text.
func (f TailFrom) Words() string {
	var s string
	switch f.Start {
	case StartBeginning:
		s = "beginning"
	case StartOffset:
		s = "@" + strconv.FormatInt(f.Offset, 10)
	case StartLastN:
		s = "-" + strconv.FormatInt(f.Offset, 10)
	case StartTimestamp:
		if f.Ago > 0 {
			s = shortDuration(f.Ago)
		} else {
			s = f.Time.Format(time.RFC3339)
		}
	default:
		s = "end"
	}
	if f.Partition >= 0 {
		s += " partition " + strconv.Itoa(f.Partition)
	}
	return s
}

// shortDuration is d without zero trailing units: 10m, not 10m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}
