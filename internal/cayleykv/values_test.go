package cayleykv

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	cayleygraph "github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	"github.com/google/go-cmp/cmp"
)

// Values gives what Cayley's ValuesOf gives, for every kind of value, in
// any order of ids, with ids repeated, 0, an id of no record and a quad's.
func TestValuesAsCayley(t *testing.T) {
	ctx := context.Background()
	for _, backend := range []string{Bolt, BBolt} {
		t.Run(backend, func(t *testing.T) {
			db, qs, err := Open(backend, t.TempDir(), noBloom)
			if err != nil {
				t.Fatal(err)
			}
			defer qs.Close()
			objects := []quad.Value{
				quad.String("Ministry for State Security"),
				quad.LangString{Value: "Ministerium für Staatssicherheit", Lang: "de"},
				quad.TypedString{Value: "1973-12-06", Type: "http://www.w3.org/2001/XMLSchema#date"},
				quad.Int(-42), quad.Float(2.5), quad.Bool(true),
				quad.Time(time.Date(1973, 12, 6, 10, 30, 0, 0, time.UTC)),
				quad.BNode("b1"), quad.IRI("https://w3id.org/pactgraph/id/kgb"),
			}
			var deltas []cayleygraph.Delta
			for i, o := range objects {
				deltas = append(deltas, cayleygraph.Delta{Action: cayleygraph.Add, Quad: quad.Quad{
					Subject: quad.IRI("s"), Predicate: quad.IRI("p"), Object: o, Label: quad.IRI(string(rune('a' + i))),
				}})
			}
			if err := qs.ApplyDeltas(deltas, cayleygraph.IgnoreOpts{}); err != nil {
				t.Fatal(err)
			}
			var refs []cayleygraph.Ref
			for _, v := range append(objects, quad.IRI("s"), quad.IRI("p"), quad.IRI("c")) {
				r, err := qs.ValueOf(v)
				if err != nil || r == nil {
					t.Fatalf("ValueOf(%v): %v, %v", v, r, err)
				}
				refs = append(refs, r)
			}
			// Backwards, with one twice, a 0, an id past the log, and a
			// quad's record.
			refs = append(refs, refs[0], ckv.Int64Value(0), ckv.Int64Value(1<<40))
			var quadID uint64
			if _, err := db.ScanQuads(ctx, map[quad.Direction]cayleygraph.Ref{quad.Subject: refs[len(objects)]}, nil, func(q Quad) error {
				quadID = q.ID
				return nil
			}); err != nil || quadID == 0 {
				t.Fatalf("a quad's id: %d, %v", quadID, err)
			}
			refs = append(refs, ckv.Int64Value(quadID))
			for i, j := 0, len(refs)-1; i < j; i, j = i+1, j-1 {
				refs[i], refs[j] = refs[j], refs[i]
			}
			want, err := cayleygraph.ValuesOf(ctx, qs, refs)
			if err != nil {
				t.Fatal(err)
			}
			ids := make([]uint64, len(refs))
			for i, r := range refs {
				ids[i] = uint64(r.(ckv.Int64Value))
			}
			got, err := db.Values(ctx, ids)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Values (-Cayley's +ours):\n%s", diff)
			}
		})
	}
}

// decodeValue gives what pquads gives, value or error (an error where
// pquads panics), for every kind of value, strings that are not UTF-8,
// records of two fields, and random bytes.
func TestDecodeValueAsPquads(t *testing.T) {
	var records [][]byte
	for _, v := range []quad.Value{
		quad.String(""), quad.String("Ministry for State Security"), quad.IRI("https://w3id.org/pactgraph/id/kgb"),
		quad.BNode("b1"), quad.String("Ministerium für Staatssicherheit"),
		quad.LangString{Value: "Ministerium", Lang: "de"},
		quad.TypedString{Value: "1973-12-06", Type: "http://www.w3.org/2001/XMLSchema#date"},
		quad.Int(-42), quad.Float(2.5), quad.Bool(true), quad.Time(time.Date(1973, 12, 6, 10, 30, 0, 0, time.UTC)),
	} {
		raw, err := pquads.MarshalValue(v)
		if err != nil {
			t.Fatal(err)
		}
		records = append(records, raw)
	}
	records = append(records,
		[]byte{2<<3 | 2, 2, 0xff, 0xfe},            // a string not UTF-8
		[]byte{3<<3 | 2, 1, 'a', 2<<3 | 2, 1, 'b'}, // an IRI, then a string: the last wins
		[]byte{2 << 3, 5},                          // field 2 as a varint (wire type 0)
		[]byte{3<<3 | 2, 9, 'a'},                   // cut short
	)
	rnd := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		b := make([]byte, rnd.IntN(12))
		for i := range b {
			b[i] = byte(rnd.IntN(256))
		}
		if len(b) > 0 && rnd.IntN(2) == 0 {
			b[0] = byte(2+rnd.IntN(3))<<3 | 2 // a string, IRI or blank node field
		}
		records = append(records, b)
	}
	// pquads panics on a record of no kind of value; decodeValue fails.
	unmarshal := func(raw []byte) (v quad.Value, err error) {
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("pquads: %v", p)
			}
		}()
		return pquads.UnmarshalValue(raw)
	}
	for _, raw := range records {
		want, werr := unmarshal(raw)
		got, gerr := decodeValue(raw)
		if (werr != nil) != (gerr != nil) || !reflect.DeepEqual(want, got) {
			t.Errorf("%x: %#v, %v; pquads gives %#v, %v", raw, got, gerr, want, werr)
		}
	}
}
