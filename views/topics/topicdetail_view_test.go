package topics

import (
	"fmt"
	"testing"

	"kscope/kafkaops"
	"kscope/views/kit/kittest"
)

// The panes are sized when what decides their size arrives (here a
// partition count that grew), not when the screen is drawn: View only
// renders.
func TestTopicDetailViewChangesNothing(t *testing.T) {
	grown := BankFake().Details["bankbranch"]
	grown.PartitionList = nil
	for i := range 40 {
		grown.PartitionList = append(grown.PartitionList, kafkaops.Partition{ID: i, Leader: 1, Replicas: []int32{1}, ISR: []int32{1}, High: int64(i)})
	}
	for _, size := range [][2]int{{80, 40}, {160, 40}} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			dt := newTestDetail(t, BankFake(), size[0], size[1])
			s, _ := kittest.Feed(dt, detailLoadedMsg{reqID: dt.desc.id, detail: grown})
			dt = s.(*TopicDetail)
			l := dt.layout()
			if want := l.parts.h - 2 - partsRowsTop; dt.parts.Height != want {
				t.Errorf("partitions window %d rows before any View, want %d", dt.parts.Height, want)
			}
			parts, grp, cfgOffset := dt.parts, dt.grp.scroll, dt.configs.Offset
			v := dt.View()
			if dt.parts != parts || dt.grp.scroll != grp || dt.configs.Offset != cfgOffset {
				t.Errorf("View changed state: parts %+v → %+v, groups %+v → %+v", parts, dt.parts, grp, dt.grp.scroll)
			}
			if dt.View() != v {
				t.Error("a second View renders differently")
			}
		})
	}
}
