package fulltext

import (
	"bytes"
	"container/heap"
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// A name search reads the index's segments itself rather than through
// bleve's searchers: the entities of each group of matches (exact, word
// starts, inside a word) are a bitmap of document numbers per segment,
// the union of the postings of the terms the query picks from a field's
// dictionary, so that counting the matches costs a few bitmap operations
// however many entities match; and a page of a group that holds much of
// the index is found by walking the dictionary of sort keys, in order,
// until the page is full, rather than by reading the sort key of every
// match. A search whose matches are few reads their sort keys and sorts
// them. A query of several words ranks its candidates from the index's
// words too, each name's words of an entity of several names kept apart
// (fieldSlots), and reads the names of those it cannot rank so: a name
// that holds the query inside a word, or the query's words found only
// across names (phraseGroups). At ten million quads "republic" matched
// 100,071 of 200,131 named entities, and bleve's sorted search read the
// sort key of each.

// Names finds the entities one of whose names matches q, ignoring case,
// best first: a name equal to q, then names with a word starting with
// each word of q, then names holding q inside a word; each group in the
// order of the entities' canonical names. typ, when not empty, keeps
// entities of that API type. It gives the IRIs from the offset-th on, at
// most limit (0: maxHits), and how many match in all. The words of q must
// start words of one name, not words spread over several.
func (ix *Index) Names(ctx context.Context, q, typ string, offset, limit int) ([]string, int, error) {
	needle := strings.ToLower(strings.TrimSpace(q))
	fail := func(err error) ([]string, int, error) {
		return nil, 0, fmt.Errorf("search names for %q: %w", q, err)
	}
	snap, err := ix.snapshot()
	if err != nil {
		return fail(err)
	}
	defer snap.close()
	var of docs // the entities of the type asked for; nil: all
	if typ != "" {
		if of, err = snap.docsWith(ctx, termIs(fieldType, typ)); err != nil {
			return fail(err)
		}
	}
	var groups [3]docs
	if len(words(needle)) > 1 {
		groups, err = snap.phraseGroups(ctx, needle, of)
	} else {
		groups, err = snap.wordGroups(ctx, needle, of)
	}
	if err != nil {
		return fail(err)
	}
	if limit == 0 {
		limit = maxHits
	}
	var (
		out   []string
		total int
	)
	for _, found := range groups {
		n := found.count()
		// How many of this group fall in the window [offset, offset+limit).
		from := max(offset-total, 0)
		size := max(offset+limit-total-from, 0)
		total += n
		if size == 0 || from >= n {
			continue
		}
		keys, err := snap.page(ctx, found, n, from, size)
		if err != nil {
			return fail(err)
		}
		for _, k := range keys {
			out = append(out, iriOfSortKey(k))
		}
	}
	return out, total, nil
}

// wordGroups is the three groups of Names for a query of one word or
// none (only separators), of the entities of, each without the entities
// of the groups before.
func (snap snapshot) wordGroups(ctx context.Context, needle string, of docs) ([3]docs, error) {
	ws := words(needle)
	picks := [3]terms{termIs(fieldWhole, needle)}
	if len(ws) == 1 {
		picks[1] = termsStarting(fieldNames, ws[0])
	}
	// Inside a word: a query of one word is inside a word of a name, so
	// it is looked for among the distinct words of all names, far fewer
	// than the names, rather than in every name whole; the words it
	// starts are left out: their entities are in the group before.
	if len(ws) == 1 && ws[0] == needle {
		picks[2] = termsWhere(fieldNames, func(t string) bool { return strings.Index(t, needle) > 0 })
	} else {
		picks[2] = termsWhere(fieldWhole, func(t string) bool { return strings.Contains(t, needle) })
	}
	var (
		groups [3]docs
		seen   = snap.none() // the entities of the groups before
	)
	for i, t := range picks {
		if t.field == "" { // no word to start words with
			groups[i] = snap.none()
			continue
		}
		found, err := snap.docsWith(ctx, t)
		if err != nil {
			return groups, err
		}
		found.and(of)
		found.andNot(seen)
		seen.or(found)
		groups[i] = found
	}
	return groups, nil
}

// iriOfSortKey is the IRI of the entity of a sort key: an entity's sort
// key is its first name, a NUL and its record's id.
func iriOfSortKey(key string) string {
	_, id, _ := strings.Cut(key, "\x00")
	return strings.TrimPrefix(id, "e ")
}

// phraseGroups is the three groups of Names for a query of several
// words, of the entities of. A name of any group holds the first word
// inside a word or at its start, and each other word at the start of a
// word (they follow a separator in the query): the candidates. An entity
// with a name that is the query is in the first group. In the second: an
// entity of one name whose words start with each of the query's, and one
// of several names one of which does (bleve matches the words of a field
// of several values in any of them, so each name's words are in the
// index apart too: fieldSlots). The names of the other candidates are
// read from the doc values and checked, one by one, for the query inside
// them; each entity goes to the best group of its names.
func (snap snapshot) phraseGroups(ctx context.Context, needle string, of docs) ([3]docs, error) {
	var groups [3]docs
	ws := words(needle)
	found, err := snap.docsWith(ctx, termsWhere(fieldNames, func(t string) bool { return strings.Contains(t, ws[0]) }))
	if err != nil {
		return groups, err
	}
	found.and(of)
	starting := make([]docs, len(ws))
	for i, w := range ws {
		if starting[i], err = snap.docsWith(ctx, termsStarting(fieldNames, w)); err != nil {
			return groups, err
		}
		if i > 0 {
			found.and(starting[i])
		}
	}
	several, err := snap.docsWith(ctx, termIs(fieldSeveral, "y"))
	if err != nil {
		return groups, err
	}
	if groups[0], err = snap.docsWith(ctx, termIs(fieldWhole, needle)); err != nil {
		return groups, err
	}
	// A name that is the query; of one name, its words starting words.
	groups[0].and(found)
	groups[1] = found.clone()
	groups[1].andNot(several)
	groups[1].and(starting[0])
	// Of several names, one of them with each word starting a word: the
	// words of each name are in the index apart (fieldSlots).
	slotted, err := snap.startingOneName(ctx, ws)
	if err != nil {
		return groups, err
	}
	slotted.and(found)
	groups[1].or(slotted)
	groups[1].andNot(groups[0])
	groups[2] = snap.none()
	// To read: those with the query's words only across names, or inside
	// words.
	read := found
	read.andNot(groups[0])
	read.andNot(groups[1])
	ph := newPhrase(needle)
	best := -1
	value := func(_ string, name []byte) {
		if g := ph.rank(name); g >= 0 && (best < 0 || g < best) {
			best = g
		}
	}
	err = snap.visit(ctx, read, []string{fieldWhole}, value, func(seg int, doc uint32) {
		if best >= 0 {
			groups[best][seg].Add(doc)
		}
		best = -1
	})
	return groups, err
}

// startingOneName is the entities of several names one of which has a
// word starting with each of ws: for each word, the terms of fieldSlots
// it starts, apart by the name they come from, then, name by name, the
// entities with every word.
func (snap snapshot) startingOneName(ctx context.Context, ws []string) (docs, error) {
	var byName map[string]docs // the entities of each name with each word so far
	for i, w := range ws {
		by, err := snap.docsBy(ctx, termsStarting(fieldSlots, w), func(t string) string {
			_, name, _ := strings.Cut(t, slotSep)
			return name
		})
		if err != nil {
			return nil, err
		}
		if i > 0 {
			for name, d := range by {
				if prev := byName[name]; prev != nil {
					d.and(prev)
				} else {
					delete(by, name)
				}
			}
		}
		byName = by
	}
	out := snap.none()
	for _, d := range byName {
		out.or(d)
	}
	return out, nil
}

// phrase is a query of several words as a name is checked against it.
type phrase struct {
	whole []byte   // the query, in lower case
	words [][]byte // its words, as words splits them
}

func newPhrase(needle string) *phrase {
	p := &phrase{whole: []byte(needle)}
	for _, w := range words(needle) {
		p.words = append(p.words, []byte(w))
	}
	return p
}

// rank is the group of one name, in lower case: 0 when it is the query,
// 1 when each of the query's words starts one of its words, 2 when it
// holds the query; -1 when it does not match.
func (p *phrase) rank(name []byte) int {
	switch {
	case bytes.Equal(name, p.whole):
		return 0
	case p.startsWords(name):
		return 1
	case bytes.Contains(name, p.whole):
		return 2
	}
	return -1
}

// startsWords says whether each of the query's words starts a word of
// name: is found where no letter, digit or _ comes before it.
func (p *phrase) startsWords(name []byte) bool {
	for _, w := range p.words {
		found := false
		for at := 0; !found; {
			i := bytes.Index(name[at:], w)
			if i < 0 {
				return false
			}
			before, _ := utf8.DecodeLastRune(name[:at+i])
			found = at+i == 0 || !isWordRune(before)
			at += i + 1
		}
	}
	return true
}

// snapshot is the index as one search reads it: its segments as they
// were when the search began (an entity a write adds meanwhile is left
// out, as if the search had come first).
type snapshot struct {
	segs  []*scorch.SegmentSnapshot
	close func()
}

// snapshot takes the index's segments as they are now. The index is
// bleve's scorch, on disk or in memory (Open).
func (ix *Index) snapshot() (snapshot, error) {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return snapshot{}, err
	}
	r, err := adv.Reader()
	if err != nil {
		return snapshot{}, err
	}
	is, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		r.Close()
		return snapshot{}, fmt.Errorf("search index: a %T, not bleve's scorch", r)
	}
	return snapshot{segs: is.Segments(), close: func() { r.Close() }}, nil
}

