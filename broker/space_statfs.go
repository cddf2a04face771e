//go:build linux || darwin

package broker

import "syscall"

// freeBytes returns the bytes an unprivileged process can still write to
// the file system holding dir, or -1 when that cannot be told.
func freeBytes(dir string) int64 {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return -1
	}
	free := uint64(st.Bavail) * uint64(st.Bsize)
	if free > 1<<62 {
		return 1 << 62
	}
	return int64(free)
}
