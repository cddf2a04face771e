package kit_test

import (
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

// fruitRow is a row of the test list: a name and a count.
type fruitRow struct {
	kit.RowKey
	count int
}

var fruitColumns = []kit.Column{{Title: "NAME", Width: 10, Flex: true}, {Title: "COUNT", Width: 6, Right: true}}

// fruitList is a FilterList of fruits, 10 body lines tall.
func fruitList() *kit.FilterList[fruitRow] {
	l := &kit.FilterList[fruitRow]{Noun: "fruit", Key: func(r *fruitRow) *kit.RowKey { return &r.RowKey }}
	l.SizeRows(10)
	return l
}

// answer gives l a load's answer of the named fruits.
func answer(l *kit.FilterList[fruitRow], err error, names ...string) {
	id := l.Begin()
	l.Answer(id, err, false, len(names), func() bool { return false }, func() []fruitRow {
		rows := make([]fruitRow, len(names))
		for i, n := range names {
			rows[i] = fruitRow{RowKey: kit.NewRowKey(n), count: len(n)}
		}
		return rows
	})
}

// body renders what the list shows under its headings, without styles.
func body(l *kit.FilterList[fruitRow]) string {
	ws := kit.Layout(fruitColumns, 30)
	st := kittest.TestStyles()
	lines := l.TableBody(st, 30, "Loading fruits…", l.EmptyText("No fruits yet."), fruitColumns, ws,
		func(r *fruitRow, selected bool, cells []string) {
			cells[0] = l.NameCell(st, &r.RowKey, selected)
			cells[1] = kit.FormatCount(int64(r.count))
		})
	return ansi.Strip(strings.Join(lines, "\n"))
}

// keys gives the list the key presses, as a screen hands them on.
func keys(l *kit.FilterList[fruitRow], names ...string) {
	for _, n := range names {
		for _, m := range kittest.KeyMsgs(n) {
			l.Input(m, kit.NewFilterKeys())
		}
	}
}

func TestFilterListTitleBodyAndOpen(t *testing.T) {
	l := fruitList()
	if got := l.CountTitle("Fruits"); got != "Fruits" {
		t.Errorf("title before a load %q", got)
	}
	if got := body(l); !strings.Contains(got, "Loading fruits…") {
		t.Errorf("before a load:\n%s", got)
	}
	if l.Open(func(id string) kit.Route { return kit.Route{Topic: id} }) != nil {
		t.Error("Open with no row navigated")
	}
	answer(l, nil, "apple", "banana", "cherry")
	if got := l.CountTitle("Fruits"); got != "Fruits (3/3)" {
		t.Errorf("title %q", got)
	}
	got := body(l)
	for _, want := range []string{"apple", "banana", "cherry"} {
		if !strings.Contains(got, want) {
			t.Errorf("rows lack %s:\n%s", want, got)
		}
	}
	if lines := strings.Split(got, "\n"); len(lines) != 3 || !strings.HasSuffix(strings.TrimRight(lines[1], " "), "6") {
		t.Errorf("rows or cells wrong:\n%s", got)
	}
	l.Filtering = true
	if !l.Capturing() {
		t.Error("not capturing while the filter has focus")
	}
	keys(l, "ban", "enter")
	if l.Capturing() || l.CountTitle("Fruits") != "Fruits (1/3)" {
		t.Errorf("after the filter: capturing %v, title %q", l.Capturing(), l.CountTitle("Fruits"))
	}
	msgs := kittest.RunCmd(l.Open(func(id string) kit.Route { return kit.Route{Kind: kit.RouteTopicDetail, Topic: id} }))
	if len(msgs) != 1 || msgs[0].(kit.NavigateMsg).Route.Topic != "banana" {
		t.Errorf("Open sent %v", msgs)
	}
	l.Filtering = true
	keys(l, "z")
	if got := body(l); !strings.Contains(got, `No fruit matches "banz".`) {
		t.Errorf("no-match text:\n%s", got)
	}
}

func TestFilterListEmptyAndFailedBodies(t *testing.T) {
	l := fruitList()
	answer(l, nil)
	if got := body(l); !strings.Contains(got, "No fruits yet.") {
		t.Errorf("empty list:\n%s", got)
	}
	l = fruitList()
	answer(l, errors.New("[7] Request Timed Out"))
	if got := body(l); !strings.Contains(got, "Could not list fruits") || !strings.Contains(got, "Press r to try again.") {
		t.Errorf("failed first load:\n%s", got)
	}
}

// pressList hands the keys to the list as a list screen does: TakeInput
// first, then CommonKey; it returns the messages of the commands.
func pressList(l *kit.FilterList[fruitRow], k kit.ListScreenKeys, names ...string) []tea.Msg {
	var out []tea.Msg
	open := func() tea.Cmd {
		return l.Open(func(id string) kit.Route { return kit.Route{Kind: kit.RouteTopicDetail, Topic: id} })
	}
	for _, n := range names {
		for _, m := range kittest.KeyMsgs(n) {
			took, cmd := l.TakeInput(m, k.FilterKeys, open)
			if !took {
				_, cmd = l.CommonKey(m, k, open)
			}
			out = append(out, kittest.RunCmd(cmd)...)
		}
	}
	return out
}

func TestFilterListCommonKeys(t *testing.T) {
	l := fruitList()
	k := kit.NewListScreenKeys("open")
	answer(l, nil, "apple", "banana", "cherry")
	if msgs := pressList(l, k, "j", "enter"); len(msgs) != 1 || msgs[0].(kit.NavigateMsg).Route.Topic != "banana" {
		t.Errorf("j enter: %v", msgs)
	}
	pressList(l, k, "/", "che")
	if !l.Capturing() || !strings.Contains(body(l), "cherry") || strings.Contains(body(l), "apple") {
		t.Errorf("/che: capturing %v\n%s", l.Capturing(), body(l))
	}
	if msgs := pressList(l, k, "enter"); len(msgs) != 0 || l.Capturing() || l.CountTitle("Fruits") != "Fruits (1/3)" {
		t.Errorf("enter in the filter: %v, capturing %v, title %q", msgs, l.Capturing(), l.CountTitle("Fruits"))
	}
	if msgs := pressList(l, k, "esc"); len(msgs) != 0 || l.Filter.Value() != "" || !strings.Contains(body(l), "apple") {
		t.Errorf("esc with a kept filter: %v, filter %q\n%s", msgs, l.Filter.Value(), body(l))
	}
	if msgs := pressList(l, k, "esc"); len(msgs) != 1 {
		t.Errorf("esc with no filter: %v", msgs)
	} else if _, ok := msgs[0].(kit.PopMsg); !ok {
		t.Errorf("esc with no filter sent %T, want PopMsg", msgs[0])
	}
	if took, _ := l.CommonKey(kittest.KeyMsgs("x")[0], k, nil); took {
		t.Error("CommonKey took a key that is not its own")
	}
}
