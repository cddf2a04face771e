package topics

import (
	"context"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/views/kit"
)

// fullSweepEvery is how many auto-refresh ticks pass between two full
// sweeps (every topic's message count). The ticks between list the topics
// from metadata and count only the rows on screen, so that an idle
// browser on 100,000 topics costs what it shows, not what exists. Neither
// the first list nor the first tick sweeps: with the default 10 s refresh
// the first sweep comes five minutes after the launch. r and sorting by
// MESSAGES or SIZE always sweep.
const fullSweepEvery = 30

// fullSweepEveryMany is fullSweepEvery on a cluster of more than
// quietFrom topics: half an hour at the default 10 s refresh. There a
// sweep costs more than all the other ticks between two sweeps together
// (100,000 topics: 1.7 s of CPU in kscope and 1.8 s in the broker; 10,000:
// about a tenth of that), while the counts it refreshes are of rows off
// screen, which are counted anyway when they scroll on; sorting by
// MESSAGES or SIZE, and r, still sweep at once.
const fullSweepEveryMany = 180

// namesEvery is how many ticks pass between two metadata listings of
// every topic (new and deleted topics, partition counts) between sweeps;
// decoding the metadata of 100,000 topics is most of a light refresh's
// cost. The ticks between count the rows on screen only. A topic created
// or deleted from kscope, and r, list at once.
const namesEvery = 6

// namesEveryMany is namesEvery on a cluster of more than quietFrom
// topics: there one listing costs the broker and kscope more than the
// ticks between (100,000 topics: about half a second of CPU), so listing
// every minute would cost an idle browser more than all its other ticks
// together. New topics then show within three minutes at the default 10 s
// refresh, or at once on r.
const namesEveryMany = 18

// quietFrom is the cluster size above which the ticks list and sweep
// rarely (namesEveryMany, fullSweepEveryMany). Issue 17 measured 10,000
// topics idle for five minutes: with a listing every minute and a sweep at
// five, kscope and the broker used 4.31 s of CPU against ktea's 3.51 s,
// and the listings and the sweep were most of the difference. Below it a
// listing and a sweep cost a few milliseconds.
const quietFrom = 1_000

// namesInterval is how many ticks pass between two listings of every
// topic, for the cluster's size.
func (t *Topics) namesInterval() int {
	if len(t.raw) > quietFrom {
		return namesEveryMany
	}
	return namesEvery
}

// sweepInterval is how many ticks pass between two full sweeps, for the
// cluster's size.
func (t *Topics) sweepInterval() int {
	if len(t.raw) > quietFrom {
		return fullSweepEveryMany
	}
	return fullSweepEvery
}

// visibleList is the answer of a light refresh: every topic from
// metadata (nil when only counts were asked), and the counts and sizes of
// the topics that were on screen.
type visibleList struct {
	topics []kafkaops.Topic
	counts map[string]int64
	sizes  sizeAnswer
}

// refresh is the auto-refresh tick's load: a full sweep every
// sweepInterval-th tick or when sorted by messages or size, the names
// every namesInterval-th tick (or before the first list), else the counts of
// the rows on screen.
func (t *Topics) refresh() tea.Cmd {
	t.ticks++
	switch {
	case t.FilterList.Loaded && (t.sweeping() || t.ticks%t.sweepInterval() == 0):
		return t.load(false)
	case !t.FilterList.Loaded || t.ticks%t.namesInterval() == 0:
		return t.loadVisible()
	}
	return t.loadCounts()
}

// loadCounts returns the command that counts the messages of the rows on
// screen only; the rest of the list is the last one's.
func (t *Topics) loadCounts() tea.Cmd {
	names := t.visibleNames()
	svc, sized := t.svc, t.wantSizes()
	call := func(ctx context.Context) (visibleList, error) {
		counts, sizes, err := countAndSize(ctx, svc, names, sized)
		return visibleList{counts: counts, sizes: sizes}, err
	}
	return kit.Load(&t.Poller, call, func(id uint64, v visibleList, err error) tea.Msg {
		return topicsLoadedMsg{reqID: id, counts: v.counts, sizes: v.sizes, countsOnly: true, err: err}
	})
}

