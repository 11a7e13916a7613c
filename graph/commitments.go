package graph

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"
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
	cache := s.nodeCache()
	docs := map[quad.IRI]*Node{} // document → its agreement
	out := []CommitmentRow{}
	if len(q.IDs) > 0 {
		for _, id := range q.IDs {
			row, ok, err := s.commitment(ctx, cache, docs, IRI(id))
			if err != nil {
				return nil, 0, fmt.Errorf("commitment %s: %w", id, err)
			}
			if ok {
				out = append(out, row)
			}
		}
		return out, len(out), nil
	}
	var commitments []quad.IRI
	if q.Agreement != "" {
		facts, err := s.quadsWith(ctx, quad.Subject, IRI(q.Agreement))
		if err != nil {
			return nil, 0, fmt.Errorf("commitments %s: %w", q.Agreement, err)
		}
		if !hasType(facts, Treaty) {
			return nil, 0, errorf(ErrNotFound, "agreement %s", q.Agreement)
		}
		if commitments, err = s.commitmentsOf(ctx, IRI(q.Agreement)); err != nil {
			return nil, 0, fmt.Errorf("commitments %s: %w", q.Agreement, err)
		}
	} else if err := s.typed(ctx, Commitment, func(c quad.IRI) error {
		commitments = append(commitments, c)
		return nil
	}); err != nil {
		return nil, 0, fmt.Errorf("commitments: %w", err)
	}
	sort.Slice(commitments, func(i, j int) bool { return numberedLess(string(commitments[i]), string(commitments[j])) })
	for _, c := range window(commitments, q.Offset, q.Limit) {
		row, _, err := s.commitment(ctx, cache, docs, c)
		if err != nil {
			return nil, 0, fmt.Errorf("commitments: %w", err)
		}
		out = append(out, row)
	}
	return out, len(commitments), nil
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

// commitment reads the row of the commitment c, and says whether c is
// one: typed as a commitment in the store.
func (s *Store) commitment(ctx context.Context, cache *nodes, docs map[quad.IRI]*Node, c quad.IRI) (CommitmentRow, bool, error) {
	row := CommitmentRow{ID: ID(c), Bearers: []Node{}, Beneficiaries: []Node{}, Targets: []Node{}, References: []Node{}}
	facts, err := s.quadsWith(ctx, quad.Subject, c)
	if err != nil || !hasType(facts, Commitment) {
		return row, false, err
	}
	for _, q := range facts {
		obj, isIRI := q.Object.(quad.IRI)
		var list *[]Node
		switch q.Predicate {
		case Label:
			row.Label = text(q.Object)
		case Modality:
			row.Modality = text(q.Object)
		case Text:
			row.Text = text(q.Object)
		case Start:
			row.Span[0] = atoi(text(q.Object))
		case End:
			row.Span[1] = atoi(text(q.Object))
		case OfType:
			if isIRI {
				n, err := cache.get(ctx, obj)
				if err != nil {
					return row, false, err
				}
				row.Type = &n
			}
		case Bearer:
			list = &row.Bearers
		case Beneficiary:
			list = &row.Beneficiaries
		case Target:
			list = &row.Targets
		case Refers:
			list = &row.References
		}
		if list != nil && isIRI {
			n, err := cache.get(ctx, obj)
			if err != nil {
				return row, false, err
			}
			*list = append(*list, n)
		}
	}
	for _, l := range []*[]Node{&row.Bearers, &row.Beneficiaries, &row.Targets, &row.References} {
		sort.Slice(*l, func(i, j int) bool { return (*l)[i].Name < (*l)[j].Name })
	}
	// The article that states it, the article's document, and the
	// agreement the document records. A commitment of the preamble has
	// no article: its facts' label is its document.
	in, err := s.quadsWith(ctx, quad.Object, c)
	if err != nil {
		return row, false, err
	}
	source := quad.IRI("")
	for _, q := range in {
		if art, ok := q.Subject.(quad.IRI); ok && q.Predicate == Commits {
			n, err := cache.get(ctx, art)
			if err != nil {
				return row, false, err
			}
			row.Article, source = &n, art
			break
		}
	}
	if source == "" && len(facts) > 0 {
		source, _ = facts[0].Label.(quad.IRI)
	}
	if source == "" {
		return row, true, nil
	}
	p, err := s.provenance(ctx, cache, source)
	if err != nil {
		return row, false, err
	}
	row.ArticleNumber, row.Document = p.Article, p.Document
	doc := IRI(p.Document)
	if _, ok := docs[doc]; !ok {
		sum, err := s.documentSummary(ctx, doc)
		if err != nil {
			return row, false, err
		}
		docs[doc] = sum.Agreement
	}
	row.Agreement = docs[doc]
	return row, true, nil
}
