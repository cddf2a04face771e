package ui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
)

// connState is what the header says about the connection.
type connState int

const (
	connConnecting connState = iota
	connConnected
	connUnreachable
)

func (c connState) String() string {
	switch c {
	case connConnected:
		return "connected"
	case connUnreachable:
		return "unreachable"
	default:
		return "connecting"
	}
}

// headerHeight is the number of lines above the body; mouse rows are
// translated by it.
const headerHeight = 1

// headerView renders the top bar: cluster, broker count and connection
// state on the left, the breadcrumb of open screens (when there is more
// than one) on the right.
func (m *Model) headerView() string {
	st := m.st
	sep := st.Subtle.Render(" │ ")
	left := []string{st.Header.Render("kscope"), st.Accent.Render(m.clusterName())}
	if m.conn == connConnected {
		left = append(left, st.HeaderKey.Render(plural(len(m.info.Brokers), "broker")))
	}
	switch m.conn {
	case connConnected:
		left = append(left, st.OK.Render("● connected"))
	case connUnreachable:
		left = append(left, st.Error.Render("✗ unreachable"))
	default:
		left = append(left, st.Warning.Render("◌ connecting"))
	}
	if m.opts.ReadOnly {
		left = append(left, st.Warning.Render("read-only"))
	}
	l := strings.Join(left, sep)

	// The breadcrumb shows the way back; a lone screen names itself.
	var crumbs []string
	if len(m.stack) > 1 {
		for _, s := range m.stack {
			crumbs = append(crumbs, s.Title())
		}
	}
	r := st.Subtle.Render(sanitize(strings.Join(crumbs, " › ")))
	gap := m.width - lipgloss.Width(l) - lipgloss.Width(r)
	if gap < 2 {
		// Not enough room: the breadcrumb gives way, the cluster stays.
		room := m.width - lipgloss.Width(l) - 2
		if room < 8 {
			return truncateWidth(l, m.width)
		}
		r = truncateWidth(r, room)
		gap = m.width - lipgloss.Width(l) - lipgloss.Width(r)
	}
	return l + strings.Repeat(" ", max(gap, 0)) + r
}

// clusterName names the cluster: the context's name when there is one,
// else the bootstrap address.
func (m *Model) clusterName() string {
	if m.opts.Cluster != "" {
		return sanitize(m.opts.Cluster)
	}
	return sanitize(m.addr)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
