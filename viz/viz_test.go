package viz

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

func TestAssetsHasPage(t *testing.T) {
	for _, name := range Files() {
		b, err := fs.ReadFile(Assets(), name)
		if err != nil {
			t.Fatalf("Assets: %v", err)
		}
		if len(b) == 0 {
			t.Errorf("Assets: %s is empty", name)
		}
	}
}

// TestIndexNeedsNoNetwork keeps the page's scripts and styles local: no CDN.
func TestIndexNeedsNoNetwork(t *testing.T) {
	b, err := fs.ReadFile(Assets(), "index.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"http://", "https://", `src="/`, `href="/`} {
		if strings.Contains(string(b), bad) {
			t.Errorf("index.html contains %q; the page must load its files relative to itself", bad)
		}
	}
}

func TestCheck(t *testing.T) {
	page := fstest.MapFS{}
	for _, name := range Files() {
		page[name] = &fstest.MapFile{Data: []byte("x")}
	}
	err := Check(page)
	if err == nil || !strings.Contains(err.Error(), "make viz") {
		t.Errorf("Check without d3 = %v, want an error that says to run make viz", err)
	}
	page["vendor/d3.min.js"] = &fstest.MapFile{Data: []byte("d3")}
	if err := Check(page); err != nil {
		t.Errorf("Check with every file = %v, want nil", err)
	}
}

// TestDir serves the same page from disk as the binary embeds.
func TestDir(t *testing.T) {
	for _, name := range Files() {
		disk, err := fs.ReadFile(Dir("static"), name)
		if err != nil {
			t.Fatalf("Dir: %v", err)
		}
		embedded, err := fs.ReadFile(Assets(), name)
		if err != nil {
			t.Fatalf("Assets: %v", err)
		}
		if string(disk) != string(embedded) {
			t.Errorf("Dir(\"static\") and Assets() differ in %s", name)
		}
	}
}
