package graph

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/cayleygraph/quad"
	"github.com/pactgraph/pactgraph/internal/fulltext"
)

// Search finds nodes one of whose names or aliases matches q, ignoring
// case, optionally only of one type, best matches first: a name equal to
// q, then names with words starting with q's words ("Stasi" finds
// "Stasi Museum" before "Somoza Debayle, Anastasio"), then names holding
// q inside a word; each group by name. It gives at most limit hits (0:
// all) from the offset-th on, and the number of hits in all, so that a
// caller can say whether more follow. It asks the full-text index
// (textindex.go), never a scan of the store.
func (s *Store) Search(ctx context.Context, q, typ string, offset, limit int) ([]Hit, int, error) {
	if offset < 0 || limit < 0 {
		return nil, 0, errorf(ErrInvalid, "search: offset %d, limit %d: must not be negative", offset, limit)
	}
	needle := strings.ToLower(strings.TrimSpace(q))
	if needle == "" {
		return nil, 0, errorf(ErrInvalid, "search: empty query")
	}
	if typ != "" {
		c, ok := Class(typ)
		if !ok {
			return nil, 0, errorf(ErrInvalid, "search: unknown type %q", typ)
		}
		typ = TypeName(c)
	}
	iris, total, err := s.searchNames(ctx, needle, typ, offset, limit)
	if err != nil {
		return nil, 0, fmt.Errorf("search: %w", err)
	}
	hits := make([]Hit, 0, len(iris))
	cache := s.nodeCache()
	if err := cache.prefetch(ctx, iris); err != nil {
		return nil, 0, fmt.Errorf("search: %w", err)
	}
	aliases, err := s.objectsOfEach(ctx, nil, iris, nil, 0, Alias)
	if err != nil {
		return nil, 0, fmt.Errorf("search: %w", err)
	}
	for i, iri := range iris {
		n, err := cache.get(ctx, iri)
		if err != nil {
			return nil, 0, fmt.Errorf("search: %w", err)
		}
		hits = append(hits, Hit{Node: n, Aliases: distinctTexts(aliases[i][0])})
	}
	return hits, total, nil
}

func (s *Store) searchNames(ctx context.Context, needle, typ string, offset, limit int) ([]quad.IRI, int, error) {
	ix, err := s.searchText(ctx)
	if err != nil {
		return nil, 0, err
	}
	found, total, err := ix.Names(ctx, needle, typ, offset, limit)
	iris := make([]quad.IRI, len(found))
	for i, f := range found {
		iris[i] = quad.IRI(f)
	}
	return iris, total, err
}

// TextQuery asks SearchText for the articles and commitments whose text
// matches Q: words (each must occur, in any form English folds together:
// "exchanges" finds "exchange"), "quoted phrases" and prefixes ending in
// *. The other fields narrow it to one document, year ("1973"),
// commitment type, party (a bearer, beneficiary or target; for an
// article, of one of its commitments, else of its agreement) or kind
// ("Article" or "Commitment"), each by id. Facets is how many values of
// each facet to count (0: none, and no time spent on them: counting them
// reads every hit's, 80% of a search of a common word at 1M quads).
type TextQuery struct {
	Q                                           string
	Document, Year, CommitmentType, Party, Kind string
	Offset, Limit                               int
	Facets                                      int
}

// TextHit is an article or commitment whose text matches, with a snippet
// of the text around the first match and where the matches are in it.
type TextHit struct {
	Node
	Document        string   `json:"document"`
	DocumentTitle   string   `json:"document_title,omitempty"`
	Article         string   `json:"article,omitempty"`
	Year            string   `json:"year,omitempty"`
	CommitmentTypes []string `json:"commitment_types,omitempty"`
	Snippet         Snippet  `json:"snippet"`
	// Marks are every match in the whole text, as [start, end) offsets in
	// code points.
	Marks [][2]int `json:"marks"`
}

// Snippet is a part of a text, with the matches in it as [start, end)
// offsets in code points (Unicode characters) of Text; From is where Text
// starts in the whole text, also in code points, so that a reader can
// mark the passage in the article.
type Snippet struct {
	Text  string   `json:"text"`
	From  int      `json:"from"`
	Marks [][2]int `json:"marks"`
}

// FacetValue is one value of a facet: a node's id and name (or a year, or
// a kind) and how many hits have it.
type FacetValue struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// TextResult is SearchText's answer: a page of hits, their number in all,
// and per facet (document, year, commitment_type, party, kind) its most
// frequent values among all the hits.
type TextResult struct {
	Total  int                     `json:"total"`
	Hits   []TextHit               `json:"hits"`
	Facets map[string][]FacetValue `json:"facets"`
}

