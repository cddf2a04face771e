package broker

import (
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kmsg"
)

// Issue 13: the bundled broker runs in no rack, so neither Metadata nor
// DescribeCluster may name one (kfake's own answer is "krack").
func TestNoRack(t *testing.T) {
	b := startTestBroker(t, Options{})
	cl := newClient(t, b.Addr())
	ctx := testContext(t, 10*time.Second)
	meta, err := kmsg.NewPtrMetadataRequest().RequestWith(ctx, cl)
	if err != nil {
		t.Fatal(err)
	}
	dc, err := kmsg.NewPtrDescribeClusterRequest().RequestWith(ctx, cl)
	if err != nil {
		t.Fatal(err)
	}
	if len(meta.Brokers) == 0 || len(dc.Brokers) == 0 {
		t.Fatalf("no brokers listed: metadata %d, describe cluster %d", len(meta.Brokers), len(dc.Brokers))
	}
	for _, br := range meta.Brokers {
		if br.Rack != nil && *br.Rack != "" {
			t.Errorf("Metadata: broker %d in rack %q, want none", br.NodeID, *br.Rack)
		}
	}
	for _, br := range dc.Brokers {
		if br.Rack != nil && *br.Rack != "" {
			t.Errorf("DescribeCluster: broker %d in rack %q, want none", br.NodeID, *br.Rack)
		}
	}
}
