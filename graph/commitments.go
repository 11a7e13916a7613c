package graph

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/pactgraph/pactgraph/internal/cayleysql"
)

// CommitmentRow is one commitment as a row of an agreement's commitment
// matrix: who (bearers) must, may or must not (modality) do what (type,
// text) for whom (beneficiaries) or against whom (targets), under which
// article of which document.
type CommitmentRow struct {
	ID string `json:"id"`
	// Label says what was committed: article, modality, the clause's
	// first words, bearers → beneficiaries.
	Label    string `json:"label"`
	Modality string `json:"modality"`
	Type     *Node  `json:"type,omitempty"`
	Text     string `json:"text"`
	// Span is the clause's code points in the document file.
	Span          [2]int `json:"span"`
	Bearers       []Node `json:"bearers"`
	Beneficiaries []Node `json:"beneficiaries"`
	Targets       []Node `json:"targets"`
	References    []Node `json:"references"`
	Article       *Node  `json:"article,omitempty"`
	ArticleNumber string `json:"article_number,omitempty"`
	Document      string `json:"document,omitempty"`
	Agreement     *Node  `json:"agreement,omitempty"`
}

// CommitmentQuery picks commitments: those named (IDs, in that order,
// leaving out ids that name none), or else those of one agreement (a
// treaty's id) or of the whole store, Limit of them (0: all) from the
// Offset-th, ordered by id with the numbers in ids compared as numbers. A
// loaded document numbers its commitments in the order of its text
// (loaders.Report.Quads), so that order is by document, then by place in
// the text.
type CommitmentQuery struct {
	IDs           []string
	Agreement     string
	Offset, Limit int
}

// Commitments lists the commitments q picks and the number of them in
// all. Only the rows of the page are read: every commitment's id is read
// from the type index (or the agreement's documents' labels), and each
// row's facts only for the page. An agreement that is not a treaty in
// the store wraps ErrNotFound.
func (s *Store) Commitments(ctx context.Context, q CommitmentQuery) ([]CommitmentRow, int, error) {
	if len(q.IDs) > 0 {
		iris := make([]quad.IRI, len(q.IDs))
		for i, id := range q.IDs {
			iris[i] = IRI(id)
		}
		rows, ok, err := s.commitmentRows(ctx, iris)
		if err != nil {
			return nil, 0, fmt.Errorf("commitments: %w", err)
		}
		out := []CommitmentRow{}
		for i, row := range rows {
			if ok[i] {
				out = append(out, row)
			}
		}
		return out, len(out), nil
	}
	var (
		commitments []quad.IRI
		err         error
	)
	if q.Agreement != "" {
		var facts []quad.Quad
		facts, err = s.quadsWith(ctx, quad.Subject, IRI(q.Agreement))
		if err != nil {
			return nil, 0, fmt.Errorf("commitments %s: %w", q.Agreement, err)
		}
		if !hasType(facts, Treaty) {
			return nil, 0, errorf(ErrNotFound, "agreement %s", q.Agreement)
		}
		if commitments, err = s.commitmentsOf(ctx, IRI(q.Agreement)); err != nil {
			return nil, 0, fmt.Errorf("commitments %s: %w", q.Agreement, err)
		}
		sortNumbered(commitments)
	} else if commitments, err = s.allCommitments(ctx); err != nil {
		return nil, 0, fmt.Errorf("commitments: %w", err)
	}
	rows, _, err := s.commitmentRows(ctx, window(commitments, q.Offset, q.Limit))
	if err != nil {
		return nil, 0, fmt.Errorf("commitments: %w", err)
	}
	return rows, len(commitments), nil
}

// allCommitments lists every commitment of the store in numberedLess's
// order: read from the type index once per version of the store and kept
// (memo.go; 0.35 s at 1M quads, 35,715 commitments), so that paging
// through them all reads each page's rows only. The list is shared: not
// to be changed.
func (s *Store) allCommitments(ctx context.Context) ([]quad.IRI, error) {
	return s.commitments.get(ctx, s, 0, func() ([]quad.IRI, error) {
		all, err := s.typed(ctx, Commitment)
		if err != nil {
			return nil, err
		}
		sortNumbered(all)
		return all, nil
	})
}

