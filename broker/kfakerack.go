package broker

import (
	_ "unsafe" // for go:linkname

	_ "github.com/twmb/franz-go/pkg/kfake" // kfakeBrokerRack's home
)

// kfake reports every broker in rack "krack" (Metadata, DescribeCluster,
// Fetch and Produce leader hints), from an unexported variable with no
// option to change it. A rack the operator never set is a false figure
// (issue 13): clients that place replicas or pick a follower by rack act
// on it. kscope runs no rack, so it empties that variable once, for every
// cluster in the process, through a linkname directive; the wire then
// carries an empty rack, which clients and the explorer show as none.
// TestNoRack fails when kfake renames the variable or reports a rack.

//go:linkname kfakeBrokerRack github.com/twmb/franz-go/pkg/kfake.brokerRack
var kfakeBrokerRack string

func init() { kfakeBrokerRack = "" }
