package kafkaops

import (
	"bytes"
	"reflect"
	"testing"
	"time"
)

func TestKcatRoundTrip(t *testing.T) {
	recs := []Record{
		{Topic: "t", Partition: 1, Offset: 7, Timestamp: time.UnixMilli(1700000000123), Key: []byte("k"), Value: []byte(`{"a":"<b>&"}`),
			Headers: []Header{{Key: "h", Value: []byte("v")}, {Key: "null", Value: nil}, {Key: "empty", Value: []byte{}}}},
		{Topic: "t", Offset: 8, Value: []byte{0xff, 0x00, 'x'}, Key: []byte{}},
		{Topic: "t", Offset: 9, Headers: []Header{{Key: "bin", Value: []byte{0xfe}}}},
	}
	for _, r := range recs {
		line, err := MarshalKcat(&r)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.ContainsRune(line, '\n') {
			t.Errorf("line holds a newline: %s", line)
		}
		back, err := ParseKcat(line)
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		if !reflect.DeepEqual(back, r) {
			t.Errorf("round trip of %s:\n got %#v\nwant %#v", line, back, r)
		}
	}
	want := `{"topic":"t","partition":1,"offset":7,"tstype":"create","ts":1700000000123,"broker":-1,"headers":["h","v","null",null,"empty",""],"key":"k","payload":"{\"a\":\"<b>&\"}"}`
	if line, _ := MarshalKcat(&recs[0]); string(line) != want {
		t.Errorf("line\n got %s\nwant %s", line, want)
	}
	// A line from kcat -J itself reads too.
	r, err := ParseKcat([]byte(`{"topic":"bankbranch","partition":0,"offset":3,"tstype":"create","ts":1700000000000,"broker":0,"headers":["a","b"],"key":null,"payload":"hi"}`))
	if err != nil || r.Key != nil || string(r.Value) != "hi" || len(r.Headers) != 1 {
		t.Errorf("kcat line: %#v, %v", r, err)
	}
	for _, bad := range []string{`{`, `{"headers":["a"]}`, `{"key":"!","key_encoding":"base64"}`, `{"key":"a","key_encoding":"rot13"}`} {
		if _, err := ParseKcat([]byte(bad)); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}
