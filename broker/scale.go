package broker

import (
	"github.com/twmb/franz-go/pkg/kfake"
)

// loadMemoryLimit is the soft memory limit while kfake loads the data dir:
// the load budget plus as much for the index it builds and the runtime.
const loadMemoryLimit = 2 * DefaultLoadBudget

// persistOpts returns the kfake options that keep dataDir on disk with a
// bounded number of open files and a bounded load-time memory.
func persistOpts(dataDir string, log *logger) []kfake.Opt {
	fsys := newLRUFS(fdLimitsFor(currentNofile()), newReadBudget(DefaultLoadBudget))
	return []kfake.Opt{
		kfake.DataDir(dataDir),
		withFS(fsys),
		kfake.WithLogger(kfakeLogger{log}),
	}
}

// newCluster starts kfake with kopts, bounding memory while it loads.
func newCluster(kopts []kfake.Opt) (c *kfake.Cluster, err error) {
	withLoadMemoryLimit(loadMemoryLimit, func() { c, err = kfake.NewCluster(kopts...) })
	return c, err
}
