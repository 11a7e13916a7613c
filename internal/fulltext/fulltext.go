// Package fulltext is pactgraph's embedded search index, on bleve
// (github.com/blevesearch/bleve/v2): the names and aliases of the graph's
// entities, and the text of its articles and commitments with the facets a
// reader narrows a search by. It knows nothing of quads or of Cayley:
// package graph derives what to index from the store, keeps the index
// beside the store's file (or in memory) and asks it. Nothing outside this
// package imports bleve.
package fulltext

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// Version names the layout of the bleve index: the mapping below and
// what package graph puts in it. An index of another version is rebuilt.
// PostgreSQL's tables have their own (PostgresVersion): a change to one
// must not rebuild the other.
const Version = "pactgraph-fulltext-8"

// Entity is a node found by name: its IRI, its API type and every name
// and alias it bears.
type Entity struct {
	IRI   string
	Type  string
	Names []string
}

// Passage is a text a document holds, an article's or a commitment's,
// with what a search narrows by: the document, its agreement's year, the
// commitment types and the parties.
type Passage struct {
	Node    string   // the article or commitment
	Kind    string   // "Article" or "Commitment"
	Doc     string   // the id of the document it is read from
	Article string   // the article it is part of (a commitment's), or Node
	Label   string   // its display label
	Year    string   // the agreement's year, "" when undated
	Types   []string // commitment types
	Parties []string // bearers, beneficiaries and targets
	Text    string
}

// Batch is one change of the index: entities (re)indexed or removed, and
// the passages of documents replaced. Stamp, when not empty, is kept with
// the change (Index.Stamp).
type Batch struct {
	Entities        []Entity
	RemovedEntities []string
	// Docs lists the documents whose passages Passages replace: every
	// passage of theirs not in Passages is removed.
	Docs     []string
	Passages []Passage
	Stamp    string
}

// Index is an open index.
type Index struct {
	bleve bleve.Index
	// inMemory: an index that never reaches a disk.
	inMemory bool
	// unpersisted counts the batches written but not yet on disk: an
	// index on disk does not wait for each batch to reach the disk
	// (bleve's unsafe_batch), as its stamp tells a stale index anyway;
	// Close waits for them.
	unpersisted sync.WaitGroup
	persistErr  atomic.Pointer[error]
}

// config is bleve's configuration of an index on disk, made anew for each
// call: bleve writes into the map it is given (NewUsing sets the new
// index's "path" in it, and OpenUsing lets the map's "path" override the
// index's own), so a map shared by the calls of one process sent an index
// opened after another was created to the other's files — in a test that
// kept two stores, to a lock it then waited for forever.
func config() map[string]any {
	c := map[string]any{"unsafe_batch": true}
	if noBackgroundMerges {
		c["scorchMergePlanOptions"] = map[string]any{"MaxSegmentsPerTier": 1 << 20, "FloorSegmentSize": 1, "FloorSegmentFileSize": 1}
	}
	return c
}

// noBackgroundMerges keeps bleve from merging an index's segments as it
// goes (its tiered plan), so that a test knows the segments it wrote.
var noBackgroundMerges bool

// Open opens the index in dir, creating it when dir does not exist; dir
// "" keeps it in memory. An index of another Version, or one that cannot
// be read, is removed and created anew: fresh is true then, and the
// caller must index everything.
func Open(dir string) (ix *Index, fresh bool, err error) {
	if dir == "" {
		// scorch, as on disk: a name search reads its segments (names.go).
		b, err := bleve.NewUsing("", indexMapping(), scorch.Name, scorch.Name, config())
		if err != nil {
			return nil, false, fmt.Errorf("open search index in memory: %w", err)
		}
		return &Index{bleve: b, inMemory: true}, true, nil
	}
	if b, err := bleve.OpenUsing(dir, config()); err == nil {
		v, err := b.GetInternal([]byte("version"))
		if err == nil && string(v) == Version {
			return &Index{bleve: b}, false, nil
		}
		b.Close()
	} else if !errors.Is(err, bleve.ErrorIndexPathDoesNotExist) && !errors.Is(err, bleve.ErrorIndexMetaMissing) {
		// Unreadable: rebuilt below, as an index of another version is.
		_ = err
	}
	if err := os.RemoveAll(dir); err != nil {
		return nil, false, fmt.Errorf("open search index %s: remove the old one: %w", dir, err)
	}
	b, err := bleve.NewUsing(dir, indexMapping(), scorch.Name, scorch.Name, config())
	if err != nil {
		return nil, false, fmt.Errorf("open search index %s: %w", dir, err)
	}
	if err := b.SetInternal([]byte("version"), []byte(Version)); err != nil {
		b.Close()
		return nil, false, fmt.Errorf("open search index %s: %w", dir, err)
	}
	return &Index{bleve: b}, true, nil
}

