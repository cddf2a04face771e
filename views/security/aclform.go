package security

import (
	"slices"
	"strings"

	"kscope/kafkaops"
	"kscope/views/kit"
)

// The enumerations of an ACL binding, in kafka-acls' words.
var (
	resourceTypes = []string{"TOPIC", "GROUP", "CLUSTER", "TRANSACTIONAL_ID", "DELEGATION_TOKEN", "USER"}
	patternTypes  = []string{"LITERAL", "PREFIXED"}
	operations    = []string{"ALL", "READ", "WRITE", "CREATE", "DELETE", "ALTER", "DESCRIBE", "CLUSTER_ACTION",
		"DESCRIBE_CONFIGS", "ALTER_CONFIGS", "IDEMPOTENT_WRITE", "CREATE_TOKENS", "DESCRIBE_TOKENS"}
	permissions = []string{"ALLOW", "DENY"}
)

// operationsOf are the operations Kafka's authorizer checks on each
// resource type (kafka-acls refuses the others).
var operationsOf = map[string][]string{
	"TOPIC":            {"ALL", "READ", "WRITE", "CREATE", "DELETE", "ALTER", "DESCRIBE", "DESCRIBE_CONFIGS", "ALTER_CONFIGS"},
	"GROUP":            {"ALL", "READ", "DELETE", "DESCRIBE"},
	"CLUSTER":          {"ALL", "CREATE", "ALTER", "DESCRIBE", "CLUSTER_ACTION", "DESCRIBE_CONFIGS", "ALTER_CONFIGS", "IDEMPOTENT_WRITE"},
	"TRANSACTIONAL_ID": {"ALL", "WRITE", "DESCRIBE"},
	"DELEGATION_TOKEN": {"ALL", "DESCRIBE"},
	"USER":             {"ALL", "CREATE_TOKENS", "DESCRIBE_TOKENS"},
}

// clusterName is the only name the CLUSTER resource has.
const clusterName = "kafka-cluster"

// The fields of an ACL form, in order.
const (
	aclPrincipal = iota
	aclHost
	aclType
	aclPattern
	aclName
	aclOperation
	aclPermission
)

// withAny puts ANY (and for patterns MATCH) before a filter's choices.
func withAny(choices []string, extra ...string) []string {
	return append(append([]string{"ANY"}, extra...), choices...)
}

// newACLFields returns the fields of a binding (create) or of a filter
// (delete: every enumeration also takes ANY, empty text matches any),
// filled from start when given.
func newACLFields(start *kafkaops.ACL, filter bool) fieldSet {
	choices := func(c []string, extra ...string) []string {
		if filter {
			return withAny(c, extra...)
		}
		return c
	}
	s := fieldSet{keys: newFieldKeys(), fields: []field{
		{label: "Principal", placeholder: "User:alice"},
		{label: "Host", placeholder: "* (any host)"},
		{label: "Resource type", choices: choices(resourceTypes)},
		{label: "Pattern", choices: choices(patternTypes, "MATCH")},
		{label: "Resource name", placeholder: "orders, or * for every one"},
		{label: "Operation", choices: choices(operations)},
		{label: "Permission", choices: choices(permissions)},
	}}
	if filter {
		s.fields[aclPrincipal].placeholder = "any principal"
		s.fields[aclHost].placeholder = "any host"
		s.fields[aclName].placeholder = "any name"
	} else {
		s.fields[aclOperation].idx = slices.Index(operations, "READ")
	}
	if start != nil {
		s.fields[aclPrincipal].in.SetValue(start.Principal)
		s.fields[aclHost].in.SetValue(start.Host)
		s.fields[aclName].in.SetValue(start.ResourceName)
		s.fields[aclType].choose(start.ResourceType)
		s.fields[aclPattern].choose(start.PatternType)
		s.fields[aclOperation].choose(start.Operation)
		s.fields[aclPermission].choose(start.Permission)
	}
	return s
}

// aclOf is the binding the fields describe (host defaults to *, and the
// CLUSTER resource's name to kafka-cluster).
func aclOf(s *fieldSet) kafkaops.ACL {
	v := func(i int) string { return s.fields[i].value() }
	a := kafkaops.ACL{
		Principal: v(aclPrincipal), Host: v(aclHost), ResourceType: v(aclType), PatternType: v(aclPattern),
		ResourceName: v(aclName), Operation: v(aclOperation), Permission: v(aclPermission),
	}
	if a.Host == "" {
		a.Host = "*"
	}
	if a.ResourceType == "CLUSTER" && a.ResourceName == "" {
		a.ResourceName = clusterName
	}
	return a
}

