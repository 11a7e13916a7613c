package graph

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// The corpus read is written down with the store's stamp and the build
// that read it, and a store opened again takes it from there while the
// stamp and the build are the same; a write, another build or a value
// that cannot be read back reads the store again.
func TestKeptAcrossRestart(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name string
		cfg  func(t *testing.T) Config
	}{
		{"bolt", func(t *testing.T) Config { return Config{Backend: Bolt, Path: t.TempDir()} }},
		{"postgres", func(t *testing.T) Config { return Config{Backend: Postgres, Path: postgresURL(t)} }},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := c.cfg(t)
			open := func() *Store {
				t.Helper()
				s, err := Open(ctx, cfg)
				if err != nil {
					t.Fatal(err)
				}
				return s
			}
			documents := func(s *Store) int {
				t.Helper()
				got, err := s.Corpus(ctx, 0)
				if err != nil {
					t.Fatal(err)
				}
				return got.Documents
			}
			// plant writes down, for the store as it is, a corpus of n
			// documents read by the given build.
			plant := func(s *Store, by string, value []byte) {
				t.Helper()
				at, err := s.stamp(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if err := s.corpus.keep.save(ctx, s.corpus.keptName(0), at+" by "+by, value); err != nil {
					t.Fatal(err)
				}
			}
			fortyTwo, err := encodeCorpus(newCorpusIndex(Corpus{Documents: 42}, nil)) // as memo writes it
			if err != nil {
				t.Fatal(err)
			}

			s := open()
			if _, err := s.Replace(ctx, IRI("d1"), stampDoc("d1")); err != nil {
				t.Fatal(err)
			}
			if n := documents(s); n != 1 {
				t.Fatalf("Corpus: %d documents, want 1", n)
			}
			plant(s, build(), fortyTwo)
			s.Close()

			s = open()
			if n := documents(s); n != 42 {
				t.Errorf("a store opened again, unchanged: %d documents, want the 42 written down", n)
			}
			plant(s, "another build", fortyTwo)
			s.Close()

			s = open()
			if n := documents(s); n != 1 {
				t.Errorf("a value written down by another build: %d documents, want the store's 1", n)
			}
			plant(s, build(), fortyTwo[:len(fortyTwo)/2])
			s.Close()

			s = open()
			if n := documents(s); n != 1 {
				t.Errorf("a value that cannot be read back: %d documents, want the store's 1", n)
			}
			plant(s, build(), fortyTwo)
			if _, err := s.Replace(ctx, IRI("d2"), stampDoc("d2")); err != nil {
				t.Fatal(err)
			}
			if n := documents(s); n != 2 {
				t.Errorf("after a write: %d documents, want 2", n)
			}
			s.Close()

			s = open()
			if n := documents(s); n != 2 {
				t.Errorf("opened again after a write: %d documents, want 2", n)
			}
			stamp, _, ok, err := s.corpus.keep.load(ctx, s.corpus.keptName(0))
			at, _ := s.stamp(ctx)
			if err != nil || !ok || stamp != keptStamp(at) {
				t.Errorf("the corpus written down: stamp %q, %v, %v; want %q", stamp, ok, err, keptStamp(at))
			}

			// A part of the summaries that cannot be read back is found
			// only when a page needs it: that page is an error, and the
			// next reads the store again.
			bad, err := encodeCorpus(newCorpusIndex(Corpus{Documents: 1}, []DocumentSummary{{ID: "planted", Title: "Planted"}}))
			if err != nil {
				t.Fatal(err)
			}
			for i := len(bad) - 8; i < len(bad); i++ {
				bad[i] = 0xff
			}
			plant(s, build(), bad)
			s.Close()

			s = open()
			defer s.Close()
			if n := documents(s); n != 1 {
				t.Errorf("a corpus whose part is spoilt: %d documents in brief, want the 1 written down", n)
			}
			if docs, _, err := s.Documents(ctx, 0, 10); err == nil {
				t.Errorf("a page of a spoilt part: %v, no error", docs)
			}
			if docs, total, err := s.Documents(ctx, 0, 10); err != nil || total != 2 || len(docs) != 2 {
				t.Errorf("the page again: %d of %d, %v; want the store's 2", len(docs), total, err)
			}
		})
	}
}

// The corpus is written down in parts of corpusPart documents, and read
// back a part at a time, when a page first needs it; a part missing, one
// too many or of the wrong size is an error.
func TestCorpusWrittenInParts(t *testing.T) {
	var docs []DocumentSummary
	for i := range 2*corpusPart + 7 {
		docs = append(docs, DocumentSummary{ID: fmt.Sprintf("doc-%d", i), Title: fmt.Sprintf("Agreement %d", i), Warnings: []string{"w"}[:i%2]})
	}
	summary := Corpus{Documents: len(docs), Years: []YearCount{{Year: 1973, Documents: 3}}}
	data, err := encodeCorpus(newCorpusIndex(summary, slices.Clone(docs)))
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeCorpus(data)
	if err != nil {
		t.Fatal(err)
	}
	unread := func() (parts []bool) {
		for _, p := range got.parts {
			parts = append(parts, p.data != nil)
		}
		return parts
	}
	if diff := cmp.Diff(summary, got.Summary, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("the summary read back (-written +read):\n%s", diff)
	}
	if u := unread(); !slices.Equal(u, []bool{true, true, true}) {
		t.Errorf("parts not yet read after the corpus is: %v, want all three", u)
	}
	page, err := got.window(corpusPart-2, 5)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(docs[corpusPart-2:corpusPart+3], page, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("a page across two parts (-written +read):\n%s", diff)
	}
	if u := unread(); !slices.Equal(u, []bool{false, false, true}) {
		t.Errorf("parts not yet read after a page of the first two: %v", u)
	}
	if d, ok, err := got.at("doc-2003"); err != nil || !ok || d.ID != "doc-2003" {
		t.Errorf("at(doc-2003): %v %v %v", d.ID, ok, err)
	}
	if _, ok, err := got.at("doc-9999"); err != nil || ok {
		t.Errorf("at(doc-9999): %v %v, want not found", ok, err)
	}
	all, err := got.window(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(docs, all, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("the whole corpus read back (-written +read):\n%s", diff)
	}
	if page, err := got.window(len(docs)-1, 10); err != nil || len(page) != 1 {
		t.Errorf("the last page: %d summaries, %v; want 1", len(page), err)
	}

	// The last part cut off; bytes after the last part.
	if _, err := decodeCorpus(data[:len(data)-1]); err == nil {
		t.Error("a corpus cut off in its last part: no error")
	}
	if _, err := decodeCorpus(append(slices.Clone(data), 0)); err == nil {
		t.Error("a corpus with a byte after its last part: no error")
	}
	// A part of 3 documents for a count of 2 is found when it is read.
	data, err = appendGob(nil, corpusHead{Count: 2})
	for _, v := range []any{[]string{"doc-0", "doc-1"}, docs[:3]} {
		if err == nil {
			data, err = appendGob(data, v)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	if got, err = decodeCorpus(data); err != nil {
		t.Fatal(err)
	}
	if page, err := got.window(0, 1); err == nil {
		t.Errorf("a page of a part of 3 documents for a count of 2: %v, no error", page)
	}
}