// Merge merges the segments of the closed index in dir into as few as
// bleve's single-segment plan makes (scorch's ForceMerge), and waits a
// while for the files of the segments merged to be removed (bleve removes
// them once the merged ones are on disk; what is left is removed when the
// index is next opened). A bulk load leaves a segment a few batches, each
// with its own dictionaries, which every search reads and a server maps:
// at 1M quads, 12 segments of 79 MB became 2 of 74 MB, and a search of
// one word took half the time. It reports whether it merged: an index
// that is missing, unreadable or of another Version is left as it is,
// for the store to build again when it opens.
func Merge(ctx context.Context, dir string) (bool, error) {
	b, err := bleve.OpenUsing(dir, config())
	if err != nil {
		return false, nil
	}
	if v, err := b.GetInternal([]byte("version")); err != nil || string(v) != Version {
		return false, b.Close()
	}
	adv, err := b.Advanced()
	sc, ok := adv.(*scorch.Scorch)
	if err != nil || !ok {
		b.Close()
		return false, fmt.Errorf("merge search index %s: not a scorch index (%T): %v", dir, adv, err)
	}
	if err := sc.ForceMerge(ctx, nil); err != nil {
		b.Close()
		return false, fmt.Errorf("merge search index %s: %w", dir, err)
	}
	// The directory holds the segments of the index and its root.bolt.
	for wait := 0; wait < 100 && ctx.Err() == nil; wait++ {
		m := sc.StatsMap()
		files, ok1 := m["num_files_on_disk"].(uint64)
		segments, ok2 := m["num_root_filesegments"].(uint64)
		if !ok1 || !ok2 || files <= segments+1 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := b.Close(); err != nil {
		return false, fmt.Errorf("merge search index %s: %w", dir, err)
	}
	return true, ctx.Err()
}

// Close waits until every batch written is on disk, and closes the index.
func (ix *Index) Close() error {
	ix.unpersisted.Wait()
	err := ix.bleve.Close()
	if p := ix.persistErr.Load(); p != nil {
		err = errors.Join(*p, err)
	}
	return err
}

// write writes a batch, and counts it until it is on disk.
func (ix *Index) write(b *bleve.Batch) error {
	if ix.inMemory {
		return ix.bleve.Batch(b)
	}
	var once sync.Once
	ix.unpersisted.Add(1)
	done := func() { once.Do(ix.unpersisted.Done) }
	b.SetPersistedCallback(func(err error) {
		if err != nil {
			err = fmt.Errorf("search index: write to disk: %w", err)
			ix.persistErr.Store(&err)
		}
		done()
	})
	err := ix.bleve.Batch(b)
	if err != nil {
		done()
	}
	return err
}

// Stamp is the stamp of the last batch written, "" when none was.
func (ix *Index) Stamp() (string, error) {
	v, err := ix.bleve.GetInternal([]byte("stamp"))
	return string(v), err
}

// The fields of the index. Entities and passages are told apart by kind.
const (
	fieldKind    = "kind"    // "entity", or the passage's kind
	fieldType    = "type"    // an entity's API type
	fieldNames   = "names"   // words of the names, for word starts
	fieldWhole   = "whole"   // each name whole, in lower case
	fieldSort    = "sort"    // the canonical name in lower case, a NUL and the id: the order of hits
	fieldSeveral = "several" // "y" for an entity of several names (in lower case): phraseGroups reads their names
	fieldSlots   = "slots"   // of an entity of several names, each word of each name, a NUL and the name's place
	fieldDoc     = "doc"     // passages
	fieldArticle = "article" //
	fieldLabel   = "label"   //
	fieldYear    = "year"    //
	fieldCType   = "ctype"   //
	fieldParty   = "party"   //
	fieldText    = "text"    //
	kindEntity   = "entity"
	slotSep      = "\x00" // between a word and its name's place in fieldSlots
)

const (
	analyzerWhole  = "pactgraph-whole" // a name, whole, in lower case
	analyzerWords  = "pactgraph-words" // words in lower case, no stop words
	tokenizerWords = "pactgraph-words" // words as words splits them
)

func init() {
	err := registry.RegisterTokenizer(tokenizerWords, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return wordTokenizer{}, nil
	})
	if err != nil {
		panic(err) // the name is this package's
	}
}

