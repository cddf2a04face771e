package ui

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// command is one entry of the command palette.
type command struct {
	name string
	arg  string // the argument's name, "" when it takes none
	desc string
	// optArg: the command also runs without its argument (:ctx lists
	// the contexts, :ctx NAME switches).
	optArg bool
}

// commands lists the palette's commands in the order shown: the route
// table's, then the root's own.
func commands() []command {
	var cs []command
	for _, r := range routes {
		if r.command != "" {
			cs = append(cs, command{name: r.command, arg: r.arg, desc: r.desc})
		}
	}
	return append(cs,
		command{name: "ctx", arg: "context", optArg: true, desc: "list or switch contexts"},
		command{name: "quit", desc: "leave kscope"},
	)
}

// maxSuggestions bounds the list under the palette's input.
const maxSuggestions = 8

// paletteRun is the command the palette asks the root to run.
type paletteRun struct {
	name string
	arg  string
}

// paletteTopicsMsg brings the topic names the palette completes
// arguments with.
type paletteTopicsMsg struct{ names []string }

// suggestion is one line under the palette's input.
type suggestion struct {
	value string // the input after completing to it
	label string
	desc  string
}

// palette is the k9s-style command line `:` opens: type a command, tab
// completes it (and a topic argument), enter runs it, esc closes it.
type palette struct {
	open     bool
	input    lineInput
	selected int      // index into suggestions()
	topics   []string // for argument completion, fetched on open
	contexts []string // the context names :ctx completes
}

const palettePlaceholder = "topics, brokers, groups, tail <topic>…"

// show opens the palette and returns the command that fetches topic names
// for argument completion.
func (p *palette) show(svc kafkaops.Service) tea.Cmd {
	p.open = true
	p.selected = 0
	p.input.SetValue("")
	if svc == nil {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		ts, err := svc.ListTopics(ctx)
		if err != nil {
			return nil // completion just has no topics to offer
		}
		names := make([]string, 0, len(ts))
		for _, t := range ts {
			if !t.Internal {
				names = append(names, t.Name)
			}
		}
		sort.Strings(names)
		return paletteTopicsMsg{names: names}
	}
}

func (p *palette) hide() {
	p.open = false
	p.input.SetValue("")
}

// parse splits the input into the command word and its argument.
func (p *palette) parse() (word, arg string, hasArg bool) {
	word, arg, hasArg = strings.Cut(strings.TrimLeft(p.input.Value(), " "), " ")
	return strings.ToLower(word), strings.TrimSpace(arg), hasArg
}

// suggestions returns what the input can still become: commands whose
// name starts with the first word (then those containing it); once a
// command's argument is being typed, the topics that match it.
func (p *palette) suggestions() []suggestion {
	word, arg, hasArg := p.parse()
	var out []suggestion
	if hasArg {
		for _, c := range commands() {
			if c.name != word {
				continue
			}
			out = append(out, suggestion{value: c.name + " " + arg, label: c.name + " " + argLabel(c), desc: c.desc})
			if c.arg == "" {
				return out
			}
			out = out[:0]
			if c.optArg && arg == "" {
				// Enter on ":ctx " alone runs it without an argument.
				out = append(out, suggestion{value: c.name, label: c.name, desc: c.desc})
			}
			for _, pass := range []func(string) bool{
				func(t string) bool { return strings.HasPrefix(t, arg) },
				func(t string) bool { return !strings.HasPrefix(t, arg) && strings.Contains(t, arg) },
			} {
				for _, t := range p.argChoices(c) {
					if pass(t) && len(out) < maxSuggestions {
						out = append(out, suggestion{value: c.name + " " + t, label: t, desc: c.arg})
					}
				}
			}
			if len(out) == 0 {
				out = append(out, suggestion{value: c.name + " " + arg, label: c.name + " " + argLabel(c), desc: c.desc})
			}
			return out
		}
		return nil
	}
	var inner []suggestion
	for _, c := range commands() {
		s := suggestion{value: c.name, label: c.name + " " + argLabel(c), desc: c.desc}
		if c.arg != "" {
			s.value += " "
		}
		switch {
		case strings.HasPrefix(c.name, word):
			out = append(out, s)
		case strings.Contains(c.name, word):
			inner = append(inner, s)
		}
	}
	return append(out, inner...)
}

// argChoices returns what a command's argument completes to.
func (p *palette) argChoices(c command) []string {
	if c.name == "ctx" {
		return p.contexts
	}
	return p.topics
}

