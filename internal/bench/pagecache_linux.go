package bench

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"unsafe"

	"golang.org/x/sys/unix"
)

// cachedMB is how much of the files under dir the page cache holds, in
// MB: a server that maps a file (bolt does, and bleve its segments) counts
// in its RSS the cached pages the kernel maps around each page it reads
// (fault-around), so the same reads give a larger RSS when more of the
// store is cached (docs/benchmarks.md).
func cachedMB(dir string) (float64, error) {
	var pages int
	err := eachFile(dir, func(f *os.File, size int64) error {
		data, err := unix.Mmap(int(f.Fd()), 0, int(size), unix.PROT_READ, unix.MAP_SHARED)
		if err != nil {
			return err
		}
		defer unix.Munmap(data)
		vec := make([]byte, (int(size)+os.Getpagesize()-1)/os.Getpagesize())
		// x/sys/unix has no wrapper of mincore(2).
		if _, _, errno := unix.Syscall(unix.SYS_MINCORE, uintptr(unsafe.Pointer(&data[0])), uintptr(len(data)), uintptr(unsafe.Pointer(&vec[0]))); errno != 0 {
			return fmt.Errorf("mincore %s: %w", f.Name(), errno)
		}
		for _, v := range vec {
			pages += int(v & 1)
		}
		return nil
	})
	return float64(pages*os.Getpagesize()) / (1 << 20), err
}

// dropCached asks the kernel to drop the cached pages of the files under
// dir (written to disk first), as after a restart of the machine.
func dropCached(dir string) error {
	return eachFile(dir, func(f *os.File, _ int64) error {
		if err := f.Sync(); err != nil {
			return err
		}
		return unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED)
	})
}

// eachFile calls fn with each regular file under dir that is not empty,
// opened for reading.
func eachFile(dir string, fn func(f *os.File, size int64) error) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		fi, err := f.Stat()
		if err != nil || fi.Size() == 0 {
			return err
		}
		return fn(f, fi.Size())
	})
}