// filterOf is the filter the fields describe: ANY and empty text match
// anything.
func filterOf(s *fieldSet) kafkaops.ACLFilter {
	v := func(i int) string {
		x := s.fields[i].value()
		if x == "ANY" {
			return ""
		}
		return x
	}
	return kafkaops.ACLFilter{
		Principal: v(aclPrincipal), Host: v(aclHost), ResourceType: v(aclType), PatternType: v(aclPattern),
		ResourceName: v(aclName), Operation: v(aclOperation), Permission: v(aclPermission),
	}
}

// checkPrincipal says what is wrong with a principal, "" when nothing.
func checkPrincipal(p string) string {
	typ, name, ok := strings.Cut(p, ":")
	switch {
	case !ok || typ == "" || name == "":
		return "want type:name, e.g. User:alice (User:* is everyone)"
	case strings.ContainsAny(p, " \t"):
		return "a principal has no spaces"
	}
	return ""
}

// checkBinding validates a binding field by field: the notes to show
// beside the fields, and whether it can be created.
func checkBinding(s *fieldSet) ([]kit.Note, bool) {
	notes := make([]kit.Note, len(s.fields))
	a := aclOf(s)
	ok := true
	bad := func(i int, text string) {
		notes[i], ok = kit.ErrNote(text), false
	}
	if a.Principal == "" {
		bad(aclPrincipal, "who: User:alice, or User:* for everyone")
	} else if why := checkPrincipal(a.Principal); why != "" {
		bad(aclPrincipal, why)
	}
	if strings.ContainsAny(a.Host, " \t,") {
		bad(aclHost, "one host address, or * for any")
	} else if s.fields[aclHost].value() == "" {
		notes[aclHost] = kit.HintNote("empty: any host")
	}
	switch {
	case a.ResourceType == "CLUSTER" && a.ResourceName != clusterName:
		bad(aclName, "the CLUSTER resource is named kafka-cluster")
	case a.ResourceType == "CLUSTER" && s.fields[aclName].value() == "":
		notes[aclName] = kit.HintNote("the cluster: kafka-cluster")
	case a.ResourceName == "":
		bad(aclName, "which resource: a name, a prefix, or *")
	case a.ResourceName == "*" && a.PatternType == "PREFIXED":
		bad(aclPattern, "* already means every one: use LITERAL")
	case a.ResourceName == "*":
		notes[aclName] = kit.HintNote("every " + strings.ToLower(a.ResourceType))
	case a.PatternType == "PREFIXED":
		notes[aclName] = kit.HintNote("every name starting " + kit.Sanitize(a.ResourceName))
	}
	if a.ResourceType == "CLUSTER" && a.PatternType == "PREFIXED" {
		bad(aclPattern, "the cluster takes LITERAL only")
	}
	if !slices.Contains(operationsOf[a.ResourceType], a.Operation) {
		bad(aclOperation, a.ResourceType+" takes "+strings.Join(operationsOf[a.ResourceType], ", "))
	}
	if a.Permission == "DENY" {
		notes[aclPermission] = kit.WarnNote("DENY wins over every ALLOW")
	}
	return notes, ok
}

// checkFilter validates a delete filter: the text fields are free, a
// principal must still read type:name.
func checkFilter(s *fieldSet) ([]kit.Note, bool) {
	notes := make([]kit.Note, len(s.fields))
	f := filterOf(s)
	ok := true
	if f.Principal != "" {
		if why := checkPrincipal(f.Principal); why != "" {
			notes[aclPrincipal], ok = kit.ErrNote(why), false
		}
	}
	for i, empty := range map[int]bool{aclPrincipal: f.Principal == "", aclHost: f.Host == "", aclName: f.ResourceName == ""} {
		if empty {
			notes[i] = kit.HintNote("empty: any")
		}
	}
	if f.PatternType == "MATCH" {
		notes[aclPattern] = kit.HintNote("every pattern that covers the name")
	}
	if f == (kafkaops.ACLFilter{}) {
		notes[aclPermission] = kit.WarnNote("this filter matches every binding")
	}
	return notes, ok
}
