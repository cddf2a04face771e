package broker

import (
	"io"
	"os"
	_ "unsafe" // for go:linkname

	"github.com/twmb/franz-go/pkg/kfake"
)

// kfake does all its disk I/O through a small filesystem interface (its
// persist_fs.go) and has an option to replace it, withFS, which it keeps
// unexported for its own tests. kscope needs that seam to bound open files
// and load-time memory without forking kfake, so it reaches the option
// with a linkname directive. kfakeFS and kfakeFile mirror kfake's fs and
// file interfaces method for method: a value of them is laid out the same
// way (itab, data), and kfake only ever calls methods on it, never asserts
// its type. The linker does not compare the two, so TestKfakeFSSeam does:
// it reads kfake's source from the module cache and fails when those
// interfaces no longer match these.

// kfakeFile mirrors kfake's unexported file interface.
type kfakeFile interface {
	io.Writer
	io.Reader
	io.Closer
	Seek(offset int64, whence int) (int64, error)
	Truncate(size int64) error
	Sync() error
}

// kfakeFS mirrors kfake's unexported fs interface.
type kfakeFS interface {
	OpenFile(name string, flag int, perm os.FileMode) (kfakeFile, error)
	Rename(oldpath, newpath string) error
	Remove(name string) error
	RemoveAll(path string) error
	MkdirAll(path string, perm os.FileMode) error
	ReadDir(name string) ([]os.DirEntry, error)
	ReadFile(name string) ([]byte, error)
	Stat(name string) (os.FileInfo, error)
}

//go:linkname kfakeWithFS github.com/twmb/franz-go/pkg/kfake.withFS
func kfakeWithFS(f kfakeFS) kfake.Opt

// withFS returns the kfake option that makes the cluster use fsys for all
// its disk I/O (with kfake.DataDir set, as for the OS filesystem).
func withFS(fsys kfakeFS) kfake.Opt {
	keepOpenFile(fsys)
	return kfakeWithFS(fsys)
}

// keepOpenFile calls OpenFile through kfakeFS once. kfake calls it through
// its own interface type, whose method signature (returning kfake.file)
// the linker does not match with ours (returning kfakeFile); without one
// call here the linker drops our OpenFile methods as unreachable and kfake
// crashes with "unreachable method called".
//
//go:noinline
func keepOpenFile(fsys kfakeFS) {
	if f, err := fsys.OpenFile(os.DevNull, os.O_RDONLY, 0); err == nil {
		f.Close()
	}
}
