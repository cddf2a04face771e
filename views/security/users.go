package security

import (
	"context"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// userRow is one SCRAM credential of a user: a user with both
// mechanisms has two rows.
type userRow struct {
	name string
	cred kafkaops.ScramCredential
	of   int // how many credentials the user has
}

// Users is the SCRAM users list (:users), one row per credential: each
// user's mechanisms and iteration counts (passwords never leave the
// broker); n creates a user, p changes the selected credential's
// password, d deletes it.
type Users struct {
	list[userRow]
}

var _ kit.Screen = (*Users)(nil)

// NewUsers returns the users list; readOnly leaves the write keys out of
// its help.
func NewUsers(svc kafkaops.Service, st *theme.Styles, readOnly bool) kit.Screen {
	u := &Users{}
	u.list = list[userRow]{
		Poller: kit.Poller{Every: kit.DefaultRefresh}, st: st, noun: "credential", what: whatUsers, readOnly: readOnly,
		keys: newListKeys("new", "p", "passwd", "delete"),
		fetch: func(ctx context.Context) ([]userRow, error) {
			users, err := svc.DescribeScramUsers(ctx)
			return userRows(users), err
		},
		match: func(r *userRow, q string) bool {
			return strings.Contains(strings.ToLower(r.name+" "+r.cred.Mechanism), q)
		},
	}
	u.SetSize(80, 24)
	return u
}

// userRows flattens users into one row per credential.
func userRows(users []kafkaops.ScramUser) []userRow {
	var out []userRow
	for _, u := range users {
		for _, c := range u.Credentials {
			out = append(out, userRow{name: u.Name, cred: c, of: len(u.Credentials)})
		}
	}
	return out
}

// Init loads the users and starts the refresh timer.
func (u *Users) Init() tea.Cmd { return tea.Batch(u.load(false), u.tick()) }

// Update handles keys, the answers and changes made elsewhere.
func (u *Users) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	km, ok, cmd := u.ownKey(msg)
	if !ok {
		return u, cmd
	}
	sel := u.selected()
	switch {
	case kit.Matches(km, u.keys.New):
		return u, kit.Navigate(kit.Route{Kind: kit.RouteScramUser})
	case kit.Matches(km, u.keys.Edit) && sel != nil:
		return u, kit.Navigate(kit.Route{Kind: kit.RouteScramUser, User: sel.name, Mechanism: sel.cred.Mechanism})
	case kit.Matches(km, u.keys.Delete) && sel != nil:
		return u, kit.Navigate(kit.Route{Kind: kit.RouteDeleteScram, User: sel.name, Mechanism: sel.cred.Mechanism})
	case (kit.Matches(km, u.keys.Edit) || kit.Matches(km, u.keys.Delete)) && !u.readOnly:
		return u, u.noRow()
	}
	return u, nil
}

// Title names the screen.
func (u *Users) Title() string { return u.title("SCRAM credentials") }

var userColumns = []kit.Column{
	{Title: "USER", Width: 12, Flex: true},
	{Title: "MECHANISM", Width: 13},
	{Title: "ITERATIONS", Width: 10, Right: true},
}

// View draws the table and, under it, what the selected user has.
func (u *Users) View() string {
	footer := "  passwords never leave the broker: only the mechanism and iterations show"
	if sel := u.selected(); sel != nil && sel.of > 1 {
		footer = "  " + kit.Sanitize(sel.name) + " has " + strconv.Itoa(sel.of) + " credentials (one per mechanism)"
	}
	empty := "No SCRAM users. n creates one."
	if u.readOnly {
		empty = "No SCRAM users."
	}
	users := map[string]bool{}
	for _, r := range u.rows {
		users[r.name] = true
	}
	extra := ""
	if u.loaded {
		extra = kit.PluralCount(int64(len(users)), "user")
	}
	return u.view("SCRAM credentials", extra, userColumns, func(r *userRow) []string {
		return []string{kit.Sanitize(r.name), r.cred.Mechanism, kit.FormatCount(int64(r.cred.Iterations))}
	}, empty, footer)
}