// wordTokenizer splits a name into its words as words does: runs of
// letters, digits and _. A name search checks names against the words of
// the query as words splits them (phrase), and finds them by the words
// in the index; bleve's Unicode tokenizer kept "people's" one word, and
// "people's republic" found no name without another word starting with
// "s".
type wordTokenizer struct{}

func (wordTokenizer) Tokenize(in []byte) analysis.TokenStream {
	var out analysis.TokenStream
	start := -1
	for at := 0; at <= len(in); {
		r, size := utf8.RuneError, 1
		if at < len(in) {
			r, size = utf8.DecodeRune(in[at:])
		}
		switch {
		case at < len(in) && isWordRune(r):
			if start < 0 {
				start = at
			}
		case start >= 0:
			out = append(out, &analysis.Token{Term: in[start:at], Start: start, End: at, Position: len(out) + 1, Type: analysis.AlphaNumeric})
			start = -1
		}
		at += size
	}
	return out
}

func indexMapping() mapping.IndexMapping {
	m := bleve.NewIndexMapping()
	must := func(err error) {
		if err != nil {
			panic(err) // the analysers below are bleve's own
		}
	}
	must(m.AddCustomAnalyzer(analyzerWhole, map[string]any{
		"type": custom.Name, "tokenizer": single.Name, "token_filters": []string{lowercase.Name},
	}))
	must(m.AddCustomAnalyzer(analyzerWords, map[string]any{
		"type": custom.Name, "tokenizer": tokenizerWords, "token_filters": []string{lowercase.Name},
	}))
	keyword := func(store bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Store = store
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = true
		return f
	}
	text := func(analyzer string, store, vectors bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = store
		f.IncludeInAll = false
		f.IncludeTermVectors = vectors
		f.DocValues = false
		return f
	}
	// Each name whole: its doc values are how a search of several words
	// reads the names of its candidates (phraseNames), far quicker than
	// their stored fields, which share blocks with the passages' text.
	whole := text(analyzerWhole, false, false)
	whole.DocValues = true
	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(fieldKind, keyword(false))
	doc.AddFieldMappingsAt(fieldType, keyword(false))
	doc.AddFieldMappingsAt(fieldNames, text(analyzerWords, true, false))
	doc.AddFieldMappingsAt(fieldWhole, whole)
	doc.AddFieldMappingsAt(fieldSort, keyword(false))
	several := keyword(false)
	several.DocValues = false
	doc.AddFieldMappingsAt(fieldSeveral, several)
	slots := keyword(false)
	slots.DocValues = false
	doc.AddFieldMappingsAt(fieldSlots, slots)
	doc.AddFieldMappingsAt(fieldDoc, keyword(true))
	doc.AddFieldMappingsAt(fieldArticle, keyword(true))
	doc.AddFieldMappingsAt(fieldLabel, keyword(true))
	doc.AddFieldMappingsAt(fieldYear, keyword(true))
	doc.AddFieldMappingsAt(fieldCType, keyword(true))
	doc.AddFieldMappingsAt(fieldParty, keyword(false))
	doc.AddFieldMappingsAt(fieldText, text(en.AnalyzerName, true, true))
	m.DefaultMapping = doc
	m.DefaultAnalyzer = analyzerWords
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	return m
}

// entityID and passageID keep the two kinds of record apart: an article
// may be read from two documents, and is a passage of each.
func entityID(iri string) string        { return "e " + iri }
func passageID(doc, node string) string { return "p " + doc + " " + node }

