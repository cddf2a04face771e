package cli

import (
	"fmt"
	"io"

	"kscope/registry"
)

// registryDirSuffix names the registry's directory beside the broker's
// data dir (inside it, the broker's start-up checks would see a stranger).
const registryDirSuffix = "-registry"

// startRegistry serves the bundled Schema Registry on listen ("off":
// none), keeping its state beside dataDir ("": in memory). When the
// address was not asked for explicitly and is taken (another broker runs),
// it warns and goes on without a registry. The returned stop func is never
// nil on success; url is the registry's, "" when none runs.
func startRegistry(out, warn io.Writer, listen, dataDir string, explicit bool) (url string, stop func() error, err error) {
	if listen == "off" || listen == "" {
		return "", func() error { return nil }, nil
	}
	s, dir, err := openRegistry(dataDir)
	if err != nil {
		return "", nil, err
	}
	addr, err := s.Serve(listen)
	if err != nil {
		s.Close()
		if !explicit {
			fmt.Fprintf(warn, "warning: no schema registry: %v (use --registry-listen to choose another address)\n", err)
			return "", func() error { return nil }, nil
		}
		return "", nil, fmt.Errorf("--registry-listen: %w", err)
	}
	where := dir
	if where == "" {
		where = "in memory"
	}
	fmt.Fprintf(out, "schema registry serving http://%s, data: %s\n", addr, where)
	return "http://" + addr, s.Close, nil
}

// openRegistry opens the bundled registry's store in its directory dir
// beside dataDir, or in memory when dataDir is "".
func openRegistry(dataDir string) (s *registry.Server, dir string, err error) {
	if dataDir != "" {
		dir = dataDir + registryDirSuffix
	}
	s, err = registry.Open(dir)
	return s, dir, err
}
