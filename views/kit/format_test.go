package kit

import (
	"errors"
	"testing"
)

func TestFormatCount(t *testing.T) {
	tests := map[int64]string{
		0: "0", 7: "7", 999: "999", 1000: "1,000", 12345: "12,345",
		123456: "123,456", 1234567: "1,234,567", -1234: "-1,234", -12: "-12",
	}
	for n, want := range tests {
		if got := FormatCount(n); got != want {
			t.Errorf("FormatCount(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestHumanMillis(t *testing.T) {
	tests := map[string]string{
		"604800000":  "7d",
		"5400000":    "1h30m",
		"-1":         "forever",
		"0":          "0",
		"1500":       "1s500ms",
		"86400001":   "1d1ms",
		"60000":      "1m",
		"abc":        "abc",
		"bad\x1b[2J": `bad\x1b[2J`,
	}
	for in, want := range tests {
		if got := HumanMillis(in); got != want {
			t.Errorf("HumanMillis(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHumanBytes(t *testing.T) {
	tests := map[string]string{
		"-1":         "unlimited",
		"0":          "0B",
		"1023":       "1023B",
		"1024":       "1KiB",
		"1536":       "1.5KiB",
		"1073741824": "1GiB",
		"104857600":  "100MiB",
		"x":          "x",
	}
	for in, want := range tests {
		if got := HumanBytes(in); got != want {
			t.Errorf("HumanBytes(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCouldNotSaysTheActionOnce(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{errors.New("list topics: cannot reach 127.0.0.1:9: connection refused"), "Could not list topics: cannot reach 127.0.0.1:9: connection refused"},
		{errors.New("boom"), "Could not list topics: boom"},
		{errors.New("list topicsX: boom"), "Could not list topics: list topicsX: boom"},
	} {
		if got := couldNot("list topics", tc.err); got != tc.want {
			t.Errorf("couldNot(%q) = %q, want %q", tc.err, got, tc.want)
		}
	}
}
