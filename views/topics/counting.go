package topics

import (
	"context"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/views/kit"
)

// uncounted is the message count of a topic listed from metadata whose
// messages were never counted: it shows as "…" until it scrolls on
// screen (which counts it) or a sweep counts every topic.
const uncounted int64 = -1

// firstNames returns the names of the first rows topics will show in a
// table of rows rows, in the table's order (by name, case folded),
// internal topics left out unless internal is set: the window of the
// first list, picked in one pass without sorting every topic.
func firstNames(topics []kafkaops.Topic, rows int, internal bool) []string {
	type key struct{ lower, name string }
	less := func(a, b key) bool { return a.lower < b.lower || (a.lower == b.lower && a.name < b.name) }
	best := make([]key, 0, rows+1)
	for i := range topics {
		tp := &topics[i]
		if tp.Internal && !internal {
			continue
		}
		k := key{strings.ToLower(kit.Sanitize(tp.Name)), tp.Name}
		if len(best) == rows && !less(k, best[rows-1]) {
			continue
		}
		at, _ := slices.BinarySearchFunc(best, k, func(a, b key) int {
			if less(a, b) {
				return -1
			}
			if less(b, a) {
				return 1
			}
			return 0
		})
		best = slices.Insert(best, at, k)
		if len(best) > rows {
			best = best[:rows]
		}
	}
	names := make([]string, len(best))
	for i, k := range best {
		names[i] = k.name
	}
	return names
}

// countOffsets asks the message counts of names; a name the cluster
// leaves out (no leader, gone) counts zero, as in a sweep, so that it is
// not asked again and again.
func countOffsets(ctx context.Context, svc kafkaops.Service, names []string) (map[string]int64, error) {
	counts, err := svc.TopicOffsets(ctx, names)
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		if _, ok := counts[name]; !ok {
			counts[name] = 0
		}
	}
	return counts, nil
}

// countWindow returns the command that counts the rows on screen that
// were never counted (after a scroll, a filter, a new listing), nil when
// there are none, a load is under way (its answer calls it again) or the
// last load failed (the next tick tries again).
func (t *Topics) countWindow() tea.Cmd {
	if !t.FilterList.Loaded || t.Loading || t.Err != nil {
		return nil
	}
	start, end := t.Scroll.Window()
	for pos := start; pos < end; pos++ {
		r := &t.Rows[t.Shown[pos]]
		if r.messages == uncounted || (r.size == uncounted && t.wantSizes() && !t.sizesFailed) {
			return t.loadCounts()
		}
	}
	return nil
}

// rawIndex returns the index in raw of the topic named name. raw is in
// name order when the service lists it so (a binary search); otherwise
// an index by name is built once per list.
func (t *Topics) rawIndex(name string) (int, bool) {
	if t.rawSorted {
		return slices.BinarySearchFunc(t.raw, name, func(tp kafkaops.Topic, n string) int { return strings.Compare(tp.Name, n) })
	}
	if t.rawByName == nil {
		t.rawByName = make(map[string]int32, len(t.raw))
		for i := range t.raw {
			t.rawByName[t.raw[i].Name] = int32(i)
		}
	}
	i, ok := t.rawByName[name]
	return int(i), ok
}

// setRaw makes topics the last list.
func (t *Topics) setRaw(topics []kafkaops.Topic) {
	t.raw = topics
	t.rawByName = nil
	t.rawSorted = slices.IsSortedFunc(topics, func(a, b kafkaops.Topic) int { return strings.Compare(a.Name, b.Name) })
}

// applyCounts sets the message counts of a counts-only answer in place,
// in the last list and in the rows, without rebuilding, sorting or
// refiltering anything: a topic gone since is skipped.
func (t *Topics) applyCounts(counts map[string]int64) {
	bySrc := make(map[int32]int64, len(counts))
	for name, n := range counts {
		if i, ok := t.rawIndex(name); ok {
			t.raw[i].Messages = n
			bySrc[int32(i)] = n
		}
	}
	for i := range t.Rows {
		if n, ok := bySrc[t.Rows[i].src]; ok {
			t.Rows[i].messages = n
		}
	}
}
