package graph

import (
	"context"
	"fmt"
	"sort"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/pactgraph/pactgraph/internal/cayleysql"
)

// Documents lists at most limit documents (0: all) from the offset-th on,
// by date then title, with the number of documents in all: a window of
// the corpus's list of summaries (corpus.go), which the store keeps while
// it does not change, so a page reads nothing from the store.
func (s *Store) Documents(ctx context.Context, offset, limit int) ([]DocumentSummary, int, error) {
	if offset < 0 || limit < 0 {
		return nil, 0, errorf(ErrInvalid, "documents: offset %d, limit %d: must not be negative", offset, limit)
	}
	docs, total, err := s.corpusWindow(ctx, offset, limit)
	if err != nil {
		return nil, 0, fmt.Errorf("documents: %w", err)
	}
	return docs, total, nil
}

// documentSummaries reads the summaries of the documents iris: their
// catalogue fields and warnings in one pass (objectsOfEach: one read
// transaction on bolt and bbolt, a few queries on postgres), then their
// agreements' nodes. It reads the corpus's list (readCorpus), a thousand
// documents at a time.
func (s *Store) documentSummaries(ctx context.Context, iris []quad.IRI) ([]DocumentSummary, error) {
	vals, err := s.objectsOfEach(ctx, nil, iris, summaryFacts, 1, Warning)
	if err != nil {
		return nil, err
	}
	out := make([]DocumentSummary, len(iris))
	var abouts []quad.IRI
	for i, iri := range iris {
		d := DocumentSummary{ID: ID(iri), IRI: string(iri)}
		first := func(j int) quad.Value {
			if v := vals[i][j]; len(v) > 0 {
				return v[0]
			}
			return nil
		}
		for j, to := range []*string{&d.Title, &d.Date, &d.SourceID, &d.URL, &d.ArchiveReference, &d.Language, &d.Citation} {
			if v := first(j); v != nil {
				*to = text(v)
			}
		}
		if warnings := distinctTexts(vals[i][len(summaryFacts)]); len(warnings) > 0 {
			d.Warnings, d.NeedsReview = warnings[:min(len(warnings), maxWarnings)], true
		}
		if a, ok := first(len(summaryFacts) - 1).(quad.IRI); ok {
			abouts = append(abouts, a)
			d.Agreement = &Node{IRI: string(a)}
		}
		out[i] = d
	}
	cache := s.nodeCache()
	if err := cache.prefetch(ctx, abouts); err != nil {
		return nil, err
	}
	for i := range out {
		if a := out[i].Agreement; a != nil {
			n, err := cache.get(ctx, quad.IRI(a.IRI))
			if err != nil {
				return nil, err
			}
			out[i].Agreement = &n
		}
	}
	return out, nil
}

// summaryFacts are the facts of a document its summary reads, in the
// order documentSummaries sets them.
var summaryFacts = []quad.IRI{Name, Date, SourceID, URL, ArchiveReference, Language, Citation, About}

// typed lists the nodes that have class as their rdf:type, each once,
// found through the object index: on postgres in one query, elsewhere
// with their values resolved together (one read transaction on bolt,
// where one a node took 0.43 s for 35,715 commitments). No particular
// order.
func (s *Store) typed(ctx context.Context, class quad.IRI) ([]quad.IRI, error) {
	var vals []quad.Value
	if s.pg != nil {
		var err error
		if vals, err = cayleysql.Subjects(ctx, s.pg, Type, class); err != nil {
			return nil, err
		}
	} else {
		typ, err := s.cayley().ValueOf(Type)
		if err != nil || typ == nil {
			return nil, err
		}
		cr, err := s.cayley().ValueOf(class)
		if err != nil || cr == nil {
			return nil, err
		}
		var found []graph.Ref
		err = s.eachRef(ctx, quad.Subject, map[quad.Direction]graph.Ref{quad.Object: cr, quad.Predicate: typ}, func(r graph.Ref) error {
			found = append(found, r)
			return nil
		})
		if err != nil {
			return nil, err
		}
		if vals, err = s.valuesOf(ctx, found); err != nil {
			return nil, err
		}
	}
	out := make([]quad.IRI, 0, len(vals))
	for _, v := range vals {
		if iri, ok := v.(quad.IRI); ok {
			out = append(out, iri)
		}
	}
	return out, nil
}

