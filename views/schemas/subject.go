package schemas

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// subjectInfo is what the subject screen loads in one request.
type subjectInfo struct {
	versions []kafkaops.SchemaVersion
	levels   kafkaops.CompatibilityLevels
}

// subjectLoadedMsg brings a subject's versions and levels.
type subjectLoadedMsg struct {
	reqID  uint64
	info   subjectInfo
	err    error
	manual bool
}

// subjectMode is what the subject screen shows.
type subjectMode int

const (
	showVersions subjectMode = iota
	showText
	showDiff
)

// Subject is one subject's screen: its versions (id, type, references)
// and compatibility level; enter reads a version's schema, m and c diff
// two versions, n registers a new version and d soft-deletes one.
type Subject struct {
	kit.Asker
	reg     kafkaops.SchemaRegistry
	st      *theme.Styles
	keys    subjectKeys
	subject string

	width, height int

	reqID   uint64
	loading bool
	loaded  bool
	err     error
	info    subjectInfo
	scroll  kit.Scroller

	marked   int  // the version marked for a diff, 0 when none
	toLatest bool // the next load puts the cursor on the latest version

	mode  subjectMode
	head  string   // the text or diff's heading
	raw   []string // the text or diff, rendered, one line per source line
	lines []string // raw wrapped to the width: what scrolls
	text  kit.Scroller
}

var _ kit.Screen = (*Subject)(nil)

// NewSubject returns the screen of subject's versions.
func NewSubject(reg kafkaops.SchemaRegistry, st *theme.Styles, subject string) kit.Screen {
	s := &Subject{reg: reg, st: st, keys: newSubjectKeys(), subject: subject}
	s.SetSize(80, 24)
	return s
}

// Init loads the versions and the compatibility levels.
func (s *Subject) Init() tea.Cmd { return s.load(false) }

func (s *Subject) load(manual bool) tea.Cmd {
	if s.reg == nil {
		return nil
	}
	reg, subject := s.reg, s.subject
	s.loading = true
	var cmd tea.Cmd
	s.reqID, cmd = kit.Ask(&s.Asker, func(ctx context.Context) (subjectInfo, error) {
		vs, err := reg.SubjectVersions(ctx, subject)
		if err != nil {
			return subjectInfo{}, err
		}
		lv, err := reg.Compatibility(ctx, subject)
		return subjectInfo{versions: vs, levels: lv}, err
	}, func(id uint64, info subjectInfo, err error) tea.Msg {
		return subjectLoadedMsg{reqID: id, info: info, err: err, manual: manual}
	})
	return cmd
}

// Update handles keys, the mouse and the loaded versions.
func (s *Subject) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case subjectLoadedMsg:
		return s, s.loadedAnswer(msg)
	case changedMsg:
		if msg.subject == s.subject {
			s.toLatest = true // a new version: show it
			return s, s.load(false)
		}
	case tea.MouseWheelMsg:
		if s.mode == showVersions {
			s.scroll.Scroll(kit.WheelDelta(tea.Mouse(msg)))
		} else {
			s.text.Scroll(kit.WheelDelta(tea.Mouse(msg)))
		}
	case tea.KeyPressMsg:
		if s.mode != showVersions {
			return s, s.readKey(msg)
		}
		return s, s.key(msg)
	}
	return s, nil
}

// loadedAnswer takes the versions, keeping the cursor on its version.
func (s *Subject) loadedAnswer(msg subjectLoadedMsg) tea.Cmd {
	if msg.reqID != s.reqID {
		return nil
	}
	s.loading = false
	if msg.err != nil {
		s.err = msg.err
		return kit.Status("versions of "+kit.Sanitize(s.subject)+": "+kafkaops.Describe(msg.err), true)
	}
	keep := 0
	if v := s.selected(); v != nil && !s.toLatest {
		keep = v.Version
	}
	s.toLatest = false
	s.err, s.loaded, s.info = nil, true, msg.info
	s.scroll.SetN(len(s.info.versions))
	s.scroll.MoveTo(len(s.info.versions) - 1) // the latest, unless the cursor was on one
	for i, v := range s.info.versions {
		if v.Version == keep {
			s.scroll.MoveTo(i)
		}
	}
	if s.marked != 0 && s.version(s.marked) == nil {
		s.marked = 0
	}
	if msg.manual {
		return kit.Status("refreshed: "+kit.PluralCount(int64(len(s.info.versions)), "version"), false)
	}
	return nil
}

// selected is the version under the cursor, nil when none.
func (s *Subject) selected() *kafkaops.SchemaVersion {
	if s.scroll.Cursor < 0 || s.scroll.Cursor >= len(s.info.versions) {
		return nil
	}
	return &s.info.versions[s.scroll.Cursor]
}

// version is the loaded version numbered n, nil when none.
func (s *Subject) version(n int) *kafkaops.SchemaVersion {
	for i := range s.info.versions {
		if s.info.versions[i].Version == n {
			return &s.info.versions[i]
		}
	}
	return nil
}

