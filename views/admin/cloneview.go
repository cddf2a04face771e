package admin

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"kscope/kafkaops"
	"kscope/views/kit"
)

// View draws the clone box centred in the body.
func (c *Clone) View() string {
	st := c.st
	cw := kit.ModalContentWidth(c.width)
	wrap := func(s string) string { return lipgloss.NewStyle().Width(cw).Render(s) }
	lines := []string{st.Title.Render(kit.Truncate("Clone "+kit.Sanitize(c.topic), cw)), ""}
	switch {
	case c.loadErr != nil:
		lines = append(lines, st.Error.Render(wrap("Could not plan the clone: "+kafkaops.Describe(c.loadErr))), "", st.Subtle.Render("esc closes"))
		return kit.FitModal(st, lines, c.width, c.height)
	case !c.loaded:
		lines = append(lines, st.Subtle.Render("Loading the topic's layout and configs…"))
		return kit.FitModal(st, lines, c.width, c.height)
	}
	switch c.step {
	case cloneForm:
		lines = append(lines, c.formLines(cw, wrap)...)
	case cloneConfirm, cloneCreating:
		lines = append(lines, c.planLines(wrap)...)
	default:
		lines = append(lines, c.progressLines(cw, wrap)...)
	}
	lines = append(lines, "", c.footer(wrap))
	return kit.FitModal(st, lines, c.width, c.height)
}

// formLines are the fields, each with what is wrong with it, and the
// overrides the clone gets.
func (c *Clone) formLines(cw int, wrap func(string) string) []string {
	st := c.st
	labels := [cloneFields]string{"Name:       ", "Partitions: ", "RF:         ", "Copy data:  "}
	for i := range labels {
		mark := "  "
		if i == c.focus {
			mark = st.Accent.Render("▸ ")
		}
		labels[i] = mark + labels[i]
	}
	iw := max(cw-lipgloss.Width(labels[0]), 4)
	var out []string
	for i := range fieldCopy {
		out = append(out, labels[i]+kit.InputView(&c.inputs[i], st, c.focus == i, "", "", iw))
		if c.failure == "" && c.focus == i {
			if err := c.fieldErr(i); err != nil {
				out = append(out, st.Warning.Render(wrap("    ! "+err.Error())))
			}
		}
	}
	toggle := "[ ] no, only the layout and configs"
	if c.copyData {
		toggle = fmt.Sprintf("[x] yes, %s", kit.PluralCount(c.records(), "record"))
	}
	if c.focus == fieldCopy {
		toggle = st.InputFocus.Render(toggle)
	}
	out = append(out, labels[fieldCopy]+toggle)
	out = append(out, "", c.overridesLine(wrap))
	return out
}

// overridesLine lists the config overrides the clone gets.
func (c *Clone) overridesLine(wrap func(string) string) string {
	cfgs := c.src.plan.Configs
	if len(cfgs) == 0 {
		return c.st.Subtle.Render(wrap("Overrides: none (the clone takes the broker's defaults)"))
	}
	names := make([]string, 0, len(cfgs))
	for k := range cfgs {
		names = append(names, k)
	}
	slices.Sort(names)
	parts := make([]string, len(names))
	for i, k := range names {
		parts[i] = kit.Sanitize(k) + "=" + kit.ConfigShown(k, cfgs[k])
	}
	return wrap("Overrides: " + strings.Join(parts, ", "))
}

// records is how many records the source holds now.
func (c *Clone) records() int64 {
	var n int64
	for _, p := range c.src.detail.PartitionList {
		n += p.Messages()
	}
	return n
}

// planLines say what y will do.
func (c *Clone) planLines(wrap func(string) string) []string {
	t := c.target
	out := []string{
		wrap(fmt.Sprintf("Create %s with %s and replication factor %d.", kit.Sanitize(t.Name), kit.PluralCount(int64(t.Partitions), "partition"), t.ReplicationFactor)),
		c.overridesLine(wrap),
	}
	if c.copyData {
		out = append(out, wrap(fmt.Sprintf("Then copy %s from %s, each to its own partition, with its key, headers and timestamp.",
			kit.PluralCount(c.records(), "record"), kit.Sanitize(c.topic))))
	} else {
		out = append(out, c.st.Subtle.Render(wrap("No records are copied.")))
	}
	return out
}

// progressLines show the copy per partition, the totals and the ETA, or
// the result.
func (c *Clone) progressLines(cw int, wrap func(string) string) []string {
	st := c.st
	cp := &c.copy
	out := []string{wrap(fmt.Sprintf("Created %s.", kit.Sanitize(c.target.Name)))}
	if !c.copyData {
		return append(out, st.Accent.Render(wrap("✓ "+c.resultText())))
	}
	p := cp.progress
	if p == nil {
		out = append(out, st.Subtle.Render("starting the copy…"))
	} else {
		out = append(out, st.TableHead.Render(kit.Truncate(fmt.Sprintf("%-9s %21s %10s %8s", "PARTITION", "RECORDS READ", "BYTES", "ETA"), cw)))
		rows := max(c.height-10, 1)
		for i, pp := range p.Partitions {
			if i == rows && len(p.Partitions) > rows+1 {
				out = append(out, st.Subtle.Render(fmt.Sprintf("… %d more partitions", len(p.Partitions)-rows)))
				break
			}
			read := kit.FormatCount(pp.Scanned) + "/" + kit.FormatCount(pp.End-pp.Start)
			eta := etaText(pp.ETA, pp.Done())
			out = append(out, kit.Truncate(fmt.Sprintf("%-9d %21s %10s %8s", pp.Partition, read, kit.HumanBytes(strconv.FormatInt(pp.Bytes, 10)), eta), cw))
		}
		out = append(out, wrap(fmt.Sprintf("written %s of %s · %s · %s records/s · ETA %s",
			kit.FormatCount(cp.copied), kit.FormatCount(p.Total), kit.HumanBytes(strconv.FormatInt(p.Bytes, 10)), kit.FormatCount(int64(p.RecordsPerSec)), etaText(p.ETA, cp.done))))
	}
	if c.step == cloneDone {
		style := st.Accent
		mark := "✓ "
		if cp.err != nil || cp.cancelled {
			style, mark = st.Warning, "! "
		}
		out = append(out, "", style.Render(wrap(mark+c.resultText())))
	}
	return out
}

// etaText is an ETA in words: "done", "12s", "—" when unknown.
func etaText(d time.Duration, done bool) string {
	switch {
	case done:
		return "done"
	case d <= 0:
		return "—"
	}
	return d.Round(time.Second).String()
}

// footer says what happens next.
func (c *Clone) footer(wrap func(string) string) string {
	st := c.st
	// The keys in the help line's words.
	keys := kit.KeyHints(c.ShortHelp())
	switch {
	case c.failure != "" && c.step == cloneConfirm:
		return st.Error.Render(wrap("✗ "+c.failure)) + "\n" + st.Subtle.Render(wrap(keys))
	case c.failure != "":
		return st.Error.Render(wrap("✗ " + c.failure))
	case c.step == cloneCreating:
		return st.Accent.Render("creating the clone…")
	case c.step == cloneCopying:
		return st.Subtle.Render(wrap("copying · " + keys + " (what was copied stays)"))
	}
	return st.Subtle.Render(wrap(keys))
}
