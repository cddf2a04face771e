package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/segmentio/kafka-go/protocol/createacls"
	"github.com/segmentio/kafka-go/protocol/deleteacls"
	"github.com/segmentio/kafka-go/protocol/describeacls"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// ACL is one ACL binding: who (principal, host) may or may not (permission)
// do what (operation) on which resource (type, pattern, name). Enumerated
// fields hold Kafka's names in capitals, as kafka-acls prints them:
// "TOPIC", "LITERAL", "READ", "ALLOW".
type ACL struct {
	// Principal is "User:name" (or "User:*" for everyone).
	Principal string
	// Host is the client host, "*" for any.
	Host string
	// ResourceType is TOPIC, GROUP, CLUSTER, TRANSACTIONAL_ID,
	// DELEGATION_TOKEN or USER.
	ResourceType string
	// ResourceName is the resource's name ("kafka-cluster" for CLUSTER,
	// "*" for every resource of the type).
	ResourceName string
	// PatternType is LITERAL or PREFIXED.
	PatternType string
	// Operation is ALL, READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE,
	// CLUSTER_ACTION, DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE,
	// CREATE_TOKENS or DESCRIBE_TOKENS.
	Operation string
	// Permission is ALLOW or DENY.
	Permission string
}

// ACLFilter selects ACL bindings. An empty field matches anything; the
// enumerated fields also take ANY, and PatternType takes MATCH (every
// pattern that applies to ResourceName).
type ACLFilter struct {
	// Principal, Host and ResourceName match exactly when set.
	Principal, Host, ResourceName string
	// ResourceType, PatternType, Operation and Permission are Kafka's
	// names, as in ACL.
	ResourceType, PatternType, Operation, Permission string
}

// Filter returns the filter that matches exactly this binding.
func (a ACL) Filter() ACLFilter {
	return ACLFilter{
		Principal: a.Principal, Host: a.Host, ResourceName: a.ResourceName,
		ResourceType: a.ResourceType, PatternType: a.PatternType, Operation: a.Operation, Permission: a.Permission,
	}
}

// aclCodes are an ACL's or filter's enumerations as protocol codes.
type aclCodes struct{ resource, pattern, operation, permission int8 }

// parseACLCodes reads the enumerations; anyOK allows ANY (and MATCH for
// the pattern) and empty values, as filters do.
func parseACLCodes(resource, pattern, operation, permission string, anyOK bool) (aclCodes, error) {
	or := func(s, dflt string) string {
		if s == "" && anyOK {
			return dflt
		}
		return s
	}
	rt, err := kmsg.ParseACLResourceType(or(resource, "ANY"))
	if err != nil {
		return aclCodes{}, fmt.Errorf("%w: resource type %q: want TOPIC, GROUP, CLUSTER, TRANSACTIONAL_ID, DELEGATION_TOKEN or USER", ErrInvalid, resource)
	}
	pt, err := kmsg.ParseACLResourcePatternType(or(pattern, "ANY"))
	if err != nil {
		return aclCodes{}, fmt.Errorf("%w: pattern type %q: want LITERAL or PREFIXED", ErrInvalid, pattern)
	}
	op, err := kmsg.ParseACLOperation(or(operation, "ANY"))
	if err != nil {
		return aclCodes{}, fmt.Errorf("%w: operation %q: want ALL, READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, CLUSTER_ACTION, DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE, CREATE_TOKENS or DESCRIBE_TOKENS", ErrInvalid, operation)
	}
	perm, err := kmsg.ParseACLPermissionType(or(permission, "ANY"))
	if err != nil {
		return aclCodes{}, fmt.Errorf("%w: permission %q: want ALLOW or DENY", ErrInvalid, permission)
	}
	if !anyOK && (rt == kmsg.ACLResourceTypeAny || pt == kmsg.ACLResourcePatternTypeAny || pt == kmsg.ACLResourcePatternTypeMatch ||
		op == kmsg.ACLOperationAny || perm == kmsg.ACLPermissionTypeAny) {
		return aclCodes{}, fmt.Errorf("%w: an ACL names one resource type, pattern type, operation and permission, not ANY or MATCH", ErrInvalid)
	}
	return aclCodes{int8(rt), int8(pt), int8(op), int8(perm)}, nil
}

// aclOf builds a domain ACL from protocol codes.
func aclOf(principal, host string, rt int8, name string, pt, op, perm int8) ACL {
	return ACL{
		Principal: principal, Host: host, ResourceName: name,
		ResourceType: kmsg.ACLResourceType(rt).String(),
		PatternType:  kmsg.ACLResourcePatternType(pt).String(),
		Operation:    kmsg.ACLOperation(op).String(),
		Permission:   kmsg.ACLPermissionType(perm).String(),
	}
}

// DescribeACLs lists the ACL bindings that match a filter, with one
// DescribeAcls request. A screen shows it before DeleteACLs as the dry
// run of a delete: the same filter deletes exactly these bindings.
func (c *Client) DescribeACLs(ctx context.Context, f ACLFilter) ([]ACL, error) {
	out, err := c.describeACLs(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("describe ACLs: %w", err)
	}
	return out, nil
}

