package security

import (
	"context"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// ACLs is the ACL bindings list (:acls): principal, host, resource type,
// pattern, resource name, operation and permission of every binding, a
// filter over every column ("alice", or "op=write principal=bob"), n to
// create a binding and d to delete bindings, each on its own screen.
type ACLs struct {
	list[kafkaops.ACL]
}

var _ kit.Screen = (*ACLs)(nil)

// NewACLs returns the ACL list; readOnly leaves the write keys out of
// its help (the route table refuses them anyway).
func NewACLs(svc kafkaops.Service, st *theme.Styles, readOnly bool) kit.Screen {
	a := &ACLs{}
	a.list = list[kafkaops.ACL]{
		Poller: kit.Poller{Every: kit.DefaultRefresh}, st: st, noun: "binding", what: whatACLs, readOnly: readOnly, deleteFilters: true,
		keys: newListKeys("create", "", "", "delete"),
		fetch: func(ctx context.Context) ([]kafkaops.ACL, error) {
			return svc.DescribeACLs(ctx, kafkaops.ACLFilter{})
		},
		match: func(a *kafkaops.ACL, q string) bool { return parseACLQuery(q).match(*a) },
	}
	a.SetSize(80, 24)
	return a
}

// Init loads the bindings and starts the refresh timer.
func (a *ACLs) Init() tea.Cmd { return tea.Batch(a.load(false), a.tick()) }

// Update handles keys, the answers and changes made elsewhere.
func (a *ACLs) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	km, ok, cmd := a.ownKey(msg)
	if !ok {
		return a, cmd
	}
	switch {
	case kit.Matches(km, a.keys.New):
		return a, kit.Navigate(kit.Route{Kind: kit.RouteCreateACL})
	case kit.Matches(km, a.keys.Delete):
		r := kit.Route{Kind: kit.RouteDeleteACLs}
		if sel := a.selected(); sel != nil {
			c := *sel
			r.ACL = &c
		}
		return a, kit.Navigate(r)
	}
	return a, nil
}

// Title names the screen.
func (a *ACLs) Title() string { return a.title("ACLs") }

var aclColumns = []kit.Column{
	{Title: "PRINCIPAL", Width: 10, Flex: true},
	{Title: "HOST", Width: 4},
	{Title: "TYPE", Width: 5},
	{Title: "PATTERN", Width: 7},
	{Title: "NAME", Width: 8, Flex: true},
	{Title: "OPERATION", Width: 9},
	{Title: "PERM", Width: 5},
}

// aclCells are a binding's cells, sanitized.
func aclCells(a *kafkaops.ACL) []string {
	return []string{kit.Sanitize(a.Principal), kit.Sanitize(a.Host), a.ResourceType, a.PatternType,
		kit.Sanitize(a.ResourceName), a.Operation, a.Permission}
}

// View draws the table and, under it, the selected binding in words.
func (a *ACLs) View() string {
	keep := a.columnsShown()
	cells := func(r *kafkaops.ACL) []string {
		full := aclCells(r)
		if !slices.Contains(keep, aclPatternCol) && r.PatternType == "PREFIXED" {
			full[aclNameCol] += "*" // the prefix mark stands for the column
		}
		out := make([]string, len(keep))
		for i, k := range keep {
			out[i] = full[k]
		}
		return out
	}
	rows := make([][]string, 0, len(a.shown))
	for _, i := range a.shown {
		rows = append(rows, cells(&a.rows[i]))
	}
	cols := make([]kit.Column, len(keep))
	for i, k := range keep {
		cols[i] = aclColumns[k]
	}
	footer := "  / filter: words, or principal= host= type= pattern= name= op= perm="
	if sel := a.selected(); sel != nil {
		footer = "  " + bindingLine(*sel)
	}
	return a.view("ACLs", "", fitColumns(cols, rows), cells,
		"No ACL bindings: where ACLs are enforced, only super users may act.", footer)
}

// The columns of aclColumns a narrow table may leave out.
const (
	aclHostCol    = 1
	aclPatternCol = 3
	aclNameCol    = 4
)

// columnsShown are the columns that fit: all of them from 80 cells; below,
// the pattern goes (a prefixed name ends with *) and, when every binding
// is for any host, the host, so principals and names keep their room.
func (a *ACLs) columnsShown() []int {
	keep := []int{0, 1, 2, 3, 4, 5, 6}
	if a.width >= 80 {
		return keep
	}
	anyHost := !slices.ContainsFunc(a.rows, func(r kafkaops.ACL) bool { return r.Host != "*" })
	return slices.DeleteFunc(keep, func(i int) bool { return i == aclPatternCol || (i == aclHostCol && anyHost) })
}

// aclFieldNames maps the names a filter term may use to the binding's
// fields.
var aclFieldNames = map[string]func(kafkaops.ACL) string{
	"principal":  func(a kafkaops.ACL) string { return a.Principal },
	"user":       func(a kafkaops.ACL) string { return a.Principal },
	"host":       func(a kafkaops.ACL) string { return a.Host },
	"type":       func(a kafkaops.ACL) string { return a.ResourceType },
	"resource":   func(a kafkaops.ACL) string { return a.ResourceType },
	"pattern":    func(a kafkaops.ACL) string { return a.PatternType },
	"name":       func(a kafkaops.ACL) string { return a.ResourceName },
	"op":         func(a kafkaops.ACL) string { return a.Operation },
	"operation":  func(a kafkaops.ACL) string { return a.Operation },
	"perm":       func(a kafkaops.ACL) string { return a.Permission },
	"permission": func(a kafkaops.ACL) string { return a.Permission },
}

// aclQuery is a parsed filter: words every binding must contain
// somewhere, and field=value terms that narrow one column.
type aclQuery struct {
	words  []string
	fields map[string]string
}

// parseACLQuery reads a lower-cased filter. A term "field=value" with a
// known field name narrows that column; any other term must appear in
// some column.
func parseACLQuery(q string) aclQuery {
	out := aclQuery{fields: map[string]string{}}
	for _, term := range strings.Fields(q) {
		name, val, ok := strings.Cut(term, "=")
		if _, known := aclFieldNames[name]; ok && known {
			out.fields[name] = val
			continue
		}
		out.words = append(out.words, term)
	}
	return out
}

// match reports whether a binding passes the filter (case-insensitive
// substrings).
func (q aclQuery) match(a kafkaops.ACL) bool {
	for name, val := range q.fields {
		if !strings.Contains(strings.ToLower(aclFieldNames[name](a)), val) {
			return false
		}
	}
	all := strings.ToLower(strings.Join([]string{a.Principal, a.Host, a.ResourceType, a.PatternType, a.ResourceName, a.Operation, a.Permission}, " "))
	for _, w := range q.words {
		if !strings.Contains(all, w) {
			return false
		}
	}
	return true
}

// newListKeys returns a list's keys; editKey is the key that edits a row
// ("e", "p"), and an empty help leaves that write key out.
func newListKeys(newHelp, editKey, editHelp, deleteHelp string) listKeys {
	b := func(k, help string) key.Binding {
		kb := key.NewBinding(key.WithKeys(k), key.WithHelp(k, help))
		kb.SetEnabled(help != "")
		return kb
	}
	return listKeys{
		move: kit.NewListKeys(), FilterKeys: kit.NewFilterKeys(),
		New: b("n", newHelp), Edit: b(editKey, editHelp), Delete: b("d", deleteHelp),
		Refresh: kit.RefreshKey(), Back: kit.BackKey(),
	}
}
