//go:build linux || darwin || freebsd || openbsd || netbsd || dragonfly

package broker

import "syscall"

// currentNofile returns the soft RLIMIT_NOFILE (Go raises it to the hard
// limit at start-up), or 1,024 when it cannot be read.
func currentNofile() uint64 {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil || rl.Cur == 0 {
		return 1024
	}
	return rl.Cur
}
