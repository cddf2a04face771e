package kit_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

func TestWindowRowsFollowsTheScrollerAndFocus(t *testing.T) {
	st := kittest.TestStyles()
	cols := []kit.Column{{Title: "N", Width: 4, Right: true}, {Title: "NAME", Width: 10, Flex: true}}
	ws := kit.Layout(cols, 30)
	names := []string{"zero", "one", "two", "three", "four"}
	sc := kit.Scroller{}
	sc.SetHeight(3)
	sc.SetN(len(names))
	var picked []int
	render := func(focused bool) []string {
		picked = nil
		return kit.WindowRows(st, &sc, cols, ws, focused, func(i int, selected bool, out []string) {
			if selected {
				picked = append(picked, i)
			}
			out[0], out[1] = strconv.Itoa(i), names[i]
		})
	}
	plain := func(lines []string) string { return ansi.Strip(strings.Join(lines, "\n")) }
	lines := render(true)
	if got := plain(lines); len(lines) != 3 || !strings.Contains(got, "zero") || !strings.Contains(got, "two") || strings.Contains(got, "three") {
		t.Errorf("first window:\n%s", got)
	}
	if len(picked) != 1 || picked[0] != 0 || lines[0] != kit.RowLine([]string{"0", "zero"}, cols, ws, true, st.Selected) {
		t.Errorf("the cursor's row is not the selected one: picked %v\n%q", picked, lines[0])
	}
	sc.Move(4) // down to the last row: the window follows
	lines = render(true)
	if got := plain(lines); !strings.Contains(got, "four") || strings.Contains(got, "one") || len(picked) != 1 || picked[0] != 4 {
		t.Errorf("after moving to the end (picked %v):\n%s", picked, got)
	}
	if lines = render(false); len(picked) != 0 || lines[2] != kit.RowLine([]string{"4", "four"}, cols, ws, false, st.Selected) {
		t.Errorf("an unfocused table highlights a row: picked %v", picked)
	}
}
