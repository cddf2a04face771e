package groups

import (
	"strings"
	"testing"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit/kittest"
)

// withGroup is demoGroups and one more Empty group with the given lag.
func withGroup(id string, lag int64) *kafkaopstest.GroupsFake {
	f := demoGroups()
	f.Overviews = append(f.Overviews, kafkaops.GroupOverview{
		GroupSummary: kafkaops.GroupSummary{ID: id, State: "Empty", ProtocolType: "consumer"},
		Topics:       []string{"orders"}, Partitions: 2, Committed: 2, Lag: lag,
	})
	return f
}

// The LAG column is as narrow as "no commits": the group's name gets
// the room (a 10-cell name whole at 60 columns, a 15-cell one at 80).
func TestGroupsLagColumnLeavesRoomToNames(t *testing.T) {
	for _, c := range []struct {
		w    int
		name string
	}{{60, "payments-1"}, {80, "settlement-eu-1"}} {
		g := newTestGroups(t, withGroup(c.name, 5), c.w, 12)
		v := kittest.Plain(g)
		for _, want := range []string{c.name + " ", "no commits"} {
			if !strings.Contains(v, want) {
				t.Errorf("at %d columns the list lacks %q:\n%s", c.w, want, v)
			}
		}
		kittest.CheckFrame(t, g.View(), c.w, 12)
	}
}

// A lag wider than the column widens it rather than being cut.
func TestGroupsWideLagWidensTheColumn(t *testing.T) {
	for _, w := range []int{60, 80} {
		g := newTestGroups(t, withGroup("huge", 1_234_567_890), w, 12)
		if v := kittest.Plain(g); !strings.Contains(v, "1,234,567,890") || !strings.Contains(v, "no commits") {
			t.Errorf("at %d columns the lag is cut:\n%s", w, v)
		}
	}
}