// entityDoc is an entity's record as the mapping makes it of fields, but
// that its whole names and its sort key keep their doc values each on its
// own and uncompressed (bleve's SkipDVChunking and SkipDVCompression, as
// bleve keeps its geographic fields'). A search reads them for every
// candidate (to sort the hits, and to check names against several words:
// phraseNames); bleve's chunks hold the values of a thousand records,
// compressed, and a search whose candidates lay in most chunks
// uncompressed them all: at 10M quads a quarter of a search's time was
// snappy's.
func (ix *Index) entityDoc(id string, fields map[string]any) (*document.Document, error) {
	doc := document.NewDocument(id)
	if err := ix.bleve.Mapping().MapDocument(doc, fields); err != nil {
		return nil, err
	}
	for i, f := range doc.Fields {
		if t, ok := f.(*document.TextField); ok && (t.Name() == fieldWhole || t.Name() == fieldSort) {
			opts := t.Options() | index.SkipDVChunking | index.SkipDVCompression
			doc.Fields[i] = document.NewTextFieldCustom(t.Name(), t.ArrayPositions(), t.Value(), opts, t.Analyzer())
		}
	}
	return doc, nil
}

// Write applies b in one bleve batch.
func (ix *Index) Write(ctx context.Context, b Batch) error {
	batch := ix.bleve.NewBatch()
	for _, iri := range b.RemovedEntities {
		batch.Delete(entityID(iri))
	}
	for _, e := range b.Entities {
		if len(e.Names) == 0 {
			batch.Delete(entityID(e.IRI))
			continue
		}
		whole := make([]string, len(e.Names))
		for i, n := range e.Names {
			whole[i] = strings.ToLower(n)
		}
		fields := map[string]any{
			fieldKind:  kindEntity,
			fieldType:  e.Type,
			fieldNames: e.Names,
			fieldWhole: whole,
			fieldSort:  whole[0] + "\x00" + entityID(e.IRI),
		}
		if distinct := slices.Compact(slices.Sorted(slices.Values(whole))); len(distinct) > 1 {
			fields[fieldSeveral] = "y"
			var slotted []string
			for i, name := range distinct {
				for _, w := range words(name) {
					slotted = append(slotted, w+slotSep+strconv.Itoa(i))
				}
			}
			fields[fieldSlots] = slotted
		}
		doc, err := ix.entityDoc(entityID(e.IRI), fields)
		if err == nil {
			err = batch.IndexAdvanced(doc)
		}
		if err != nil {
			return fmt.Errorf("index %s: %w", e.IRI, err)
		}
	}
	keep := map[string]bool{}
	for _, p := range b.Passages {
		id := passageID(p.Doc, p.Node)
		keep[id] = true
		err := batch.Index(id, map[string]any{
			fieldKind:    p.Kind,
			fieldDoc:     p.Doc,
			fieldArticle: p.Article,
			fieldLabel:   p.Label,
			fieldYear:    p.Year,
			fieldCType:   p.Types,
			fieldParty:   p.Parties,
			fieldText:    p.Text,
		})
		if err != nil {
			return fmt.Errorf("index %s: %w", p.Node, err)
		}
	}
	for _, doc := range b.Docs {
		old, err := ix.passagesOf(ctx, doc)
		if err != nil {
			return err
		}
		for _, id := range old {
			if !keep[id] {
				batch.Delete(id)
			}
		}
	}
	if b.Stamp != "" {
		batch.SetInternal([]byte("stamp"), []byte(b.Stamp))
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return ix.write(batch)
}

// passagesOf lists the ids of a document's passages.
func (ix *Index) passagesOf(ctx context.Context, doc string) ([]string, error) {
	q := bleve.NewTermQuery(doc)
	q.SetField(fieldDoc)
	var ids []string
	for from := 0; ; {
		req := bleve.NewSearchRequestOptions(q, 1000, from, false)
		res, err := ix.bleve.SearchInContext(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("passages of %s: %w", doc, err)
		}
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		from += len(res.Hits)
		if len(res.Hits) == 0 || uint64(from) >= res.Total {
			return ids, nil
		}
	}
}

// Clear removes everything, before the index is built again.
func (ix *Index) Clear(ctx context.Context) error {
	for {
		req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 10000, 0, false)
		res, err := ix.bleve.SearchInContext(ctx, req)
		if err != nil {
			return fmt.Errorf("clear search index: %w", err)
		}
		if len(res.Hits) == 0 {
			return nil
		}
		batch := ix.bleve.NewBatch()
		for _, h := range res.Hits {
			batch.Delete(h.ID)
		}
		batch.DeleteInternal([]byte("stamp"))
		if err := ix.write(batch); err != nil {
			return fmt.Errorf("clear search index: %w", err)
		}
	}
}

