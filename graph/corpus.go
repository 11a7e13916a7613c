package graph

import (
	"context"
	"fmt"
	"sort"
	"strconv"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// Corpus is what the store holds, in brief: how many documents and
// agreements, the documents by year, and the parties of the agreements
// ranked by the agreements they are party to and the commitments they
// bear. It is what the explorer shows first.
type Corpus struct {
	Documents  int `json:"documents"`
	Agreements int `json:"agreements"`
	// Undated counts the documents with no date.
	Undated int `json:"undated"`
	// Years has an entry for every year with a dated document, in order.
	Years []YearCount `json:"years"`
	// Actors are the first of the parties, most agreements first, then
	// most commitments borne, then by name; ActorsTotal counts them all.
	Actors      []Actor `json:"actors"`
	ActorsTotal int     `json:"actors_total"`
}

// YearCount counts the documents dated in one year and the agreements
// they record.
type YearCount struct {
	Year       int `json:"year"`
	Documents  int `json:"documents"`
	Agreements int `json:"agreements"`
}

// Actor is a party to agreements: the agreements it is party to (pg:party)
// and the commitments it bears (pg:bearer).
type Actor struct {
	Node
	Agreements  int `json:"agreements"`
	Commitments int `json:"commitments"`
}

// CorpusDocument is one document of the corpus's list: what a picker
// shows and filters by, and the agreement it records ("" when none).
type CorpusDocument struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Date        string   `json:"date,omitempty"`
	Agreement   string   `json:"agreement,omitempty"`
	NeedsReview bool     `json:"needs_review,omitempty"`
	Warnings    []string `json:"warnings,omitempty"`
}

// corpusDoc is a CorpusDocument as it is read, with the IRIs of the
// document and of what its about fact names.
type corpusDoc struct {
	CorpusDocument
	iri, agreement quad.IRI
}

// corpusIndex is the whole corpus as the memo keeps it: every document,
// sorted by date, title and id, and the summary with every actor.
type corpusIndex struct {
	Docs    []CorpusDocument `json:"docs"`
	IRIs    []quad.IRI       `json:"iris"` // the documents', in the same order
	Summary Corpus           `json:"summary"`
}

// Corpus gives the store's summary with its first actors (at most
// actors of them; 0: all).
func (s *Store) Corpus(ctx context.Context, actors int) (*Corpus, error) {
	if actors < 0 {
		return nil, errorf(ErrInvalid, "corpus: actors %d: must not be negative", actors)
	}
	ix, err := s.corpusIndex(ctx)
	if err != nil {
		return nil, err
	}
	c := ix.Summary
	c.Actors = window(c.Actors, 0, actors)
	return &c, nil
}

// CorpusDocuments lists every document, by date, title and id: what the
// explorer's pickers choose from.
func (s *Store) CorpusDocuments(ctx context.Context) ([]CorpusDocument, error) {
	ix, err := s.corpusIndex(ctx)
	if err != nil {
		return nil, err
	}
	return ix.Docs, nil
}

// corpusIndex reads the corpus once per version of the store (memo.go):
// a read of every document and agreement, kept until the store changes,
// on every backend.
func (s *Store) corpusIndex(ctx context.Context) (*corpusIndex, error) {
	ix, err := s.corpus.get(ctx, s, 0, func() (*corpusIndex, error) { return s.readCorpus(ctx) })
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	return ix, nil
}

