package bench

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// A file just written is in the page cache, whole; once dropped, none of
// it is (but on tmpfs, whose pages are the file itself).
func TestPageCacheReadAndDropped(t *testing.T) {
	dir := t.TempDir()
	data := make([]byte, 4<<20)
	for i := range data {
		data[i] = byte(i)
	}
	if err := os.MkdirAll(filepath.Join(dir, "search"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"indexes.bolt", "search/segment", "empty"} {
		var content []byte
		if name != "empty" {
			content = data
		}
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mb, err := cachedMB(dir)
	if err != nil || mb != 8 {
		t.Fatalf("cached after writing 8 MB: %v MB, %v; want 8", mb, err)
	}
	if err := dropCached(dir); err != nil {
		t.Fatal(err)
	}
	var fs unix.Statfs_t
	if err := unix.Statfs(dir, &fs); err != nil {
		t.Fatal(err)
	}
	if fs.Type == unix.TMPFS_MAGIC {
		t.Skipf("%s is on tmpfs, whose pages cannot be dropped", dir)
	}
	if mb, err := cachedMB(dir); err != nil || mb > 1 {
		t.Errorf("cached after dropping: %v MB, %v; want none", mb, err)
	}
}
