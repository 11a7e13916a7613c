package pactgraph_test

import (
	"encoding/json"
	"os/exec"
	"testing"

	"github.com/pactgraph/pactgraph/internal/cayleykv"
	"github.com/pactgraph/pactgraph/internal/cayleysql"
)

// TestCayleyVersion: the packages that write Cayley's records below its
// write path were checked against one version of Cayley each. When go.mod
// gives another Cayley (a new version, or a replace directive), this fails
// until someone has read, at the new version, the files each names and
// moved its CayleyVersion.
func TestCayleyVersion(t *testing.T) {
	const module = "github.com/cayleygraph/cayley"
	// go list reads go.mod as the build does: the version selected, and
	// its replacement if any.
	out, err := exec.Command("go", "list", "-m", "-json", module).Output()
	if err != nil {
		t.Fatalf("go list -m %s: %v", module, err)
	}
	var m struct {
		Version string
		Replace *struct{ Path, Version string }
	}
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatalf("go list -m %s: %v", module, err)
	}
	for _, p := range []struct{ pkg, checked, files string }{
		{"internal/cayleykv", cayleykv.CayleyVersion, "graph/kv/indexing.go and quadstore.go"},
		{"internal/cayleysql", cayleysql.CayleyVersion, "graph/sql/database.go, quadstore.go and postgres/postgres.go"},
	} {
		if m.Replace != nil {
			t.Errorf("go.mod replaces %s by %s %s; %s's records were checked at %s only", module, m.Replace.Path, m.Replace.Version, p.pkg, p.checked)
		}
		if m.Version != p.checked {
			t.Errorf("go.mod requires %s %s; %s's records were checked at %s: read %s at the new version against it, then move its CayleyVersion", module, m.Version, p.pkg, p.checked, p.files)
		}
	}
}
