package graph

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/refs"
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
	var (
		iris  []quad.IRI
		total int
		err   error
	)
	if s.text != nil {
		iris, total, err = s.searchNames(ctx, needle, typ, offset, limit)
	} else {
		iris, total, err = s.scanNames(ctx, needle, typ, offset, limit)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("search: %w", err)
	}
	hits := make([]Hit, 0, len(iris))
	for _, iri := range iris {
		n, err := s.node(ctx, iri)
		if err != nil {
			return nil, 0, fmt.Errorf("search: %w", err)
		}
		aliases, err := s.values(ctx, iri, Alias)
		if err != nil {
			return nil, 0, fmt.Errorf("search: %w", err)
		}
		hits = append(hits, Hit{Node: n, Aliases: aliases})
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

// scanNames is Search on postgres: it reads every name.
func (s *Store) scanNames(ctx context.Context, needle, typ string, offset, limit int) ([]quad.IRI, int, error) {
	names, err := s.readNames(ctx)
	if err != nil {
		return nil, 0, err
	}
	rank := map[quad.IRI]int{}
	for name, subjects := range names {
		r := 0
		switch {
		case name == needle:
			r = 3
		case wordStarts(name, needle):
			r = 2
		case strings.Contains(name, needle):
			r = 1
		}
		if r == 0 {
			continue
		}
		for _, subj := range subjects {
			if r > rank[subj] {
				rank[subj] = r
			}
		}
	}
	cache := s.nodeCache()
	var hits []Node
	for iri := range rank {
		n, err := cache.get(ctx, iri)
		if err != nil {
			return nil, 0, err
		}
		if typ != "" && n.Type != typ {
			continue
		}
		hits = append(hits, n)
	}
	sort.Slice(hits, func(i, j int) bool {
		ri, rj := rank[quad.IRI(hits[i].IRI)], rank[quad.IRI(hits[j].IRI)]
		if ri != rj {
			return ri > rj
		}
		return strings.ToLower(hits[i].Name) < strings.ToLower(hits[j].Name)
	})
	total := len(hits)
	hits = window(hits, offset, limit)
	iris := make([]quad.IRI, len(hits))
	for i, h := range hits {
		iris[i] = quad.IRI(h.IRI)
	}
	return iris, total, nil
}

// wordStarts says whether each word of needle starts a word of name.
func wordStarts(name, needle string) bool {
	words := strings.FieldsFunc(name, notWord)
	for _, w := range strings.FieldsFunc(needle, notWord) {
		if !slices.ContainsFunc(words, func(n string) bool { return strings.HasPrefix(n, w) }) {
			return false
		}
	}
	return strings.IndexFunc(needle, func(r rune) bool { return !notWord(r) }) >= 0
}

func notWord(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) && r != '_' }

