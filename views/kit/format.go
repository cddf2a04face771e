package kit

import (
	"strconv"
	"strings"

	"kscope/kafkaops"
)

// FormatCount renders n with thousands separators: 1234567 → "1,234,567".
func FormatCount(n int64) string {
	s := strconv.FormatInt(n, 10)
	sign := ""
	if n < 0 {
		sign, s = "-", s[1:]
	}
	if len(s) <= 3 {
		return sign + s
	}
	var b strings.Builder
	b.WriteString(sign)
	head := len(s) % 3
	if head == 0 {
		head = 3
	}
	b.WriteString(s[:head])
	for i := head; i < len(s); i += 3 {
		b.WriteByte(',')
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// HumanMillis renders a duration config in milliseconds (retention.ms,
// segment.ms) in the units a person reads: "604800000" → "7d",
// "5400000" → "1h30m", "-1" → "forever". Every non-zero unit is kept, so
// the rendering is exact. A value that is not a number is returned
// sanitized.
func HumanMillis(v string) string {
	ms, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	switch {
	case err != nil:
		return Sanitize(v)
	case ms < 0:
		return "forever"
	case ms == 0:
		return "0"
	}
	units := []struct {
		name string
		ms   int64
	}{
		{"d", 24 * 3600 * 1000},
		{"h", 3600 * 1000},
		{"m", 60 * 1000},
		{"s", 1000},
		{"ms", 1},
	}
	var b strings.Builder
	for _, u := range units {
		if q := ms / u.ms; q > 0 {
			b.WriteString(strconv.FormatInt(q, 10))
			b.WriteString(u.name)
			ms -= q * u.ms
		}
	}
	return b.String()
}

// HumanBytes renders a size config in bytes (retention.bytes,
// segment.bytes) in binary units: "1073741824" → "1GiB", "1536" →
// "1.5KiB", "-1" → "unlimited". A value that is not a number is returned
// sanitized.
func HumanBytes(v string) string {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	switch {
	case err != nil:
		return Sanitize(v)
	case n < 0:
		return "unlimited"
	case n < 1024:
		return strconv.FormatInt(n, 10) + "B"
	}
	units := []string{"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	f := float64(n)
	i := -1
	for f >= 1024 && i < len(units)-1 {
		f /= 1024
		i++
	}
	s := strconv.FormatFloat(f, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	return s + units[i]
}

// PluralCount renders n with thousands separators and a noun, adding "s"
// unless n is 1: "1 topic", "3,000 topics".
func PluralCount(n int64, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return FormatCount(n) + " " + what + "s"
}

// couldNot says that action failed and why, in one line. The service's
// errors often already start with the action ("list topics: cannot reach
// ..."): it is then said once, not twice.
func couldNot(action string, err error) string {
	return "Could not " + action + ": " + strings.TrimPrefix(kafkaops.Describe(err), action+": ")
}

// StateLabel shortens the rebalancing states to fit a column.
func StateLabel(s string) string {
	switch s {
	case "PreparingRebalance", "CompletingRebalance":
		return "Rebalancing"
	case "":
		return "?"
	}
	return Sanitize(s)
}
