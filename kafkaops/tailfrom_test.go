package kafkaops

import (
	"strings"
	"testing"
	"time"
)

func TestParseTailArgs(t *testing.T) {
	now := time.Date(2024, 5, 17, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		words string
		want  TailRequest
	}{
		{"", TailRequest{Start: StartEnd}},
		{"end", TailRequest{Start: StartEnd}},
		{"beginning", TailRequest{Start: StartBeginning}},
		{"EARLIEST", TailRequest{Start: StartBeginning}},
		{"-5", TailRequest{Start: StartLastN, Offset: 5}},
		{"@42", TailRequest{Start: StartOffset, Offset: 42}},
		{"@0 partition 1", TailRequest{Start: StartOffset, Offset: 0, Partitions: []int{1}}},
		{"10m", TailRequest{Start: StartTimestamp, Time: now.Add(-10 * time.Minute)}},
		{"1d12h", TailRequest{Start: StartTimestamp, Time: now.Add(-36 * time.Hour)}},
		{"2024-05-01T08:00:00Z", TailRequest{Start: StartTimestamp, Time: time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)}},
		{"--from beginning --partition 3", TailRequest{Start: StartBeginning, Partitions: []int{3}}},
		{"--from=-3 -p=0", TailRequest{Start: StartLastN, Offset: 3, Partitions: []int{0}}},
		{"p 2 beginning", TailRequest{Start: StartBeginning, Partitions: []int{2}}},
		// A start before 1970 is before every record: from the beginning,
		// not a negative timestamp that list-offsets reads as "latest".
		{"1969-12-31T23:59:59Z", TailRequest{Start: StartBeginning}},
		{"1900-01-01T00:00:00Z", TailRequest{Start: StartBeginning}},
		{"500000h", TailRequest{Start: StartBeginning}},
		{"1970-01-01T00:00:00Z", TailRequest{Start: StartTimestamp, Time: time.Unix(0, 0)}},
	}
	for _, tc := range tests {
		f, err := ParseTailArgs(strings.Fields(tc.words))
		if err != nil {
			t.Errorf("%q: %v", tc.words, err)
			continue
		}
		got := f.Request("bankbranch", now)
		tc.want.Topic = "bankbranch"
		if got.Start != tc.want.Start || got.Offset != tc.want.Offset || !got.Time.Equal(tc.want.Time) ||
			len(got.Partitions) != len(tc.want.Partitions) || (len(got.Partitions) == 1 && got.Partitions[0] != tc.want.Partitions[0]) {
			t.Errorf("%q: got %+v, want %+v", tc.words, got, tc.want)
		}
		// Words renders what ParseTailArgs reads back (relative times stay relative).
		back, err := ParseTailArgs(strings.Fields(f.Words()))
		if err != nil || back != f {
			t.Errorf("%q: Words() = %q reads back as %+v, %v", tc.words, f.Words(), back, err)
		}
	}
}

func TestParseTailArgsErrors(t *testing.T) {
	tests := []struct{ words, want string }{
		{"yesterday", "cannot read start"},
		{"42", "write @42 for an offset or -42"},
		{"-0", "positive count"},
		{"-x", "positive count"},
		{"@-1", "offset of 0 or more"},
		{"@", "offset of 0 or more"},
		{"partition", "partition needs a number"},
		{"partition one", "want a partition number"},
		{"beginning end", "only one start position"},
		{"--from", "from needs a start"},
		{"\x1b[2J", `\x1b[2J`},
	}
	for _, tc := range tests {
		_, err := ParseTailArgs(strings.Fields(tc.words))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want one containing %q", tc.words, err, tc.want)
		}
		if err != nil && strings.ContainsRune(err.Error(), 0x1b) {
			t.Errorf("%q: the error holds a raw ESC", tc.words)
		}
	}
}

func TestTailFromString(t *testing.T) {
	for words, want := range map[string]string{
		"":              "new records · all partitions",
		"beginning p 1": "from the beginning · partition 1",
		"-10":           "last 10 per partition · all partitions",
		"@42":           "from offset 42 · all partitions",
		"10m":           "since 10m ago · all partitions",
		"1h30m":         "since 1h30m ago · all partitions",
	} {
		f, err := ParseTailArgs(strings.Fields(words))
		if err != nil {
			t.Fatal(err)
		}
		if got := f.String(); got != want {
			t.Errorf("%q: %q, want %q", words, got, want)
		}
	}
}