// readCorpus reads each document's date, title, agreement and warnings,
// each agreement's parties, and each party's name, type and number of
// commitments borne: lookups in the store's indexes, none a document's
// text.
func (s *Store) readCorpus(ctx context.Context) (*corpusIndex, error) {
	var (
		docs []corpusDoc
		err  error
	)
	if s.pg != nil {
		docs, err = s.corpusDocumentsSQL(ctx)
	} else {
		docs, err = s.corpusDocumentsKV(ctx)
	}
	if err != nil {
		return nil, err
	}
	sort.Slice(docs, func(i, j int) bool {
		a, b := docs[i], docs[j]
		if a.Date != b.Date {
			return a.Date < b.Date
		}
		if a.Title != b.Title {
			return a.Title < b.Title
		}
		return a.ID < b.ID
	})
	ix := &corpusIndex{Docs: make([]CorpusDocument, len(docs)), IRIs: make([]quad.IRI, len(docs))}
	agreements := map[quad.IRI]bool{}
	for i, d := range docs {
		ix.Docs[i], ix.IRIs[i] = d.CorpusDocument, d.iri
		if d.agreement != "" {
			agreements[d.agreement] = true
		}
	}

	c := &ix.Summary
	c.Documents, c.Agreements = len(ix.Docs), len(agreements)
	c.Years = []YearCount{}
	yearAgreements := map[int]map[string]bool{}
	for _, d := range ix.Docs {
		y, err := strconv.Atoi(d.Date[:min(4, len(d.Date))])
		if err != nil || len(d.Date) < 4 {
			c.Undated++
			continue
		}
		if n := len(c.Years); n == 0 || c.Years[n-1].Year != y {
			c.Years = append(c.Years, YearCount{Year: y})
			yearAgreements[y] = map[string]bool{}
		}
		c.Years[len(c.Years)-1].Documents++
		if d.Agreement != "" {
			yearAgreements[y][d.Agreement] = true
		}
	}
	for i := range c.Years {
		c.Years[i].Agreements = len(yearAgreements[c.Years[i].Year])
	}

	// The parties of every agreement, then each party's commitments.
	partyOf := map[quad.IRI]int{}
	for a := range agreements {
		parties, err := s.objects(ctx, a, Party, 0)
		if err != nil {
			return nil, err
		}
		for _, p := range parties {
			if iri, ok := p.(quad.IRI); ok {
				partyOf[iri]++
			}
		}
	}
	bearer, err := s.cayley().ValueOf(Bearer)
	if err != nil {
		return nil, err
	}
	c.Actors = make([]Actor, 0, len(partyOf))
	for p, n := range partyOf {
		node, err := s.node(ctx, p)
		if err != nil {
			return nil, err
		}
		a := Actor{Node: node, Agreements: n}
		if pr, err := s.cayley().ValueOf(p); err != nil {
			return nil, err
		} else if pr != nil && bearer != nil {
			err := s.eachRef(ctx, quad.Subject, map[quad.Direction]graph.Ref{quad.Object: pr, quad.Predicate: bearer}, func(graph.Ref) error {
				a.Commitments++
				return nil
			})
			if err != nil {
				return nil, err
			}
		}
		c.Actors = append(c.Actors, a)
	}
	sort.Slice(c.Actors, func(i, j int) bool {
		a, b := c.Actors[i], c.Actors[j]
		if a.Agreements != b.Agreements {
			return a.Agreements > b.Agreements
		}
		if a.Commitments != b.Commitments {
			return a.Commitments > b.Commitments
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.ID < b.ID
	})
	c.ActorsTotal = len(c.Actors)
	return ix, nil
}

// corpusDocumentsKV reads every document's fields for the corpus: its
// first date, name and about facts and its warnings, through the store's
// indexes (a few reads a document).
func (s *Store) corpusDocumentsKV(ctx context.Context) ([]corpusDoc, error) {
	var docs []corpusDoc
	err := s.typed(ctx, Document, func(iri quad.IRI) error {
		d := corpusDoc{CorpusDocument: CorpusDocument{ID: ID(iri)}, iri: iri}
		for _, f := range []struct {
			pred quad.IRI
			set  func(quad.Value)
		}{
			{Date, func(v quad.Value) { d.Date = text(v) }},
			{Name, func(v quad.Value) { d.Title = text(v) }},
			{About, d.setAgreement},
		} {
			vals, err := s.objects(ctx, iri, f.pred, 1)
			if err != nil {
				return err
			}
			if len(vals) > 0 {
				f.set(vals[0])
			}
		}
		warnings, err := s.values(ctx, iri, Warning)
		if err != nil {
			return err
		}
		d.setWarnings(warnings)
		docs = append(docs, d)
		return nil
	})
	return docs, err
}

// setAgreement keeps the agreement the document's about fact names.
func (d *corpusDoc) setAgreement(v quad.Value) {
	if a, ok := v.(quad.IRI); ok {
		d.Agreement, d.agreement = ID(a), a
	}
}

// setWarnings marks the document for review when it has warnings, the
// first maxWarnings of them kept (distinct and sorted).
func (d *corpusDoc) setWarnings(warnings []string) {
	if len(warnings) > 0 {
		d.Warnings, d.NeedsReview = warnings[:min(len(warnings), maxWarnings)], true
	}
}