// sortNumbered sorts iris in numberedLess's order.
func sortNumbered(iris []quad.IRI) {
	sort.Slice(iris, func(i, j int) bool { return numberedLess(string(iris[i]), string(iris[j])) })
}

// numberedLess orders strings as people number things: runs of digits
// compare as numbers ("commitment-2" before "commitment-10"), the rest
// byte by byte, and equal numbers written with more zeros first.
func numberedLess(a, b string) bool {
	for a != "" && b != "" {
		da, db := digits(a), digits(b)
		if da == 0 || db == 0 {
			if a[0] != b[0] {
				return a[0] < b[0]
			}
			a, b = a[1:], b[1:]
			continue
		}
		na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
		if len(na) != len(nb) {
			return len(na) < len(nb)
		}
		if na != nb {
			return na < nb
		}
		if da != db {
			return da > db
		}
		a, b = a[da:], b[db:]
	}
	return len(a) < len(b)
}

// digits is the length of the run of ASCII digits s starts with.
func digits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// commitmentsOf lists the commitments the documents recording agreement
// state: those typed as commitments under one of the documents' labels
// (the document, its articles), through the label index, where reading
// every commitment of the store to keep an agreement's took 8.5 s at 1M
// quads on bolt.
func (s *Store) commitmentsOf(ctx context.Context, agreement quad.IRI) ([]quad.IRI, error) {
	in, err := s.quadsWith(ctx, quad.Object, agreement)
	if err != nil {
		return nil, err
	}
	var typed []quad.Quad
	for _, q := range in {
		doc, ok := q.Subject.(quad.IRI)
		if !ok || q.Predicate != About {
			continue
		}
		labels, err := s.documentLabels(ctx, doc)
		if err != nil {
			return nil, err
		}
		for _, l := range sortedIRIs(labels) {
			facts, err := s.quadsWith(ctx, quad.Label, l)
			if err != nil {
				return nil, err
			}
			typed = append(typed, facts...)
		}
	}
	return typedSubjects(typed), nil
}

// typedSubjects lists the subjects of the facts of facts that type an IRI
// as a commitment, each once, in their order.
func typedSubjects(facts []quad.Quad) []quad.IRI {
	var out []quad.IRI
	seen := map[quad.IRI]bool{}
	for _, q := range facts {
		c, ok := q.Subject.(quad.IRI)
		if q.Predicate != Type || q.Object != Commitment || !ok || seen[c] {
			continue
		}
		seen[c] = true
		out = append(out, c)
	}
	return out
}

// rowFacts are the facts of a commitment its row reads for their first
// value, and rowLists those it lists, in the order of rowLists' fields.
var (
	rowFacts = []quad.IRI{Label, Modality, Text, Start, End, OfType}
	rowLists = []quad.IRI{Bearer, Beneficiary, Target, Refers, Type}
)

