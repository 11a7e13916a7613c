package valuehash

import (
	"testing"
	"time"

	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
)

// Every kind of value hashes as refs.HashOf hashes it, asked once or again.
func TestMemoIsHashOf(t *testing.T) {
	m := Memo{}
	values := []quad.Value{
		quad.IRI("https://w3id.org/pactgraph/id/kgb"), quad.IRI("kgb"), quad.String("kgb"), quad.BNode("kgb"),
		quad.LangString{Value: "KGB", Lang: "en"}, quad.TypedString{Value: "1973", Type: "xsd:gYear"},
		quad.Int(1973), quad.Float(0.5), quad.Bool(true), quad.Time(time.Date(1973, 3, 29, 0, 0, 0, 0, time.UTC)),
		quad.IRI(""), nil,
	}
	for range 2 {
		for _, v := range values {
			if got, want := m.Of(v), refs.HashOf(v); got != want {
				t.Errorf("Of(%#v) = %v, want %v", v, got, want)
			}
		}
	}
	if len(m) != 3 {
		t.Errorf("%d IRIs kept, want 3", len(m))
	}
}
