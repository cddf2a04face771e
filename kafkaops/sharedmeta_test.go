package kafkaops

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// TestCountsAndSizesShareOneMetadata: the browser's tick counts and sizes
// the rows on screen at once; their layouts come from one Metadata
// request, not two, and both answers are right.
func TestCountsAndSizesShareOneMetadata(t *testing.T) {
	c, cl, ctx := kfakeClient(t, 1, kfake.SeedTopics(2, "a", "b"))
	var named atomic.Int32
	c.ControlKey(int16(kmsg.Metadata), func(r kmsg.Request) (kmsg.Response, error, bool) {
		c.KeepControl()
		if req := r.(*kmsg.MetadataRequest); len(req.Topics) == 2 {
			named.Add(1)
			time.Sleep(100 * time.Millisecond) // the other call arrives meanwhile
		}
		return nil, nil, false
	})

	var (
		wg     sync.WaitGroup
		counts map[string]int64
		sizes  map[string]TopicSize
		cerr   error
		serr   error
	)
	names := []string{"a", "b"}
	wg.Go(func() { counts, cerr = cl.TopicOffsets(ctx, names) })
	wg.Go(func() { sizes, serr = cl.TopicSizes(ctx, names...) })
	wg.Wait()
	if cerr != nil || serr != nil {
		t.Fatalf("counts: %v, sizes: %v", cerr, serr)
	}
	if len(counts) != 2 || len(sizes) != 2 {
		t.Fatalf("counts %v, sizes %v: want both topics in each", counts, sizes)
	}
	if n := named.Load(); n != 1 {
		t.Fatalf("%d Metadata requests for the two topics, want 1 shared", n)
	}

	// A caller whose context ends does not end the other's answer.
	short, stop := context.WithCancel(ctx)
	wg.Go(func() {
		time.Sleep(20 * time.Millisecond)
		stop()
	})
	_, _ = cl.TopicOffsets(short, names)
	if _, err := cl.TopicSizes(ctx, names...); err != nil {
		t.Fatalf("sizes after another caller gave up: %v", err)
	}
	wg.Wait()
}
