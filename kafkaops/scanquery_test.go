package kafkaops_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"kscope/kafkaops"
)

// TestScanQueryWindowFindsEveryMatch: a query's from:/to: window by time
// or offset, scanned on the broker, gives exactly the matches a brute
// force over every record finds in that window.
func TestScanQueryWindowFindsEveryMatch(t *testing.T) {
	f := newScanFixture(t, 4000)
	at := func(i int) string { return f.base.Add(time.Duration(i) * time.Second).UTC().Format(time.RFC3339) }
	for _, tc := range []struct {
		query string
		in    func(r kafkaops.Record) bool
	}{
		{"from:" + at(1000) + " to:" + at(3000) + " needle", func(r kafkaops.Record) bool {
			ts := r.Timestamp.Sub(f.base)
			return ts >= 1000*time.Second && ts < 3000*time.Second && strings.Contains(string(r.Value), "needle")
		}},
		{"from:@100 to:@300 key:k-7", func(r kafkaops.Record) bool {
			return r.Offset >= 100 && r.Offset < 300 && strings.Contains(string(r.Key), "k-7")
		}},
		{"from:beginning to:-900 needle", func(r kafkaops.Record) bool {
			return r.Offset < 1000-900 && strings.Contains(string(r.Value), "needle")
		}},
	} {
		sq, err := kafkaops.ParseScanQuery(tc.query)
		if err != nil {
			t.Fatalf("%q: %v", tc.query, err)
		}
		got, _ := scan(t, f.c, sq.Request(f.topic, time.Now()))
		var want []string
		for _, r := range f.all {
			if tc.in(r) {
				want = append(want, fmt.Sprintf("%d@%d", r.Partition, r.Offset))
			}
		}
		var g []string
		for _, r := range got {
			g = append(g, fmt.Sprintf("%d@%d", r.Partition, r.Offset))
		}
		slices.Sort(g)
		slices.Sort(want)
		if len(want) == 0 || !slices.Equal(g, want) {
			t.Errorf("%q: found %d matches, want %d (%v vs %v)", tc.query, len(g), len(want), g[:min(3, len(g))], want[:min(3, len(want))])
		}
	}
}
