package topics

import (
	"context"
	"strconv"

	"kscope/kafkaops"
	"kscope/views/kit"
)

// The SIZE column: each topic's bytes on disk (one copy, as its leaders
// hold it) from TopicSizes, which is one DescribeLogDirs request per
// broker. It follows the message counts' refresh policy: the rows on
// screen are sized with their counts, every topic with a full sweep (r,
// every sweepInterval-th tick, sorted by SIZE). A cluster without
// DescribeLogDirs shows "—" and is not asked again.

// sizeAnswer is what a load learned of sizes.
type sizeAnswer struct {
	sizes map[string]int64 // nil: none asked
	// err is the failure of the sizes alone: the list still applies.
	err error
}

// askSizes asks the sizes of names (every topic when all is set), a name
// the cluster leaves out sized zero so that it is not asked again.
func askSizes(ctx context.Context, svc kafkaops.Service, names []string, all bool) sizeAnswer {
	if !all && len(names) == 0 {
		return sizeAnswer{}
	}
	var (
		got map[string]kafkaops.TopicSize
		err error
	)
	if all {
		got, err = svc.TopicSizes(ctx)
	} else {
		got, err = svc.TopicSizes(ctx, names...)
	}
	if err != nil {
		return sizeAnswer{err: err}
	}
	sizes := make(map[string]int64, max(len(got), len(names)))
	for name, s := range got {
		sizes[name] = s.Bytes
	}
	for _, name := range names {
		if _, ok := sizes[name]; !ok {
			sizes[name] = 0
		}
	}
	return sizeAnswer{sizes: sizes}
}

// countAndSize counts the messages of names and then, when sized, asks
// their sizes: in that order, because the service measures again only
// the topics whose high watermarks the count saw move (kafkaops'
// offsetwatch.go), so an idle tick costs one list-offsets request.
func countAndSize(ctx context.Context, svc kafkaops.Service, names []string, sized bool) (map[string]int64, sizeAnswer, error) {
	counts, err := countOffsets(ctx, svc, names)
	if err != nil || !sized {
		return counts, sizeAnswer{}, err
	}
	return counts, askSizes(ctx, svc, names, false), nil
}

// wantSizes reports whether loads should ask sizes: not once the cluster
// said it has no DescribeLogDirs.
func (t *Topics) wantSizes() bool { return !t.noSizes }

// applySizes keeps a load's sizes in the map that outlives rebuilds (see
// rowSizes for the rows). An unsupported cluster turns the column to
// "—"; another failure keeps the sizes known.
func (t *Topics) applySizes(a sizeAnswer) {
	if a.err != nil {
		if kafkaops.IsUnsupported(a.err) {
			t.noSizes = true
		}
		// Not asked again for the rows on screen until a tick's load.
		t.sizesFailed = true
		return
	}
	if a.sizes != nil {
		t.sizesFailed = false
	}
	if len(a.sizes) == 0 {
		return
	}
	if t.sizes == nil {
		t.sizes = make(map[string]int64, len(a.sizes))
	}
	for name, n := range a.sizes {
		t.sizes[name] = n
	}
}

// rowSizes sets sizes in the rows, in place; sorted by SIZE, the rows are
// sorted again (the cursor stays on its row).
func (t *Topics) rowSizes(sizes map[string]int64) {
	for i := range t.Rows {
		if n, ok := sizes[t.Rows[i].ID()]; ok {
			t.Rows[i].size = n
		}
	}
	if t.sortBy == sortSize {
		_ = t.sort(t.Desc) // its "sorted by" status is for the key only
	}
}

// sizeOf is a topic's last known size, uncounted when never sized.
func (t *Topics) sizeOf(name string) int64 {
	if n, ok := t.sizes[name]; ok {
		return n
	}
	return uncounted
}

// sizeCell formats a row's size: "—" on a cluster without
// DescribeLogDirs, "…" while unknown, else binary units.
func (t *Topics) sizeCell(n int64) string {
	switch {
	case t.noSizes:
		return "—"
	case n == uncounted:
		return "…"
	}
	return kit.HumanBytes(strconv.FormatInt(n, 10))
}

// sweeping reports whether the sort column needs every topic counted
// and sized, so that every tick sweeps.
func (t *Topics) sweeping() bool {
	return t.sortBy == sortMessages || (t.sortBy == sortSize && !t.noSizes)
}