// readNames reads the names and aliases of the nodes Search can find: the
// nodes of nameClasses, found through the object index, and every node a
// document mentions (an entity of a type pactgraph has no class for),
// found through the subject–predicate index; and their names through the
// subject–predicate index. Cayley's kv stores have no predicate index, so
// asking for every name fact would read the whole store.
func (s *Store) readNames(ctx context.Context) (map[string][]quad.IRI, error) {
	typ, err := s.cayley().ValueOf(Type)
	if err != nil || typ == nil {
		return nil, err
	}
	seen := map[any]bool{}
	var nodes []graph.Ref
	add := func(r graph.Ref) error {
		if k := refs.ToKey(r); !seen[k] {
			seen[k] = true
			nodes = append(nodes, r)
		}
		return nil
	}
	var docs []graph.Ref
	for _, c := range nameClasses {
		from := len(nodes)
		cr, err := s.cayley().ValueOf(c)
		if err != nil {
			return nil, err
		}
		if cr == nil {
			continue
		}
		if err := s.eachRef(ctx, quad.Subject, map[quad.Direction]graph.Ref{quad.Object: cr, quad.Predicate: typ}, add); err != nil {
			return nil, err
		}
		if c == Document {
			docs = nodes[from:]
		}
	}
	if men, err := s.cayley().ValueOf(Mentions); err != nil {
		return nil, err
	} else if men != nil {
		for _, d := range docs {
			if err := s.eachRef(ctx, quad.Object, map[quad.Direction]graph.Ref{quad.Subject: d, quad.Predicate: men}, add); err != nil {
				return nil, err
			}
		}
	}
	var preds []graph.Ref
	for _, p := range namePredicates {
		pr, err := s.cayley().ValueOf(p)
		if err != nil {
			return nil, err
		}
		if pr != nil {
			preds = append(preds, pr)
		}
	}
	set := map[string]map[quad.IRI]bool{}
	for _, n := range nodes {
		v, err := s.cayley().NameOf(n)
		if err != nil {
			return nil, err
		}
		subj, ok := v.(quad.IRI)
		if !ok {
			continue
		}
		for _, pr := range preds {
			err := s.eachRef(ctx, quad.Object, map[quad.Direction]graph.Ref{quad.Subject: n, quad.Predicate: pr}, func(r graph.Ref) error {
				o, err := s.cayley().NameOf(r)
				if err != nil || o == nil {
					return err
				}
				name := strings.ToLower(text(o))
				if set[name] == nil {
					set[name] = map[quad.IRI]bool{}
				}
				set[name][subj] = true
				return nil
			})
			if err != nil {
				return nil, err
			}
		}
	}
	out := make(map[string][]quad.IRI, len(set))
	for name, subjects := range set {
		for subj := range subjects {
			out[name] = append(out[name], subj)
		}
	}
	return out, nil
}

// TextQuery asks SearchText for the articles and commitments whose text
// matches Q: words (each must occur, in any form English folds together:
// "exchanges" finds "exchange"), "quoted phrases" and prefixes ending in
// *. The other fields narrow it to one document, year ("1973"),
// commitment type, party (a bearer, beneficiary or target; for an
// article, of one of its commitments, else of its agreement) or kind
// ("Article" or "Commitment"), each by id.
type TextQuery struct {
	Q                                           string
	Document, Year, CommitmentType, Party, Kind string
	Offset, Limit                               int
}

// TextHit is an article or commitment whose text matches, with a snippet
// of the text around the first match and where the matches are in it.
type TextHit struct {
	Node
	Document        string   `json:"document"`
	Article         string   `json:"article,omitempty"`
	Year            string   `json:"year,omitempty"`
	CommitmentTypes []string `json:"commitment_types,omitempty"`
	Snippet         Snippet  `json:"snippet"`
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

// facetSize is how many values of each facet SearchText counts.
const facetSize = 10

// snippetRunes is about how long a snippet is.
const snippetRunes = 240

// SearchText finds articles and commitments by their text (TextQuery),
// best first, through the full-text index.
func (s *Store) SearchText(ctx context.Context, q TextQuery) (TextResult, error) {
	if q.Offset < 0 || q.Limit < 0 {
		return TextResult{}, errorf(ErrInvalid, "search text: offset %d, limit %d: must not be negative", q.Offset, q.Limit)
	}
	if q.Kind != "" && q.Kind != TypeName(Article) && q.Kind != TypeName(Commitment) {
		return TextResult{}, errorf(ErrInvalid, "search text: kind %q: want %s or %s", q.Kind, TypeName(Article), TypeName(Commitment))
	}
	if s.text == nil {
		return TextResult{}, errorf(ErrInvalid, "search text: not available on this backend yet")
	}
	ix, err := s.searchText(ctx)
	if err != nil {
		return TextResult{}, fmt.Errorf("search text: %w", err)
	}
	res, err := ix.Passages(ctx, fulltext.Query{
		Text: q.Q, Doc: q.Document, Year: q.Year, Type: q.CommitmentType, Party: q.Party, Kind: q.Kind,
		Offset: q.Offset, Limit: q.Limit, Facets: facetSize,
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
		out.Hits = append(out.Hits, TextHit{
			Node:            n,
			Document:        h.Doc,
			Article:         idOf(quad.IRI(h.Article)),
			Year:            h.Year,
			CommitmentTypes: h.Types,
			Snippet:         snippet(h.Text, h.Marks),
		})
	}
	for field, name := range map[string]string{"doc": "document", "year": "year", "ctype": "commitment_type", "party": "party", "kind": "kind"} {
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
