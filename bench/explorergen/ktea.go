package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// ktea (a Kafka TUI in Go, module path `ktea`) is the explorer issue 17
// compares kscope with. Nothing here downloads or builds it: the scripts
// take a binary as KTEA=/path/to/ktea. The one measured so far was built
// from ktea's source as stored in a public-source index (its module is not
// served by the Go module proxy this machine reaches), outside this
// repository; the README's performance section says which commits and what
// was missing.
//
// ktea reads its clusters from a YAML file in the user's config directory
// (os.UserConfigDir()/ktea/config.conf: clusters with a name, a colour,
// `active` and `servers`). kteaTool writes one naming only -brokers into a
// HOME and XDG_CONFIG_HOME of its own under the run's temp dir, so the
// user's ktea configuration is neither read nor touched.
type kteaTool struct {
	bin, home string
	n         int
}

// newKteaTool writes the configuration ktea reads and returns the tool.
func newKteaTool(bin, brokers string, n int, dir string) (*kteaTool, error) {
	abs, err := filepath.Abs(bin)
	if err != nil {
		return nil, err
	}
	home := filepath.Join(dir, "ktea-home")
	cfgDir := filepath.Join(home, ".config", "ktea")
	if err := os.MkdirAll(cfgDir, 0o755); err != nil {
		return nil, err
	}
	cfg := fmt.Sprintf("clusters:\n  - name: bench\n    color: \"#FF0000\"\n    active: true\n    servers:\n      - %s\n", brokers)
	if err := os.WriteFile(filepath.Join(cfgDir, "config.conf"), []byte(cfg), 0o644); err != nil {
		return nil, err
	}
	return &kteaTool{bin: abs, home: home, n: n}, nil
}

// launch returns how ktea is started and when its list counts as shown:
// its topics page titles the table "Total Topics: SHOWN/ALL" once the
// listing arrived (it lists every topic at once, no refresh afterwards).
// ctrl+c ends it.
func (k *kteaTool) launch() tool {
	return tool{
		shell: fmt.Sprintf("exec env HOME=%s XDG_CONFIG_HOME=%s %s",
			k.home, filepath.Join(k.home, ".config"), k.bin),
		want: fmt.Sprintf("Total Topics: %d/%d", k.n, k.n),
		quit: "C-c",
	}
}
