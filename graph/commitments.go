package graph

import (
	"context"
	"fmt"
	"sort"

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

// Commitments lists the commitments of the agreement with the given id, or
// of every agreement when agreement is "", by document, then in the order
// of the text. An agreement that is not a treaty in the store wraps
// ErrNotFound.
func (s *Store) Commitments(ctx context.Context, agreement string) ([]CommitmentRow, error) {
	var commitments []quad.IRI
	if agreement != "" {
		facts, err := s.quadsWith(ctx, quad.Subject, IRI(agreement))
		if err != nil {
			return nil, fmt.Errorf("commitments %s: %w", agreement, err)
		}
		if !hasType(facts, Treaty) {
			return nil, errorf(ErrNotFound, "agreement %s", agreement)
		}
		if commitments, err = s.commitmentsOf(ctx, IRI(agreement)); err != nil {
			return nil, fmt.Errorf("commitments %s: %w", agreement, err)
		}
	} else {
		typed, err := s.quadsWith(ctx, quad.Object, Commitment)
		if err != nil {
			return nil, fmt.Errorf("commitments: %w", err)
		}
		commitments = typedSubjects(typed)
	}
	cache := s.nodeCache()
	docs := map[quad.IRI]*Node{} // document → its agreement
	out := []CommitmentRow{}
	for _, c := range commitments {
		row, err := s.commitment(ctx, cache, docs, c)
		if err != nil {
			return nil, fmt.Errorf("commitments: %w", err)
		}
		if agreement != "" && (row.Agreement == nil || row.Agreement.ID != agreement) {
			continue
		}
		out = append(out, row)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Document != b.Document {
			return a.Document < b.Document
		}
		if a.Span[0] != b.Span[0] {
			return a.Span[0] < b.Span[0]
		}
		return a.ID < b.ID
	})
	return out, nil
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

func (s *Store) commitment(ctx context.Context, cache *nodes, docs map[quad.IRI]*Node, c quad.IRI) (CommitmentRow, error) {
	row := CommitmentRow{ID: ID(c), Bearers: []Node{}, Beneficiaries: []Node{}, Targets: []Node{}, References: []Node{}}
	facts, err := s.quadsWith(ctx, quad.Subject, c)
	if err != nil {
		return row, err
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
					return row, err
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
				return row, err
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
		return row, err
	}
	source := quad.IRI("")
	for _, q := range in {
		if art, ok := q.Subject.(quad.IRI); ok && q.Predicate == Commits {
			n, err := cache.get(ctx, art)
			if err != nil {
				return row, err
			}
			row.Article, source = &n, art
			break
		}
	}
	if source == "" && len(facts) > 0 {
		source, _ = facts[0].Label.(quad.IRI)
	}
	if source == "" {
		return row, nil
	}
	p, err := s.provenance(ctx, cache, source)
	if err != nil {
		return row, err
	}
	row.ArticleNumber, row.Document = p.Article, p.Document
	doc := IRI(p.Document)
	if _, ok := docs[doc]; !ok {
		sum, err := s.documentSummary(ctx, doc)
		if err != nil {
			return row, err
		}
		docs[doc] = sum.Agreement
	}
	row.Agreement = docs[doc]
	return row, nil
}
