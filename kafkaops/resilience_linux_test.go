//go:build linux

package kafkaops_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"kscope/kafkaops"
)

// blackHoleDialTimeout keeps the black-hole tests short; slack covers
// scheduling, not a second attempt.
const (
	blackHoleDialTimeout = 500 * time.Millisecond
	blackHoleSlack       = 500 * time.Millisecond
)

// TestBlackHoledAddressFailsWithinDialTimeout: every entry point that
// connects first (the explorer's connection check, the topic list, a
// produce, the start of a tail) gives up on an address that never answers
// a SYN in DialTimeout, with an unreachable error that says so, whatever
// the (much longer) context and request timeouts.
func TestBlackHoledAddressFailsWithinDialTimeout(t *testing.T) {
	addr := blackHole(t)
	calls := []struct {
		name string
		call func(context.Context, *kafkaops.Client) error
	}{
		{"ClusterInfo", func(ctx context.Context, c *kafkaops.Client) error {
			_, err := c.ClusterInfo(ctx)
			return err
		}},
		{"ListTopics", func(ctx context.Context, c *kafkaops.Client) error {
			_, err := c.ListTopics(ctx)
			return err
		}},
		{"Produce", func(ctx context.Context, c *kafkaops.Client) error {
			_, err := c.Produce(ctx, kafkaops.ProduceRequest{Topic: "t", Value: []byte("v"), Partition: -1})
			return err
		}},
		{"Tail", func(ctx context.Context, c *kafkaops.Client) error {
			ch, err := c.Tail(ctx, kafkaops.TailRequest{Topic: "t"})
			if err == nil {
				t.Errorf("Tail started on a black-holed address")
				for range ch {
				}
			}
			return err
		}},
	}
	for _, tc := range calls {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := newClient(t, addr, func(cfg *kafkaops.Config) {
				cfg.DialTimeout = blackHoleDialTimeout
				cfg.RequestTimeout = 10 * time.Second
			})
			start := time.Now()
			err := tc.call(testCtx(t), c)
			took := time.Since(start)
			if err == nil {
				t.Fatal("no error from a black-holed address")
			}
			if !kafkaops.IsUnreachable(err) || kafkaops.IsAuthFailed(err) {
				t.Errorf("IsUnreachable=%v IsAuthFailed=%v for %v", kafkaops.IsUnreachable(err), kafkaops.IsAuthFailed(err), err)
			}
			if took > blackHoleDialTimeout+blackHoleSlack {
				t.Errorf("took %s, want at most the dial timeout %s (+%s)", took, blackHoleDialTimeout, blackHoleSlack)
			}
			if took < blackHoleDialTimeout*9/10 {
				t.Errorf("failed after %s, before the dial timeout: not a black hole?", took)
			}
			msg := kafkaops.Describe(err)
			if !strings.Contains(msg, "cannot reach "+addr) || !strings.Contains(msg, "timeout") {
				t.Errorf("message %q should say the address could not be reached in time", msg)
			}
			if strings.Contains(msg, "TLS") {
				t.Errorf("message %q blames TLS for a timeout", msg)
			}
			t.Logf("%s: %s after %s", tc.name, msg, took.Round(time.Millisecond))
		})
	}
}