// maxHits bounds one answer when a caller asks for all.
const maxHits = 10000

func termIn(field, v string) *query.TermQuery {
	t := bleve.NewTermQuery(v)
	t.SetField(field)
	return t
}

// words splits s as the names analyser does.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !isWordRune(r) })
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) || r == '_' }

// Query asks for passages: Text in the query syntax (words, all of which
// must occur, in any form the English analyser folds together;
// "quoted phrases"; and prefixes ending in *), narrowed to one document,
// year, commitment type, party or kind when those are set.
type Query struct {
	Text                         string
	Doc, Year, Type, Party, Kind string
	Offset, Limit                int
	// Facets is how many values of each facet to count; 0 counts none.
	Facets int
}

// Hit is a passage found, with where the query matched its text.
type Hit struct {
	Passage
	// Marks are the matches in Text, as [start, end) code-point offsets,
	// in order.
	Marks [][2]int
}

// Count is one value of a facet and how many passages have it.
type Count struct {
	Value string
	Count int
}

// Result is the answer to a Query: the passages from Offset on, the
// number in all, and per facet ("doc", "year", "ctype", "party", "kind")
// its most frequent values among all the passages found.
type Result struct {
	Total  int
	Hits   []Hit
	Facets map[string][]Count
}

// ErrQuery is the error of a query the index refuses: one that asks for
// nothing, a prefix shorter than minPrefix (it would match much of the
// index), or more than maxParts words, phrases and prefixes.
var ErrQuery = errors.New("bad text query")

const (
	minPrefix = 2
	maxParts  = 16
)

// Passages answers q.
func (ix *Index) Passages(ctx context.Context, q Query) (Result, error) {
	text, err := ix.textQuery(q.Text)
	if err != nil {
		return Result{}, err
	}
	must := []query.Query{text}
	for field, v := range map[string]string{fieldDoc: q.Doc, fieldYear: q.Year, fieldCType: q.Type, fieldParty: q.Party, fieldKind: q.Kind} {
		if v != "" {
			must = append(must, termIn(field, v))
		}
	}
	size := q.Limit
	if size == 0 {
		size = maxHits
	}
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(must...), size, q.Offset, false)
	req.Fields = []string{fieldDoc, fieldArticle, fieldLabel, fieldYear, fieldCType, fieldText}
	req.IncludeLocations = true
	req.SortBy([]string{"-_score", "_id"})
	if q.Facets > 0 {
		for _, f := range []string{fieldDoc, fieldYear, fieldCType, fieldParty, fieldKind} {
			req.AddFacet(f, bleve.NewFacetRequest(f, q.Facets))
		}
	}
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return Result{}, fmt.Errorf("search text for %q: %w", q.Text, err)
	}
	out := Result{Total: int(res.Total), Hits: make([]Hit, 0, len(res.Hits))}
	for _, h := range res.Hits {
		doc, node, _ := strings.Cut(strings.TrimPrefix(h.ID, "p "), " ")
		hit := Hit{Passage: Passage{
			Node:    node,
			Doc:     doc,
			Article: str(h.Fields[fieldArticle]),
			Label:   str(h.Fields[fieldLabel]),
			Year:    str(h.Fields[fieldYear]),
			Types:   strs(h.Fields[fieldCType]),
			Text:    str(h.Fields[fieldText]),
		}}
		hit.Kind = "Commitment"
		if hit.Article == node {
			hit.Kind = "Article"
		}
		hit.Marks = marks(hit.Text, h.Locations[fieldText])
		out.Hits = append(out.Hits, hit)
	}
	if q.Facets > 0 {
		out.Facets = map[string][]Count{}
		for name, f := range res.Facets {
			var counts []Count
			if f.Terms != nil {
				for _, t := range f.Terms.Terms() {
					counts = append(counts, Count{Value: t.Term, Count: t.Count})
				}
			}
			out.Facets[name] = counts
		}
	}
	return out, nil
}

