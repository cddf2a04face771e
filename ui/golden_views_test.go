package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"kscope/views/kit"
)

// The whole app on the real screens (DefaultBuilder) with a fake service.

func newDemoModel() *Model {
	return New(Options{Service: newDemoService(), Addr: "127.0.0.1:9092"})
}

func TestGoldenTopicBrowser(t *testing.T) {
	runGolden(t, newDemoModel(), []string{"bankbranch", "payments", "audit-log", "1,200"})
}

func TestGoldenTopicDetail(t *testing.T) {
	runGolden(t, newDemoModel(), []string{"bankbranch", "payments"},
		goldenStep{
			send:    []tea.Msg{kit.NavigateMsg{Route: kit.Route{Kind: kit.RouteTopicDetail, Topic: "bankbranch"}}},
			waitFor: []string{"cleanup.policy", "max.message.bytes"},
		})
}

func TestGoldenBrokers(t *testing.T) {
	runGolden(t, newDemoModel(), []string{"bankbranch", "payments"},
		goldenStep{
			send:    []tea.Msg{kit.NavigateMsg{Route: kit.Route{Kind: kit.RouteBrokers}}},
			waitFor: []string{"kscope-local", "127.0.0.1:9092"},
		})
}
