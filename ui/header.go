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
	// connAuthFailed: the broker answered but refused the credentials or
	// the certificate.
	connAuthFailed
)

func (c connState) String() string {
	switch c {
	case connConnected:
		return "connected"
	case connUnreachable:
		return "unreachable"
	case connAuthFailed:
		return "auth failed"
	default:
		return "connecting"
	}
}

// headerHeight is the number of lines above the body; mouse rows are
// translated by it.
const headerHeight = 1

// headerView renders the top bar: cluster, broker count and connection
// state on the left, the breadcrumb of open screens (when there is more
// than one) on the right. On a narrow terminal the cluster's name gives
// way first, so the broker count and the connection state stay in view.
func (m *Model) headerView() string {
	st := m.st
	sep := st.Subtle.Render(" │ ")
	left := []string{st.Header.Render("kscope"), ""}
	if m.conn == connConnected {
		left = append(left, st.HeaderKey.Render(plural(len(m.info.Brokers), "broker")))
	}
	switch m.conn {
	case connConnected:
		left = append(left, st.OK.Render("● connected"))
	case connUnreachable:
		left = append(left, st.Error.Render("✗ unreachable"))
	case connAuthFailed:
		left = append(left, st.Error.Render("✗ auth failed"))
	default:
		left = append(left, st.Warning.Render("◌ connecting"))
	}
	if m.opts.ReadOnly {
		left = append(left, st.Warning.Render("read-only"))
	}
	room := m.width - lipgloss.Width(strings.Join(left, sep)) - m.currentCrumbWidth()
	if room < 8 && len(m.stack) > 1 {
		// Too narrow for both: the screen in view is named whole, the
		// cluster is named on the first screen.
		left = append(left[:1], left[2:]...)
	} else {
		left[1] = st.Accent.Render(truncateWidth(m.headerCluster(), max(room, 8)))
	}
	l := strings.Join(left, sep)
	lw := lipgloss.Width(l)
	if lw+2 >= m.width {
		return truncateWidth(l, m.width)
	}
	r := st.Subtle.Render(m.breadcrumb(m.width - lw - 2))
	gap := m.width - lw - lipgloss.Width(r)
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

// headerCluster names the cluster in the header: the context's name, or
// the first bootstrap address and how many more there are.
func (m *Model) headerCluster() string {
	if m.opts.Cluster != "" {
		return sanitize(m.opts.Cluster)
	}
	addrs := strings.Split(m.addr, ",")
	if len(addrs) > 1 {
		return sanitize(addrs[0]) + fmt.Sprintf(" (+%d)", len(addrs)-1)
	}
	return sanitize(m.addr)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// currentCrumbWidth is the room the breadcrumb needs to name the current
// screen whole (and its gap), 0 when it shows none: the cluster's name
// gives way to it, since the address is in view on the first screen.
func (m *Model) currentCrumbWidth() int {
	if len(m.stack) < 2 {
		return 0
	}
	return lipgloss.Width(oneLine(m.stack[len(m.stack)-1].Title())) + 2
}

// breadcrumb names the open screens, root first, when there is more than
// one (a lone screen names itself). When it does not fit in room cells the
// oldest screens give way, since the current one matters most.
func (m *Model) breadcrumb(room int) string {
	if len(m.stack) < 2 || room <= 0 {
		return ""
	}
	crumbs := make([]string, len(m.stack))
	for i, s := range m.stack {
		crumbs[i] = oneLine(s.Title())
	}
	text := strings.Join(crumbs, " › ")
	for i := 1; lipgloss.Width(text) > room && i < len(crumbs); i++ {
		text = "… › " + strings.Join(crumbs[i:], " › ")
	}
	if lipgloss.Width(text) > room {
		text = truncateWidth(crumbs[len(crumbs)-1], room)
	}
	return text
}
