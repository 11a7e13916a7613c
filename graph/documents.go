package graph

import (
	"context"
	"fmt"
	"slices"
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
	ix, err := s.corpusIndex(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("documents: %w", err)
	}
	return slices.Clone(window(ix.Docs, offset, limit)), len(ix.Docs), nil
}

// documentSummaries is documentSummary for each of iris; on postgres in
// a few queries (documentSummariesSQL), not a dozen round trips each. It
// reads the corpus's list (readCorpus).
func (s *Store) documentSummaries(ctx context.Context, iris []quad.IRI) ([]DocumentSummary, error) {
	if s.pg != nil {
		return s.documentSummariesSQL(ctx, iris)
	}
	out := make([]DocumentSummary, len(iris))
	for i, iri := range iris {
		var err error
		if out[i], err = s.documentSummary(ctx, iri); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// typed calls fn with each node that has class as its rdf:type, once,
// found through the object index (on postgres in one query, in no
// particular order).
func (s *Store) typed(ctx context.Context, class quad.IRI, fn func(quad.IRI) error) error {
	if s.pg != nil {
		nodes, err := cayleysql.Subjects(ctx, s.pg, Type, class)
		if err != nil {
			return err
		}
		for _, v := range nodes {
			if iri, ok := v.(quad.IRI); ok {
				if err := fn(iri); err != nil {
					return err
				}
			}
		}
		return nil
	}
	typ, err := s.cayley().ValueOf(Type)
	if err != nil || typ == nil {
		return err
	}
	cr, err := s.cayley().ValueOf(class)
	if err != nil || cr == nil {
		return err
	}
	return s.eachRef(ctx, quad.Subject, map[quad.Direction]graph.Ref{quad.Object: cr, quad.Predicate: typ}, func(r graph.Ref) error {
		v, err := s.cayley().NameOf(r)
		if err != nil {
			return err
		}
		if iri, ok := v.(quad.IRI); ok {
			return fn(iri)
		}
		return nil
	})
}

func (s *Store) documentSummary(ctx context.Context, iri quad.IRI) (DocumentSummary, error) {
	d, about, err := s.documentFields(ctx, iri)
	if err != nil || about == "" {
		return d, err
	}
	n, err := s.node(ctx, about)
	if err != nil {
		return d, err
	}
	d.Agreement = &n
	return d, nil
}

// documentFields reads a document's catalogue fields and the IRI of the
// agreement it records ("" when none), each through the subject–predicate
// index: not the document's text.
func (s *Store) documentFields(ctx context.Context, iri quad.IRI) (DocumentSummary, quad.IRI, error) {
	d := DocumentSummary{ID: ID(iri), IRI: string(iri)}
	var about quad.IRI
	for _, f := range []struct {
		pred quad.IRI
		to   *string
	}{
		{Name, &d.Title}, {Date, &d.Date}, {SourceID, &d.SourceID}, {URL, &d.URL},
		{ArchiveReference, &d.ArchiveReference}, {Language, &d.Language}, {Citation, &d.Citation},
		{About, nil},
	} {
		vals, err := s.objects(ctx, iri, f.pred, 1)
		if err != nil {
			return d, "", err
		}
		if len(vals) == 0 {
			continue
		}
		if f.to != nil {
			*f.to = text(vals[0])
		} else if a, ok := vals[0].(quad.IRI); ok {
			about = a
		}
	}
	warnings, err := s.objects(ctx, iri, Warning, maxWarnings)
	if err != nil {
		return d, "", err
	}
	for _, w := range warnings {
		d.Warnings = append(d.Warnings, text(w))
	}
	sort.Strings(d.Warnings)
	d.NeedsReview = len(d.Warnings) > 0
	return d, about, nil
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
// citations of the documents an entity's facts come from.
func (s *Store) DocumentsByID(ctx context.Context, ids []string) ([]DocumentSummary, error) {
	out := []DocumentSummary{}
	for _, id := range ids {
		iri := IRI(id)
		types, err := s.objects(ctx, iri, Type, 0)
		if err != nil {
			return nil, fmt.Errorf("documents %s: %w", id, err)
		}
		if !slices.Contains(types, quad.Value(Document)) {
			continue
		}
		d, err := s.documentSummary(ctx, iri)
		if err != nil {
			return nil, fmt.Errorf("documents %s: %w", id, err)
		}
		out = append(out, d)
	}
	return out, nil
}
