// Package schemas is the Schema Registry's screens: the subjects, a
// subject's versions with their schema texts and diffs, registering a
// new version after a compatibility check, and soft-deleting a version.
package schemas

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// changedMsg says a subject changed (a version registered or deleted):
// the root hands it to every screen and the ones showing it reload.
type changedMsg struct{ subject string }

// changed returns a command that says subject changed.
func changed(subject string) tea.Cmd { return func() tea.Msg { return changedMsg{subject: subject} } }

// subjectRow is one subject in the list.
type subjectRow struct{ kit.RowKey }

// Subjects is the :schemas screen: the registry's subjects, filtered as
// you type; enter opens a subject's versions.
type Subjects struct {
	reg  kafkaops.SchemaRegistry
	st   *theme.Styles
	keys subjectsKeys

	width, height int

	kit.PolledList[string, subjectRow]
}

var _ kit.Screen = (*Subjects)(nil)

// NewSubjects returns the subject list; reg nil (no registry configured)
// shows how to configure one.
func NewSubjects(reg kafkaops.SchemaRegistry, st *theme.Styles) kit.Screen {
	s := &Subjects{reg: reg, st: st, keys: newSubjectsKeys()}
	s.PolledList = kit.PolledList[string, subjectRow]{
		FilterList: kit.FilterList[subjectRow]{
			Poller: kit.Poller{Every: kit.DefaultRefresh},
			Noun:   "subject",
			Key:    func(r *subjectRow) *kit.RowKey { return &r.RowKey },
		},
		Same: func(a, b string) bool { return a == b },
		Row:  func(name string) subjectRow { return subjectRow{kit.NewRowKey(name)} },
	}
	if reg != nil {
		s.Fetch = reg.Subjects
	}
	s.SetSize(80, 24)
	return s
}

// Init loads the subjects and starts the refresh timer; with no
// registry it does nothing.
func (s *Subjects) Init() tea.Cmd { return s.Start() }

// Update handles keys, the mouse, loaded subjects and the timer.
func (s *Subjects) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	if took, cmd := s.TakeInput(msg, s.keys.FilterKeys, s.open); took {
		return s, cmd
	}
	if took, cmd := s.Poll(msg); took {
		return s, cmd
	}
	switch msg := msg.(type) {
	case changedMsg:
		return s, s.Reload(false)
	case tea.KeyPressMsg:
		return s, s.key(msg)
	}
	return s, nil
}

func (s *Subjects) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	if s.reg == nil {
		if kit.Matches(msg, k.Back) {
			return kit.Pop()
		}
		return nil
	}
	if took, cmd := s.CommonKey(msg, k.ListScreenKeys, s.open); took {
		return cmd
	}
	switch {
	case kit.Matches(msg, k.New):
		return kit.Navigate(kit.Route{Kind: kit.RouteSchemaRegister})
	case kit.Matches(msg, k.Refresh):
		return s.Reload(true)
	}
	return nil
}

func (s *Subjects) open() tea.Cmd {
	return s.Open(func(id string) kit.Route { return kit.Route{Kind: kit.RouteSchemaSubject, Subject: id} })
}

// HandlesEsc reports whether esc clears the filter rather than closing.
func (s *Subjects) HandlesEsc() bool { return s.Filtering || s.Filter.Value() != "" }

// Title names the screen with the shown/total count.
func (s *Subjects) Title() string { return s.CountTitle("Schema subjects") }

// SetSize sets the body size.
func (s *Subjects) SetSize(width, height int) {
	s.width, s.height = width, height
	s.SizeRows(height)
}

// ShortHelp lists the keys for the bottom line.
func (s *Subjects) ShortHelp() []key.Binding {
	k := s.keys
	switch {
	case s.reg == nil:
		return []key.Binding{k.Back}
	case s.Filtering:
		return []key.Binding{k.Apply, k.Clear}
	}
	return []key.Binding{k.Open, k.Filter, k.New, k.Back}
}

// FullHelp lists every key.
func (s *Subjects) FullHelp() [][]key.Binding {
	k := s.keys
	if s.reg == nil {
		return [][]key.Binding{{k.Back}}
	}
	return [][]key.Binding{k.List.Bindings(), {k.Open, k.Filter, k.New, k.Refresh, k.Back}}
}

var subjectColumns = []kit.Column{{Title: "SUBJECT", Width: 12, Flex: true}}

// View renders the title line, the heading and the visible subjects.
func (s *Subjects) View() string {
	st := s.st
	w := max(s.width, 20)
	if s.reg == nil {
		return kit.PadLines(strings.Join(noRegistryLines(st, w), "\n"), w, s.height)
	}
	lines := []string{s.TitleLine(st, s.Title(), w, "n registers a new subject")}
	ws := kit.Layout(subjectColumns, w)
	lines = append(lines, kit.HeaderLine(st.TableHead, subjectColumns, ws, -1, ""))
	lines = append(lines, s.TableBody(st, w, "Loading subjects…", s.EmptyText("No subjects yet: n registers one."), subjectColumns, ws,
		func(r *subjectRow, selected bool, cells []string) { cells[0] = s.NameCell(st, &r.RowKey, selected) })...)
	return kit.PadLines(strings.Join(lines, "\n"), w, s.height)
}

// noRegistryLines say that no Schema Registry is configured, and the
// ways to configure one.
func noRegistryLines(st *theme.Styles, w int) []string {
	out := []string{st.Title.Render(kit.Truncate("Schema subjects", w)), ""}
	out = append(out, kit.Wrapped(st.Warning, "  No Schema Registry is configured for this cluster.", w)...)
	out = append(out, "")
	for _, l := range []string{
		"  Give one in any of these ways:",
		"  · schema-registry: {url: http://host:8081} in the context",
		"  · kscope --schema-registry http://host:8081",
		"  · KSCOPE_SCHEMA_REGISTRY=http://host:8081",
		"  · kscope --local, which serves the bundled registry",
	} {
		out = append(out, kit.Wrapped(st.Subtle, l, w)...)
	}
	return out
}