func (c *Client) describeACLs(ctx context.Context, f ACLFilter) ([]ACL, error) {
	codes, err := parseACLCodes(f.ResourceType, f.PatternType, f.Operation, f.Permission, true)
	if err != nil {
		return nil, err
	}
	req := &describeacls.Request{Filter: describeacls.ACLFilter{
		ResourceTypeFilter: codes.resource, ResourceNameFilter: f.ResourceName, ResourcePatternTypeFilter: codes.pattern,
		PrincipalFilter: f.Principal, HostFilter: f.Host, Operation: codes.operation, PermissionType: codes.permission,
	}}
	res, _, err := c.wire.roundTripAny(ctx, req)
	if err != nil {
		return nil, err
	}
	r := res.(*describeacls.Response)
	if err := kafkaError(r.ErrorCode, r.ErrorMessage); err != nil {
		return nil, err
	}
	var out []ACL
	for _, rs := range r.Resources {
		for _, a := range rs.ACLs {
			out = append(out, aclOf(a.Principal, a.Host, rs.ResourceType, rs.ResourceName, rs.PatternType, a.Operation, a.PermissionType))
		}
	}
	sortACLs(out)
	return out, nil
}

// sortACLs orders bindings by resource, then principal, for a stable list.
func sortACLs(acls []ACL) {
	slices.SortFunc(acls, func(a, b ACL) int {
		return strings.Compare(
			strings.Join([]string{a.ResourceType, a.ResourceName, a.PatternType, a.Principal, a.Host, a.Operation, a.Permission}, "\x00"),
			strings.Join([]string{b.ResourceType, b.ResourceName, b.PatternType, b.Principal, b.Host, b.Operation, b.Permission}, "\x00"))
	})
}

// CreateACLs creates ACL bindings with one CreateAcls request. Each is
// checked first; the error names every binding the broker refused.
func (c *Client) CreateACLs(ctx context.Context, acls []ACL) error {
	if err := c.createACLs(ctx, acls); err != nil {
		return fmt.Errorf("create ACLs: %w", err)
	}
	return nil
}

func (c *Client) createACLs(ctx context.Context, acls []ACL) error {
	if len(acls) == 0 {
		return fmt.Errorf("%w: no ACL given", ErrInvalid)
	}
	req := &createacls.Request{}
	for _, a := range acls {
		codes, err := parseACLCodes(a.ResourceType, a.PatternType, a.Operation, a.Permission, false)
		if err != nil {
			return err
		}
		if !strings.Contains(a.Principal, ":") {
			return fmt.Errorf("%w: principal %q: want type:name, e.g. User:alice", ErrInvalid, a.Principal)
		}
		if a.Host == "" {
			a.Host = "*"
		}
		req.Creations = append(req.Creations, createacls.RequestACLs{
			ResourceType: codes.resource, ResourceName: a.ResourceName, ResourcePatternType: codes.pattern,
			Principal: a.Principal, Host: a.Host, Operation: codes.operation, PermissionType: codes.permission,
		})
	}
	res, _, err := c.wire.roundTripAny(ctx, req)
	if err != nil {
		return err
	}
	var errs []error
	for i, r := range res.(*createacls.Response).Results {
		if err := kafkaError(r.ErrorCode, r.ErrorMessage); err != nil && i < len(acls) {
			errs = append(errs, fmt.Errorf("%s: %w", describeACL(acls[i]), err))
		}
	}
	return errors.Join(errs...)
}

// describeACL is a binding in one line, for errors.
func describeACL(a ACL) string {
	return fmt.Sprintf("%s %s %s from %s on %s %s %q", a.Permission, a.Principal, a.Operation, a.Host, a.PatternType, a.ResourceType, a.ResourceName)
}

// DeleteACLs deletes every binding matching the filters with one
// DeleteAcls request and returns the bindings deleted. Show DescribeACLs
// of the same filter first: it lists what this will delete.
func (c *Client) DeleteACLs(ctx context.Context, filters []ACLFilter) ([]ACL, error) {
	out, err := c.deleteACLs(ctx, filters)
	if err != nil {
		return out, fmt.Errorf("delete ACLs: %w", err)
	}
	return out, nil
}

func (c *Client) deleteACLs(ctx context.Context, filters []ACLFilter) ([]ACL, error) {
	if len(filters) == 0 {
		return nil, fmt.Errorf("%w: no filter given", ErrInvalid)
	}
	req := &deleteacls.Request{}
	for _, f := range filters {
		codes, err := parseACLCodes(f.ResourceType, f.PatternType, f.Operation, f.Permission, true)
		if err != nil {
			return nil, err
		}
		req.Filters = append(req.Filters, deleteacls.RequestFilter{
			ResourceTypeFilter: codes.resource, ResourceNameFilter: f.ResourceName, ResourcePatternTypeFilter: codes.pattern,
			PrincipalFilter: f.Principal, HostFilter: f.Host, Operation: codes.operation, PermissionType: codes.permission,
		})
	}
	res, _, err := c.wire.roundTripAny(ctx, req)
	if err != nil {
		return nil, err
	}
	var out []ACL
	var errs []error
	for _, fr := range res.(*deleteacls.Response).FilterResults {
		if err := kafkaError(fr.ErrorCode, fr.ErrorMessage); err != nil {
			errs = append(errs, err)
			continue
		}
		for _, m := range fr.MatchingACLs {
			a := aclOf(m.Principal, m.Host, m.ResourceType, m.ResourceName, m.ResourcePatternType, m.Operation, m.PermissionType)
			if err := kafkaError(m.ErrorCode, m.ErrorMessage); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", describeACL(a), err))
				continue
			}
			out = append(out, a)
		}
	}
	sortACLs(out)
	return out, errors.Join(errs...)
}
