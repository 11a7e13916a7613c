package graph

import (
	"bytes"
	"context"
	"encoding/gob"
	"fmt"
	"sort"
	"strconv"
	"sync"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/pactgraph/pactgraph/internal/cayleysql"
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
	// CommitmentTypes are the commitment types of the store's
	// commitments, by name, and Modalities the modalities (Modalities'
	// order), each with its number of commitments: what the explorer's
	// filters offer.
	CommitmentTypes []CommitmentTypeCount `json:"commitment_types"`
	Modalities      []ModalityCount       `json:"modalities"`
}

// CommitmentTypeCount is a commitment type and the number of commitments
// of that type (pg:commitmentType).
type CommitmentTypeCount struct {
	Node
	Commitments int `json:"commitments"`
}

// ModalityCount is a modality and the number of commitments of it.
type ModalityCount struct {
	Modality    string `json:"modality"`
	Commitments int    `json:"commitments"`
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

// corpusIndex is the whole corpus as the memo keeps it: every
// document's summary (what a page of GET /api/documents gives), sorted by
// date, title and id, corpusPart to a part, and the corpus in brief with
// every actor. Read back from what was written down (decodeCorpus), a
// part is decoded when a page first needs it: at 50,000 documents
// decoding all of them took a server's first page 110 ms.
type corpusIndex struct {
	Summary Corpus
	count   int
	parts   []*lazy[[]DocumentSummary]
	ids     *lazy[[]string] // every document's id, in order

	byID     map[string]int // each document's place, made once (at)
	byIDOnce sync.Once
	byIDErr  error
}

// corpusPart is how many documents' summaries are one part of the
// corpus.
const corpusPart = 1000

// newCorpusIndex keeps docs, sorted, and their summary.
func newCorpusIndex(summary Corpus, docs []DocumentSummary) *corpusIndex {
	ix := &corpusIndex{Summary: summary, count: len(docs), ids: &lazy[[]string]{val: make([]string, len(docs))}}
	for i, d := range docs {
		ix.ids.val[i] = d.ID
	}
	for from := 0; from < len(docs); from += corpusPart {
		ix.parts = append(ix.parts, &lazy[[]DocumentSummary]{val: docs[from:min(from+corpusPart, len(docs)):min(from+corpusPart, len(docs))]})
	}
	return ix
}

// part gives the summaries of the i-th part.
func (ix *corpusIndex) part(i int) ([]DocumentSummary, error) {
	docs, err := ix.parts[i].get()
	if err == nil && len(docs) != min(corpusPart, ix.count-i*corpusPart) {
		err = fmt.Errorf("%d documents, want %d", len(docs), min(corpusPart, ix.count-i*corpusPart))
	}
	if err != nil {
		return nil, fmt.Errorf("part %d of the corpus's %d documents: %w", i, ix.count, err)
	}
	return docs, nil
}

// window gives at most limit summaries (0: all) from the offset-th on,
// reading only the parts they are in.
func (ix *corpusIndex) window(offset, limit int) ([]DocumentSummary, error) {
	end := ix.count
	if limit > 0 {
		end = min(end, offset+limit)
	}
	out := []DocumentSummary{}
	for at := offset; at < end; {
		docs, err := ix.part(at / corpusPart)
		if err != nil {
			return nil, err
		}
		from := at % corpusPart
		to := min(len(docs), from+end-at)
		out = append(out, docs[from:to]...)
		at += to - from
	}
	return out, nil
}

// at gives the summary of the document with the given id.
func (ix *corpusIndex) at(id string) (DocumentSummary, bool, error) {
	ix.byIDOnce.Do(func() {
		ids, err := ix.ids.get()
		if err == nil && len(ids) != ix.count {
			err = fmt.Errorf("%d ids, want %d", len(ids), ix.count)
		}
		if err != nil {
			ix.byIDErr = fmt.Errorf("the ids of the corpus's %d documents: %w", ix.count, err)
			return
		}
		ix.byID = make(map[string]int, len(ids))
		for i, id := range ids {
			ix.byID[id] = i
		}
	})
	if ix.byIDErr != nil {
		return DocumentSummary{}, false, ix.byIDErr
	}
	i, ok := ix.byID[id]
	if !ok {
		return DocumentSummary{}, false, nil
	}
	docs, err := ix.part(i / corpusPart)
	if err != nil {
		return DocumentSummary{}, false, err
	}
	return docs[i%corpusPart], true, nil
}

// encodeCorpus writes ix down: its summary and number of documents, the
// documents' ids, then their summaries corpusPart at a time, each a gob
// stream of its own after its length (appendGob), so that one part is
// read back without the others.
func encodeCorpus(ix *corpusIndex) ([]byte, error) {
	ids, err := ix.ids.get()
	if err != nil {
		return nil, err
	}
	data, err := appendGob(nil, corpusHead{ix.Summary, ix.count})
	if err == nil {
		data, err = appendGob(data, ids)
	}
	for i := range ix.parts {
		if err != nil {
			return nil, err
		}
		var docs []DocumentSummary
		if docs, err = ix.part(i); err == nil {
			data, err = appendGob(data, docs)
		}
	}
	return data, err
}

// corpusHead is what is read of a corpus written down before its pages.
type corpusHead struct {
	Summary Corpus
	Count   int
}

// decodeCorpus reads back what encodeCorpus wrote: the summary at once,
// the ids and each part when first asked for.
func decodeCorpus(data []byte) (*corpusIndex, error) {
	head, data, err := nextGob(data)
	if err != nil {
		return nil, err
	}
	var h corpusHead
	if err := gob.NewDecoder(bytes.NewReader(head)).Decode(&h); err != nil {
		return nil, err
	}
	if h.Count < 0 {
		return nil, fmt.Errorf("a corpus of %d documents", h.Count)
	}
	ix := &corpusIndex{Summary: h.Summary, count: h.Count, ids: &lazy[[]string]{}}
	if ix.ids.data, data, err = nextGob(data); err != nil {
		return nil, fmt.Errorf("the ids of %d documents: %w", h.Count, err)
	}
	for from := 0; from < h.Count; from += corpusPart {
		part := &lazy[[]DocumentSummary]{}
		if part.data, data, err = nextGob(data); err != nil {
			return nil, fmt.Errorf("part %d of %d documents: %w", len(ix.parts), h.Count, err)
		}
		ix.parts = append(ix.parts, part)
	}
	if len(data) > 0 {
		return nil, fmt.Errorf("%d bytes after the %d parts of %d documents", len(data), len(ix.parts), h.Count)
	}
	return ix, nil
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
	docs, _, err := s.corpusWindow(ctx, 0, 0)
	if err != nil {
		return nil, err
	}
	out := make([]CorpusDocument, len(docs))
	for i, d := range docs {
		out[i] = CorpusDocument{ID: d.ID, Title: d.Title, Date: d.Date, NeedsReview: d.NeedsReview, Warnings: d.Warnings}
		if d.Agreement != nil {
			out[i].Agreement = d.Agreement.ID
		}
	}
	return out, nil
}

// corpusWindow gives at most limit of the corpus's summaries (0: all)
// from the offset-th on, and the number of documents in all. A part
// written down that cannot be read back is an error, and is forgotten:
// the next read reads the store again.
func (s *Store) corpusWindow(ctx context.Context, offset, limit int) ([]DocumentSummary, int, error) {
	ix, err := s.corpusIndex(ctx)
	if err != nil {
		return nil, 0, err
	}
	docs, err := ix.window(offset, limit)
	if err != nil {
		s.corpus.discard(ctx, s)
		return nil, 0, fmt.Errorf("corpus: %w", err)
	}
	return docs, ix.count, nil
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

// readCorpus reads each document's summary, each agreement's parties,
// and each party's name, type and number of commitments borne: lookups in
// the store's indexes, none a document's text.
func (s *Store) readCorpus(ctx context.Context) (*corpusIndex, error) {
	iris, err := s.typed(ctx, Document)
	if err != nil {
		return nil, err
	}
	docs := make([]DocumentSummary, 0, len(iris))
	for from := 0; from < len(iris); from += prefetchChunk {
		some, err := s.documentSummaries(ctx, iris[from:min(from+prefetchChunk, len(iris))])
		if err != nil {
			return nil, err
		}
		docs = append(docs, some...)
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
	agreements := map[quad.IRI]bool{}
	for _, d := range docs {
		if d.Agreement != nil {
			agreements[quad.IRI(d.Agreement.IRI)] = true
		}
	}

	var summary Corpus
	c := &summary
	c.Documents, c.Agreements = len(docs), len(agreements)
	c.Years = []YearCount{}
	yearAgreements := map[int]map[string]bool{}
	for _, d := range docs {
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
		if d.Agreement != nil {
			yearAgreements[y][d.Agreement.ID] = true
		}
	}
	for i := range c.Years {
		c.Years[i].Agreements = len(yearAgreements[c.Years[i].Year])
	}

	// The parties of every agreement, then each party's node and
	// commitments.
	partyOf := map[quad.IRI]int{}
	list := sortedIRIs(agreements)
	for from := 0; from < len(list); from += prefetchChunk {
		parties, err := s.objectsOfEach(ctx, nil, list[from:min(from+prefetchChunk, len(list))], nil, 0, Party)
		if err != nil {
			return nil, err
		}
		for _, of := range parties {
			for _, p := range of[0] {
				if iri, ok := p.(quad.IRI); ok {
					partyOf[iri]++
				}
			}
		}
	}
	parties := make([]quad.IRI, 0, len(partyOf))
	for p := range partyOf {
		parties = append(parties, p)
	}
	cache := s.nodeCache()
	if err := cache.prefetch(ctx, parties); err != nil {
		return nil, err
	}
	c.Actors = make([]Actor, 0, len(parties))
	for _, p := range parties {
		node, err := cache.get(ctx, p)
		if err != nil {
			return nil, err
		}
		a := Actor{Node: node, Agreements: partyOf[p]}
		if a.Commitments, err = s.countSubjects(ctx, Bearer, p); err != nil {
			return nil, err
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
	if err := s.countCommitments(ctx, c); err != nil {
		return nil, err
	}
	return newCorpusIndex(summary, docs), nil
}

// countCommitments counts the commitments of each commitment type and of
// each modality, through the index of their objects: no commitment's
// facts are read. A modality or type without commitments is left out.
func (s *Store) countCommitments(ctx context.Context, c *Corpus) error {
	types, err := s.typed(ctx, CommitmentType)
	if err != nil {
		return err
	}
	cache := s.nodeCache()
	if err := cache.prefetch(ctx, types); err != nil {
		return err
	}
	c.CommitmentTypes = []CommitmentTypeCount{}
	for _, t := range types {
		n, err := s.countSubjects(ctx, OfType, t)
		if err != nil {
			return err
		}
		if n == 0 {
			continue
		}
		node, err := cache.get(ctx, t)
		if err != nil {
			return err
		}
		c.CommitmentTypes = append(c.CommitmentTypes, CommitmentTypeCount{Node: node, Commitments: n})
	}
	sort.Slice(c.CommitmentTypes, func(i, j int) bool {
		a, b := c.CommitmentTypes[i], c.CommitmentTypes[j]
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.ID < b.ID
	})
	c.Modalities = []ModalityCount{}
	for _, m := range Modalities {
		n, err := s.countSubjects(ctx, Modality, quad.String(m))
		if err != nil {
			return err
		}
		if n > 0 {
			c.Modalities = append(c.Modalities, ModalityCount{Modality: m, Commitments: n})
		}
	}
	return nil
}

// countSubjects counts the distinct subjects of the facts (·, pred, obj):
// on PostgreSQL in one query, elsewhere through the store's index.
func (s *Store) countSubjects(ctx context.Context, pred quad.IRI, obj quad.Value) (int, error) {
	if s.pg != nil {
		return cayleysql.CountSubjects(ctx, s.pg, pred, obj)
	}
	p, err := s.cayley().ValueOf(pred)
	if err != nil || p == nil {
		return 0, err
	}
	o, err := s.cayley().ValueOf(obj)
	if err != nil || o == nil {
		return 0, err
	}
	n := 0
	err = s.eachRef(ctx, quad.Subject, map[quad.Direction]graph.Ref{quad.Object: o, quad.Predicate: p}, func(graph.Ref) error {
		n++
		return nil
	})
	return n, err
}