func (s *Subject) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	if kit.KeyScroll(&s.scroll, k.list, msg) {
		return nil
	}
	v := s.selected()
	switch {
	case kit.Matches(msg, k.Back):
		if s.marked != 0 {
			s.marked = 0
			return nil
		}
		return kit.Pop()
	case kit.Matches(msg, k.Refresh):
		return s.load(true)
	case kit.Matches(msg, k.New):
		return kit.Navigate(kit.Route{Kind: kit.RouteSchemaRegister, Subject: s.subject})
	case v == nil:
		return nil
	case kit.Matches(msg, k.Open):
		s.showText(*v)
	case kit.Matches(msg, k.Mark):
		return s.mark(v.Version)
	case kit.Matches(msg, k.Compare):
		return s.compare(*v)
	case kit.Matches(msg, k.Delete):
		return kit.Navigate(kit.Route{Kind: kit.RouteSchemaDelete, Subject: s.subject, Version: v.Version})
	}
	return nil
}

// mark marks (or unmarks) version n for a diff.
func (s *Subject) mark(n int) tea.Cmd {
	if s.marked == n {
		s.marked = 0
		return kit.Status("unmarked v"+strconv.Itoa(n), false)
	}
	s.marked = n
	return kit.Status("marked v"+strconv.Itoa(n)+": move to another version and press c to diff", false)
}

// compare shows the diff of the marked version (else the one before v)
// and v, the older one first.
func (s *Subject) compare(v kafkaops.SchemaVersion) tea.Cmd {
	var other *kafkaops.SchemaVersion
	if s.marked != 0 && s.marked != v.Version {
		other = s.version(s.marked)
	} else if s.scroll.Cursor > 0 {
		other = &s.info.versions[s.scroll.Cursor-1]
	} else if len(s.info.versions) > 1 {
		other = &s.info.versions[1]
	}
	if other == nil {
		return kit.Status("one version only: nothing to diff with", false)
	}
	a, b := *other, v
	if a.Version > b.Version {
		a, b = b, a
	}
	s.mode = showDiff
	s.head = fmt.Sprintf("%s: v%d → v%d", kit.Sanitize(s.subject), a.Version, b.Version)
	s.setLines(unified(diff(plainLines(a), plainLines(b)), s.st))
	if s.marked == 0 && len(s.info.versions) > 2 {
		return kit.Status("diff with the neighbouring version · m marks another to diff with", false)
	}
	return nil
}

// showText shows v's schema text.
func (s *Subject) showText(v kafkaops.SchemaVersion) {
	s.mode = showText
	s.head = fmt.Sprintf("%s v%d · id %d · %s", kit.Sanitize(s.subject), v.Version, v.ID, typeLabel(v.Type))
	s.setLines(colouredLines(v, s.st))
}

// setLines sets the text or diff shown, from its top.
func (s *Subject) setLines(ls []string) {
	s.raw = ls
	s.text = kit.Scroller{}
	s.wrap()
}

// wrap wraps the text or diff to the width, so no line is cut.
func (s *Subject) wrap() {
	w := max(s.width, 20)
	s.lines = s.lines[:0]
	for _, l := range s.raw {
		s.lines = append(s.lines, kit.WrapLine(l, w)...)
	}
	s.text.SetHeight(s.textRows())
	s.text.SetN(len(s.lines))
}

// readKey handles a key while a text or diff is shown: it scrolls, and
// esc goes back to the versions.
func (s *Subject) readKey(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys.list
	switch {
	case kit.Matches(msg, s.keys.Back), kit.Matches(msg, s.keys.Open):
		s.mode = showVersions
	case kit.Matches(msg, k.Up), kit.Matches(msg, k.Down), kit.Matches(msg, k.PageUp), kit.Matches(msg, k.PageDown):
		d := 1
		if kit.Matches(msg, k.Up) || kit.Matches(msg, k.PageUp) {
			d = -1
		}
		if kit.Matches(msg, k.PageUp) || kit.Matches(msg, k.PageDown) {
			d *= max(s.textRows()-1, 1)
		}
		s.text.Scroll(d)
	case kit.Matches(msg, k.Home):
		s.text.Scroll(-len(s.lines))
	case kit.Matches(msg, k.End):
		s.text.Scroll(len(s.lines))
	}
	return nil
}

// textRows is how many lines of a text or diff fit under its heading.
func (s *Subject) textRows() int { return max(s.height-1, 1) }

// HandlesEsc reports whether esc goes back to the versions (from a text
// or a diff) or drops the mark, rather than closing the screen.
func (s *Subject) HandlesEsc() bool { return s.mode != showVersions || s.marked != 0 }

// Title names the screen.
func (s *Subject) Title() string { return "Subject " + kit.Sanitize(s.subject) }

// SetSize sets the body size.
func (s *Subject) SetSize(width, height int) {
	s.width, s.height = width, height
	s.scroll.SetHeight(max(height-kit.ListRowsTop, 1))
	s.wrap()
}

