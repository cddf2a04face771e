package kafkaops_test

import (
	"slices"
	"strings"
	"testing"

	"kscope/kafkaops"
)

func TestCopyMatches(t *testing.T) {
	f := newScanFixture(t, 6000)
	mustCreate(t, f.c, "copy-dst", 4)
	needle, _ := kafkaops.ParseFilter("needle")
	ch, err := f.c.Copy(testCtx(t), kafkaops.CopyRequest{
		Scan: kafkaops.ScanRequest{Topic: f.topic, From: kafkaops.ScanFromBeginning, Filter: needle},
		To:   "copy-dst", KeepPartitions: true, KeepTimestamps: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	var last kafkaops.CopyEvent
	for ev := range ch {
		if ev.Err != nil {
			t.Fatal(ev.Err)
		}
		last = ev
	}
	var want []kafkaops.Record
	for _, r := range f.all {
		if strings.Contains(string(r.Value), "needle") {
			want = append(want, r)
		}
	}
	if !last.Done || last.Copied != int64(len(want)) {
		t.Fatalf("last event %+v, want Done with %d copied", last, len(want))
	}
	got, _ := scan(t, f.c, kafkaops.ScanRequest{Topic: "copy-dst", From: kafkaops.ScanFromBeginning})
	key := func(r kafkaops.Record) string {
		var h []string
		for _, x := range r.Headers {
			h = append(h, x.Key+"="+string(x.Value))
		}
		return strings.Join([]string{string(r.Key), string(r.Value), r.Timestamp.String(), strings.Join(h, ","), string(rune('0' + r.Partition))}, "|")
	}
	var g, w []string
	for _, r := range got {
		g = append(g, key(r))
	}
	for _, r := range want {
		w = append(w, key(r))
	}
	slices.Sort(g)
	slices.Sort(w)
	if !slices.Equal(g, w) {
		t.Fatalf("copied %d records, want %d; first %q vs %q", len(g), len(w), g[:min(1, len(g))], w[:min(1, len(w))])
	}
	if _, err := f.c.Copy(testCtx(t), kafkaops.CopyRequest{Scan: kafkaops.ScanRequest{Topic: f.topic}, To: "missing"}); !kafkaops.IsNotFound(err) {
		t.Errorf("copy to a missing topic: %v, want not found", err)
	}
}
