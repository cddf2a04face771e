package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// Bounds of --refresh: a list refreshed more often than every second
// costs the cluster requests for nothing a person can read.
const (
	minRefresh = time.Second
	maxRefresh = 24 * time.Hour
)

// maxTailBuffer is the largest --tail-buffer: the tail allocates its ring
// up front, and a million records is already hundreds of MB.
const maxTailBuffer = 1_000_000

// checkExplorerFlags refuses flag values that would otherwise be silently
// replaced by a default: every message gives the valid range.
func checkExplorerFlags(cmd *cobra.Command, brokers []string, refresh time.Duration) error {
	fl := cmd.Flags()
	if refresh != 0 && (refresh < minRefresh || refresh > maxRefresh) {
		return fmt.Errorf("--refresh must be 0 (off) or from %s to %s, got %s", minRefresh, maxRefresh, refresh)
	}
	if fl.Changed("brokers") {
		if err := checkBrokers(brokers); err != nil {
			return err
		}
	}
	if fl.Lookup("tail-buffer") != nil && fl.Changed("tail-buffer") {
		n, err := fl.GetInt("tail-buffer")
		if err != nil {
			return err
		}
		if n < 1 || n > maxTailBuffer {
			return fmt.Errorf("--tail-buffer must be from 1 to %d records, got %d", maxTailBuffer, n)
		}
	}
	return nil
}

// checkBrokers refuses an empty --brokers (it used to mean 127.0.0.1:9092)
// and entries that are not host:port.
func checkBrokers(brokers []string) error {
	n := 0
	for _, b := range brokers {
		b = strings.TrimSpace(b)
		if b == "" {
			continue
		}
		n++
		host, port, err := net.SplitHostPort(b)
		p, perr := strconv.Atoi(port)
		if err != nil || host == "" || perr != nil || p < 1 || p > 65535 {
			return fmt.Errorf("--brokers %s: want host:port with a port from 1 to 65535, e.g. 127.0.0.1:9092", strconv.QuoteToASCII(b))
		}
	}
	if n == 0 {
		return errors.New("--brokers is empty: give at least one host:port, e.g. --brokers 127.0.0.1:9092")
	}
	return nil
}

// unusableContextsFile returns an error when the contexts file exists but
// cannot be read: unreadable, a directory, a symbolic link loop or a link
// to nothing. Such a file is a mistake to report, not a file to skip.
func unusableContextsFile(path string) error {
	if path == "" {
		return nil
	}
	lst, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // no file: fine
	}
	if err == nil && lst.Mode()&fs.ModeSymlink != 0 {
		if _, serr := os.Stat(path); errors.Is(serr, fs.ErrNotExist) {
			return fmt.Errorf("contexts file %s is a symbolic link to a missing file; fix or remove it", path)
		}
	}
	if err == nil {
		if st, serr := os.Stat(path); serr == nil && st.IsDir() {
			return fmt.Errorf("contexts file %s is a directory; it must be a YAML file", path)
		}
	}
	f, err := os.Open(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("contexts file %s cannot be read: %v", path, err)
	}
	f.Close()
	return nil
}
