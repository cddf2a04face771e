package kafkaops

import (
	"errors"
	"strconv"
	"strings"
)

// NormalizeBrokerConfig checks a new value for the broker config name and
// returns it as Kafka takes it. kscope has no catalogue of broker configs,
// so the rules come from the name and the value the broker has now
// (current): a name ending in ".ms" takes a duration ("7d", "604800000",
// "forever"), one ending in ".bytes" a size ("1GiB", "unlimited"); a
// config whose value is a number now takes a whole number, one that is
// true or false now takes true or false. Anything else is passed as typed.
func NormalizeBrokerConfig(name, value, current string) (string, error) {
	v := strings.TrimSpace(value)
	if v == "" {
		return value, errors.New(name + " needs a value (x removes the override instead)")
	}
	unit := ""
	switch {
	case strings.HasSuffix(name, ".ms"):
		unit = "ms"
	case strings.HasSuffix(name, ".bytes"):
		unit = "bytes"
	}
	_, curErr := strconv.ParseInt(strings.TrimSpace(current), 10, 64)
	switch {
	case unit != "" || curErr == nil:
		n, err := parseConfigLong(v, unit)
		if err != nil {
			return value, errors.New(name + " must be a whole number" + unitSuffix(unit))
		}
		if n < -1 {
			return value, errors.New(name + " must be -1 or more")
		}
		return strconv.FormatInt(n, 10), nil
	case current == "true" || current == "false":
		if v != "true" && v != "false" {
			return value, errors.New(name + " must be true or false")
		}
	}
	return v, nil
}
