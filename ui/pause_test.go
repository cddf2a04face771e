package ui

import (
	"context"
	"testing"
	"time"

	"kscope/broker"
	"kscope/kafkaops"
	"kscope/views/cluster"
	"kscope/views/kit"
)

// realAuthError is what a real client gets when the bundled broker refuses
// its login, as after credentials were revoked mid-session.
func realAuthError(t *testing.T) error {
	t.Helper()
	b, err := broker.Start(broker.Options{
		Listen: "127.0.0.1:0", InMemory: true,
		SASL: []broker.SASLUser{{Mechanism: broker.SASLScramSHA256, User: "alice", Pass: "right"}},
	})
	if err != nil {
		t.Fatalf("start broker: %v", err)
	}
	defer b.Close()
	c, err := kafkaops.New(kafkaops.Config{Brokers: []string{b.Addr()}, DialTimeout: 5 * time.Second,
		SASL: &kafkaops.SASL{Mechanism: kafkaops.SASLScramSHA256, Username: "alice", Password: "revoked"}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err = c.ClusterInfo(ctx)
	if !kafkaops.IsAuthFailed(err) {
		t.Fatalf("wrong password: err = %v, want an auth failure", err)
	}
	return err
}

// TestAuthFailureScreenPausesTheScreensBelow: credentials revoked
// mid-session put the authentication failure screen up; the screens under
// it must not go on refreshing (each refresh would log in again and count
// against the account), so their timers and results wait until the
// screen goes, then arrive in order.
func TestAuthFailureScreenPausesTheScreensBelow(t *testing.T) {
	authErr := realAuthError(t)
	svc := newFakeService()
	h := newHarness(t, svc)
	h.send(kit.NavigateMsg{Route: kit.Route{Kind: kit.RouteTopicDetail, Topic: "bankbranch"}})
	root, detail := h.m.stack[0].(*stubScreen), h.m.stack[1].(*stubScreen)

	svc.SetErr(authErr)
	h.send(heartbeatMsg{id: h.m.heartbeatID})
	ce, ok := h.top().(*cluster.ConnError)
	if !ok || !ce.AuthFailed() {
		t.Fatalf("after the login was refused: %q", h.titles())
	}
	// pingMsg stands for a screen's refresh tick or load result.
	h.send(pingMsg{n: 1})
	h.send(pingMsg{n: 2})
	if root.got(pingMsg{n: 1}) || detail.got(pingMsg{n: 1}) || detail.got(pingMsg{n: 2}) {
		t.Fatal("a screen under the authentication failure screen got a message: it would refresh and log in again")
	}
	calls := svc.CallCount("ClusterInfo")
	h.send(heartbeatMsg{id: h.m.heartbeatID})
	if svc.CallCount("ClusterInfo") != calls {
		t.Error("a heartbeat logged in again under the authentication failure screen")
	}

	// The credentials are fixed: r logs in, the screens come back and get
	// what they missed, in order.
	svc.SetErr(nil)
	h.press("r")
	if got := h.titles(); got != "Topics > bankbranch" {
		t.Fatalf("after recovery: %q", got)
	}
	for _, s := range []*stubScreen{root, detail} {
		i1, i2 := indexOf(s, pingMsg{n: 1}), indexOf(s, pingMsg{n: 2})
		if i1 < 0 || i2 < i1 {
			t.Errorf("%s got the held messages at %d and %d, want both, in order", s.title, i1, i2)
		}
	}
	if len(h.m.held) != 0 {
		t.Errorf("%d messages still held", len(h.m.held))
	}
	h.send(pingMsg{n: 3})
	if !root.got(pingMsg{n: 3}) || !detail.got(pingMsg{n: 3}) {
		t.Error("messages no longer reach the screens after recovery")
	}
}

// TestUnreachableScreenDoesNotPause: a network error is not a login
// refused; the screens below keep their timers (a broker restart recovers
// by itself).
func TestUnreachableScreenDoesNotPause(t *testing.T) {
	svc := newFakeService()
	h := newHarness(t, svc)
	root := h.top().(*stubScreen)
	svc.SetErr(errRefused)
	h.send(heartbeatMsg{id: h.m.heartbeatID})
	if _, ok := h.top().(*cluster.ConnError); !ok {
		t.Fatalf("after a failed heartbeat: %q", h.titles())
	}
	h.send(pingMsg{n: 1})
	if !root.got(pingMsg{n: 1}) {
		t.Error("the screen under the unreachable screen was paused")
	}
}

func indexOf(s *stubScreen, want pingMsg) int {
	for i, m := range s.msgs {
		if m == want {
			return i
		}
	}
	return -1
}
