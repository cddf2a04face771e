package ui

import (
	"testing"
)

// The whole app on the real screens (DefaultBuilder) with a fake service.

func newDemoModel() *Model {
	return New(Options{Service: newDemoService(), Addr: "127.0.0.1:9092"})
}

func TestGoldenTopicBrowser(t *testing.T) {
	runGolden(t, newDemoModel(), []string{"bankbranch", "payments", "audit-log", "1,200"})
}
