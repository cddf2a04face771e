package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"kscope/theme"
	"kscope/views"
)

// command is one entry of the command palette.
type command struct {
	name string
	arg  string // the argument's name, "" when it takes none
	desc string
}

// commands lists the palette's commands in the order shown.
func commands() []command {
	return []command{
		{name: "topics", desc: "browse topics"},
		{name: "brokers", desc: "the cluster's brokers"},
		{name: "groups", desc: "consumer groups and lag"},
		{name: "tail", arg: "topic", desc: "live-tail a topic"},
		{name: "produce", arg: "topic", desc: "produce a record to a topic"},
		{name: "create", desc: "create a topic"},
		{name: "quit", desc: "leave kscope"},
	}
}

// paletteRunMsg is what the palette asks the root to run.
type paletteRunMsg struct {
	name string
	arg  string
}

// palette is the k9s-style command line `:` opens: type a command, tab
// completes it, enter runs it, esc closes it.
type palette struct {
	open     bool
	input    lineInput
	selected int // index into matches()
	width    int
}

func newPalette() palette { return palette{} }

const palettePlaceholder = "topics, brokers, groups, tail <topic>…"

func (p *palette) show() tea.Cmd {
	p.open = true
	p.selected = 0
	p.input.SetValue("")
	return nil
}

func (p *palette) hide() {
	p.open = false
	p.input.SetValue("")
}

// matches returns the commands the input can still become: those whose
// name starts with the first word (or contains it, after the prefix
// matches); once an argument is being typed, only the named command.
func (p *palette) matches() []command {
	word, _, hasArg := strings.Cut(strings.TrimLeft(p.input.Value(), " "), " ")
	word = strings.ToLower(word)
	var prefix, inner []command
	for _, c := range commands() {
		switch {
		case hasArg && c.name == word:
			return []command{c}
		case hasArg:
		case strings.HasPrefix(c.name, word):
			prefix = append(prefix, c)
		case strings.Contains(c.name, word):
			inner = append(inner, c)
		}
	}
	return append(prefix, inner...)
}

// update handles a key while the palette is open and returns the command
// to run, if enter chose one.
func (p *palette) update(msg tea.KeyPressMsg) (*paletteRunMsg, tea.Cmd) {
	switch msg.String() {
	case "esc":
		p.hide()
		return nil, nil
	case "tab":
		p.complete()
		return nil, nil
	case "down", "ctrl+n":
		p.move(1)
		return nil, nil
	case "up", "ctrl+p", "shift+tab":
		p.move(-1)
		return nil, nil
	case "enter":
		run := p.resolve()
		p.hide()
		return &run, nil
	}
	if p.input.update(msg) {
		p.selected = 0
	}
	return nil, nil
}

func (p *palette) move(d int) {
	n := len(p.matches())
	if n == 0 {
		return
	}
	p.selected = (p.selected + d + n) % n
}

// complete replaces the command word with the selected match, adding a
// space when the command takes an argument.
func (p *palette) complete() {
	ms := p.matches()
	if len(ms) == 0 {
		return
	}
	c := ms[min(p.selected, len(ms)-1)]
	_, arg, hasArg := strings.Cut(strings.TrimLeft(p.input.Value(), " "), " ")
	v := c.name
	if c.arg != "" {
		v += " " + arg
		if !hasArg {
			v = c.name + " "
		}
	}
	p.input.SetValue(v)
	p.selected = 0
}

// resolve turns the input into the command to run: an exact name, else the
// selected match, else the unknown word (the root reports it).
func (p *palette) resolve() paletteRunMsg {
	word, arg, _ := strings.Cut(strings.TrimSpace(p.input.Value()), " ")
	word, arg = strings.ToLower(word), strings.TrimSpace(arg)
	for _, c := range commands() {
		if c.name == word {
			return paletteRunMsg{name: word, arg: arg}
		}
	}
	if ms := p.matches(); word != "" && len(ms) > 0 {
		return paletteRunMsg{name: ms[min(p.selected, len(ms)-1)].name, arg: arg}
	}
	return paletteRunMsg{name: word, arg: arg}
}

// view renders the palette box: the input, then the matching commands with
// the selected one highlighted.
func (p *palette) view(st *theme.Styles, width int) string {
	w := min(max(width-4, 20), 64)
	lines := []string{p.input.view(st, ":", palettePlaceholder, w-4), ""}
	ms := p.matches()
	if len(ms) == 0 {
		lines = append(lines, st.Subtle.Render("no such command"))
	}
	for i, c := range ms {
		name := c.name
		if c.arg != "" {
			name += " <" + c.arg + ">"
		}
		row := lipgloss.NewStyle().Width(18).Render(name) + st.Subtle.Render(c.desc)
		if i == p.selected {
			row = st.Selected.Render(lipgloss.NewStyle().Width(w - 4).Render(name + strings.Repeat(" ", max(18-lipgloss.Width(name), 1)) + c.desc))
		}
		lines = append(lines, row)
	}
	lines = append(lines, "", st.Subtle.Render("tab complete • ↑/↓ choose • enter run • esc close"))
	return st.FocusPane.Padding(0, 1).Width(w).Render(strings.Join(lines, "\n"))
}

// routeFor maps a palette command to the screen it opens.
func routeFor(name, arg string) views.Route {
	switch name {
	case "brokers":
		return views.Route{Kind: views.RouteBrokers}
	case "groups":
		return views.Route{Kind: views.RouteGroups}
	case "tail":
		return views.Route{Kind: views.RouteTail, Topic: arg}
	case "produce":
		return views.Route{Kind: views.RouteProduce, Topic: arg}
	case "create":
		return views.Route{Kind: views.RouteCreateTopic}
	default:
		return views.Route{Kind: views.RouteTopics}
	}
}
