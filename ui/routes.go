package ui

import (
	"errors"
	"strings"

	"kscope/views/admin"
	"kscope/views/cluster"
	"kscope/views/groups"
	"kscope/views/kit"
	"kscope/views/produce"
	"kscope/views/reassign"
	"kscope/views/schemas"
	"kscope/views/search"
	"kscope/views/security"
	"kscope/views/tail"
	"kscope/views/topics"
	"kscope/views/transfer"
)

var errNoService = errors.New("no cluster configured")

// route is one entry of the route table: everything the root knows about a
// screen it can open. Adding a screen is adding an entry.
type route struct {
	kind kit.RouteKind
	// name names the screen in messages ("the topic browser").
	name string
	// command is the palette command that opens it, "" when none does;
	// arg names its argument ("topic"), "" when it takes none; desc says
	// what it does in the palette's list.
	command, arg, desc string
	// writes: the screen changes the cluster, so a read-only context
	// never opens it (decided in screenFor, nowhere else).
	writes bool
	// parse turns the command's argument into the route to open; nil
	// means the route names no object.
	parse func(arg string) kit.Route
	// build constructs the screen.
	build func(r kit.Route, env Env) kit.Screen
}

// routes is the route table, in the palette's order.
var routes = []route{
	{
		kind: kit.RouteTopics, name: "the topic browser", command: "topics", desc: "browse topics",
		build: func(_ kit.Route, env Env) kit.Screen {
			return topics.NewTopics(env.Service, env.Styles, topics.TopicsOptions{ReadOnly: env.ReadOnly})
		},
	},
	{
		kind: kit.RouteTopicDetail, name: "topic detail",
		build: func(r kit.Route, env Env) kit.Screen {
			return topics.NewTopicDetailFor(env.Service, env.Styles, r.Topic, topics.DetailOptions{ReadOnly: env.ReadOnly})
		},
	},
	{
		kind: kit.RouteBrokers, name: "the brokers view", command: "brokers", desc: "the cluster's brokers",
		build: func(_ kit.Route, env Env) kit.Screen {
			return cluster.NewBrokersWithNodes(env.Service, env.Styles, env.Nodes)
		},
	},
	{
		kind: kit.RouteBrokerConfigs, name: "broker configs",
		build: func(r kit.Route, env Env) kit.Screen {
			return cluster.NewBrokerConfigs(env.Service, env.Styles, r.BrokerID)
		},
	},
	{
		kind: kit.RouteGroups, name: "consumer groups", command: "groups", desc: "consumer groups and lag",
		build: func(_ kit.Route, env Env) kit.Screen {
			return groups.NewGroups(env.Service, env.Styles, groups.GroupsOptions{ReadOnly: env.ReadOnly})
		},
	},
	{
		kind: kit.RouteGroupDetail, name: "group detail",
		build: func(r kit.Route, env Env) kit.Screen {
			return groups.NewGroupDetail(env.Service, env.Styles, r.Group, groups.GroupsOptions{ReadOnly: env.ReadOnly})
		},
	},
	{
		kind: kit.RouteOffsetReset, name: "reset offsets", writes: true,
		build: func(r kit.Route, env Env) kit.Screen {
			if r.GroupState == nil {
				return nil
			}
			return groups.NewOffsetReset(env.Service, env.Styles, *r.GroupState, groups.ResetScope{Topic: r.Topic, Partition: r.Partition})
		},
	},
	{
		kind: kit.RouteTail, name: "tail", command: "tail", arg: "topic", desc: "live-tail a topic",
		// A topic name holds no space: the words after it say where the
		// tail starts (":tail bankbranch beginning"), as kscope tail does.
		parse: func(arg string) kit.Route {
			topic, rest, _ := strings.Cut(arg, " ")
			return kit.Route{Kind: kit.RouteTail, Topic: topic, Args: strings.TrimSpace(rest)}
		},
		build: func(r kit.Route, env Env) kit.Screen {
			return tail.NewTail(env.Service, env.Styles, tail.TailOptions{Topic: r.Topic, Args: r.Args, Buffer: env.TailBuffer, Decoder: env.Decoder})
		},
	},
	{
		kind: kit.RouteRecord, name: "record detail",
		build: func(r kit.Route, env Env) kit.Screen {
			if r.Record == nil {
				return nil
			}
			return tail.NewTailRecord(env.Styles, *r.Record, nil)
		},
	},
	{
		kind: kit.RouteSearch, name: "search", command: "search", arg: "topic", desc: "search a whole topic",
		// The words after the topic are the query (":search bankbranch
		// atm"); without them the screen asks for one.
		parse: func(arg string) kit.Route {
			topic, rest, _ := strings.Cut(arg, " ")
			return kit.Route{Kind: kit.RouteSearch, Topic: topic, Args: strings.TrimSpace(rest)}
		},
		build: func(r kit.Route, env Env) kit.Screen {
			return search.NewSearch(env.Service, env.Styles, r.Topic, r.Args).WithDecoder(env.Decoder)
		},
	},
	{
		kind: kit.RouteProduce, name: "produce", command: "produce", arg: "topic", desc: "produce a record to a topic", writes: true,
		parse: func(arg string) kit.Route { return kit.Route{Kind: kit.RouteProduce, Topic: arg} },
		build: func(r kit.Route, env Env) kit.Screen {
			return produce.WithRegistry(produce.NewProduce(env.Service, env.Styles, r.Topic), env.Registry)
		},
	},
	{
		kind: kit.RouteCreateTopic, name: "create topic", command: "create", desc: "create a topic", writes: true,
		build: func(_ kit.Route, env Env) kit.Screen { return topics.NewCreateTopic(env.Service, env.Styles) },
	},
	{
		kind: kit.RouteDeleteTopic, name: "delete topic", command: "delete", arg: "topic", desc: "delete a topic (asks first)", writes: true,
		parse: func(arg string) kit.Route { return kit.Route{Kind: kit.RouteDeleteTopic, Topic: arg} },
		build: func(r kit.Route, env Env) kit.Screen { return topics.NewDeleteTopic(env.Service, env.Styles, r.Topic) },
	},
	{
		kind: kit.RouteEditTopicConfig, name: "edit topic config", writes: true,
		build: func(r kit.Route, env Env) kit.Screen {
			return admin.NewEditConfig(env.Service, env.Styles, r.Topic, r.Config)
		},
	},
	{
		kind: kit.RoutePurge, name: "purge", command: "purge", arg: "topic", desc: "delete a topic's records (asks first)", writes: true,
		parse: func(arg string) kit.Route { return kit.Route{Kind: kit.RoutePurge, Topic: arg} },
		build: func(r kit.Route, env Env) kit.Screen { return admin.NewPurge(env.Service, env.Styles, r.Topic) },
	},
	{
		kind: kit.RouteSchemas, name: "schemas", command: "schemas", desc: "Schema Registry subjects",
		build: func(_ kit.Route, env Env) kit.Screen { return schemas.NewSubjects(env.Registry, env.Styles) },
	},
	{
		kind: kit.RouteSchemaSubject, name: "schema subject",
		build: func(r kit.Route, env Env) kit.Screen { return schemas.NewSubject(env.Registry, env.Styles, r.Subject) },
	},
	{
		kind: kit.RouteSchemaRegister, name: "register a schema", writes: true,
		build: func(r kit.Route, env Env) kit.Screen { return schemas.NewRegister(env.Registry, env.Styles, r.Subject) },
	},
	{
		kind: kit.RouteSchemaDelete, name: "delete a schema version", writes: true,
		build: func(r kit.Route, env Env) kit.Screen {
			return schemas.NewDeleteVersion(env.Registry, env.Styles, r.Subject, r.Version)
		},
	},
	{
		kind: kit.RouteEditBrokerConfig, name: "edit broker config", writes: true,
		build: func(r kit.Route, env Env) kit.Screen {
			return cluster.NewEditBrokerConfig(env.Service, env.Styles, r.BrokerID, r.Config, r.Reset)
		},
	},
	{
		kind: kit.RouteReassign, name: "reassign replicas", command: "reassign", arg: "topic", desc: "move a topic's replicas between brokers", writes: true,
		parse: func(arg string) kit.Route { return kit.Route{Kind: kit.RouteReassign, Topic: arg} },
		build: func(r kit.Route, env Env) kit.Screen { return reassign.NewPlan(env.Service, env.Styles, r.Topic) },
	},
	{
		kind: kit.RouteReassignments, name: "reassignments", command: "reassignments", desc: "reassignments in progress",
		build: func(_ kit.Route, env Env) kit.Screen { return reassign.NewWatch(env.Service, env.Styles) },
	},
	{
		kind: kit.RouteCancelReassignment, name: "cancel reassignment", writes: true,
		build: func(r kit.Route, env Env) kit.Screen {
			return reassign.NewCancel(env.Service, env.Styles, r.Topic, r.Partition, r.Args)
		},
	},
	{
		kind: kit.RouteResetTopicConfig, name: "reset topic config", writes: true,
		build: func(r kit.Route, env Env) kit.Screen {
			return admin.NewResetConfig(env.Service, env.Styles, r.Topic, r.Config)
		},
	},
	{
		kind: kit.RouteAddPartitions, name: "add partitions", command: "partitions", arg: "topic", desc: "add partitions to a topic (dry run first)", writes: true,
		parse: func(arg string) kit.Route { return kit.Route{Kind: kit.RouteAddPartitions, Topic: arg} },
		build: func(r kit.Route, env Env) kit.Screen { return admin.NewAddPartitions(env.Service, env.Styles, r.Topic) },
	},
	{
		kind: kit.RouteCloneTopic, name: "clone topic", command: "clone", arg: "topic", desc: "copy a topic's layout, configs and records", writes: true,
		parse: func(arg string) kit.Route { return kit.Route{Kind: kit.RouteCloneTopic, Topic: arg} },
		build: func(r kit.Route, env Env) kit.Screen { return admin.NewClone(env.Service, env.Styles, r.Topic) },
	},
	{
		kind: kit.RouteReplay, name: "replay a record", writes: true,
		build: func(r kit.Route, env Env) kit.Screen {
			if r.Prefill == nil {
				return nil
			}
			return produce.NewReplay(env.Service, env.Styles, *r.Prefill)
		},
	},
	{
		kind: kit.RouteCopy, name: "copy matches", writes: true,
		build: func(r kit.Route, env Env) kit.Screen {
			return transfer.NewCopy(env.Service, env.Styles, r.Topic, r.Args)
		},
	},
	{
		kind: kit.RouteImport, name: "import", command: "import", arg: "topic file", desc: "import a JSON-lines export into a topic", writes: true,
		// The words after the topic are the file's path (":import
		// bankbranch ~/found.jsonl").
		parse: func(arg string) kit.Route {
			topic, rest, _ := strings.Cut(arg, " ")
			return kit.Route{Kind: kit.RouteImport, Topic: topic, Args: strings.TrimSpace(rest)}
		},
		build: func(r kit.Route, env Env) kit.Screen {
			return transfer.NewImport(env.Service, env.Styles, r.Topic, r.Args)
		},
	},
	{
		kind: kit.RouteACLs, name: "the ACL list", command: "acls", desc: "ACL bindings: who may do what",
		build: func(_ kit.Route, env Env) kit.Screen { return security.NewACLs(env.Service, env.Styles, env.ReadOnly) },
	},
	{
		kind: kit.RouteCreateACL, name: "create ACL", writes: true,
		build: func(r kit.Route, env Env) kit.Screen { return security.NewCreateACL(env.Service, env.Styles, r.ACL) },
	},
	{
		kind: kit.RouteDeleteACLs, name: "delete ACLs", writes: true,
		build: func(r kit.Route, env Env) kit.Screen { return security.NewDeleteACLs(env.Service, env.Styles, r.ACL) },
	},
	{
		kind: kit.RouteUsers, name: "the SCRAM users", command: "users", desc: "SCRAM users and their mechanisms",
		build: func(_ kit.Route, env Env) kit.Screen { return security.NewUsers(env.Service, env.Styles, env.ReadOnly) },
	},
	{
		kind: kit.RouteScramUser, name: "SCRAM password", writes: true,
		build: func(r kit.Route, env Env) kit.Screen {
			return security.NewScramUser(env.Service, env.Styles, r.User, r.Mechanism)
		},
	},
	{
		kind: kit.RouteDeleteScram, name: "delete SCRAM credential", writes: true,
		build: func(r kit.Route, env Env) kit.Screen {
			if r.User == "" {
				return nil
			}
			return security.NewDeleteScram(env.Service, env.Styles, r.User, r.Mechanism)
		},
	},
	{
		kind: kit.RouteQuotas, name: "the client quotas", command: "quotas", desc: "client quotas by user and client id",
		build: func(_ kit.Route, env Env) kit.Screen {
			return security.NewQuotas(env.Service, env.Styles, env.ReadOnly)
		},
	},
	{
		kind: kit.RouteEditQuota, name: "edit client quotas", writes: true,
		build: func(r kit.Route, env Env) kit.Screen { return security.NewEditQuota(env.Service, env.Styles, r.Quota) },
	},
}

