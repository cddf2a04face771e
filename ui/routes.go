package ui

import (
	"errors"

	"kscope/views"
)

var errNoService = errors.New("no cluster configured")

// DefaultBuilder maps routes to the screens views provides; routes whose
// screens a later version adds answer false.
func DefaultBuilder(r views.Route, env Env) (views.Screen, bool) {
	switch r.Kind {
	case views.RouteTopics:
		// views reads a zero refresh as "the default"; here zero means off.
		refresh := env.Refresh
		if refresh <= 0 {
			refresh = -1
		}
		return views.NewTopics(env.Service, env.Styles, views.TopicsOptions{Refresh: refresh, ReadOnly: env.ReadOnly}), true
	case views.RouteTopicDetail:
		return views.NewTopicDetail(env.Service, env.Styles, r.Topic), true
	case views.RouteBrokers:
		return views.NewBrokers(env.Service, env.Styles), true
	case views.RouteBrokerConfigs:
		return views.NewBrokerConfigs(env.Service, env.Styles, r.BrokerID), true
	case views.RouteGroups:
		return views.NewGroups(env.Service, env.Styles, groupsOptions(env)), true
	case views.RouteGroupDetail:
		return views.NewGroupDetail(env.Service, env.Styles, r.Group, groupsOptions(env)), true
	case views.RouteTail:
		return views.NewTail(env.Service, env.Styles, views.TailOptions{Topic: r.Topic, Args: r.Args, Buffer: env.TailBuffer}), true
	case views.RouteProduce:
		return views.NewProduce(env.Service, env.Styles, r.Topic), true
	case views.RouteCreateTopic:
		return views.NewCreateTopic(env.Service, env.Styles), true
	case views.RouteDeleteTopic:
		return views.NewDeleteTopic(env.Service, env.Styles, r.Topic), true
	}
	return nil, false
}

// groupsOptions are the groups screens' options from env: as for the
// topic browser, a zero refresh means off here.
func groupsOptions(env Env) views.GroupsOptions {
	refresh := env.Refresh
	if refresh <= 0 {
		refresh = -1
	}
	return views.GroupsOptions{Refresh: refresh, ReadOnly: env.ReadOnly}
}

// routeName names a route's screen for messages.
func routeName(k views.RouteKind) string {
	switch k {
	case views.RouteTopics:
		return "the topic browser"
	case views.RouteTopicDetail:
		return "topic detail"
	case views.RouteBrokers:
		return "the brokers view"
	case views.RouteBrokerConfigs:
		return "broker configs"
	case views.RouteGroups:
		return "consumer groups"
	case views.RouteGroupDetail:
		return "group detail"
	case views.RouteTail:
		return "tail"
	case views.RouteProduce:
		return "produce"
	case views.RouteCreateTopic:
		return "create topic"
	case views.RouteDeleteTopic:
		return "delete topic"
	}
	return "this screen"
}
