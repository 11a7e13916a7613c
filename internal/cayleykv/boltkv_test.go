package cayleykv

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/boltdb/bolt"
	cayleygraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
	cayleykvtest "github.com/cayleygraph/cayley/graph/kv/kvtest"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
	"github.com/google/go-cmp/cmp"
	hkv "github.com/hidal-go/hidalgo/kv"
	"github.com/hidal-go/hidalgo/kv/kvtest"

	// Cayley's own bolt backend, to read and write the same files.
	_ "github.com/cayleygraph/cayley/graph/kv/bolt"
)

// The key-value contract, as hidalgo tests its own backends.
func TestBoltKVContract(t *testing.T) {
	kvtest.RunTestLocal(t, func(dir string) (hkv.KV, error) {
		return openBoltKV(dir, nil)
	}, nil)
}

// Cayley's quad store suite over it, as Cayley tests its kv backends. Its
// path tests read data/testdata.nq from Cayley's module, looked for from
// the working directory up.
func TestBoltKVQuadStore(t *testing.T) {
	mod, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/cayleygraph/cayley").Output()
	if err != nil {
		t.Fatalf("finding Cayley's module for its test data: %v", err)
	}
	work := t.TempDir()
	if err := os.Symlink(filepath.Join(strings.TrimSpace(string(mod)), "data"), filepath.Join(work, "data")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(work)
	cayleykvtest.TestAll(t, func(t testing.TB) (hkv.KV, cayleygraph.Options, func()) {
		db, err := openBoltKV(t.TempDir(), nil)
		if err != nil {
			t.Fatal(err)
		}
		return db, nil, func() { db.Close() }
	}, nil)
}

// synthQuads is a corpus in the shape loads write: documents whose facts
// share parties and predicates.
func synthQuads(docs int) []quad.Quad {
	var qs []quad.Quad
	for d := range docs {
		doc := iri("doc-%d", d)
		pact := iri("pact-%d", d)
		qs = append(qs,
			quad.Quad{Subject: doc, Predicate: iri("type"), Object: iri("Document"), Label: doc},
			quad.Quad{Subject: doc, Predicate: iri("name"), Object: quad.String(fmt.Sprintf("Agreement number %d", d)), Label: doc},
			quad.Quad{Subject: pact, Predicate: iri("party"), Object: iri("party-%d", d%17), Label: doc},
			quad.Quad{Subject: pact, Predicate: iri("party"), Object: iri("party-%d", d%5), Label: doc},
		)
		for a := range 8 {
			art := iri("doc-%d.article-%d", d, a)
			qs = append(qs,
				quad.Quad{Subject: art, Predicate: iri("partOf"), Object: doc, Label: doc},
				quad.Quad{Subject: art, Predicate: iri("text"), Object: quad.String(fmt.Sprintf("Article %d of agreement %d: both sides will exchange information.", a, d)), Label: doc},
			)
		}
	}
	return qs
}

// iri is an IRI of the tests' own.
func iri(format string, args ...any) quad.IRI {
	return quad.IRI("https://example.org/" + fmt.Sprintf(format, args...))
}

// cayleyBolt is Cayley's own bolt backend, which writes the same files.
const cayleyBolt = "bolt"

// storeOpener opens, creating it when missing, a bolt store in dir:
// Cayley's own bolt backend, or pactgraph's.
type storeOpener func(t *testing.T, dir string) cayleygraph.QuadStore

var noBloom = cayleygraph.Options{"no_bloom": true}

func cayleyBoltStore(t *testing.T, dir string) cayleygraph.QuadStore {
	t.Helper()
	err := cayleygraph.InitQuadStore(cayleyBolt, dir, noBloom)
	if err != nil && !errors.Is(err, cayleygraph.ErrDatabaseExists) {
		t.Fatal(err)
	}
	qs, err := cayleygraph.NewQuadStore(cayleyBolt, dir, noBloom)
	if err != nil {
		t.Fatal(err)
	}
	return qs
}

func packedBoltStore(t *testing.T, dir string) cayleygraph.QuadStore {
	t.Helper()
	_, qs, err := Open(Bolt, dir, noBloom)
	if err != nil {
		t.Fatal(err)
	}
	return qs
}

// writeStore writes quads into a new store, in transactions of batch
// quads, as loads do, and gives the bytes of the pages its buckets take.
func writeStore(t *testing.T, open storeOpener, dir string, quads []quad.Quad, batch int) int64 {
	t.Helper()
	qs := open(t, dir)
	for len(quads) > 0 {
		n := min(batch, len(quads))
		var deltas []cayleygraph.Delta
		for _, q := range quads[:n] {
			deltas = append(deltas, cayleygraph.Delta{Quad: q, Action: cayleygraph.Add})
		}
		if err := qs.ApplyDeltas(deltas, cayleygraph.IgnoreOpts{IgnoreDup: true}); err != nil {
			t.Fatal(err)
		}
		quads = quads[n:]
	}
	if err := qs.Close(); err != nil {
		t.Fatal(err)
	}
	// bolt grows its file ahead in large steps: what counts is the pages
	// its buckets hold.
	db, err := bolt.Open(filepath.Join(dir, File), 0, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var used int64
	err = db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(_ []byte, b *bolt.Bucket) error {
			st := b.Stats()
			used += int64(st.BranchAlloc + st.LeafAlloc)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return used
}

// storedQuads opens the store at dir and lists its quads, sorted.
func storedQuads(t *testing.T, open storeOpener, dir string) []string {
	t.Helper()
	qs := open(t, dir)
	defer qs.Close()
	var out []string
	err := iterator.Iterate(context.Background(), qs.QuadsAllIterator()).Each(func(r refs.Ref) error {
		q, err := qs.Quad(r)
		if err != nil {
			return err
		}
		out = append(out, q.NQuad())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// A store written by Cayley's own bolt backend reads the same through
// pactgraph's layer, and the other way round: the file layout is the same.
func TestBoltKVReadsCayleyBolt(t *testing.T) {
	quads := synthQuads(40)
	var want []string
	for _, q := range quads {
		want = append(want, q.NQuad())
	}
	sort.Strings(want)
	want = slices.Compact(want) // a pact's two parties may be one
	for _, c := range []struct {
		name        string
		write, read storeOpener
	}{{"cayley→pactgraph", cayleyBoltStore, packedBoltStore}, {"pactgraph→cayley", packedBoltStore, cayleyBoltStore}} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			writeStore(t, c.write, dir, quads, 100)
			if diff := cmp.Diff(want, storedQuads(t, c.read, dir)); diff != "" {
				t.Errorf("quads read differ from those written (-want +got):\n%s", diff)
			}
		})
	}
}

// The reason pactgraph has its own layer: the same quads, written the same way,
// take a much smaller file.
func TestBoltKVPacksPages(t *testing.T) {
	quads := synthQuads(400)
	cayley := writeStore(t, cayleyBoltStore, t.TempDir(), quads, 1000)
	packed := writeStore(t, packedBoltStore, t.TempDir(), quads, 1000)
	t.Logf("%d quads: Cayley's bolt %d KB, packed %d KB", len(quads), cayley>>10, packed>>10)
	if float64(packed) > 0.75*float64(cayley) {
		t.Errorf("packed file is %d KB, Cayley's bolt %d KB: want at most 75%%", packed>>10, cayley>>10)
	}
}

// nearGetter gives what Get gives for keys asked in increasing order:
// those a few keys on (stepped to), those far on (searched for), keys
// that are missing between two present ones, a key asked twice, keys of
// another bucket, and keys asked out of order.
func TestBoltKVNearGetter(t *testing.T) {
	ctx := context.Background()
	db, err := openBoltKV(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	key := func(bucket string, n uint64) hkv.Key {
		k := make([]byte, 8)
		binary.BigEndian.PutUint64(k, n)
		return hkv.Key{[]byte(bucket), k}
	}
	err = hkv.Update(ctx, db, func(tx hkv.Tx) error {
		for n := uint64(0); n < 5000; n += 3 { // every third key is there
			if err := tx.Put(ctx, key("log", n), []byte(fmt.Sprint("record ", n))); err != nil {
				return err
			}
		}
		return tx.Put(ctx, key("other", 7), []byte("other 7"))
	})
	if err != nil {
		t.Fatal(err)
	}
	asks := []hkv.Key{key("log", 0), key("log", 0), key("log", 1), key("log", 3), key("log", 9), key("log", 40),
		key("log", 41), key("log", 42), key("log", 3000), key("log", 3001), key("log", 3003), key("log", 4998),
		key("log", 4999), key("log", 9999), key("other", 7), key("other", 8), key("log", 9999),
		key("log", 3003), key("log", 300), key("log", 301), key("log", 303)} // and out of order
	err = hkv.View(ctx, db, func(tx hkv.Tx) error {
		get := tx.(*boltTx).nearGetter()
		for _, k := range asks {
			want, wantErr := tx.Get(ctx, k)
			got, err := get(k)
			if string(got) != string(want) || !errors.Is(err, wantErr) {
				t.Errorf("%q: %q, %v; Get gives %q, %v", k, got, err, want, wantErr)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