// routeOf returns the table's entry for a route kind.
func routeOf(k kit.RouteKind) (route, bool) {
	for _, r := range routes {
		if r.kind == k {
			return r, true
		}
	}
	return route{}, false
}

// routeByCommand returns the entry a palette command opens.
func routeByCommand(name string) (route, bool) {
	for _, r := range routes {
		if r.command != "" && r.command == name {
			return r, true
		}
	}
	return route{}, false
}

// target is the route a palette command with its argument opens.
func (r route) target(arg string) kit.Route {
	if r.parse == nil {
		return kit.Route{Kind: r.kind}
	}
	return r.parse(arg)
}

// DefaultBuilder builds the screen a route names from the route table;
// false means the table has no screen for it (or the route lacks what
// the screen needs).
func DefaultBuilder(r kit.Route, env Env) (kit.Screen, bool) {
	e, ok := routeOf(r.Kind)
	if !ok {
		return nil, false
	}
	s := e.build(r, env)
	return s, s != nil
}

// routeName names a route's screen for messages.
func routeName(k kit.RouteKind) string {
	if e, ok := routeOf(k); ok {
		return e.name
	}
	return "this screen"
}

// writesRoute reports whether a route's screen changes the cluster, so a
// read-only context must not open it.
func writesRoute(k kit.RouteKind) bool {
	e, ok := routeOf(k)
	return ok && e.writes
}
