package broker

import (
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// kfake accepts AlterPartitionReassignments and changes nothing (it has no
// real replicas: Metadata lists the replicas from the leader on). So that a
// reassignment on the local cluster shows, the broker moves each
// partition's leader to the first broker of its new replica list, which
// is what Kafka's preferred-leader election does once the move is done.
// The replication factor itself cannot change: kfake keeps one per topic.

// followReassignments installs the control that moves leaders after
// kfake has accepted a reassignment.
func followReassignments(c *kfake.Cluster, meta *metaCache) {
	c.ControlKey(int16(kmsg.AlterPartitionAssignments), func(r kmsg.Request) (kmsg.Response, error, bool) {
		c.KeepControl()
		req := r.(*kmsg.AlterPartitionAssignmentsRequest)
		type move struct {
			topic     string
			partition int32
			node      int32
		}
		var moves []move
		for _, t := range req.Topics {
			for _, p := range t.Partitions {
				if len(p.Replicas) > 0 {
					moves = append(moves, move{t.Topic, p.Partition, p.Replicas[0]})
				}
			}
		}
		if len(moves) > 0 {
			// Control functions run on kfake's loop, which
			// MoveTopicPartition waits for: move once it is free.
			go func() {
				for _, m := range moves {
					_ = c.MoveTopicPartition(m.topic, m.partition, m.node)
				}
				meta.changed()
			}()
		}
		return nil, nil, false // kfake validates and answers
	})
}
