package broker

import (
	"context"
	"fmt"
	"testing"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// BenchmarkMetadataThreeNodes measures a Metadata request for 100 topics
// of 3 partitions on a three-node cluster, with every node up (answers
// pass the replica view untouched) and with one stopped (every answer is
// decoded and rewritten).
func BenchmarkMetadataThreeNodes(b *testing.B) {
	for _, stop := range []bool{false, true} {
		b.Run(fmt.Sprintf("node stopped=%v", stop), func(b *testing.B) {
			br, err := Start(Options{Nodes: 3, InMemory: true, Listen: "127.0.0.1:0"})
			if err != nil {
				b.Fatal(err)
			}
			defer br.Close()
			cl, err := kgo.NewClient(kgo.SeedBrokers(br.Addr()))
			if err != nil {
				b.Fatal(err)
			}
			defer cl.Close()
			for i := range 100 {
				req := kmsg.NewPtrCreateTopicsRequest()
				rt := kmsg.NewCreateTopicsRequestTopic()
				rt.Topic, rt.NumPartitions, rt.ReplicationFactor = fmt.Sprintf("t%03d", i), 3, 3
				req.Topics = append(req.Topics, rt)
				if _, err := req.RequestWith(context.Background(), cl); err != nil {
					b.Fatal(err)
				}
			}
			if stop {
				if err := br.StopNode(1); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			for b.Loop() {
				if _, err := kmsg.NewPtrMetadataRequest().RequestWith(context.Background(), cl); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