// recounted returns a copy of the last list with the counts in counts
// applied (a topic gone since is skipped).
func (t *Topics) recounted(counts map[string]int64) []kafkaops.Topic {
	topics := slices.Clone(t.raw)
	for name, n := range counts {
		if i, ok := t.rawIndex(name); ok {
			topics[i].Messages = n
		}
	}
	return topics
}

// loadVisible returns the command that lists the topics from metadata and
// counts the messages of the rows on screen only.
func (t *Topics) loadVisible() tea.Cmd {
	names := t.visibleNames()
	svc := t.svc
	// Before the first list the window is unknown: it is picked from the
	// listing as the table will order it (by name), so that the first
	// frame shows the rows on screen counted.
	first, rows, internal := !t.FilterList.Loaded, t.Scroll.Height, t.showInternal
	sized := t.wantSizes()
	call := func(ctx context.Context) (visibleList, error) {
		topics, err := svc.ListTopicNames(ctx)
		if err != nil {
			return visibleList{}, err
		}
		if first {
			names = firstNames(topics, rows, internal)
		}
		counts, sizes, err := countAndSize(ctx, svc, names, sized)
		return visibleList{topics: topics, counts: counts, sizes: sizes}, err
	}
	// Every topic: at a million, the broker's answer takes longer than a
	// screen's usual call may.
	return kit.LoadWithin(&t.Poller, kit.ListingTimeout, call, func(id uint64, v visibleList, err error) tea.Msg {
		return topicsLoadedMsg{reqID: id, topics: v.topics, counts: v.counts, sizes: v.sizes, partial: true, err: err}
	})
}

// visibleNames lists the names of the rows in the table's window.
func (t *Topics) visibleNames() []string {
	start, end := t.Scroll.Window()
	names := make([]string, 0, end-start)
	for pos := start; pos < end; pos++ {
		names = append(names, t.Rows[t.Shown[pos]].ID())
	}
	return names
}

// withCounts returns fresh (a metadata-only listing) with each topic's
// message count taken from counts, else from the last list (old); a topic
// new since then is uncounted until it is on screen or swept.
func withCounts(fresh, old []kafkaops.Topic, counts map[string]int64) []kafkaops.Topic {
	byName := func(a, b kafkaops.Topic) int { return strings.Compare(a.Name, b.Name) }
	if slices.IsSortedFunc(fresh, byName) && slices.IsSortedFunc(old, byName) {
		// Both in name order (as the client lists them): one merge walk,
		// no map of every topic.
		j := 0
		for i := range fresh {
			tp := &fresh[i]
			tp.Messages = uncounted
			for j < len(old) && old[j].Name < tp.Name {
				j++
			}
			if j < len(old) && old[j].Name == tp.Name {
				tp.Messages = old[j].Messages
			}
			if n, ok := counts[tp.Name]; ok {
				tp.Messages = n
			}
		}
		return fresh
	}
	prev := make(map[string]int64, len(old))
	for _, tp := range old {
		prev[tp.Name] = tp.Messages
	}
	for i := range fresh {
		tp := &fresh[i]
		tp.Messages = uncounted
		if n, ok := prev[tp.Name]; ok {
			tp.Messages = n
		}
		if n, ok := counts[tp.Name]; ok {
			tp.Messages = n
		}
	}
	return fresh
}

// updateCounts applies a list that differs from the last one in message
// counts only, in place: no rebuild, no sort, no refilter, so a refresh of
// 100,000 topics costs one pass. It reports whether it applied msg; it
// does not when anything else changed, when the order depends on the
// counts (sorted by MESSAGES), or when r asked to be told the result.
func (t *Topics) updateCounts(msg topicsLoadedMsg) bool {
	if !t.FilterList.Loaded || msg.err != nil || msg.manual || msg.reqID != t.ReqID ||
		t.sortBy == sortMessages || !sameButCounts(msg.topics, t.raw) {
		return false
	}
	t.Done(msg.reqID)
	t.Err = nil
	for i := range t.Rows {
		r := &t.Rows[i]
		r.messages = msg.topics[r.src].Messages
	}
	t.setRaw(msg.topics)
	return true
}

// sameButCounts reports whether a and b list the same topics in the same
// order with the same layout, whatever their message counts.
func sameButCounts(a, b []kafkaops.Topic) bool {
	return slices.EqualFunc(a, b, func(x, y kafkaops.Topic) bool {
		x.Messages = y.Messages
		return x == y
	})
}
