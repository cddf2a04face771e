package cluster

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"kscope/theme"
)

func TestRetryDelayBacksOffToCap(t *testing.T) {
	want := []time.Duration{1, 1, 2, 4, 8, 16, 30, 30, 30}
	for failures, w := range want {
		if got := RetryDelay(failures); got != w*time.Second {
			t.Errorf("RetryDelay(%d) = %s, want %ds", failures, got, w)
		}
	}
	if RetryDelay(1000) != MaxRetryDelay {
		t.Error("a huge failure count overflowed the cap")
	}
}

// retryCounter stands for the root's connection check.
type retryCounter struct{ n int }

func (r *retryCounter) retry() tea.Cmd {
	r.n++
	return nil
}

func newTestConnError(r *retryCounter, offer bool) *ConnError {
	c := NewConnError(theme.New(true, true), ConnErrorOptions{
		Addr:       "kafka-1.invalid:9092",
		Err:        errors.New("cannot reach kafka-1.invalid:9092: dial tcp: i/o timeout\x1b[31m"),
		Retry:      r.retry,
		OfferLocal: offer,
	})
	c.SetSize(100, 27)
	return c
}

// tickOnce delivers the countdown's current tick.
func tickOnce(c *ConnError) { c.Update(connTickMsg{id: c.tickID}) }

func TestConnErrorCountsDownAndRetries(t *testing.T) {
	r := &retryCounter{}
	c := newTestConnError(r, false)
	c.Init()
	if c.Remaining() != 1 {
		t.Fatalf("first retry in %ds, want 1s", c.Remaining())
	}
	tickOnce(c)
	if r.n != 1 || !c.Checking() {
		t.Fatalf("countdown end did not retry: retries=%d checking=%v", r.n, c.Checking())
	}
	if !strings.Contains(ansi.Strip(c.View()), "Checking kafka-1.invalid:9092…") {
		t.Errorf("no checking line:\n%s", c.View())
	}
	// Each failure doubles the wait: 2s, then 4s.
	for _, wait := range []int{2, 4} {
		c.Update(ConnCheckedMsg{Err: errors.New("still down")})
		if c.Checking() || c.Remaining() != wait {
			t.Fatalf("after a failure: checking=%v remaining=%d, want %d", c.Checking(), c.Remaining(), wait)
		}
		if v := ansi.Strip(c.View()); !strings.Contains(v, "still down") {
			t.Errorf("new error not shown:\n%s", v)
		}
		for i := 0; i < wait-1; i++ {
			tickOnce(c)
		}
		if c.Checking() {
			t.Fatalf("retried before the countdown ended")
		}
		tickOnce(c)
		if !c.Checking() {
			t.Fatalf("did not retry after %ds", wait)
		}
	}
	if r.n != 3 {
		t.Errorf("retries = %d, want 3", r.n)
	}
}

func TestConnErrorIgnoresStaleTicksAndAnswers(t *testing.T) {
	r := &retryCounter{}
	c := newTestConnError(r, false)
	c.Init()
	stale := c.tickID
	c.Update(tea.KeyPressMsg{Code: 'r', Text: "r"})
	if r.n != 1 {
		t.Fatalf("r did not retry")
	}
	c.Update(tea.KeyPressMsg{Code: 'r', Text: "r"})
	if r.n != 1 {
		t.Errorf("r retried again while a retry was in flight")
	}
	c.Update(connTickMsg{id: stale})
	if r.n != 1 {
		t.Errorf("a stale tick retried")
	}
	// An answer to someone else's check (a heartbeat) while not checking
	// changes nothing.
	c.Update(ConnCheckedMsg{Err: errors.New("x")})
	failures := c.Failures()
	c.Update(ConnCheckedMsg{Err: errors.New("y")})
	if c.Failures() != failures {
		t.Errorf("an answer nobody asked for counted as a failure")
	}
}

func TestConnErrorView(t *testing.T) {
	c := newTestConnError(&retryCounter{}, false)
	v := ansi.Strip(c.View())
	for _, want := range []string{"Cannot reach the Kafka cluster", "Tried", "kafka-1.invalid:9092", "Failed", "i/o timeout", "Retrying in 1s (1 failed attempt so far)", "r retry now"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(c.View(), "\x1b[31m") {
		t.Error("an escape sequence from the error reached the screen")
	}
	if c.Title() != "Unreachable" || c.Capturing() {
		t.Errorf("title %q capturing %v", c.Title(), c.Capturing())
	}
	for _, size := range [][2]int{{80, 21}, {40, 10}} {
		c.SetSize(size[0], size[1])
		for i, l := range strings.Split(c.View(), "\n") {
			if w := ansi.StringWidth(l); w > size[0] {
				t.Errorf("%v: line %d is %d wide", size, i, w)
			}
		}
	}
}

func TestWelcomeOffersLocalBroker(t *testing.T) {
	c := newTestConnError(&retryCounter{}, true)
	v := ansi.Strip(c.View())
	for _, want := range []string{"Welcome to kscope", "No Kafka broker answers at kafka-1.invalid:9092", "start kscope's bundled broker", "kscope --brokers host:9092", "KSCOPE_BROKERS="} {
		if !strings.Contains(v, want) {
			t.Errorf("welcome lacks %q:\n%s", want, v)
		}
	}
	_, cmd := c.Update(tea.KeyPressMsg{Code: 'l', Text: "l"})
	if cmd == nil {
		t.Fatal("l did nothing")
	}
	if _, ok := cmd().(StartLocalMsg); !ok {
		t.Fatal("l did not ask to start the local broker")
	}
	plain := newTestConnError(&retryCounter{}, false)
	if _, cmd := plain.Update(tea.KeyPressMsg{Code: 'l', Text: "l"}); cmd != nil {
		t.Error("l acts on the plain error screen")
	}
}
