package kafkaops

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

// errNotAmount marks a value that is neither a number nor an amount in
// the config's unit.
var errNotAmount = errors.New("not an amount")

// durationUnits are the units kscope shows durations in, largest first
// (kit.HumanMillis), in milliseconds.
var durationUnits = []struct {
	name string
	ms   int64
}{
	{"ms", 1}, // before "m" and "s", so "500ms" is not read as minutes
	{"d", 24 * 3600 * 1000},
	{"h", 3600 * 1000},
	{"m", 60 * 1000},
	{"s", 1000},
}

// sizeUnits are the units kscope shows sizes in (kit.HumanBytes), longest
// first so that "KiB" is not read as "B".
var sizeUnits = []struct {
	name  string
	bytes float64
}{
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40}, {"PiB", 1 << 50}, {"EiB", 1 << 60},
	{"B", 1},
}

// parseConfigLong reads a whole number, or for unit "ms" a duration such
// as "1d", "2h30m" or "forever" (-1), for unit "bytes" a size such as
// "1MiB", "1.5GiB" or "unlimited" (-1).
func parseConfigLong(value, unit string) (int64, error) {
	v := strings.TrimSpace(value)
	if i, err := strconv.ParseInt(v, 10, 64); err == nil {
		return i, nil
	}
	switch unit {
	case "ms":
		if v == "forever" {
			return -1, nil
		}
		return parseDuration(v)
	case "bytes":
		if v == "unlimited" {
			return -1, nil
		}
		return parseSize(v)
	}
	return 0, errNotAmount
}

// parseDuration reads whole amounts with units: "1d", "2h30m", "500ms".
func parseDuration(v string) (int64, error) {
	if v == "" {
		return 0, errNotAmount
	}
	var total int64
	for v != "" {
		n := 0
		for n < len(v) && v[n] >= '0' && v[n] <= '9' {
			n++
		}
		if n == 0 {
			return 0, errNotAmount
		}
		q, err := strconv.ParseInt(v[:n], 10, 64)
		if err != nil {
			return 0, errNotAmount
		}
		v = v[n:]
		found := false
		for _, u := range durationUnits {
			if strings.HasPrefix(v, u.name) {
				if q > (math.MaxInt64-total)/u.ms {
					return 0, errNotAmount
				}
				total += q * u.ms
				v, found = v[len(u.name):], true
				break
			}
		}
		if !found {
			return 0, errNotAmount
		}
	}
	return total, nil
}

// parseSize reads a number with one unit: "1MiB", "1.5GiB", "512B". The
// result must be a whole number of bytes.
func parseSize(v string) (int64, error) {
	for _, u := range sizeUnits {
		num, ok := strings.CutSuffix(v, u.name)
		if !ok {
			continue
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
		if err != nil || f < 0 {
			return 0, errNotAmount
		}
		b := f * u.bytes
		if b != math.Trunc(b) || b >= math.MaxInt64 {
			return 0, errNotAmount
		}
		return int64(b), nil
	}
	return 0, errNotAmount
}

// configAmount writes a limit for a message: the number, and in the
// config's unit when that reads better ("1048576 (1MiB)").
func configAmount(n int64, unit string) string {
	s := strconv.FormatInt(n, 10)
	if unit == "bytes" && n >= 1<<10 {
		for i := len(sizeUnits) - 2; i >= 0; i-- {
			u := sizeUnits[i]
			if q := float64(n) / u.bytes; q >= 1 && q == math.Trunc(q) {
				return s + " (" + strconv.FormatFloat(q, 'f', -1, 64) + u.name + ")"
			}
		}
	}
	return s
}
