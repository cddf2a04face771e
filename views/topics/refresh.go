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
// browser on 100,000 topics costs what it shows, not what exists. The
// first tick sweeps; with the default 10 s refresh the next sweep comes
// five minutes later. r, a change of topics and sorting by MESSAGES
// always sweep.
const fullSweepEvery = 30

// namesEvery is how many ticks pass between two metadata listings of
// every topic (new and deleted topics, partition counts) between sweeps;
// decoding the metadata of 100,000 topics is most of a light refresh's
// cost. The ticks between count the rows on screen only. A topic created
// or deleted from kscope, and r, list at once.
const namesEvery = 6

// visibleList is the answer of a light refresh: every topic from
// metadata, and the counts of the topics that were on screen.
type visibleList struct {
	topics []kafkaops.Topic
	counts map[string]int64
}

// refresh is the auto-refresh tick's load: a full sweep every
// fullSweepEvery ticks, when sorted by message count or before the first
// list, a light one otherwise.
func (t *Topics) refresh() tea.Cmd {
	t.ticks++
	if !t.FilterList.Loaded || t.sortBy == sortMessages || (t.ticks-1)%fullSweepEvery == 0 {
		return t.load(false)
	}
	if (t.ticks-1)%namesEvery == 0 {
		return t.loadVisible()
	}
	return t.loadCounts()
}

// loadCounts returns the command that counts the messages of the rows on
// screen only; the rest of the list is the last one's.
func (t *Topics) loadCounts() tea.Cmd {
	names := t.visibleNames()
	svc := t.svc
	call := func(ctx context.Context) (map[string]int64, error) { return svc.TopicOffsets(ctx, names) }
	return kit.Load(&t.Poller, call, func(id uint64, counts map[string]int64, err error) tea.Msg {
		return topicsLoadedMsg{reqID: id, counts: counts, countsOnly: true, err: err}
	})
}

// recounted returns the last list with the counts in counts applied; the
// topics are found through the rows on screen, which know their index in
// it (a count of a row scrolled away since the request is dropped).
func (t *Topics) recounted(counts map[string]int64) []kafkaops.Topic {
	topics := slices.Clone(t.raw)
	start, end := t.Scroll.Window()
	for pos := start; pos < end; pos++ {
		r := &t.Rows[t.Shown[pos]]
		if n, ok := counts[r.t.Name]; ok && int(r.src) < len(topics) && topics[r.src].Name == r.t.Name {
			topics[r.src].Messages = n
		}
	}
	return topics
}

// loadVisible returns the command that lists the topics from metadata and
// counts the messages of the rows on screen only.
func (t *Topics) loadVisible() tea.Cmd {
	names := t.visibleNames()
	svc := t.svc
	call := func(ctx context.Context) (visibleList, error) {
		topics, err := svc.ListTopicNames(ctx)
		if err != nil {
			return visibleList{}, err
		}
		counts, err := svc.TopicOffsets(ctx, names)
		return visibleList{topics: topics, counts: counts}, err
	}
	return kit.Load(&t.Poller, call, func(id uint64, v visibleList, err error) tea.Msg {
		return topicsLoadedMsg{reqID: id, topics: v.topics, counts: v.counts, partial: true, err: err}
	})
}

// visibleNames lists the names of the rows in the table's window.
func (t *Topics) visibleNames() []string {
	start, end := t.Scroll.Window()
	names := make([]string, 0, end-start)
	for pos := start; pos < end; pos++ {
		names = append(names, t.Rows[t.Shown[pos]].t.Name)
	}
	return names
}

// withCounts returns fresh (a metadata-only listing) with each topic's
// message count taken from counts, else from the last list (old); a topic
// new since then counts zero until it is on screen or swept.
func withCounts(fresh, old []kafkaops.Topic, counts map[string]int64) []kafkaops.Topic {
	byName := func(a, b kafkaops.Topic) int { return strings.Compare(a.Name, b.Name) }
	if slices.IsSortedFunc(fresh, byName) && slices.IsSortedFunc(old, byName) {
		// Both in name order (as the client lists them): one merge walk,
		// no map of every topic.
		j := 0
		for i := range fresh {
			tp := &fresh[i]
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
		tp.Messages = prev[tp.Name]
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
		r.t.Messages = msg.topics[r.src].Messages
	}
	t.raw = msg.topics
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