// parsed is a text query read: its phrases, its prefixes (in lower case)
// and its other words, as written.
type parsed struct {
	phrases, prefixes, words []string
}

// parseQuery reads the query syntax Query describes, refusing a prefix
// shorter than minPrefix and more than maxParts parts. Empty phrases and
// prefixes are left out; whether a word is a stop word is the backend's
// to say.
func parseQuery(s string) (parsed, error) {
	var p parsed
	for len(s) > 0 {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		if s == "" {
			break
		}
		if s[0] == '"' {
			phrase, rest, _ := strings.Cut(s[1:], `"`)
			s = rest
			if len(words(phrase)) > 0 {
				p.phrases = append(p.phrases, phrase)
			}
			continue
		}
		end := strings.IndexFunc(s, unicode.IsSpace)
		if end < 0 {
			end = len(s)
		}
		w := s[:end]
		s = s[end:]
		if stem, ok := strings.CutSuffix(w, "*"); ok {
			stem = strings.ToLower(strings.Join(words(stem), ""))
			if stem == "" {
				continue
			}
			if utf8.RuneCountInString(stem) < minPrefix {
				return p, fmt.Errorf("%w: the prefix %q is shorter than %d letters", ErrQuery, w, minPrefix)
			}
			p.prefixes = append(p.prefixes, stem)
			continue
		}
		p.words = append(p.words, w)
	}
	if n := len(p.phrases) + len(p.prefixes) + len(p.words); n > maxParts {
		return p, fmt.Errorf("%w: %d words, phrases and prefixes; at most %d", ErrQuery, n, maxParts)
	}
	return p, nil
}

// textQuery is bleve's query for the query syntax Query describes.
func (ix *Index) textQuery(s string) (query.Query, error) {
	p, err := parseQuery(s)
	if err != nil {
		return nil, err
	}
	var parts []query.Query
	for _, phrase := range p.phrases {
		if len(ix.analyse(phrase)) > 0 {
			q := bleve.NewMatchPhraseQuery(phrase)
			q.SetField(fieldText)
			parts = append(parts, q)
		}
	}
	for _, stem := range p.prefixes {
		q := bleve.NewPrefixQuery(stem)
		q.SetField(fieldText)
		parts = append(parts, q)
	}
	var plain []string
	for _, w := range p.words {
		if len(ix.analyse(w)) > 0 {
			plain = append(plain, w)
		}
	}
	if len(plain) > 0 {
		m := bleve.NewMatchQuery(strings.Join(plain, " "))
		m.SetField(fieldText)
		m.SetOperator(query.MatchQueryOperatorAnd)
		parts = append(parts, m)
	}
	if len(parts) == 0 {
		return nil, fmt.Errorf("%w: no word to search for", ErrQuery)
	}
	return bleve.NewConjunctionQuery(parts...), nil
}

// analyse gives the terms the text field's analyser makes of s: none for
// stop words, which a query then leaves out.
func (ix *Index) analyse(s string) []string {
	a := ix.bleve.Mapping().AnalyzerNamed(en.AnalyzerName)
	var out []string
	for _, t := range a.Analyze([]byte(s)) {
		out = append(out, string(t.Term))
	}
	return out
}

// marks turns bleve's byte locations in text into code-point ranges, in
// order, without overlaps.
func marks(text string, locs search.TermLocationMap) [][2]int {
	var bytes [][2]int
	for _, ls := range locs {
		for _, l := range ls {
			if int(l.End) <= len(text) && l.Start < l.End {
				bytes = append(bytes, [2]int{int(l.Start), int(l.End)})
			}
		}
	}
	sort.Slice(bytes, func(i, j int) bool { return bytes[i][0] < bytes[j][0] })
	var out [][2]int
	last := -1
	for _, b := range bytes {
		if b[0] < last {
			continue
		}
		last = b[1]
		out = append(out, [2]int{utf8.RuneCountInString(text[:b[0]]), utf8.RuneCountInString(text[:b[1]])})
	}
	return out
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func strs(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			out = append(out, str(x))
		}
		return out
	}
	return nil
}
