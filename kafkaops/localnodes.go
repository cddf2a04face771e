package kafkaops

// LocalNode is one node of the bundled local cluster.
type LocalNode struct {
	// ID is the node's broker id.
	ID int32
	// Addr is the host:port clients connect to.
	Addr string
	// Running is false while the node is stopped.
	Running bool
}

// LocalNodes stops and starts the nodes of the bundled cluster the
// explorer runs itself (`kscope --local --nodes 3`). The explorer gets one
// only then: on any other cluster there is nothing to stop.
type LocalNodes interface {
	// Nodes lists the nodes by id, stopped ones included.
	Nodes() []LocalNode
	// StopNode stops a node as if it had crashed: its partitions get
	// other leaders and it leaves their in-sync replicas.
	StopNode(id int32) error
	// StartNode starts a stopped node again on its old port.
	StartNode(id int32) error
}