// Capturing is false: no text input.
func (s *Subject) Capturing() bool { return false }

// ShortHelp lists the keys for the bottom line.
func (s *Subject) ShortHelp() []key.Binding {
	k := s.keys
	if s.mode != showVersions {
		return []key.Binding{k.list.Down, k.list.PageDown, kit.EscKey("versions")}
	}
	// m is in the full help (?) and named when c diffs without a mark.
	return []key.Binding{k.Open, k.Compare, k.New, k.Delete, k.Back}
}

// FullHelp lists every key.
func (s *Subject) FullHelp() [][]key.Binding {
	k := s.keys
	return [][]key.Binding{k.list.Bindings(), {k.Open, k.Mark, k.Compare}, {k.New, k.Delete, k.Refresh, k.Back}}
}

var versionColumns = []kit.Column{
	{Title: "VERSION", Width: 9},
	{Title: "ID", Width: 6, Right: true},
	{Title: "TYPE", Width: 11},
	{Title: "REFERENCES", Width: 10, Flex: true},
}

// typeLabel names a schema type for people.
func typeLabel(t string) string {
	switch t {
	case kafkaops.SchemaAvro, "":
		return "Avro"
	case kafkaops.SchemaProtobuf:
		return "Protobuf"
	case kafkaops.SchemaJSONSchema:
		return "JSON Schema"
	}
	return kit.Sanitize(t)
}

// refsLabel lists a version's references: "name → subject v1".
func refsLabel(rs []kafkaops.SchemaReference) string {
	if len(rs) == 0 {
		return "—"
	}
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = fmt.Sprintf("%s → %s v%d", kit.Sanitize(r.Name), kit.Sanitize(r.Subject), r.Version)
	}
	return strings.Join(parts, ", ")
}

// View renders the versions, or the text or diff being read.
func (s *Subject) View() string {
	w := max(s.width, 20)
	var lines []string
	if s.mode == showVersions {
		lines = s.versionLines(w)
	} else {
		lines = s.readLines(w)
	}
	return kit.PadLines(strings.Join(lines, "\n"), w, s.height)
}

// levelLabel is the compatibility level, saying where it comes from.
func (s *Subject) levelLabel() string {
	lv := s.info.levels
	switch {
	case lv.Subject != "":
		return "compatibility " + kit.Sanitize(lv.Subject)
	case lv.Global != "":
		return "compatibility " + kit.Sanitize(lv.Global) + " (global)"
	}
	return ""
}

// versionLines are the title, the headings and the versions.
func (s *Subject) versionLines(w int) []string {
	st := s.st
	right := ""
	if s.loaded {
		right = s.levelLabel()
	}
	lines := []string{titleWithRight(st, s.Title(), right, w)}
	ws := kit.Layout(versionColumns, w)
	lines = append(lines, kit.HeaderLine(st.TableHead, versionColumns, ws, -1, ""))
	switch {
	case !s.loaded && s.err != nil:
		lines = append(lines, "")
		lines = append(lines, kit.WrappedN(st.Error, "could not read the versions: "+kit.Sanitize(kafkaops.Describe(s.err)), w, kit.ErrorLines)...)
		return append(lines, st.Subtle.Render("  Press r to try again."))
	case !s.loaded:
		return append(lines, "", st.Subtle.Render("  Loading versions…"))
	case len(s.info.versions) == 0:
		return append(lines, "", st.Subtle.Render("  No versions: n registers one."))
	}
	return append(lines, kit.WindowRows(st, &s.scroll, versionColumns, ws, true, func(i int, _ bool, cells []string) {
		v := s.info.versions[i]
		cells[0] = "v" + strconv.Itoa(v.Version)
		if v.Version == s.marked {
			cells[0] += " ◆"
		}
		cells[1] = strconv.Itoa(v.ID)
		cells[2] = typeLabel(v.Type)
		cells[3] = refsLabel(v.References)
	})...)
}

// readLines are the heading and the visible lines of a text or diff.
func (s *Subject) readLines(w int) []string {
	st := s.st
	start, end := s.text.Window()
	where := ""
	if len(s.lines) > s.textRows() {
		where = fmt.Sprintf("lines %d–%d of %d", start+1, end, len(s.lines))
	}
	out := []string{titleWithRight(st, s.head, where, w)}
	for _, l := range s.lines[start:end] {
		out = append(out, kit.Truncate(l, w))
	}
	return out
}

// titleWithRight is a title on the left and subtle text on the right.
func titleWithRight(st *theme.Styles, title, right string, w int) string {
	r := st.Subtle.Render(right)
	gap := w - lipgloss.Width(title) - lipgloss.Width(r)
	if right == "" || gap < 2 {
		return st.Title.Render(kit.Truncate(title, w))
	}
	return st.Title.Render(title) + strings.Repeat(" ", gap) + r
}
