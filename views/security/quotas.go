package security

import (
	"context"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// quotaKeys are the quotas kscope edits, in the columns' order.
var quotaKeys = []string{kafkaops.QuotaProducerByteRate, kafkaops.QuotaConsumerByteRate, kafkaops.QuotaRequestPercentage}

// Quotas is the client quotas list (:quotas): each entity (a user, a
// client id, both, or the <default> one) with its producer and consumer
// byte rates and request percentage; e edits the selected entity's
// values, n adds quotas for a new entity.
type Quotas struct {
	list[kafkaops.Quota]
}

var _ kit.Screen = (*Quotas)(nil)

// NewQuotas returns the quotas list; readOnly leaves the write keys out
// of its help.
func NewQuotas(svc kafkaops.Service, st *theme.Styles, readOnly bool) kit.Screen {
	q := &Quotas{}
	q.list = list[kafkaops.Quota]{
		Poller: kit.Poller{Every: kit.DefaultRefresh}, st: st, noun: "quota entity", what: whatQuotas, readOnly: readOnly,
		keys: newListKeys("new", "e", "edit", ""),
		fetch: func(ctx context.Context) ([]kafkaops.Quota, error) {
			return svc.DescribeQuotas(ctx, kafkaops.QuotaEntity{})
		},
		match: func(r *kafkaops.Quota, q string) bool { return strings.Contains(strings.ToLower(r.Entity.String()), q) },
	}
	q.SetSize(80, 24)
	return q
}

// Init loads the quotas and starts the refresh timer.
func (q *Quotas) Init() tea.Cmd { return tea.Batch(q.load(false), q.tick()) }

// Update handles keys, the answers and changes made elsewhere.
func (q *Quotas) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	km, ok, cmd := q.ownKey(msg)
	if !ok {
		return q, cmd
	}
	switch {
	case kit.Matches(km, q.keys.New):
		return q, kit.Navigate(kit.Route{Kind: kit.RouteEditQuota})
	case kit.Matches(km, q.keys.Edit):
		if sel := q.selected(); sel != nil {
			c := kafkaops.Quota{Entity: sel.Entity, Values: maps.Clone(sel.Values)}
			return q, kit.Navigate(kit.Route{Kind: kit.RouteEditQuota, Quota: &c})
		}
		return q, q.noRow()
	}
	return q, nil
}

// Title names the screen.
func (q *Quotas) Title() string { return q.title("Client quotas") }

var quotaColumns = []kit.Column{
	{Title: "USER", Width: 10, Flex: true},
	{Title: "CLIENT ID", Width: 10, Flex: true},
	{Title: "PRODUCE/s", Width: 9, Right: true},
	{Title: "CONSUME/s", Width: 9, Right: true},
	{Title: "REQUEST", Width: 7, Right: true},
}

// entityPart is one part of an entity for its cell: "—" when the entity
// has no such part.
func entityPart(s string) string {
	if s == "" {
		return "—"
	}
	return kit.Sanitize(s)
}

// View draws the table and, under it, the selected entity's values.
func (q *Quotas) View() string {
	footer := "  kscope's bundled broker stores quotas but does not enforce them"
	if sel := q.selected(); sel != nil {
		footer = "  " + quotaSummary(*sel)
	}
	empty := "No client quotas. n adds one for a user or client id."
	if q.readOnly {
		empty = "No client quotas."
	}
	return q.view("Client quotas", "", quotaColumns, func(r *kafkaops.Quota) []string {
		cells := []string{entityPart(r.Entity.User), entityPart(r.Entity.ClientID)}
		for _, k := range quotaKeys {
			cells = append(cells, quotaCell(k, r.Values))
		}
		return cells
	}, empty, footer)
}

// quotaCell is one value for the table: "1MiB", "50%", "—" when unset.
func quotaCell(k string, values map[string]float64) string {
	v, ok := values[k]
	if !ok {
		return "—"
	}
	return formatQuota(k, v)
}

// formatQuota writes a value the way it was meant: byte rates in binary
// units when whole, the percentage with %.
func formatQuota(k string, v float64) string {
	num := strconv.FormatFloat(v, 'f', -1, 64)
	switch {
	case k == kafkaops.QuotaRequestPercentage:
		return num + "%"
	case strings.HasSuffix(k, "_byte_rate") && v == math.Trunc(v) && v < 1<<62:
		return kit.HumanBytes(strconv.FormatInt(int64(v), 10))
	}
	return num
}

// quotaShort names the quotas kscope edits briefly, for the summary.
var quotaShort = map[string]string{
	kafkaops.QuotaProducerByteRate: "produce", kafkaops.QuotaConsumerByteRate: "consume", kafkaops.QuotaRequestPercentage: "request",
}

// quotaSummary is an entity with every exact value it has, also keys
// kscope does not edit (controller_mutation_rate...).
func quotaSummary(q kafkaops.Quota) string {
	keys := slices.Sorted(maps.Keys(q.Values))
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		v := strconv.FormatFloat(q.Values[k], 'f', -1, 64)
		switch short := quotaShort[k]; {
		case k == kafkaops.QuotaRequestPercentage:
			parts = append(parts, short+" "+v+"%")
		case short != "":
			parts = append(parts, short+" "+v+" B/s")
		default:
			parts = append(parts, kit.Sanitize(k)+" "+v)
		}
	}
	return kit.Sanitize(q.Entity.String()) + ": " + strings.Join(parts, " · ")
}