// commitmentRows reads the rows of commitments, and says of each whether
// it is one (typed as a commitment in the store), in a few passes over
// all of them (objectsOfEach, prefetch, provenances, documentSummaries)
// rather than a dozen reads a row: on PostgreSQL a row was a dozen round
// trips, and the 673 commitments around a hub took 6 s.
func (s *Store) commitmentRows(ctx context.Context, commitments []quad.IRI) ([]CommitmentRow, []bool, error) {
	rows := make([]CommitmentRow, len(commitments))
	ok := make([]bool, len(commitments))
	vals, err := s.objectsOfEach(ctx, nil, commitments, rowFacts, 1, rowLists...)
	if err != nil {
		return nil, nil, err
	}
	articles, err := s.articlesOf(ctx, commitments)
	if err != nil {
		return nil, nil, err
	}
	var nodes []quad.IRI
	for i, c := range commitments {
		ok[i] = slices.Contains(vals[i][len(rowFacts)+len(rowLists)-1], quad.Value(Commitment))
		for _, of := range vals[i] {
			for _, v := range of {
				if iri, isIRI := v.(quad.IRI); isIRI {
					nodes = append(nodes, iri)
				}
			}
		}
		if articles[i] != "" {
			nodes = append(nodes, articles[i])
		}
		rows[i] = CommitmentRow{ID: ID(c), Bearers: []Node{}, Beneficiaries: []Node{}, Targets: []Node{}, References: []Node{}}
	}
	cache := s.nodeCache()
	if err := cache.prefetch(ctx, nodes); err != nil {
		return nil, nil, err
	}
	// The source of each row: the article that states it, or for a
	// commitment of the preamble, which has none, the label of its facts:
	// its document.
	sources := make([]quad.IRI, len(commitments))
	for i, c := range commitments {
		if !ok[i] {
			continue
		}
		sources[i] = articles[i]
		if sources[i] == "" {
			facts, err := s.quadsWith(ctx, quad.Subject, c)
			if err != nil {
				return nil, nil, err
			}
			if len(facts) > 0 {
				sources[i], _ = facts[0].Label.(quad.IRI)
			}
		}
	}
	labelSet := map[quad.IRI]bool{}
	for _, l := range sources {
		if l != "" {
			labelSet[l] = true
		}
	}
	labels := sortedIRIs(labelSet)
	provs, err := s.provenances(ctx, cache, labels)
	if err != nil {
		return nil, nil, err
	}
	provOf := map[quad.IRI]Provenance{}
	docSet := map[quad.IRI]bool{}
	for i, l := range labels {
		provOf[l] = provs[i]
		docSet[IRI(provs[i].Document)] = true
	}
	sums, err := s.documentSummaries(ctx, sortedIRIs(docSet))
	if err != nil {
		return nil, nil, err
	}
	agreementOf := map[string]*Node{}
	for _, d := range sums {
		agreementOf[d.ID] = d.Agreement
	}
	node := func(v quad.Value) (*Node, error) {
		iri, isIRI := v.(quad.IRI)
		if !isIRI {
			return nil, nil
		}
		n, err := cache.get(ctx, iri)
		return &n, err
	}
	for i := range commitments {
		if !ok[i] {
			continue
		}
		row, v := &rows[i], vals[i]
		first := func(j int) string {
			if len(v[j]) == 0 {
				return ""
			}
			return text(v[j][0])
		}
		row.Label, row.Modality, row.Text = first(0), first(1), first(2)
		row.Span = [2]int{atoi(first(3)), atoi(first(4))}
		if len(v[5]) > 0 {
			if row.Type, err = node(v[5][0]); err != nil {
				return nil, nil, err
			}
		}
		for j, list := range []*[]Node{&row.Bearers, &row.Beneficiaries, &row.Targets, &row.References} {
			for _, o := range v[len(rowFacts)+j] {
				n, err := node(o)
				if err != nil {
					return nil, nil, err
				}
				if n != nil {
					*list = append(*list, *n)
				}
			}
			sort.Slice(*list, func(a, b int) bool { return (*list)[a].Name < (*list)[b].Name })
		}
		if articles[i] != "" {
			if row.Article, err = node(articles[i]); err != nil {
				return nil, nil, err
			}
		}
		if sources[i] == "" {
			continue
		}
		p := provOf[sources[i]]
		row.ArticleNumber, row.Document = p.Article, p.Document
		row.Agreement = agreementOf[p.Document]
	}
	return rows, ok, nil
}

// articlesOf gives the article that states each of commitments (the
// subject of a pg:commitment fact into it), or "" for one of the
// preamble: on PostgreSQL in one query a thousand.
func (s *Store) articlesOf(ctx context.Context, commitments []quad.IRI) ([]quad.IRI, error) {
	out := make([]quad.IRI, len(commitments))
	first := func(i int, in []quad.Quad) {
		for _, q := range in {
			if art, ok := q.Subject.(quad.IRI); ok && q.Predicate == Commits {
				out[i] = art
				return
			}
		}
	}
	if s.pg == nil {
		for i, c := range commitments {
			in, err := s.quadsWith(ctx, quad.Object, c)
			if err != nil {
				return nil, err
			}
			first(i, in)
		}
		return out, nil
	}
	for from := 0; from < len(commitments); from += prefetchChunk {
		to := min(from+prefetchChunk, len(commitments))
		arts, err := cayleysql.SubjectsOf(ctx, s.pg, s.pgValues, irisAsValues(commitments[from:to]), Commits)
		if err != nil {
			return nil, err
		}
		for i, of := range arts {
			for _, a := range of {
				if iri, ok := a.(quad.IRI); ok {
					out[from+i] = iri
					break
				}
			}
		}
	}
	return out, nil
}