// docs is a set of the index's documents: a bitmap of document numbers
// for each segment of a snapshot. A nil docs is every document, as a
// filter.
type docs []*roaring.Bitmap

func (d docs) and(o docs) {
	if o == nil {
		return
	}
	for i := range d {
		d[i].And(o[i])
	}
}

func (d docs) andNot(o docs) {
	if o == nil {
		return
	}
	for i := range d {
		d[i].AndNot(o[i])
	}
}

// none is an empty set of documents of snap.
func (snap snapshot) none() docs {
	d := make(docs, len(snap.segs))
	for i := range d {
		d[i] = roaring.New()
	}
	return d
}

func (d docs) clone() docs {
	c := make(docs, len(d))
	for i, b := range d {
		c[i] = b.Clone()
	}
	return c
}

// or adds o to d.
func (d docs) or(o docs) {
	for i := range d {
		d[i].Or(o[i])
	}
}

func (d docs) count() int {
	n := 0
	for _, b := range d {
		n += int(b.GetCardinality())
	}
	return n
}

// terms picks terms of a field of the index: those from from to to (to
// left out; nil: no bound) that keep says (nil: all).
type terms struct {
	field    string
	from, to []byte
	keep     func(term string) bool
}

func termIs(field, t string) terms {
	return terms{field: field, from: []byte(t), to: append([]byte(t), 0)}
}

