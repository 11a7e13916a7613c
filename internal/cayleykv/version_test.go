package cayleykv

import (
	"encoding/json"
	"os/exec"
	"testing"
)

// cayleyModule is the module whose kv records this package writes.
const cayleyModule = "github.com/cayleygraph/cayley"

// The bulk writer, Check and the label index were checked against
// Cayley's graph/kv at CayleyVersion. When go.mod gives another Cayley (a
// new version, or a replace directive), this fails until someone has read
// graph/kv/indexing.go and quadstore.go at it again and moved
// CayleyVersion.
func TestCayleyVersion(t *testing.T) {
	// go list reads go.mod as the build does: the version selected, and
	// its replacement if any.
	out, err := exec.Command("go", "list", "-m", "-json", cayleyModule).Output()
	if err != nil {
		t.Fatalf("go list -m %s: %v", cayleyModule, err)
	}
	var m struct {
		Version string
		Replace *struct{ Path, Version string }
	}
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatalf("go list -m %s: %v", cayleyModule, err)
	}
	if m.Replace != nil {
		t.Errorf("go.mod replaces %s by %s %s; its kv records were checked at %s only", cayleyModule, m.Replace.Path, m.Replace.Version, CayleyVersion)
	}
	if m.Version != CayleyVersion {
		t.Errorf("go.mod requires %s %s; its kv records were checked at %s: read graph/kv/indexing.go and quadstore.go at the new version against this package, then move CayleyVersion", cayleyModule, m.Version, CayleyVersion)
	}
}
