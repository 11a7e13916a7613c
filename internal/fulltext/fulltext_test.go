package fulltext

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func testIndex(t *testing.T, dir string) *Index {
	t.Helper()
	ix, _, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

var entities = []Entity{
	{IRI: "mfs", Type: "Organisation", Names: []string{"Ministry for State Security", "MfS", "Stasi"}},
	{IRI: "somoza", Type: "Person", Names: []string{"Somoza Debayle, Anastasio"}},
	{IRI: "kgb", Type: "Organisation", Names: []string{"Committee for State Security", "KGB"}},
	{IRI: "stasi-museum", Type: "Organisation", Names: []string{"Stasi Museum"}},
	{IRI: "gdr", Type: "Territory", Names: []string{"German Democratic Republic", "GDR"}},
}

// nameIndex is what the name searches ask of an index, in bleve or in
// PostgreSQL.
type nameIndex interface {
	Write(ctx context.Context, b Batch) error
	Names(ctx context.Context, q, typ string, offset, limit int) ([]string, int, error)
}

// nameIndexes runs test on a bleve index in memory and, when
// PACTGRAPH_POSTGRES_URL names a server, on PostgreSQL's (a database of
// its own): both must answer the same.
func nameIndexes(t *testing.T, test func(t *testing.T, ix nameIndex)) {
	t.Run("bleve", func(t *testing.T) { test(t, testIndex(t, "")) })
	t.Run("postgres", func(t *testing.T) {
		ix, _ := testPostgres(t)
		test(t, ix)
	})
	// Every word of a search narrowing it, as one found in few names does
	// at scale (a handful of names never narrow by the counts).
	t.Run("postgres, narrowed by the names' words", func(t *testing.T) {
		defer func(f float64) { narrowBelow = f }(narrowBelow)
		narrowBelow = math.Inf(1)
		ix, _ := testPostgres(t)
		test(t, ix)
	})
	// The groups of a word's names each read whole and sorted, and each
	// paged by walking the index of the sort keys.
	for name, share := range map[string]float64{"read whole": math.Inf(1), "walked": 0} {
		t.Run("postgres, groups "+name, func(t *testing.T) {
			defer func(f float64) { walkFrom = f }(walkFrom)
			walkFrom = share
			ix, _ := testPostgres(t)
			test(t, ix)
		})
	}
	// Every group walked, each walk cut short after a few names: the
	// groups whose page it did not fill are read whole.
	t.Run("postgres, walks cut short", func(t *testing.T) {
		defer func(f float64, n int) { walkFrom, walkLength = f, n }(walkFrom, walkLength)
		walkFrom, walkLength = 0, 10
		ix, _ := testPostgres(t)
		test(t, ix)
	})
	// No word of a search found from the names' words alone, nor
	// narrowing it: every name found is read, as for a word that very
	// many words of the dictionary hold.
	t.Run("postgres, every name read", func(t *testing.T) {
		defer func(n int) { maxHolding = n }(maxHolding)
		maxHolding = 0
		ix, _ := testPostgres(t)
		test(t, ix)
	})
}

func TestNamesRanksExactThenWordStartThenInside(t *testing.T) {
	nameIndexes(t, testNamesRanks)
	// On disk (scorch, whose snapshots the search of several words reads
	// the names from), written all at once and an entity a batch (a
	// segment each, whose documents' numbers follow the segments before).
	t.Run("bleve on disk", func(t *testing.T) { testNamesRanks(t, testIndex(t, t.TempDir())) })
	t.Run("bleve on disk, a segment an entity", func(t *testing.T) {
		testNamesRanks(t, segmented{testIndex(t, t.TempDir())})
	})
}

func testNamesRanks(t *testing.T, ix nameIndex) {
	ctx := context.Background()
	if err := ix.Write(ctx, Batch{Entities: entities}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		q, typ string
		want   []string
	}{
		{"Stasi", "", []string{"mfs", "stasi-museum", "somoza"}},
		{"stasi", "Organisation", []string{"mfs", "stasi-museum"}},
		{"state sec", "", []string{"kgb", "mfs"}},
		// Several words: the whole name, words that start words of one
		// name, in any order, then the words inside a name, the first
		// of them inside a word; never words spread over two names.
		{"german democratic republic", "", []string{"gdr"}},
		{"security for", "", []string{"kgb", "mfs"}},
		{"ate sec", "", []string{"kgb", "mfs"}},
		{"mittee for", "", []string{"kgb"}},
		{"debayle, anas", "", []string{"somoza"}},
		{"state stasi", "", nil},
		{"s s", "", []string{"kgb", "mfs", "somoza", "stasi-museum"}},
		{"state sec", "Territory", nil},
		{"GDR", "", []string{"gdr"}},
		{"nothing like it", "", nil},
		{"*", "", nil},
	} {
		got, total, err := ix.Names(ctx, c.q, c.typ, 0, 0)
		if err != nil {
			t.Fatalf("%q: %v", c.q, err)
		}
		if diff := cmp.Diff(c.want, got); diff != "" || total != len(c.want) {
			t.Errorf("Names(%q, %q): total %d (-want +got)\n%s", c.q, c.typ, total, diff)
		}
	}
	// Pages cut across the groups, of one word and of several.
	err := ix.Write(ctx, Batch{Entities: []Entity{
		{IRI: "rome", Type: "Treaty", Names: []string{"Subtreaty of Rome"}},
		{IRI: "paris", Type: "Treaty", Names: []string{"Treaty of Paris"}},
		{IRI: "of", Type: "Treaty", Names: []string{"Treaty Of"}},
		{IRI: "nice", Type: "Treaty", Names: []string{"Antitreaty of Nice"}},
		{IRI: "berlin", Type: "Treaty", Names: []string{"Treaty of Berlin"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string][]string{
		"stasi":     {"mfs", "stasi-museum", "somoza"},
		"treaty of": {"of", "berlin", "paris", "nice", "rome"},
	} {
		for off := range want {
			got, total, err := ix.Names(ctx, q, "", off, 2)
			if err != nil || total != len(want) {
				t.Fatalf("%q, page from %d: %v, total %d", q, off, err, total)
			}
			if diff := cmp.Diff(want[off:min(off+2, len(want))], got); diff != "" {
				t.Errorf("%q, page from %d (-want +got)\n%s", q, off, diff)
			}
		}
	}
}

// segmented writes each entity in a batch of its own, the last first: an
// index on disk of several segments, in no order of names.
type segmented struct{ *Index }

func (s segmented) Write(ctx context.Context, b Batch) error {
	for _, e := range slices.Backward(b.Entities) {
		if err := s.Index.Write(ctx, Batch{Entities: []Entity{e}}); err != nil {
			return err
		}
	}
	return nil
}

var passages = []Passage{
	{Node: "a1", Kind: "Article", Doc: "d1", Article: "a1", Year: "1973", Types: []string{"intelligence-exchange"}, Parties: []string{"kgb", "mfs"},
		Text: "Both sides will exchange information on radio counterintelligence and its means."},
	{Node: "c1", Kind: "Commitment", Doc: "d1", Article: "a1", Year: "1973", Types: []string{"intelligence-exchange"}, Parties: []string{"kgb"},
		Text: "exchange information on radio counterintelligence"},
	{Node: "a2", Kind: "Article", Doc: "d2", Article: "a2", Year: "1955", Types: []string{"consultation"}, Parties: []string{"gdr"},
		Text: "The parties shall consult on questions of common défense and of radio."},
}

func TestPassagesFindsWordsPhrasesAndPrefixes(t *testing.T) {
	ctx := context.Background()
	ix := testIndex(t, "")
	if err := ix.Write(ctx, Batch{Docs: []string{"d1", "d2"}, Passages: passages}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		q    Query
		want []string
	}{
		{Query{Text: "radio counterintelligence"}, []string{"c1", "a1"}},
		{Query{Text: `"radio counterintelligence"`, Kind: "Article"}, []string{"a1"}},
		{Query{Text: "counterintel*"}, []string{"c1", "a1"}},
		{Query{Text: "radio", Year: "1955"}, []string{"a2"}},
		{Query{Text: "radio", Party: "kgb", Type: "intelligence-exchange", Doc: "d1", Kind: "Commitment"}, []string{"c1"}},
		{Query{Text: "exchanges"}, []string{"c1", "a1"}}, // the English analyser folds forms together
		{Query{Text: "défense"}, []string{"a2"}},
		{Query{Text: `"counterintelligence radio"`}, nil},
	} {
		res, err := ix.Passages(ctx, c.q)
		if err != nil {
			t.Fatalf("%+v: %v", c.q, err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.Node)
		}
		slices.Sort(got)
		want := slices.Clone(c.want)
		slices.Sort(want)
		if diff := cmp.Diff(want, got); diff != "" || res.Total != len(want) {
			t.Errorf("Passages(%+v): total %d (-want +got)\n%s", c.q, res.Total, diff)
		}
	}
	for _, q := range []string{"", "  ", "the of", `""`, "r*", "radio radar maps plans codes files staff guards posts units ships ports roads camps films tapes books"} {
		if _, err := ix.Passages(ctx, Query{Text: q}); !errors.Is(err, ErrQuery) {
			t.Errorf("Passages(%q): %v, want ErrQuery", q, err)
		}
	}
}

func TestPassagesMarksAndFacets(t *testing.T) {
	ctx := context.Background()
	ix := testIndex(t, "")
	if err := ix.Write(ctx, Batch{Docs: []string{"d1", "d2"}, Passages: passages}); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Passages(ctx, Query{Text: "radio défense", Facets: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 {
		t.Fatalf("hits %+v", res.Hits)
	}
	h := res.Hits[0]
	var marked []string
	r := []rune(h.Text)
	for _, m := range h.Marks {
		marked = append(marked, string(r[m[0]:m[1]]))
	}
	if diff := cmp.Diff([]string{"défense", "radio"}, marked); diff != "" {
		t.Errorf("marks (-want +got)\n%s", diff)
	}
	res, err = ix.Passages(ctx, Query{Text: "radio", Facets: 5})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]Count{
		"doc":   {{"d1", 2}, {"d2", 1}},
		"year":  {{"1973", 2}, {"1955", 1}},
		"ctype": {{"intelligence-exchange", 2}, {"consultation", 1}},
		"party": {{"kgb", 2}, {"gdr", 1}, {"mfs", 1}},
		"kind":  {{"Article", 2}, {"Commitment", 1}},
	}
	if diff := cmp.Diff(want, res.Facets); diff != "" {
		t.Errorf("facets (-want +got)\n%s", diff)
	}
}

func TestWriteReplacesADocumentsPassages(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "search")
	ix, fresh, err := Open(dir)
	if err != nil || !fresh {
		t.Fatalf("open: %v, fresh %v", err, fresh)
	}
	if err := ix.Write(ctx, Batch{Docs: []string{"d1", "d2"}, Passages: passages, Entities: entities, Stamp: "s1"}); err != nil {
		t.Fatal(err)
	}
	// d1 again, with its commitment gone and its article changed.
	a1 := passages[0]
	a1.Text = "Both sides will exchange maps."
	if err := ix.Write(ctx, Batch{Docs: []string{"d1"}, Passages: []Passage{a1}, RemovedEntities: []string{"somoza"}, Stamp: "s2"}); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	ix, fresh, err = Open(dir)
	if err != nil || fresh {
		t.Fatalf("reopen: %v, fresh %v", err, fresh)
	}
	defer ix.Close()
	if s, err := ix.Stamp(); err != nil || s != "s2" {
		t.Errorf("stamp %q, %v; want s2", s, err)
	}
	res, err := ix.Passages(ctx, Query{Text: "radio"})
	if err != nil || res.Total != 1 || res.Hits[0].Node != "a2" {
		t.Errorf("radio after the replacement: %+v, %v; want a2 only", res, err)
	}
	if res, _ := ix.Passages(ctx, Query{Text: "maps"}); res.Total != 1 {
		t.Errorf("maps: %d hits, want 1", res.Total)
	}
	if got, _, _ := ix.Names(ctx, "anastasio", "", 0, 0); len(got) != 0 {
		t.Errorf("a removed entity is still found: %v", got)
	}
	if err := ix.Clear(ctx); err != nil {
		t.Fatal(err)
	}
	if s, _ := ix.Stamp(); s != "" {
		t.Errorf("stamp after Clear: %q", s)
	}
	if got, total, _ := ix.Names(ctx, "kgb", "", 0, 0); total != 0 {
		t.Errorf("after Clear: %v", got)
	}
}

// The words of a query must start words of one name: an entity whose
// names hold them only together is not a word-start hit.
func TestNamesWordsOfOneName(t *testing.T) {
	nameIndexes(t, testNamesWordsOfOneName)
}

func testNamesWordsOfOneName(t *testing.T, ix nameIndex) {
	ctx := context.Background()
	err := ix.Write(ctx, Batch{Entities: []Entity{
		{IRI: "renamed", Type: "Treaty", Names: []string{"Agreement on Partnership between the Stasi and the KGB", "Agreement Of Cooperation"}},
		{IRI: "old", Type: "Treaty", Names: []string{"Agreement on Cooperation between the Stasi and the KGB"}},
		// Words as words splits them: "people's" is two, "foo_bar" and
		// "a15" one, "1.5" two (PostgreSQL's own parser has "foo", "bar"
		// and "1.5").
		{IRI: "poland", Type: "Territory", Names: []string{"Polish People's Republic"}},
		{IRI: "underscored", Type: "Organisation", Names: []string{"Foo_bar Baz"}},
		{IRI: "zed", Type: "Organisation", Names: []string{"Zed Bar Baz"}},
		{IRI: "version", Type: "Treaty", Names: []string{"Version 1.5 Accord"}},
		{IRI: "a15", Type: "Treaty", Names: []string{"A15 Accord"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string][]string{
		"cooperation between the stasi": {"old"},
		"agreement on":                  {"old", "renamed"},
		"agreement of cooperation":      {"renamed"},
		"partner stasi":                 {"renamed"},
		"people's republic":             {"poland"},
		"people s rep":                  {"poland"},
		"bar":                           {"zed", "underscored"}, // a word's start, then inside one
		"bar baz":                       {"zed", "underscored"},
		"5":                             {"version", "a15"},
		"5 acc":                         {"version", "a15"},
	} {
		got, total, err := ix.Names(ctx, q, "", 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" || total != len(want) {
			t.Errorf("Names(%q): total %d (-want +got)\n%s", q, total, diff)
		}
	}
	// Written again with its words in other names, an entity is found by
	// those names alone.
	err = ix.Write(ctx, Batch{Entities: []Entity{
		{IRI: "renamed", Type: "Treaty", Names: []string{"Agreement on Partnership", "Stasi and KGB", "Agreement of the Stasi"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string][]string{
		"partner stasi":   nil,
		"agreement stasi": {"old", "renamed"},
		"partner agree":   {"renamed"},
	} {
		got, total, err := ix.Names(ctx, q, "", 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" || total != len(want) {
			t.Errorf("written again, Names(%q): total %d (-want +got)\n%s", q, total, diff)
		}
	}
}

// Two indexes on disk in one process: each opened again finds its own
// entities, whichever was created last (bleve writes the paths it is given
// into the configuration it is passed).
func TestTwoIndexesReopened(t *testing.T) {
	ctx := context.Background()
	dirs := []string{filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")}
	for i, dir := range dirs {
		ix, fresh, err := Open(dir)
		if err != nil || !fresh {
			t.Fatalf("create %s: fresh %v, %v", dir, fresh, err)
		}
		if err := ix.Write(ctx, Batch{Entities: entities[i : i+1]}); err != nil {
			t.Fatal(err)
		}
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
	}
	for i, dir := range dirs {
		ix, fresh, err := Open(dir)
		if err != nil || fresh {
			t.Fatalf("open %s again: fresh %v, %v", dir, fresh, err)
		}
		got, _, err := ix.Names(ctx, entities[i].Names[0], "", 0, 10)
		ix.Close()
		if err != nil || !slices.Equal(got, []string{entities[i].IRI}) {
			t.Errorf("%s opened again finds %q for %q (%v), want its own %s", dir, got, entities[i].Names[0], err, entities[i].IRI)
		}
	}
}

// TestMerge: an index on disk written in several batches, one segment
// each, is merged into fewer segments, and answers its name and text
// searches as before; an index that is missing or of another Version is
// left as it is.
func TestMerge(t *testing.T) {
	defer func(b bool) { noBackgroundMerges = b }(noBackgroundMerges)
	noBackgroundMerges = true
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "search")
	segments := func() int {
		t.Helper()
		ix, _, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		snap, err := ix.snapshot()
		if err != nil {
			t.Fatal(err)
		}
		defer snap.close()
		return len(snap.segs)
	}
	// Each batch its own segment: bleve merges the segments of batches
	// written together as it writes them to disk.
	for i, e := range entities {
		ix, _, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		b := Batch{Entities: []Entity{e}}
		if i < len(passages) {
			b.Docs, b.Passages = []string{passages[i].Doc}, passages[:i+1]
		}
		if err := ix.Write(ctx, b); err != nil {
			t.Fatal(err)
		}
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
	}
	ix, _, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	answers := func(ix *Index) string {
		t.Helper()
		var out strings.Builder
		for _, q := range []string{"stasi", "state security", "republic", "s"} {
			got, total, err := ix.Names(ctx, q, "", 0, 10)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&out, "%s: %d %q\n", q, total, got)
		}
		for _, q := range []string{"radio", "counterintel*"} {
			res, err := ix.Passages(ctx, Query{Text: q, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&out, "%s: %d", q, res.Total)
			for _, h := range res.Hits {
				fmt.Fprintf(&out, " %s %v", h.Node, h.Marks)
			}
			out.WriteString("\n")
		}
		return out.String()
	}
	want := answers(ix)
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	before := segments()
	if before != len(entities) {
		t.Fatalf("%d segments written, want one a batch (%d)", before, len(entities))
	}
	if merged, err := Merge(ctx, dir); !merged || err != nil {
		t.Fatalf("Merge: %v, %v", merged, err)
	}
	if after := segments(); after > before/2 || after == 0 {
		t.Errorf("%d segments merged into %d, want at most half as many", before, after)
	}
	ix, fresh, err := Open(dir)
	if err != nil || fresh {
		t.Fatalf("open the merged index: fresh %v, %v", fresh, err)
	}
	got := answers(ix)
	ix.Close()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("answers after the merge (-before +after):\n%s", diff)
	}
	if merged, err := Merge(ctx, filepath.Join(t.TempDir(), "none")); merged || err != nil {
		t.Errorf("Merge of no index: %v, %v; want nothing done", merged, err)
	}
	old := filepath.Join(t.TempDir(), "old")
	ix, _, err = Open(old)
	if err != nil {
		t.Fatal(err)
	}
	// Written as a batch the index waits for on Close: SetInternal alone
	// may not reach the disk before it.
	older := ix.bleve.NewBatch()
	older.SetInternal([]byte("version"), []byte("older"))
	if err := ix.write(older); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if merged, err := Merge(ctx, old); merged || err != nil {
		t.Errorf("Merge of an index of another version: %v, %v; want nothing done", merged, err)
	}
}
