package kafkaops

import (
	"slices"
	"strings"
	"testing"
)

// filterRecord is a record of bankbranch with key (none when empty),
// value and headers.
func filterRecord(p int, off int64, key, value string, headers ...Header) Record {
	r := Record{Topic: "bankbranch", Partition: p, Offset: off, Value: []byte(value), Headers: headers}
	if key != "" {
		r.Key = []byte(key)
	}
	return r
}

func TestTailFilters(t *testing.T) {
	hdr := Header{Key: "trace-ID", Value: []byte("abc123")}
	recs := []Record{
		filterRecord(0, 0, "atm-1", `{"atmid":1,"type":"withdrawal","amount":20,"account":{"id":"A-7","vip":true}}`),
		filterRecord(0, 1, "atm-2", `{"atmid":2,"type":"Deposit","amount":20.0,"note":null}`),
		filterRecord(1, 0, "ATM-3", `plain text with Withdrawal inside`, hdr),
		filterRecord(1, 1, "", "\xff\xfe binary"),
	}
	tests := []struct {
		query string
		want  []int // indexes into recs
	}{
		{"withdrawal", []int{0, 2}},    // lower case ignores case
		{"Withdrawal", []int{2}},       // upper case is exact
		{"atm-", []int{0, 1, 2}},       // keys too
		{"abc1", []int{2}},             // header values
		{"trace-id", []int{2}},         // header keys
		{"re:^atm-[12]$", []int{0, 1}}, // a regexp over keys
		{"re:(?i)deposit", []int{1}},   // flags
		{`re:bin[a-z]+$`, []int{3}},    // binary values too
		{"type=withdrawal", []int{0}},  // a JSON field
		{"amount=20", []int{0, 1}},     // numbers compare as numbers
		{"account.id=A-7", []int{0}},   // a path
		{"account.vip=true", []int{0}}, // booleans
		{"note=null", []int{1}},        // null
		{"atmid=3", nil},               // no match
		{"missing.path=1", nil},        // no such field
		{"re:nothing-like-it", nil},
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
			t.Errorf("%q matched %v, want %v", tc.query, got, tc.want)
		}
	}
	if f, err := ParseFilter(""); f != nil || err != nil {
		t.Errorf("empty query: %v, %v", f, err)
	}
	if _, err := ParseFilter("re:(unclosed"); err == nil || !strings.Contains(err.Error(), "missing closing )") {
		t.Errorf("bad regexp: %v", err)
	}
}
