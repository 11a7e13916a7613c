package graph

import (
	"bytes"
	"context"
	"encoding/gob"
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
			var fortyTwo bytes.Buffer // a corpus of 42 documents, as memo writes it
			if err := encodeCorpus(gob.NewEncoder(&fortyTwo), &corpusIndex{Summary: Corpus{Documents: 42}}); err != nil {
				t.Fatal(err)
			}

			s := open()
			if _, err := s.Replace(ctx, IRI("d1"), stampDoc("d1")); err != nil {
				t.Fatal(err)
			}
			if n := documents(s); n != 1 {
				t.Fatalf("Corpus: %d documents, want 1", n)
			}
			plant(s, build(), fortyTwo.Bytes())
			s.Close()

			s = open()
			if n := documents(s); n != 42 {
				t.Errorf("a store opened again, unchanged: %d documents, want the 42 written down", n)
			}
			plant(s, "another build", fortyTwo.Bytes())
			s.Close()

			s = open()
			if n := documents(s); n != 1 {
				t.Errorf("a value written down by another build: %d documents, want the store's 1", n)
			}
			plant(s, build(), fortyTwo.Bytes()[:fortyTwo.Len()/2])
			s.Close()

			s = open()
			if n := documents(s); n != 1 {
				t.Errorf("a value that cannot be read back: %d documents, want the store's 1", n)
			}
			plant(s, build(), fortyTwo.Bytes())
			if _, err := s.Replace(ctx, IRI("d2"), stampDoc("d2")); err != nil {
				t.Fatal(err)
			}
			if n := documents(s); n != 2 {
				t.Errorf("after a write: %d documents, want 2", n)
			}
			s.Close()

			s = open()
			defer s.Close()
			if n := documents(s); n != 2 {
				t.Errorf("opened again after a write: %d documents, want 2", n)
			}
			stamp, _, ok, err := s.corpus.keep.load(ctx, s.corpus.keptName(0))
			at, _ := s.stamp(ctx)
			if err != nil || !ok || stamp != keptStamp(at) {
				t.Errorf("the corpus written down: stamp %q, %v, %v; want %q", stamp, ok, err, keptStamp(at))
			}
		})
	}
}

// The corpus is written down in parts of corpusPart documents and read
// back whole; a part missing, or one too many, is an error.
func TestCorpusWrittenInParts(t *testing.T) {
	ix := &corpusIndex{Summary: Corpus{Documents: 2*corpusPart + 7, Years: []YearCount{{Year: 1973, Documents: 3}}}}
	for i := range ix.Summary.Documents {
		ix.Docs = append(ix.Docs, DocumentSummary{ID: fmt.Sprintf("doc-%d", i), Title: fmt.Sprintf("Agreement %d", i), Warnings: []string{"w"}[:i%2]})
	}
	var data bytes.Buffer
	if err := encodeCorpus(gob.NewEncoder(&data), ix); err != nil {
		t.Fatal(err)
	}
	got, err := decodeCorpus(gob.NewDecoder(bytes.NewReader(data.Bytes())))
	if err != nil {
		t.Fatal(err)
	}
	// In parts indeed: after the summary and the count, messages of at
	// most corpusPart summaries each.
	dec := gob.NewDecoder(bytes.NewReader(data.Bytes()))
	var summary Corpus
	var n int
	if err := dec.Decode(&summary); err != nil {
		t.Fatal(err)
	}
	if err := dec.Decode(&n); err != nil {
		t.Fatal(err)
	}
	var sizes []int
	for read := 0; read < n; {
		var part []DocumentSummary
		if err := dec.Decode(&part); err != nil {
			t.Fatalf("part %d: %v", len(sizes), err)
		}
		sizes, read = append(sizes, len(part)), read+len(part)
	}
	if want := []int{corpusPart, corpusPart, 7}; !slices.Equal(sizes, want) {
		t.Errorf("the corpus of %d documents written in parts of %v, want %v", n, sizes, want)
	}
	if diff := cmp.Diff(ix, got, cmpopts.IgnoreUnexported(corpusIndex{}), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("the corpus read back (-written +read):\n%s", diff)
	}

	// The last part cut off; a part beyond the count.
	var short bytes.Buffer
	enc := gob.NewEncoder(&short)
	if err := enc.Encode(ix.Summary); err != nil {
		t.Fatal(err)
	}
	if err := enc.Encode(len(ix.Docs) + 1); err != nil {
		t.Fatal(err)
	}
	if err := enc.Encode(ix.Docs); err != nil {
		t.Fatal(err)
	}
	if _, err := decodeCorpus(gob.NewDecoder(&short)); err == nil {
		t.Error("a corpus one document short of its count: no error")
	}
	var over bytes.Buffer
	enc = gob.NewEncoder(&over)
	for _, v := range []any{ix.Summary, 2, ix.Docs[:3]} {
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := decodeCorpus(gob.NewDecoder(&over)); err == nil {
		t.Error("a part of 3 documents for a count of 2: no error")
	}
}
