package topics

import "kscope/views/kit"

// rect is a pane's place in the body.
type rect struct{ x, y, w, h int }

func (r rect) has(x, y int) bool { return x >= r.x && x < r.x+r.w && y >= r.y && y < r.y+r.h }

type detailLayout struct{ configs, parts, groups rect }

// sideBySideWidth is the body width from which the panes sit side by side:
// the partitions pane then takes the width its columns need and the
// configs pane, whose values wrap, the rest.
const sideBySideWidth = 150

// layout places the panes under the summary line: side by side when the
// body is wide, else partitions on top (as tall as they need, up to 40% of
// the height) and configs below.
func (d *TopicDetail) layout() detailLayout {
	w := max(d.width, 20)
	top := len(d.summary(w))
	h := max(d.height-top, 8)
	if w >= sideBySideWidth {
		// The groups pane sits under the partitions, as wide as they are
		// (at least as wide as its own columns).
		pw := min(max(d.partitionsWidth(), groupsPaneWidth), w/2)
		gh := d.groupsHeight(h, h/3, pw-2)
		return detailLayout{
			parts:   rect{0, top, pw, h - gh},
			groups:  rect{0, top + h - gh, pw, gh},
			configs: rect{pw, top, w - pw, h},
		}
	}
	need := len(d.desc.detail.PartitionList) + partsRowsTop + 2
	if !d.desc.loaded {
		need = 6
	}
	// The partitions keep the share they had before the groups pane came
	// (less its one line); the groups take up to a third of what is left.
	// The focused pane grows: focused, the partitions take what they
	// need of all but the configs' title line (the groups pane may go),
	// the groups all but the configs' five lines.
	ph := min(max(need, 5), max((h-3)*2/5, 5))
	if d.focus == panePartitions {
		ph = min(max(need, 5), max(h-3, ph))
	}
	share := (h - ph) / 3
	if d.focus == paneGroups {
		share = h - ph - 5
	}
	gh := d.groupsHeight(h-ph, share, w-2)
	return detailLayout{
		parts:   rect{0, top, w, ph},
		groups:  rect{0, top + ph, w, gh},
		configs: rect{0, top + ph + gh, w, h - ph - gh},
	}
}

// groupsFocusable reports whether the groups pane, focused, shows at
// least one group's row: on a body too short for that, tab skips it
// rather than focus a pane that is not drawn.
func (d *TopicDetail) groupsFocusable() bool {
	if len(d.grp.list) == 0 {
		return false
	}
	was := d.focus
	d.focus = paneGroups
	l := d.layout()
	d.focus = was
	return l.groups.h >= groupsPaneRowsTop+3 // its border and a row
}

// groupsPaneRowsTop is the line of the first group row inside its pane: a
// title line and the column headings come first.
const groupsPaneRowsTop = 2

// groupsHeight is the groups pane's height, border included, in avail
// lines shared with the panes it stacks with: one line when no group has
// committed offsets on the topic, else a row per group, at most share
// (but always room for one row), and the lines of its error (w cells
// wide) when the groups could not be listed. The other panes keep at
// least five lines; when they would not, the pane shrinks to its title
// line or, on a body too short even for that, is left out.
func (d *TopicDetail) groupsHeight(avail, share, w int) int {
	gh := 3
	switch {
	case d.grp.loaded && d.grp.err != nil:
		gh = len(d.groupsErrLines(w)) + 2
	case len(d.grp.list) > 0:
		gh = min(len(d.grp.list)+groupsPaneRowsTop+2, max(share, groupsPaneRowsTop+3))
	}
	if avail-gh < 5 {
		gh = 3
	}
	if avail-gh < 5 {
		return 0
	}
	return gh
}

// partitionsWidth is the width of the partitions pane, border included,
// at which no column is cut: the fixed columns, and the replica and ISR
// lists as long as the longest one.
func (d *TopicDetail) partitionsWidth() int {
	ids := 0
	for _, p := range d.desc.detail.PartitionList {
		ids = max(ids, len(joinIDs(p.Replicas)), len(joinIDs(p.ISR)))
	}
	w := len(kit.NoMark) + len(kit.ColGap)*(len(partitionColumns)-1) + 2
	for _, c := range partitionColumns {
		if c.Flex {
			w += max(c.Width, ids)
		} else {
			w += c.Width
		}
	}
	return w
}

func (d *TopicDetail) paneAt(x, y int) (detailPane, bool) {
	l := d.layout()
	switch {
	case l.configs.has(x, y):
		return paneConfigs, true
	case l.parts.has(x, y):
		return panePartitions, true
	case l.groups.h > 0 && l.groups.has(x, y) && d.groupsFocusable():
		return paneGroups, true
	}
	return 0, false
}
