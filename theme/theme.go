// Package theme holds kscope's palette of semantic colour tokens and builds
// every lipgloss style from them. It is the only package that names colours.
package theme

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// Palette is the set of semantic colour tokens the styles are built from.
type Palette struct {
	Foreground    color.Color
	Subtle        color.Color
	Border        color.Color
	FocusedBorder color.Color
	Accent        color.Color
	Highlight     color.Color // background of the selected row
	Error         color.Color
	Warning       color.Color
	OK            color.Color
}

// NewPalette returns the palette for a dark or light terminal background.
// With noColor every token is unset, so only bold, faint and reverse
// attributes distinguish things (NO_COLOR).
func NewPalette(isDark, noColor bool) Palette {
	if noColor {
		return Palette{}
	}
	ld := lipgloss.LightDark(isDark)
	c := lipgloss.Color
	return Palette{
		Foreground:    ld(c("#1F2430"), c("#E6E6EA")),
		Subtle:        ld(c("#6B7080"), c("#8A8FA3")),
		Border:        ld(c("#C5C8D4"), c("#3B3F51")),
		FocusedBorder: ld(c("#5A4FCF"), c("#8B80F9")),
		Accent:        ld(c("#5A4FCF"), c("#A39BFF")),
		Highlight:     ld(c("#E4E1FF"), c("#2E2A5C")),
		Error:         ld(c("#C62828"), c("#FF6B6B")),
		Warning:       ld(c("#B26A00"), c("#FFB74D")),
		OK:            ld(c("#2E7D32"), c("#7BD88F")),
	}
}

// Styles are the lipgloss styles every screen draws with. Screens receive a
// *Styles and never build colours of their own.
type Styles struct {
	Palette Palette

	App        lipgloss.Style // the whole screen
	Header     lipgloss.Style // the top bar
	HeaderKey  lipgloss.Style // a label in the header
	Title      lipgloss.Style // a pane or screen title
	Subtle     lipgloss.Style // secondary text
	Accent     lipgloss.Style // emphasised text
	Match      lipgloss.Style // the matched part of a filtered name
	Selected   lipgloss.Style // the selected row
	TableHead  lipgloss.Style // a table's column headings
	Pane       lipgloss.Style // a bordered pane
	FocusPane  lipgloss.Style // a bordered pane with focus (a thick border, seen without colour too)
	Status     lipgloss.Style // the status line
	StatusOK   lipgloss.Style // a success in the status line
	StatusErr  lipgloss.Style // an error in the status line
	Warning    lipgloss.Style // a warning
	Error      lipgloss.Style // an error
	OK         lipgloss.Style // a good state
	Disabled   lipgloss.Style // a disabled key or action
	Modal      lipgloss.Style // a modal dialog box
	InputFocus lipgloss.Style // a focused input field
	Input      lipgloss.Style // an input field
}

// New builds the styles for a dark or light background; noColor drops every
// colour (NO_COLOR).
func New(isDark, noColor bool) *Styles {
	p := NewPalette(isDark, noColor)
	s := lipgloss.NewStyle
	border := lipgloss.RoundedBorder()
	return &Styles{
		Palette:    p,
		App:        s().Foreground(p.Foreground),
		Header:     s().Bold(true).Foreground(p.Accent),
		HeaderKey:  s().Foreground(p.Subtle),
		Title:      s().Bold(true).Foreground(p.Accent),
		Subtle:     s().Foreground(p.Subtle),
		Accent:     s().Foreground(p.Accent),
		Match:      s().Underline(true).Bold(true).Foreground(p.Warning),
		Selected:   selectedStyle(p, noColor),
		TableHead:  s().Bold(true).Foreground(p.Subtle),
		Pane:       s().Border(border).BorderForeground(p.Border),
		FocusPane:  s().Border(lipgloss.ThickBorder()).BorderForeground(p.FocusedBorder),
		Status:     s().Foreground(p.Subtle),
		StatusOK:   s().Foreground(p.OK),
		StatusErr:  s().Bold(true).Foreground(p.Error),
		Warning:    s().Foreground(p.Warning),
		Error:      s().Bold(true).Foreground(p.Error),
		OK:         s().Foreground(p.OK),
		Disabled:   s().Faint(true).Strikethrough(true),
		Modal:      s().Border(lipgloss.DoubleBorder()).BorderForeground(p.FocusedBorder).Padding(1, 2),
		InputFocus: s().Foreground(p.Accent),
		Input:      s().Foreground(p.Foreground),
	}
}

func selectedStyle(p Palette, noColor bool) lipgloss.Style {
	if noColor {
		return lipgloss.NewStyle().Reverse(true)
	}
	return lipgloss.NewStyle().Bold(true).Background(p.Highlight).Foreground(p.Foreground)
}
