package graph

import (
	"time"

	"github.com/cayleygraph/cayley/query/gizmo"
	"github.com/cayleygraph/quad"
)

// Gizmo's JSON collation (jsonResult in query/gizmo/gizmo.go at the pinned
// version) loses two kinds of result that its Raw collation, and Cayley's
// own test table (query/gizmo/gizmo_test.go), keep:
//
//   - the value a script ends with, e.g. the 5 of g.V().Count(), becomes
//     null: Cayley's server answers {"result":[null]};
//   - a quad value passed to g.Emit, e.g. g.Emit(g.IRI("ex:alice")), is
//     encoded by encoding/json as its Go string, so an IRI loses its
//     brackets ("http://example.net/alice"), while the same IRI reached by
//     a path reads "<http://example.net/alice>".
//
// Query therefore runs Gizmo in the Raw collation and encodes each result
// here as the JSON collation does, but for those two: the script's value
// is kept when it is a plain value (a number, a string, a boolean, a quad
// value, or a list or object of them) and stays null otherwise (a path
// object); quad values anywhere in an emitted value are written as a
// path's tags are (quad.StringOf, or the native number, string, boolean
// or time).

// gizmoResult encodes one result of Gizmo's Raw collation as JSON.
func (s *Store) gizmoResult(r *gizmo.Result) (any, error) {
	if r.Val != nil {
		v, ok := plainValue(r.Val)
		if !ok {
			return nil, nil // Cayley's null, for a value JSON cannot hold
		}
		return v, nil
	}
	obj := make(map[string]any, len(r.Tags))
	for tag, ref := range r.Tags {
		name, err := s.cayley().NameOf(ref)
		if err != nil {
			return nil, err
		}
		if name == nil {
			continue
		}
		obj[tag] = nativeValue(name)
	}
	return obj, nil
}

// nativeValue is a quad value as Gizmo's JSON collation writes a tag: its
// Go value (number, string, boolean, time), or quad.StringOf for values
// that have none (IRIs, blank nodes, typed strings of unknown types).
func nativeValue(v quad.Value) any {
	n := v.Native()
	if nv, ok := n.(quad.Value); ok && nv == v {
		return quad.StringOf(v)
	}
	return n
}

// plainValue is v, a value exported from Gizmo's JavaScript, with its quad
// values written as nativeValue does; ok is false when v, or anything in
// it, is not a plain value (a path or graph object).
func plainValue(v any) (any, bool) {
	switch v := v.(type) {
	case nil, string, bool, int, int32, int64, uint32, uint64, float32, float64, time.Time:
		return v, true
	case quad.Value:
		return nativeValue(v), true
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			pv, ok := plainValue(e)
			if !ok {
				return nil, false
			}
			out[i] = pv
		}
		return out, true
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			pv, ok := plainValue(e)
			if !ok {
				return nil, false
			}
			out[k] = pv
		}
		return out, true
	case map[string]string:
		return v, true
	}
	return nil, false
}