func termsStarting(field, prefix string) terms {
	t := terms{field: field, from: []byte(prefix)}
	// The first term after every term prefix starts: its last byte that
	// can grow, grown, and the rest cut.
	for i := len(prefix) - 1; i >= 0; i-- {
		if prefix[i] < 0xff {
			t.to = append([]byte(prefix[:i]), prefix[i]+1)
			break
		}
	}
	return t
}

func termsWhere(field string, keep func(string) bool) terms {
	return terms{field: field, keep: keep}
}

// docsWith is the documents, not deleted, with a term t picks.
func (snap snapshot) docsWith(ctx context.Context, t terms) (docs, error) {
	by, err := snap.docsBy(ctx, t, func(string) string { return "" })
	if err != nil || by[""] != nil {
		return by[""], err
	}
	return snap.none(), nil
}

// docsBy is docsWith with the documents apart by what group says of the
// term they have (one with two terms in two groups is in both).
func (snap snapshot) docsBy(ctx context.Context, t terms, group func(term string) string) (map[string]docs, error) {
	out := map[string]docs{}
	var (
		pl segment.PostingsList
		pi segment.PostingsIterator
	)
	for i, s := range snap.segs {
		dict, err := s.Segment().Dictionary(t.field)
		if err != nil {
			return nil, err
		}
		it := dict.AutomatonIterator(nil, t.from, t.to)
		for n := 0; ; n++ {
			if n%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
			}
			e, err := it.Next()
			if err != nil {
				return nil, err
			}
			if e == nil {
				break
			}
			if t.keep != nil && !t.keep(e.Term) {
				continue
			}
			if pl, err = dict.PostingsList([]byte(e.Term), nil, pl); err != nil {
				return nil, err
			}
			g := group(e.Term)
			if out[g] == nil {
				out[g] = snap.none()
			}
			pi = pl.Iterator(false, false, false, pi)
			if err := addPostings(out[g][i], pi); err != nil {
				return nil, err
			}
		}
		if del := s.Deleted(); del != nil {
			for _, d := range out {
				d[i].AndNot(del)
			}
		}
	}
	return out, nil
}

// addPostings adds the documents of a postings list to a bitmap: its
// bitmap whole where the segment gives it.
func addPostings(to *roaring.Bitmap, it segment.PostingsIterator) error {
	if o, ok := it.(segment.OptimizablePostingsIterator); ok {
		if b := o.ActualBitmap(); b != nil {
			to.Or(b)
			return nil
		}
	}
	for {
		p, err := it.Next()
		if err != nil || p == nil {
			return err
		}
		to.Add(uint32(p.Number()))
	}
}

// visit reads the doc values of fields of each document of d, calling
// value with each and done after each document's, with the document's
// segment and number in it.
func (snap snapshot) visit(ctx context.Context, d docs, fields []string, value func(field string, term []byte), done func(seg int, doc uint32)) error {
	for i, s := range snap.segs {
		dv, ok := s.Segment().(segment.DocValueVisitable)
		if !ok {
			return fmt.Errorf("search index: a segment (%T) keeps no doc values", s.Segment())
		}
		var state segment.DocVisitState
		it := d[i].Iterator()
		for n := 0; it.HasNext(); n++ {
			if n%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			doc := it.Next()
			var err error
			if state, err = dv.VisitDocValues(uint64(doc), fields, value, state); err != nil {
				return err
			}
			done(i, doc)
		}
	}
	return nil
}

