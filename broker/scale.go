package broker

import (
	"github.com/twmb/franz-go/pkg/kfake"
)

// loadMemoryLimit is the soft memory limit while kfake loads the data dir:
// the load budget plus as much for the index it builds and the runtime.
const loadMemoryLimit = 2 * DefaultLoadBudget

// persistOpts returns the kfake options that keep dataDir on disk with a
// bounded number of open files and a bounded load-time memory, and the
// load budget to hand to newCluster.
func persistOpts(dataDir string) ([]kfake.Opt, *readBudget) {
	budget := newReadBudget(DefaultLoadBudget)
	fsys := newLRUFS(fdLimitsFor(currentNofile()), budget)
	return []kfake.Opt{
		kfake.DataDir(dataDir),
		withFS(fsys),
	}, budget
}

// newCluster starts kfake with kopts, bounding memory while it loads; the
// budget (nil in memory) is closed once the load is over.
func newCluster(kopts []kfake.Opt, budget *readBudget) (c *kfake.Cluster, err error) {
	withLoadMemoryLimit(loadMemoryLimit, func() { c, err = kfake.NewCluster(kopts...) })
	if budget != nil {
		budget.finish()
	}
	return c, err
}