// snippetRunes is about how long a snippet is.
const snippetRunes = 240

// SearchText finds articles and commitments by their text (TextQuery),
// best first, through the full-text index.
func (s *Store) SearchText(ctx context.Context, q TextQuery) (TextResult, error) {
	if q.Offset < 0 || q.Limit < 0 || q.Facets < 0 {
		return TextResult{}, errorf(ErrInvalid, "search text: offset %d, limit %d, facets %d: must not be negative", q.Offset, q.Limit, q.Facets)
	}
	if q.Kind != "" && q.Kind != TypeName(Article) && q.Kind != TypeName(Commitment) {
		return TextResult{}, errorf(ErrInvalid, "search text: kind %q: want %s or %s", q.Kind, TypeName(Article), TypeName(Commitment))
	}
	ix, err := s.searchText(ctx)
	if err != nil {
		return TextResult{}, fmt.Errorf("search text: %w", err)
	}
	res, err := ix.Passages(ctx, fulltext.Query{
		Text: q.Q, Doc: q.Document, Year: q.Year, Type: q.CommitmentType, Party: q.Party, Kind: q.Kind,
		Offset: q.Offset, Limit: q.Limit, Facets: q.Facets,
	})
	if errors.Is(err, fulltext.ErrQuery) {
		return TextResult{}, errorf(ErrInvalid, "search text %q: %v", q.Q, err)
	}
	if err != nil {
		return TextResult{}, fmt.Errorf("search text: %w", err)
	}
	cache := s.nodeCache()
	out := TextResult{Total: res.Total, Hits: make([]TextHit, 0, len(res.Hits)), Facets: map[string][]FacetValue{}}
	for _, h := range res.Hits {
		n, err := cache.get(ctx, quad.IRI(h.Node))
		if err != nil {
			return TextResult{}, fmt.Errorf("search text: %w", err)
		}
		doc, err := cache.get(ctx, nodeIRI(h.Doc))
		if err != nil {
			return TextResult{}, fmt.Errorf("search text: %w", err)
		}
		out.Hits = append(out.Hits, TextHit{
			Node:            n,
			Document:        h.Doc,
			DocumentTitle:   doc.Name,
			Article:         idOf(quad.IRI(h.Article)),
			Year:            h.Year,
			CommitmentTypes: h.Types,
			Snippet:         snippet(h.Text, h.Marks),
			Marks:           append([][2]int{}, h.Marks...),
		})
	}
	for field, name := range map[string]string{"doc": "document", "year": "year", "ctype": "commitment_type", "party": "party", "kind": "kind"} {
		if q.Facets == 0 {
			break
		}
		values := []FacetValue{}
		for _, c := range res.Facets[field] {
			v := FacetValue{ID: c.Value, Name: c.Value, Count: c.Count}
			if field != "year" && field != "kind" {
				n, err := cache.get(ctx, nodeIRI(c.Value))
				if err != nil {
					return TextResult{}, fmt.Errorf("search text: %w", err)
				}
				if n.Name != "" {
					v.Name = n.Name
				}
			}
			values = append(values, v)
		}
		out.Facets[name] = values
	}
	return out, nil
}

// nodeIRI is the inverse of idOf.
func nodeIRI(id string) quad.IRI {
	if strings.Contains(id, ":") {
		return quad.IRI(id)
	}
	return IRI(id)
}

// snippet cuts about snippetRunes of text around the first mark, at word
// boundaries, keeping the marks inside it.
func snippet(text string, marks [][2]int) Snippet {
	r := []rune(text)
	from, to := 0, len(r)
	if len(r) > snippetRunes {
		centre := 0
		if len(marks) > 0 {
			centre = marks[0][0]
		}
		from = max(centre-snippetRunes/3, 0)
		to = min(from+snippetRunes, len(r))
		from = max(to-snippetRunes, 0)
		for from > 0 && from < centre && !unicode.IsSpace(r[from-1]) {
			from++
		}
		for to < len(r) && to > from && !unicode.IsSpace(r[to]) {
			to--
		}
	}
	out := Snippet{Text: string(r[from:to]), From: from, Marks: [][2]int{}}
	for _, m := range marks {
		if m[0] >= from && m[1] <= to {
			out.Marks = append(out.Marks, [2]int{m[0] - from, m[1] - from})
		}
	}
	return out
}
