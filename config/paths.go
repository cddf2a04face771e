// Package config holds kscope's user configuration: where its config, data
// and state live on disk. The contexts file is a later addition.
package config

import (
	"fmt"
	"os"
	"path/filepath"
)

// appName is the directory kscope uses under each XDG base directory.
const appName = "kscope"

// DataDir returns kscope's data directory: $XDG_DATA_HOME/kscope, else
// ~/.local/share/kscope. The bundled broker keeps its data in BrokerDataDir,
// under it.
func DataDir() (string, error) {
	return xdgDir("XDG_DATA_HOME", ".local", "share")
}

// ConfigDir returns kscope's config directory: $XDG_CONFIG_HOME/kscope,
// else ~/.config/kscope.
func ConfigDir() (string, error) {
	return xdgDir("XDG_CONFIG_HOME", ".config")
}

// StateDir returns kscope's state directory (history, last positions):
// $XDG_STATE_HOME/kscope, else ~/.local/state/kscope.
func StateDir() (string, error) {
	return xdgDir("XDG_STATE_HOME", ".local", "state")
}

// BrokerDataDir returns where the bundled broker keeps its data by default:
// kscope/broker under DataDir, the same place broker.DefaultDataDir names.
func BrokerDataDir() (string, error) {
	d, err := DataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "broker"), nil
}

// xdgDir resolves one XDG base directory plus kscope's own name. The XDG
// spec says a relative path in the variable is invalid and must be
// ignored, so only an absolute one is used.
func xdgDir(env string, fallback ...string) (string, error) {
	if base := os.Getenv(env); base != "" && filepath.IsAbs(base) {
		return filepath.Join(base, appName), nil
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return "", fmt.Errorf("cannot find the home directory (set $%s): %v", env, err)
	}
	return filepath.Join(append(append([]string{home}, fallback...), appName)...), nil
}
