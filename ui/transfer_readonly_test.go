package ui

import (
	"strings"
	"testing"

	"kscope/kafkaops"
	"kscope/views/kit"
)

// TestReplayCopyImportRefusedReadOnly: the replay of a record (R in the
// record detail), the copy of matches and the import are write routes,
// so a read-only context refuses them however they are asked for, while
// a writable context opens them.
func TestReplayCopyImportRefusedReadOnly(t *testing.T) {
	const why = "this context is read-only"
	rec := kafkaops.Record{Topic: "bankbranch", Partition: 1, Offset: 7, Key: []byte("k"), Value: []byte(`{"a":1}`)}
	for _, readOnly := range []bool{true, false} {
		h := newHarness(t, newDemoService(), func(o *Options) { o.Build = DefaultBuilder; o.ReadOnly = readOnly })
		h.send(kit.NavigateMsg{Route: kit.Route{Kind: kit.RouteRecord, Record: &rec}})
		check := func(what, title string) {
			t.Helper()
			opened := strings.Contains(h.titles(), title)
			if readOnly && (opened || !strings.Contains(h.m.status.text, why)) {
				t.Errorf("read-only: %s opened %q (status %q)", what, h.titles(), h.m.status.text)
			}
			if !readOnly && !opened {
				t.Errorf("writable: %s opened %q, want %q (status %q)", what, h.titles(), title, h.m.status.text)
			}
			for strings.Contains(h.titles(), title) {
				h.m.pop()
			}
		}
		h.press("R")
		check("R in the record detail", "Produce to bankbranch")
		h.send(kit.NavigateMsg{Route: kit.Route{Kind: kit.RouteCopy, Topic: "bankbranch", Args: "atm"}})
		check("the copy route", "Copy matches of bankbranch")
		h.send(kit.NavigateMsg{Route: kit.Route{Kind: kit.RouteReplay, Prefill: &rec}})
		check("the replay route", "Produce to bankbranch")
		h.press(":")
		h.typeText("import bankbranch found.jsonl")
		h.press("enter")
		check(":import", "Import into bankbranch")
	}
}
