package kafkaops

import (
	"math"
	"slices"
	"testing"
)

func TestFilterTerms(t *testing.T) {
	trace := Header{Key: "trace", Value: []byte("abc")}
	kind := Header{Key: "kind", Value: []byte("atm")}
	recs := []Record{
		filterRecord(0, 5, "atm-1", `{"type":"withdrawal"}`, trace),
		filterRecord(1, 150, "ATM-2", `{"type":"deposit"}`, kind),
		filterRecord(3, 200, "", `withdrawal by p:9`),
		filterRecord(4, 201, "atm-4", `{"type":"withdrawal"}`, kind, trace),
	}
	tests := []struct {
		query string
		want  []int
	}{
		{"p:0-3", []int{0, 1, 2}},
		{"partition:1,4", []int{1, 3}},
		{"p:3", []int{2}},
		{"offset:100-200", []int{1, 2}},
		{"offset:200-", []int{2, 3}},
		{"offset:-10", []int{0}},
		{"p:0-3 withdrawal", []int{0, 2}},              // a term and text
		{"withdrawal p:0-3", []int{0, 2}},              // anywhere in the query
		{"re:draw.l p:4", []int{3}},                    // with a regexp
		{"type=withdrawal offset:0-199", []int{0}},     // with a field
		{"key:atm", []int{0, 1, 3}},                    // smart case
		{"key:ATM", []int{1}},                          // exact case
		{"header:kind", []int{1, 3}},                   // a header by name
		{"header:trace=abc", []int{0, 3}},              // by name and value
		{"header:trace=ab", nil},                       // values are whole
		{"header:kind=atm header:trace=abc", []int{3}}, // every term must hold
		{"key:atm p:1 deposit", []int{1}},
		{"withdrawal by p:9", nil}, // p:9 is a term: nothing is in partition 9
	}
	for _, tc := range tests {
		f, err := ParseFilter(tc.query)
		if err != nil {
			t.Errorf("%q: %v", tc.query, err)
			continue
		}
		var got []int
		for i := range recs {
			if f.Match(&recs[i]) {
				got = append(got, i)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q (%s) matched %v, want %v", tc.query, f.Describe(), got, tc.want)
		}
	}
}

func TestFilterTermsKeepOldMeanings(t *testing.T) {
	// Words that only look like terms stay text.
	for _, q := range []string{"p:", "p:x", "offset:", "key:", "header:", "header:=x", "ap:1", "text  with  spaces"} {
		f, err := ParseFilter(q)
		if err != nil {
			t.Errorf("%q: %v", q, err)
			continue
		}
		if f.kind != filterSubstring || string(f.needle) != q {
			t.Errorf("%q: kind %d needle %q, want the text itself", q, f.kind, f.needle)
		}
	}
	// The rest keeps its own spacing.
	f, err := ParseFilter("p:1  a  b ")
	if err != nil || string(f.needle) != "a  b" {
		t.Errorf("rest = %q, %v; want %q", f.needle, err, "a  b")
	}
}

func TestFilterTermErrors(t *testing.T) {
	for _, q := range []string{"p:3-1", "p:1-", "offset:9-2", "p:1,,2", "key:a key:b"} {
		if _, err := ParseFilter(q); err == nil {
			t.Errorf("%q: no error", q)
		}
	}
}

func TestFilterBounds(t *testing.T) {
	f, _ := ParseFilter("offset:100-200,500-600 p:1,3")
	if lo, hi := f.OffsetBounds(); lo != 100 || hi != 600 {
		t.Errorf("bounds %d-%d, want 100-600", lo, hi)
	}
	if !f.PartitionAllowed(3) || f.PartitionAllowed(2) {
		t.Error("partition terms not applied")
	}
	var none *Filter
	if lo, hi := none.OffsetBounds(); lo != 0 || hi != math.MaxInt64 || !none.PartitionAllowed(7) {
		t.Error("a nil filter must not narrow")
	}
}
