package tail

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/views/kit"
)

// DefaultValueMax is how much of a value the tail's ring keeps: a longer
// value is kept cut, and the record detail fetches it whole when opened.
const DefaultValueMax = 64 << 10

// recordFetchedMsg carries the whole record fetched for the detail.
type recordFetchedMsg struct {
	id  uint64
	cut kafkaops.Record // the record as the ring holds it
	rec kafkaops.Record
	err error
}

// earlierMsg says how many records the topic held when the tail started.
type earlierMsg struct {
	id  uint64
	n   int64
	err error
}

// open opens the record detail on r; a record whose value the ring holds
// cut is first fetched whole by partition and offset. replace says the
// detail in front is replaced (ctrl+n and ctrl+p).
func (t *Tail) open(r kafkaops.Record, replace bool) tea.Cmd {
	dec := t.opts.Decoder
	if !r.Truncated() && !needsDecode(dec, r) {
		return navigateRecord(r, replace)
	}
	svc, cut := t.svc, r
	var cmd tea.Cmd
	t.openID, cmd = kit.Ask(&t.Asker, func(ctx context.Context) (kafkaops.Record, error) {
		rec := cut
		if cut.Truncated() {
			var err error
			if rec, err = svc.FetchRecord(ctx, cut.Topic, cut.Partition, cut.Offset); err != nil {
				return rec, err
			}
		}
		decodeForDetail(ctx, dec, &rec)
		return rec, nil
	}, func(id uint64, rec kafkaops.Record, err error) tea.Msg {
		return recordFetchedMsg{id: id, cut: cut, rec: rec, err: err}
	})
	t.replacing = replace
	return cmd
}

// fetched opens the detail on the record fetched whole, or on the cut
// one with the reason when the fetch failed.
func (t *Tail) fetched(msg recordFetchedMsg) tea.Cmd {
	if msg.id != t.openID {
		return nil
	}
	if msg.err != nil {
		return tea.Batch(navigateRecord(msg.cut, t.replacing),
			kit.Status("record: showing the first "+kit.PluralCount(int64(len(msg.cut.Value)), "byte")+
				"; the whole record could not be read: "+kafkaops.Describe(msg.err), true))
	}
	return navigateRecord(msg.rec, t.replacing)
}

// navigateRecord opens the detail on r, in place of the detail in front
// when replace is set.
func navigateRecord(r kafkaops.Record, replace bool) tea.Cmd {
	nav := kit.Navigate(kit.Route{Kind: kit.RouteRecord, Record: &r})
	if replace {
		return tea.Sequence(kit.Pop(), nav)
	}
	return nav
}

// step answers a detail's ctrl+n or ctrl+p on one of this tail's
// records: the cursor moves to the neighbour in the list as shown, and
// its detail replaces the one in front.
func (t *Tail) step(msg kit.RecordStepMsg) tea.Cmd {
	if msg.Topic != t.opts.Topic {
		return nil
	}
	at := t.indexOf(msg.Partition, msg.Offset)
	if at < 0 {
		return nil
	}
	next := at + msg.Delta
	if next < 0 || next >= t.list.shownLen() {
		what := "newest"
		if msg.Delta < 0 {
			what = "oldest"
		}
		return kit.Status("record: this is the "+what+" record the tail holds", false)
	}
	t.view.unfollow()
	t.view.scroll.MoveTo(next)
	r, _ := t.list.shownAt(next)
	return t.open(*r, true)
}

// indexOf finds the row of the record at partition and offset, newest
// first; -1 when the list does not show it.
func (t *Tail) indexOf(partition int, offset int64) int {
	for i := t.list.shownLen() - 1; i >= 0; i-- {
		if r, _ := t.list.shownAt(i); r.Partition == partition && r.Offset == offset {
			return i
		}
	}
	return -1
}

// countEarlier asks how many records the topic holds, for the hint of a
// tail from the end; nil for other starts.
func (t *Tail) countEarlier() tea.Cmd {
	if t.stream.state == tailBadStart || t.stream.from.Start != kafkaops.StartEnd {
		return nil
	}
	svc, topic := t.svc, t.opts.Topic
	var cmd tea.Cmd
	t.earlierID, cmd = kit.Ask(&t.Asker, func(ctx context.Context) (int64, error) {
		d, err := svc.DescribeTopic(ctx, topic)
		if err != nil {
			return 0, err
		}
		var n int64
		for _, p := range d.PartitionList {
			n += p.Messages()
		}
		return n, nil
	}, func(id uint64, n int64, err error) tea.Msg { return earlierMsg{id: id, n: n, err: err} })
	return cmd
}