// walkBudget is how many sort keys page may walk to find a page of size
// keys among n matches of all entities, 0 when it should read the
// matches' keys instead. A key walked costs about four keys read from the
// matches' doc values, so a walk may take a quarter as many keys as there
// are matches, and is not begun when the page is unlikely to fill within
// that: about size × all / n keys hold size matches if the matches are
// spread evenly over the order of names, which they need not be ("e"
// starts a word of few names before the names starting with e). A
// variable for the tests.
var walkBudget = func(n, size, all int) int {
	budget := size + n/4
	if size*all/max(n, 1) > budget {
		return 0
	}
	return budget
}

// page is the sort keys of the from-th to the (from+size-1)-th of d (n
// documents) in the order of their keys. With many matches the
// dictionary of sort keys is walked in order, each key's document looked
// up in d, until the page is full (walkBudget); else, or when the walk
// found too few within its budget, each match's key is read and the keys
// sorted.
func (snap snapshot) page(ctx context.Context, d docs, n, from, size int) ([]string, error) {
	all := 0 // the entities: a sort key each
	for _, s := range snap.segs {
		dict, err := s.Segment().Dictionary(fieldSort)
		if err != nil {
			return nil, err
		}
		all += dict.Cardinality()
	}
	if budget := walkBudget(n, from+size, all); budget > 0 {
		keys, done, err := snap.walkSortKeys(ctx, d, from, size, budget)
		if err != nil || done {
			return keys, err
		}
	}
	keys := make([]string, 0, n)
	err := snap.visit(ctx, d, []string{fieldSort}, func(_ string, term []byte) {
		keys = append(keys, string(term))
	}, func(int, uint32) {})
	if err != nil {
		return nil, err
	}
	slices.Sort(keys)
	return keys[min(from, len(keys)):min(from+size, len(keys))], nil
}

// walkSortKeys is page by walking the segments' dictionaries of sort keys
// together, in order, at most budget keys; done is false when the budget
// ran out before the page was full and the keys ran out.
func (snap snapshot) walkSortKeys(ctx context.Context, d docs, from, size, budget int) (keys []string, done bool, err error) {
	var h sortKeys
	for i, s := range snap.segs {
		dict, err := s.Segment().Dictionary(fieldSort)
		if err != nil {
			return nil, false, err
		}
		c := &sortKeyCursor{seg: i, dict: dict, it: dict.AutomatonIterator(nil, nil, nil)}
		if err := c.next(); err != nil {
			return nil, false, err
		}
		if c.key != "" {
			h = append(h, c)
		}
	}
	heap.Init(&h)
	var (
		pl segment.PostingsList
		pi segment.PostingsIterator
	)
	for n := 0; len(h) > 0 && len(keys) < size; n++ {
		if n == budget {
			return nil, false, nil
		}
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, false, err
			}
		}
		c := h[0]
		if pl, err = c.dict.PostingsList([]byte(c.key), nil, pl); err != nil {
			return nil, false, err
		}
		pi = pl.Iterator(false, false, false, pi)
		p, err := pi.Next()
		if err != nil {
			return nil, false, err
		}
		if p != nil && d[c.seg].Contains(uint32(p.Number())) {
			if from > 0 {
				from--
			} else {
				keys = append(keys, c.key)
			}
		}
		if err := c.next(); err != nil {
			return nil, false, err
		}
		if c.key == "" {
			heap.Pop(&h)
		} else {
			heap.Fix(&h, 0)
		}
	}
	return keys, true, nil
}

// sortKeyCursor is where a walk of the sort keys is in one segment's
// dictionary; key "" when at its end (a sort key is never empty: it
// holds the record's id).
type sortKeyCursor struct {
	seg  int
	dict segment.TermDictionary
	it   segment.DictionaryIterator
	key  string
}

func (c *sortKeyCursor) next() error {
	e, err := c.it.Next()
	switch {
	case err != nil:
		return err
	case e == nil:
		c.key = ""
	default:
		c.key = e.Term
	}
	return nil
}

// sortKeys is a heap of cursors, the least key first.
type sortKeys []*sortKeyCursor

func (h sortKeys) Len() int           { return len(h) }
func (h sortKeys) Less(i, j int) bool { return h[i].key < h[j].key }
func (h sortKeys) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *sortKeys) Push(x any)        { *h = append(*h, x.(*sortKeyCursor)) }
func (h *sortKeys) Pop() any {
	old := *h
	c := old[len(old)-1]
	*h = old[:len(old)-1]
	return c
}
