//go:build !(linux || darwin || freebsd || openbsd || netbsd || dragonfly)

package broker

import "os"

// lockDataDir does nothing where flock is not available.
func lockDataDir(string) (*os.File, error) { return nil, nil }
