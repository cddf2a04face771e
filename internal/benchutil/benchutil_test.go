package benchutil

import (
	"strconv"
	"strings"
	"testing"
)

// A value of any width holds the index, zero padded: past 1,000,000
// bytes too, where fmt's width gives up.
func TestPaddedIndex(t *testing.T) {
	for _, tc := range []struct{ i, width int }{{7, 3}, {1234, 2}, {42, 1_000_000}, {42, 1 << 20}} {
		v := string(paddedIndex(tc.i, tc.width))
		digits := strconv.Itoa(tc.i)
		if want := max(tc.width, len(digits)); len(v) != want {
			t.Errorf("paddedIndex(%d, %d) is %d bytes, want %d", tc.i, tc.width, len(v), want)
		}
		if !strings.HasSuffix(v, digits) || strings.Trim(strings.TrimSuffix(v, digits), "0") != "" {
			t.Errorf("paddedIndex(%d, %d) = %.20q…, want zeros then %d", tc.i, tc.width, v, tc.i)
		}
	}
}