func argLabel(c command) string {
	if c.arg == "" {
		return ""
	}
	return "<" + c.arg + ">"
}

// update handles a key while the palette is open and returns the command
// to run, if enter chose one.
func (p *palette) update(msg tea.KeyPressMsg) *paletteRun {
	k := newPaletteKeys()
	switch {
	case kit.Matches(msg, k.Close):
		p.hide()
	case kit.Matches(msg, k.Complete):
		p.complete()
	case kit.Matches(msg, k.Next):
		p.move(1)
	case kit.Matches(msg, k.Prev):
		p.move(-1)
	case kit.Matches(msg, k.Run):
		run := p.resolve()
		p.hide()
		return &run
	default:
		if p.input.update(msg) {
			p.selected = 0
		}
	}
	return nil
}

func (p *palette) move(d int) {
	n := len(p.suggestions())
	if n == 0 {
		return
	}
	p.selected = (p.selected + d + n) % n
}

// complete replaces the input with the selected suggestion.
func (p *palette) complete() {
	ss := p.suggestions()
	if len(ss) == 0 {
		return
	}
	p.input.SetValue(ss[min(p.selected, len(ss)-1)].value)
	p.selected = 0
}

// resolve turns the input into the command to run: an exact name, else the
// selected suggestion, else the unknown word (the root reports it).
func (p *palette) resolve() paletteRun {
	word, arg, _ := p.parse()
	if word == "q" {
		word = "quit" // as in vi, whatever other command starts with q
	}
	for _, c := range commands() {
		if c.name != word {
			continue
		}
		if c.arg != "" && arg == "" {
			// ":tail " with a topic highlighted below means that topic.
			if ss := p.suggestions(); len(ss) > 0 {
				_, a, _ := strings.Cut(ss[min(p.selected, len(ss)-1)].value, " ")
				arg = strings.TrimSpace(a)
			}
		}
		return paletteRun{name: word, arg: arg}
	}
	if ss := p.suggestions(); word != "" && len(ss) > 0 {
		w, a, _ := strings.Cut(ss[min(p.selected, len(ss)-1)].value, " ")
		if arg == "" {
			arg = strings.TrimSpace(a)
		}
		return paletteRun{name: w, arg: arg}
	}
	return paletteRun{name: word, arg: arg}
}

// view renders the palette box: the input, then the suggestions with the
// selected one highlighted, in at most height lines: past that the list
// scrolls with the selection and a line says how many are not shown.
func (p *palette) view(st *theme.Styles, width, height int) string {
	w := min(max(width-4, 20), 64)
	inner := w - 4
	ss := p.suggestions()
	// Border, input and hint take five lines, the blank ones two more;
	// the suggestions get the rest of height, scrolled to the selection.
	spaced := 5+2+len(ss) <= height
	rows := len(ss)
	if !spaced {
		rows = max(height-5-1, 1) // a line says how many are not shown
	}
	from := min(max(p.selected-rows+1, 0), max(len(ss)-rows, 0))
	to := min(from+rows, len(ss))
	lines := []string{p.input.view(st, ":", palettePlaceholder, inner)}
	if spaced {
		lines = append(lines, "")
	}
	if len(ss) == 0 {
		lines = append(lines, st.Subtle.Render("no such command"))
	}
	const labelW = 18
	for i := from; i < to; i++ {
		s := ss[i]
		label := truncateWidth(sanitize(s.label), labelW-1)
		pad := strings.Repeat(" ", max(labelW-lipgloss.Width(label), 1))
		if i == p.selected {
			row := truncateWidth(label+pad+s.desc, inner)
			lines = append(lines, st.Selected.Render(row+strings.Repeat(" ", max(inner-lipgloss.Width(row), 0))))
			continue
		}
		lines = append(lines, truncateWidth(label+pad+st.Subtle.Render(s.desc), inner))
	}
	switch {
	case spaced:
		lines = append(lines, "")
	case len(ss) > to-from:
		lines = append(lines, st.Subtle.Render(truncateWidth(fmt.Sprintf("%d more: ↑/↓ scroll", len(ss)-(to-from)), inner)))
	}
	lines = append(lines, st.Subtle.Render(truncateWidth("tab complete • ↑/↓ choose • enter run • esc close", inner)))
	return st.FocusPane.Padding(0, 1).Width(w).Render(strings.Join(lines, "\n"))
}
