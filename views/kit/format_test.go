package kit

import (
	"errors"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
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

// Issue 13: a field's side note that does not fit beside it goes under
// it, wrapped, and keeps its end.
func TestSideBySideWrapsANoteThatDoesNotFit(t *testing.T) {
	left := FieldLabel(nil, "Partition", false) + "auto"
	note := "auto: round-robin (no key) · 0–1"
	if got := SideBySide(left, note, 100); strings.Count(got, "\n") != 0 || !strings.HasSuffix(got, note) {
		t.Errorf("at 100 columns the note belongs beside the field: %q", got)
	}
	got := SideBySide(left, note, 50)
	lines := strings.Split(got, "\n")
	if len(lines) < 2 || !strings.Contains(strings.Join(lines[1:], " "), "0–1") {
		t.Fatalf("at 50 columns the note lost its end: %q", got)
	}
	for _, l := range lines {
		if w := lipgloss.Width(l); w > 50 {
			t.Errorf("line %q is %d wide", l, w)
		}
	}
}
