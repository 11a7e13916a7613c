package cayleysql

import (
	"encoding/json"
	"maps"
	"os/exec"
	"slices"
	"testing"

	"github.com/cayleygraph/quad"
)

// cayleyModule is the module whose SQL records this package writes.
const cayleyModule = "github.com/cayleygraph/cayley"

// WriteNew was checked against Cayley's graph/sql at CayleyVersion. When
// go.mod gives another Cayley (a new version, or a replace directive),
// this fails until someone has read graph/sql/database.go, quadstore.go
// and postgres/postgres.go at it again and moved CayleyVersion.
func TestCayleyVersion(t *testing.T) {
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
		t.Errorf("go.mod replaces %s by %s %s; its SQL records were checked at %s only", cayleyModule, m.Replace.Path, m.Replace.Version, CayleyVersion)
	}
	if m.Version != CayleyVersion {
		t.Errorf("go.mod requires %s %s; its SQL records were checked at %s: read graph/sql/database.go, quadstore.go and postgres/postgres.go at the new version against this package, then move CayleyVersion", cayleyModule, m.Version, CayleyVersion)
	}
}

// newBatch counts a node once for each quad direction naming it, over
// the distinct quads of every document, as Cayley's SplitDeltas does, and
// refuses documents sharing a label.
func TestNewBatch(t *testing.T) {
	a, b := quad.IRI("a"), quad.IRI("b")
	docs := []Document{
		{IRI: a, Quads: []quad.Quad{
			{Subject: a, Predicate: quad.IRI("p"), Object: a, Label: a},
			{Subject: a, Predicate: quad.IRI("p"), Object: a, Label: a}, // again: one quad
			{Subject: a, Predicate: quad.IRI("p"), Object: quad.String("x"), Label: quad.IRI("a.1")},
		}},
		{IRI: b, Quads: []quad.Quad{{Subject: b, Predicate: quad.IRI("p"), Object: quad.String("x"), Label: b}}},
	}
	bt, ok := newBatch(docs)
	if !ok {
		t.Fatal("refused")
	}
	if want := []int{2, 1}; !slices.Equal(bt.added, want) {
		t.Errorf("added %v, want %v", bt.added, want)
	}
	want := map[quad.Value]int{a: 4, quad.IRI("p"): 3, quad.String("x"): 2, quad.IRI("a.1"): 1, b: 2}
	got := map[quad.Value]int{}
	for _, n := range bt.nodes {
		got[n.val] = n.refs
	}
	if !maps.Equal(got, want) {
		t.Errorf("counts %v, want %v", got, want)
	}
	docs[1].Quads = append(docs[1].Quads, quad.Quad{Subject: b, Predicate: quad.IRI("p"), Object: b, Label: quad.IRI("a.1")})
	if _, ok := newBatch(docs); ok {
		t.Error("two documents sharing a label made a batch")
	}
}
