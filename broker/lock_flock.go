//go:build linux || darwin || freebsd || openbsd || netbsd || dragonfly

package broker

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockDataDir takes an exclusive lock on dir so that two brokers (say
// `kscope --local` and `kscope broker` on the default dir) never write the
// same files: kfake itself does not guard against it. The lock goes away
// with the process, also on kill -9. Close the returned file to release it.
func lockDataDir(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, ".kscope.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("data dir %s is not writable: %v", dir, rootCause(err))
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, inUseError{fmt.Sprintf("data dir %s is in use by another kscope broker (kscope broker or kscope --local): stop it, or pick another dir with --data-dir", dir)}
		}
		return nil, fmt.Errorf("data dir %s cannot be locked: %v", dir, err)
	}
	return f, nil
}
