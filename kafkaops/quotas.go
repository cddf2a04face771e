package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/segmentio/kafka-go/protocol/alterclientquotas"
	"github.com/segmentio/kafka-go/protocol/describeclientquotas"
)

// Client quota keys kscope edits.
const (
	// QuotaProducerByteRate caps the bytes per second a client produces.
	QuotaProducerByteRate = "producer_byte_rate"
	// QuotaConsumerByteRate caps the bytes per second a client fetches.
	QuotaConsumerByteRate = "consumer_byte_rate"
	// QuotaRequestPercentage caps the share of broker threads a client
	// uses, in percent of one thread.
	QuotaRequestPercentage = "request_percentage"
)

// QuotaDefault, as QuotaEntity.User or ClientID, names the default entity
// (every user or client id without a quota of its own), as kafka-configs
// prints it.
const QuotaDefault = "<default>"

// QuotaEntity is who a quota applies to: a user, a client id, or a user
// and a client id together. An empty field is not part of the entity.
type QuotaEntity struct {
	// User is the user name, QuotaDefault, or "".
	User string
	// ClientID is the client id, QuotaDefault, or "".
	ClientID string
}

// String names the entity as kafka-configs does, e.g.
// "user=alice, client-id=app".
func (e QuotaEntity) String() string {
	var parts []string
	if e.User != "" {
		parts = append(parts, "user="+e.User)
	}
	if e.ClientID != "" {
		parts = append(parts, "client-id="+e.ClientID)
	}
	return strings.Join(parts, ", ")
}

// Quota is the quotas set on one entity.
type Quota struct {
	// Entity is who the quotas apply to.
	Entity QuotaEntity
	// Values maps quota keys (QuotaProducerByteRate, ...) to values.
	Values map[string]float64
}

// QuotaAlter changes the quotas of one entity.
type QuotaAlter struct {
	// Entity is who the quotas apply to.
	Entity QuotaEntity
	// Set maps quota keys to their new values.
	Set map[string]float64
	// Remove lists quota keys to remove.
	Remove []string
	// ValidateOnly asks the broker to check the change only (dry run).
	ValidateOnly bool
}

const (
	quotaUser     = "user"
	quotaClientID = "client-id"
)

// DescribeQuotas lists client quotas with one DescribeClientQuotas
// request: every quota whose entity includes the filter's user and client
// id (a zero filter lists them all).
func (c *Client) DescribeQuotas(ctx context.Context, filter QuotaEntity) ([]Quota, error) {
	out, err := c.describeQuotas(ctx, filter)
	if err != nil {
		return nil, fmt.Errorf("describe client quotas: %w", err)
	}
	return out, nil
}

func (c *Client) describeQuotas(ctx context.Context, filter QuotaEntity) ([]Quota, error) {
	req := &describeclientquotas.Request{}
	for _, comp := range []struct{ typ, name string }{{quotaUser, filter.User}, {quotaClientID, filter.ClientID}} {
		switch comp.name {
		case "":
		case QuotaDefault:
			req.Components = append(req.Components, describeclientquotas.Component{EntityType: comp.typ, MatchType: 1})
		default:
			req.Components = append(req.Components, describeclientquotas.Component{EntityType: comp.typ, MatchType: 0, Match: comp.name})
		}
	}
	res, _, err := c.wire.roundTripAny(ctx, req)
	if err != nil {
		return nil, err
	}
	r := res.(*describeclientquotas.Response)
	if err := kafkaError(r.ErrorCode, r.ErrorMessage); err != nil {
		return nil, err
	}
	var out []Quota
	for _, e := range r.Entries {
		q := Quota{Values: map[string]float64{}}
		for _, ent := range e.Entities {
			name := ent.EntityName
			if name == "" {
				name = QuotaDefault // a null name is the default entity
			}
			switch ent.EntityType {
			case quotaUser:
				q.Entity.User = name
			case quotaClientID:
				q.Entity.ClientID = name
			}
		}
		for _, v := range e.Values {
			q.Values[v.Key] = v.Value
		}
		out = append(out, q)
	}
	slices.SortFunc(out, func(a, b Quota) int { return strings.Compare(a.Entity.String(), b.Entity.String()) })
	return out, nil
}

// AlterQuotas sets and removes quotas of one entity with one
// AlterClientQuotas request; with ValidateOnly the broker only checks.
func (c *Client) AlterQuotas(ctx context.Context, a QuotaAlter) error {
	if err := c.alterQuotas(ctx, a); err != nil {
		return fmt.Errorf("%s client quotas of %s: %w", alterVerb(a.ValidateOnly), a.Entity, err)
	}
	return nil
}

func (c *Client) alterQuotas(ctx context.Context, a QuotaAlter) error {
	if a.Entity.User == "" && a.Entity.ClientID == "" {
		return fmt.Errorf("%w: a quota needs a user, a client id or both", ErrInvalid)
	}
	if len(a.Set) == 0 && len(a.Remove) == 0 {
		return fmt.Errorf("%w: nothing to change", ErrInvalid)
	}
	entry := alterclientquotas.Entry{}
	for _, comp := range []struct{ typ, name string }{{quotaUser, a.Entity.User}, {quotaClientID, a.Entity.ClientID}} {
		switch comp.name {
		case "":
		case QuotaDefault:
			entry.Entities = append(entry.Entities, alterclientquotas.Entity{EntityType: comp.typ}) // null name
		default:
			entry.Entities = append(entry.Entities, alterclientquotas.Entity{EntityType: comp.typ, EntityName: comp.name})
		}
	}
	keys := make([]string, 0, len(a.Set))
	for k := range a.Set {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if a.Set[k] <= 0 {
			return fmt.Errorf("%w: quota %s = %v: want a positive value (remove it to lift it)", ErrInvalid, k, a.Set[k])
		}
		entry.Ops = append(entry.Ops, alterclientquotas.Ops{Key: k, Value: a.Set[k]})
	}
	for _, k := range a.Remove {
		if _, ok := a.Set[k]; ok {
			return fmt.Errorf("%w: quota %s is both set and removed", ErrInvalid, k)
		}
		entry.Ops = append(entry.Ops, alterclientquotas.Ops{Key: k, Remove: true})
	}
	req := &alterclientquotas.Request{Entries: []alterclientquotas.Entry{entry}, ValidateOnly: a.ValidateOnly}
	res, _, err := c.wire.roundTripAny(ctx, req)
	if err != nil {
		return err
	}
	var errs []error
	for _, r := range res.(*alterclientquotas.Response).Results {
		if err := kafkaError(r.ErrorCode, r.ErrorMessage); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