// documentSummary is documentSummaries for one document.
func (s *Store) documentSummary(ctx context.Context, iri quad.IRI) (DocumentSummary, error) {
	out, err := s.documentSummaries(ctx, []quad.IRI{iri})
	if err != nil {
		return DocumentSummary{}, err
	}
	return out[0], nil
}

// maxWarnings is the most warnings a document summary lists.
const maxWarnings = 50

// Document reads one document with its agreement's parties, its articles
// in order and its full text.
func (s *Store) Document(ctx context.Context, id string) (*DocumentView, error) {
	iri := IRI(id)
	facts, err := s.quadsWith(ctx, quad.Subject, iri)
	if err != nil {
		return nil, fmt.Errorf("document %s: %w", id, err)
	}
	if !hasType(facts, Document) {
		return nil, errorf(ErrNotFound, "document %s", id)
	}
	sum, err := s.documentSummary(ctx, iri)
	if err != nil {
		return nil, fmt.Errorf("document %s: %w", id, err)
	}
	v := &DocumentView{DocumentSummary: sum, Parties: []Node{}, Articles: []ArticleView{}}
	cache := s.nodeCache()
	for _, q := range facts {
		switch q.Predicate {
		case Text:
			v.Text = text(q.Object)
		case Translator:
			t, ok := q.Object.(quad.IRI)
			if !ok {
				continue
			}
			n, err := cache.get(ctx, t)
			if err != nil {
				return nil, fmt.Errorf("document %s: %w", id, err)
			}
			v.Translator = &n
		}
	}
	if sum.Agreement != nil {
		parties, err := s.quadsWith(ctx, quad.Subject, quad.IRI(sum.Agreement.IRI))
		if err != nil {
			return nil, fmt.Errorf("document %s: %w", id, err)
		}
		for _, q := range parties {
			if p, ok := q.Object.(quad.IRI); ok && q.Predicate == Party {
				n, err := cache.get(ctx, p)
				if err != nil {
					return nil, fmt.Errorf("document %s: %w", id, err)
				}
				v.Parties = append(v.Parties, n)
			}
		}
		sort.Slice(v.Parties, func(i, j int) bool { return v.Parties[i].Name < v.Parties[j].Name })
	}
	parts, err := s.quadsWith(ctx, quad.Object, iri)
	if err != nil {
		return nil, fmt.Errorf("document %s: %w", id, err)
	}
	var articles []quad.IRI
	for _, q := range parts {
		if a, ok := q.Subject.(quad.IRI); ok && q.Predicate == PartOf {
			articles = append(articles, a)
		}
	}
	ps, err := s.provenances(ctx, cache, articles)
	if err != nil {
		return nil, fmt.Errorf("document %s: %w", id, err)
	}
	for i, p := range ps {
		if p.Article == "" {
			continue
		}
		v.Articles = append(v.Articles, ArticleView{ID: ID(articles[i]), Number: p.Article, Text: p.Text, Span: p.Span})
	}
	sort.Slice(v.Articles, func(i, j int) bool { return v.Articles[i].Span[0] < v.Articles[j].Span[0] })
	return v, nil
}

func hasType(facts []quad.Quad, class quad.IRI) bool {
	for _, q := range facts {
		if q.Predicate == Type && q.Object == class {
			return true
		}
	}
	return false
}

// DocumentsByID gives the summaries of the documents with the given ids,
// in their order, leaving out the ids that name no document: the
// citations of the documents an entity's facts come from. They are the
// corpus's kept summaries (no read of the store once it is kept: on
// PostgreSQL a few queries a document were 0.45 s for an entity's 60).
func (s *Store) DocumentsByID(ctx context.Context, ids []string) ([]DocumentSummary, error) {
	ix, err := s.corpusIndex(ctx)
	if err != nil {
		return nil, fmt.Errorf("documents: %w", err)
	}
	out := []DocumentSummary{}
	for _, id := range ids {
		d, ok, err := ix.at(id)
		if err != nil {
			s.corpus.discard(ctx, s)
			return nil, fmt.Errorf("documents: corpus: %w", err)
		}
		if ok {
			out = append(out, d)
		}
	}
	return out, nil
}
