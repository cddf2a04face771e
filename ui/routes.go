package ui

import (
	"errors"
	"kscope/views/cluster"
	"kscope/views/groups"
	"kscope/views/kit"
	"kscope/views/produce"
	"kscope/views/tail"
	"kscope/views/topics"
)

var errNoService = errors.New("no cluster configured")

// DefaultBuilder maps routes to the screens views provides; routes whose
// screens a later version adds answer false.
func DefaultBuilder(r kit.Route, env Env) (kit.Screen, bool) {
	switch r.Kind {
	case kit.RouteTopics:
		// views reads a zero refresh as "the default"; here zero means off.
		refresh := env.Refresh
		if refresh <= 0 {
			refresh = -1
		}
		return topics.NewTopics(env.Service, env.Styles, topics.TopicsOptions{Refresh: refresh, ReadOnly: env.ReadOnly}), true
	case kit.RouteTopicDetail:
		return topics.NewTopicDetail(env.Service, env.Styles, r.Topic), true
	case kit.RouteBrokers:
		return cluster.NewBrokers(env.Service, env.Styles), true
	case kit.RouteBrokerConfigs:
		return cluster.NewBrokerConfigs(env.Service, env.Styles, r.BrokerID), true
	case kit.RouteGroups:
		return groups.NewGroups(env.Service, env.Styles, groupsOptions(env)), true
	case kit.RouteGroupDetail:
		return groups.NewGroupDetail(env.Service, env.Styles, r.Group, groupsOptions(env)), true
	case kit.RouteTail:
		return tail.NewTail(env.Service, env.Styles, tail.TailOptions{Topic: r.Topic, Args: r.Args, Buffer: env.TailBuffer}), true
	case kit.RouteProduce:
		return produce.NewProduce(env.Service, env.Styles, r.Topic), true
	case kit.RouteCreateTopic:
		return topics.NewCreateTopic(env.Service, env.Styles), true
	case kit.RouteDeleteTopic:
		return topics.NewDeleteTopic(env.Service, env.Styles, r.Topic), true
	}
	return nil, false
}

// groupsOptions are the groups screens' options from env: as for the
// topic browser, a zero refresh means off here.
func groupsOptions(env Env) groups.GroupsOptions {
	refresh := env.Refresh
	if refresh <= 0 {
		refresh = -1
	}
	return groups.GroupsOptions{Refresh: refresh, ReadOnly: env.ReadOnly}
}

// routeName names a route's screen for messages.
func routeName(k kit.RouteKind) string {
	switch k {
	case kit.RouteTopics:
		return "the topic browser"
	case kit.RouteTopicDetail:
		return "topic detail"
	case kit.RouteBrokers:
		return "the brokers view"
	case kit.RouteBrokerConfigs:
		return "broker configs"
	case kit.RouteGroups:
		return "consumer groups"
	case kit.RouteGroupDetail:
		return "group detail"
	case kit.RouteTail:
		return "tail"
	case kit.RouteProduce:
		return "produce"
	case kit.RouteCreateTopic:
		return "create topic"
	case kit.RouteDeleteTopic:
		return "delete topic"
	}
	return "this screen"
}
