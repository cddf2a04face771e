package broker

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
)

// In Apache Kafka a broker config set at run time (a dynamic config) wins
// over the one in server.properties, across restarts. kfake saves every
// broker config in one file and, at start, lets the ones it is given
// (kscope's flags, which always include log.retention.ms) win over the
// saved ones: a retention a user altered from the explorer came back to
// the flag's value at the next start. kscope notes the flags it started
// with; at the next start a saved value that differs from the noted flag
// was set at run time, and it is kept: that flag is not given to kfake.

// staticConfigsFile is where kscope notes the broker configs its flags
// gave kfake at the last start.
const staticConfigsFile = "kscope_static_configs.json"

// startBrokerConfigs returns the broker configs to give kfake at start:
// flags, minus those a client altered at run time since the last start.
// Without a note (a data dir from before it, or a fresh one) every flag
// is given, as before.
func startBrokerConfigs(dataDir string, flags map[string]string) map[string]string {
	out := maps.Clone(flags)
	saved, err := readSavedBrokerConfigs(dataDir)
	if err != nil {
		return out
	}
	noted, ok := readStaticConfigs(dataDir)
	if !ok {
		return out
	}
	for k, v := range saved {
		if was, given := noted[k]; !given || was != v {
			delete(out, k)
		}
	}
	return out
}

// readStaticConfigs reads the note of the flags the last start gave.
func readStaticConfigs(dataDir string) (map[string]string, bool) {
	if dataDir == "" {
		return nil, false
	}
	var noted map[string]string
	data, err := os.ReadFile(filepath.Join(dataDir, staticConfigsFile))
	if err != nil || json.Unmarshal(data, &noted) != nil {
		return nil, false
	}
	return noted, true
}

// noteStaticConfigs notes the broker configs this start gave kfake.
func noteStaticConfigs(dataDir string, given map[string]string) error {
	if dataDir == "" {
		return nil
	}
	data, err := json.Marshal(given)
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(dataDir, staticConfigsFile), data)
}
