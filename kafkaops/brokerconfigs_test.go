package kafkaops_test

import (
	"strings"
	"testing"

	"kscope/kafkaops"
)

func TestNormalizeBrokerConfig(t *testing.T) {
	for _, tc := range []struct {
		name, value, current, want, err string
	}{
		{name: "log.retention.ms", value: "7d", current: "604800000", want: "604800000"},
		{name: "log.retention.ms", value: "604800000", current: "", want: "604800000"},
		{name: "log.retention.ms", value: "forever", want: "-1"},
		{name: "log.segment.bytes", value: "1GiB", want: "1073741824"},
		{name: "log.retention.bytes", value: "unlimited", want: "-1"},
		{name: "log.retention.ms", value: "soon", err: "log.retention.ms must be a whole number (ms, or 1d, 2h30m, 10s)"},
		{name: "log.retention.ms", value: "-5", err: "must be -1 or more"},
		{name: "num.io.threads", value: "16", current: "8", want: "16"},
		{name: "num.io.threads", value: "many", current: "8", err: "num.io.threads must be a whole number"},
		{name: "auto.create.topics.enable", value: "false", current: "true", want: "false"},
		{name: "auto.create.topics.enable", value: "no", current: "true", err: "must be true or false"},
		{name: "compression.type", value: " zstd ", current: "producer", want: "zstd"},
		{name: "compression.type", value: "  ", current: "producer", err: "needs a value"},
	} {
		got, err := kafkaops.NormalizeBrokerConfig(tc.name, tc.value, tc.current)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("NormalizeBrokerConfig(%s, %q) error = %v, want %q", tc.name, tc.value, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("NormalizeBrokerConfig(%s, %q) = %q, %v; want %q", tc.name, tc.value, got, err, tc.want)
		}
	}
}
