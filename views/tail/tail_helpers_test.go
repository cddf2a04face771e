package tail

import (
	"time"

	"kscope/kafkaops"
	"kscope/kafkaops/kafkaopstest"
	"kscope/views/kit"
	"kscope/views/kit/kittest"
)

// newTestTail returns a tail view sized w×h whose stream is live, without
// running its commands: tests deliver batches with deliver.
func newTestTail(w, h int, opts TailOptions) (*Tail, *kafkaopstest.TailFake) {
	f := kafkaopstest.NewTailFake()
	if opts.Topic == "" {
		opts.Topic = "bankbranch"
	}
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	if opts.Now == nil {
		opts.Now = func() time.Time { return kafkaopstest.TailEpoch.Add(time.Hour) }
	}
	t := NewTail(f, kittest.TestStyles(), opts)
	t.SetSize(w, h)
	t.stream.id = kit.NextID()
	t.stream.state = tailLive
	return t, f
}

// deliver hands the view one delivery of batches, as waitForBatch would.
func deliver(t *Tail, batches ...kafkaops.TailBatch) {
	t.Update(tailBatchMsg{id: t.stream.id, batches: batches, at: time.Now()})
}
