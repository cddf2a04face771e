//go:build !(linux || darwin || freebsd || openbsd || netbsd || dragonfly)

package broker

// currentNofile returns the number of open files to plan for where there
// is no RLIMIT_NOFILE (Windows counts handles, with a far higher limit):
// enough for a thousand written partitions at once.
func currentNofile() uint64 { return 8192 }
