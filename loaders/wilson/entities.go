package wilson

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pactgraph/pactgraph/loaders"
)

// ent is an entity of the report under construction.
type ent struct {
	loaders.Entity
	names  []string // every name to look for in the text
	found  []string // the names the document uses
	listed bool     // named by the document, so part of the report
	within string   // the id of the state it belongs to, when known
	// docNames are the names the document defines (title block,
	// parentheses, catalogue fields).
	docNames []string
	// nameKeys, foundKeys and docKeys are the loaders.NormName of names,
	// found and docNames, in the same order: names are compared by them.
	nameKeys, foundKeys, docKeys []string
	// searchKeys are the searchKey of names, in the same order.
	searchKeys []string
	// body marks a body the agreement itself sets up.
	body bool
	// entry is the gazetteer's entry of the entity, if any.
	entry *loaders.Entry
}

// mention is one occurrence of an entity's name, in bytes of the file.
type mention struct {
	id         string
	start, end int
}

// registry holds the entities: the gazetteer's, materialised when used,
// and those the document itself defines.
type registry struct {
	gaz   *loaders.Gazetteer
	ents  []*ent
	byID  map[string]*ent
	names map[string]*ent // normalised name → entity
	// shared holds compiled patterns of the gazetteer's names (read only);
	// res those of names the document defines.
	shared map[string]*namePattern
	res    map[string]*namePattern
}

// re returns the pattern matching name in running text, or nil.
func (r *registry) re(name string) *namePattern {
	if re, ok := r.shared[name]; ok {
		return re
	}
	if re, ok := r.res[name]; ok {
		return re
	}
	re := newNamePattern(name)
	r.res[name] = re
	return re
}

// newRegistry makes a registry that knows the entities of gaz (which may
// be nil), none of them listed yet. A Parser makes one and gives each
// document a copy (clone).
func newRegistry(gaz *loaders.Gazetteer) *registry {
	r := &registry{gaz: gaz, byID: map[string]*ent{}, names: map[string]*ent{}, res: map[string]*namePattern{}}
	if gaz != nil {
		for i := range gaz.Entries {
			r.fromEntry(&gaz.Entries[i])
		}
	}
	return r
}

// clone returns a copy of r that shares nothing r's owner may change: its
// entities are new values, their name lists are cut to their length (an
// append copies them) and its maps are new. A Parser clones the registry
// of the gazetteer for each document instead of building it again.
func (r *registry) clone() *registry {
	c := &registry{gaz: r.gaz, shared: r.shared, ents: make([]*ent, len(r.ents)),
		byID: make(map[string]*ent, len(r.byID)), names: make(map[string]*ent, len(r.names)), res: map[string]*namePattern{}}
	vals := make([]ent, len(r.ents))
	to := make(map[*ent]*ent, len(r.ents))
	for i, e := range r.ents {
		v := &vals[i]
		*v = *e
		v.SameAs = append([]string{}, e.SameAs...)
		v.Aliases = cut(e.Aliases)
		v.names, v.found, v.docNames = cut(e.names), cut(e.found), cut(e.docNames)
		v.nameKeys, v.foundKeys, v.docKeys = cut(e.nameKeys), cut(e.foundKeys), cut(e.docKeys)
		v.searchKeys = cut(e.searchKeys)
		c.ents[i] = v
		to[e] = v
	}
	for id, e := range r.byID {
		c.byID[id] = to[e]
	}
	for k, e := range r.names {
		c.names[k] = to[e]
	}
	for k, re := range r.res {
		c.res[k] = re
	}
	return c
}

// cut returns s with its capacity cut to its length.
func cut(s []string) []string { return s[:len(s):len(s)] }

func (r *registry) fromEntry(g *loaders.Entry) *ent {
	if e, ok := r.byID[g.ID]; ok {
		return e
	}
	e := &ent{Entity: loaders.Entity{ID: g.ID, Type: g.Type, Name: g.Name, SameAs: g.SameAs(), Date: g.Date}, within: g.Within, entry: g}
	r.add(e)
	for _, n := range g.Names() {
		r.alias(e, n)
	}
	return e
}

func (r *registry) add(e *ent) {
	r.ents = append(r.ents, e)
	r.byID[e.ID] = e
}

// alias adds a name to e (the first entity to claim a name keeps it).
func (r *registry) alias(e *ent, name string) {
	name = strings.TrimSpace(name)
	k := loaders.NormName(name)
	if k == "" {
		return
	}
	if _, ok := r.names[k]; !ok {
		r.names[k] = e
	}
	if slices.Contains(e.nameKeys, k) {
		return
	}
	e.names = append(e.names, name)
	e.nameKeys = append(e.nameKeys, k)
	e.searchKeys = append(e.searchKeys, searchKey(name))
}

var ofTheRE = regexp.MustCompile(`(?i)^(.+?)\s+of\s+(?:the\s+)?(.+)$`)

// lookup finds an entity by name, also as "<name> of the <its state>".
func (r *registry) lookup(name string) *ent {
	if e, ok := r.names[loaders.NormName(name)]; ok {
		return e
	}
	if m := ofTheRE.FindStringSubmatch(strings.TrimSpace(name)); m != nil {
		e, ok1 := r.names[loaders.NormName(m[1])]
		st, ok2 := r.names[loaders.NormName(m[2])]
		if ok1 && ok2 && e.within == st.ID {
			return e
		}
	}
	if e := r.attachedVariant(name); e != nil {
		return e
	}
	return r.complementVariant(name)
}

// complementVariant looks a name up with the preposition after its head
// swapped, "of" for "for" or back: translations write the "Ministry of
// State Security of the GDR" and the "Ministry for State Security of the
// GDR" for one ministry.
func (r *registry) complementVariant(name string) *ent {
	i, j := strings.Index(name, " of "), strings.Index(name, " for ")
	switch {
	case j > 0 && (i < 0 || j < i):
		return r.names[loaders.NormName(name[:j]+" of "+name[j+len(" for "):])]
	case i > 0:
		return r.names[loaders.NormName(name[:i]+" for "+name[i+len(" of "):])]
	}
	return nil
}

// attachments are the prepositions translations use in turn for an organ
// attached to a higher one: the Committee "with", "of", "under" or "at"
// the Council of Ministers.
var attachments = []string{" with the ", " of the ", " under the ", " at the ", " attached to the "}

// attachedVariant looks a name up with its attachment preposition swapped
// for another one.
func (r *registry) attachedVariant(name string) *ent {
	for _, a := range attachments {
		for i := strings.Index(name, a); i > 0; {
			for _, b := range attachments {
				if b == a {
					continue
				}
				if e, ok := r.names[loaders.NormName(name[:i]+b+name[i+len(a):])]; ok {
					return e
				}
			}
			j := strings.Index(name[i+1:], a)
			if j < 0 {
				break
			}
			i += 1 + j
		}
	}
	return nil
}

// define returns the entity named name, creating it with the given type
// when nobody knows the name; aliases are added to it.
func (r *registry) define(name, typ string, aliases ...string) *ent {
	name = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(name, "the "), "The "))
	e := r.lookup(name)
	for _, a := range aliases {
		if e == nil {
			e = r.lookup(a)
		}
	}
	if e == nil {
		e = &ent{Entity: loaders.Entity{ID: r.uniqueID(slug(name, 6)), Type: typ, Name: name, SameAs: []string{}}}
		r.add(e)
	}
	r.named(e, append([]string{name}, aliases...)...)
	return e
}

// named adds names the document defines to e and lists it.
func (r *registry) named(e *ent, names ...string) {
	for _, a := range names {
		a = strings.TrimSpace(a)
		if a == "" {
			continue
		}
		r.alias(e, a)
		if k := loaders.NormName(a); !e.defined(k) {
			e.docNames = append(e.docNames, a)
			e.docKeys = append(e.docKeys, k)
		}
	}
	e.listed = true
}

func (r *registry) uniqueID(base string) string {
	if base == "" {
		base = "entity"
	}
	id := base
	for n := 2; r.byID[id] != nil; n++ {
		id = base + "-" + itoa(n)
	}
	return id
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

var stopSlug = map[string]bool{"the": true, "of": true, "and": true, "for": true, "with": true, "on": true, "in": true, "to": true, "a": true, "an": true}

// slug makes a stable id from at most n significant words of name.
func slug(name string, n int) string {
	var words []string
	for _, w := range strings.FieldsFunc(strings.ToLower(fold(name)), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-')
	}) {
		w = strings.Trim(w, "-")
		if len(w) < 2 || stopSlug[w] {
			continue
		}
		words = append(words, w)
		if len(words) == n {
			break
		}
	}
	return strings.Join(words, "-")
}

// fold drops the accents of common Latin letters, for ids.
func fold(s string) string {
	const from, to = "áàâäãåăçčćéèêëěíìîïñńóòôöõőřšśşțţúùûüűýžźżłđ", "aaaaaaacccéeeeeiiiinnoooooorsssttuuuuuyzzzld"
	fr, tr := []rune(from), []rune(to)
	m := map[rune]rune{}
	for i := range fr {
		m[fr[i]] = tr[i]
	}
	m['é'] = 'e'
	return strings.Map(func(r rune) rune {
		if x, ok := m[r]; ok {
			return x
		}
		return r
	}, s)
}

// nameRE matches a name in running text: case-insensitively and across
// punctuation for names of several words, exactly for single words.
func nameRE(name string) *regexp.Regexp {
	toks := nameTokens(name)
	if len(toks) == 0 {
		return nil
	}
	q := make([]string, len(toks))
	for i, t := range toks {
		q[i] = regexp.QuoteMeta(t)
	}
	if len(toks) == 1 {
		return regexp.MustCompile(`\b` + q[0] + `\b`)
	}
	return regexp.MustCompile(`(?i)\b` + strings.Join(q, `[\s\p{P}]+`) + `\b`)
}

// nameTokens are the words of a name: its runs of letters and digits.
func nameTokens(name string) []string {
	return strings.FieldsFunc(name, func(r rune) bool { return !(unicode.IsLetter(r) || unicode.IsDigit(r)) })
}

// scan finds every mention of every entity in text[from:]. It returns the
// maximal mentions (not inside a longer one) and marks as listed the
// entities mentioned, also those nested after "of (the)" in a longer name.
func (r *registry) scan(text string, from int) []mention {
	var all []mention
	nt := normalize(text[from:])
	for _, e := range r.ents {
		for i, n := range e.names {
			for _, loc := range nt.find(n, e.searchKeys[i]) {
				all = append(all, mention{id: e.ID, start: from + loc[0], end: from + loc[1]})
			}
		}
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].start != all[j].start {
			return all[i].start < all[j].start
		}
		return all[i].end > all[j].end
	})
	var maximal []mention
	var within []mention // the mentions m is nested in, outermost first
	for _, m := range all {
		for len(within) > 0 && within[len(within)-1].end < m.end {
			within = within[:len(within)-1]
		}
		if len(within) == 0 && len(maximal) > 0 && m.start < maximal[len(maximal)-1].end {
			continue // it overlaps a longer mention without being inside it
		}
		if len(within) == 0 {
			maximal = append(maximal, m)
			r.found(r.byID[m.id], text[m.start:m.end])
			within = append(within, m)
			continue
		}
		// A name after "of (the)" inside the mention around it is named
		// too, also inside a nested one ("Vietnam" in "Ministry of
		// Fisheries of Vietnam" in an agreement's title); another name
		// inside a mention is not ("Warsaw" in "Warsaw Treaty").
		in := within[len(within)-1]
		if m.id != in.id && endsWithOf(text[in.start:m.start]) {
			r.found(r.byID[m.id], text[m.start:m.end])
		}
		within = append(within, m)
	}
	return maximal
}

func (r *registry) found(e *ent, text string) {
	e.listed = true
	text = joinFields(text)
	k := loaders.NormName(text)
	if slices.Contains(e.foundKeys, k) {
		return
	}
	e.found = append(e.found, text)
	e.foundKeys = append(e.foundKeys, k)
}

// entities returns the listed entities in the order they were defined,
// each with the canonical name and the names the document uses.
func (r *registry) entities() []loaders.Entity {
	var out []loaders.Entity
	for _, e := range r.ents {
		if !e.listed {
			continue
		}
		x := e.Entity
		x.Aliases = []string{}
		x.Name = e.writtenName()
		seen := []string{loaders.NormName(x.Name)}
		names := append(append([]string{}, e.found...), e.names...)
		keys := append(append([]string{}, e.foundKeys...), e.nameKeys...)
		for i, n := range names {
			k := keys[i]
			if slices.Contains(seen, k) || !e.usedName(k) {
				continue
			}
			seen = append(seen, k)
			x.Aliases = append(x.Aliases, n)
		}
		if x.SameAs == nil {
			x.SameAs = []string{}
		}
		out = append(out, x)
	}
	return out
}

// writtenName is e's name, or, when the name is in capitals (from a title
// in capitals, "REPUBLIC OF ZEMBLA"), the same name as the text writes it
// elsewhere in lower case ("Republic of Zembla").
func (e *ent) writtenName() string {
	if !capitalsOnly(e.Name) {
		return e.Name
	}
	k := loaders.NormName(e.Name)
	for i, n := range e.found {
		if e.foundKeys[i] == k && !capitalsOnly(n) {
			return n
		}
	}
	return e.Name
}

// capitalsOnly reports a name with letters and none in lower case.
func capitalsOnly(s string) bool {
	return strings.ToUpper(s) == s && strings.ToLower(s) != s
}

// usedName reports whether the document uses the name whose normal form
// (loaders.NormName) is key: found in the text or defined by it.
func (e *ent) usedName(key string) bool {
	return slices.Contains(e.foundKeys, key) || e.defined(key)
}

// defined reports whether the document defines the name whose normal form
// is key.
func (e *ent) defined(key string) bool { return slices.Contains(e.docKeys, key) }

// normText is a text folded for name search: letters and digits in lower
// case, every other run of characters one space; at maps each byte back to
// the start of its rune in the original. Its words are indexed by a hash of
// each, so that find looks only where a name's first word stands.
type normText struct {
	orig string
	norm string
	at   []int32
	// starts are the byte offsets in norm where its words start; head[h] is
	// 1 + the index in starts of the first word whose hash is h (modulo
	// len(head)), 0 for none; next[w] is 1 + the index of the next word
	// after starts[w] with the same hash, 0 for none.
	starts, head, next []int32
}

func normalize(text string) normText {
	norm, at := foldText(text)
	t := normText{orig: text, norm: norm, at: at}
	for i := 0; i < len(norm); i++ {
		if norm[i] != ' ' && (i == 0 || norm[i-1] == ' ') {
			t.starts = append(t.starts, int32(i))
		}
	}
	size := 16
	for size < 2*len(t.starts) {
		size *= 2
	}
	t.head = make([]int32, size)
	t.next = make([]int32, len(t.starts))
	for w := len(t.starts) - 1; w >= 0; w-- { // so that each chain runs forward
		h := wordHash(norm[t.starts[w]:]) & uint32(size-1)
		t.next[w] = t.head[h]
		t.head[h] = int32(w + 1)
	}
	return t
}

// foldText folds text for name search (see normText).
func foldText(text string) (string, []int32) {
	if isASCII(text) {
		return foldASCII(text)
	}
	b := make([]byte, 0, len(text))
	at := make([]int32, 0, len(text))
	space := true
	for i, r := range text {
		if r < utf8.RuneSelf {
			c := byte(r)
			switch {
			case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			default:
				if !space {
					b = append(b, ' ')
					at = append(at, int32(i))
					space = true
				}
				continue
			}
			b = append(b, c)
			at = append(at, int32(i))
			space = false
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n := len(b)
			b = utf8.AppendRune(b, unicode.ToLower(r))
			for ; n < len(b); n++ {
				at = append(at, int32(i))
			}
			space = false
			continue
		}
		if !space {
			b = append(b, ' ')
			at = append(at, int32(i))
			space = true
		}
	}
	return string(b), at
}

// foldASCII is foldText for ASCII text, where each letter or digit is one
// byte and folds to one byte.
func foldASCII(text string) (string, []int32) {
	b := make([]byte, len(text))
	at := make([]int32, len(text))
	n := 0
	space := true
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		default:
			if !space {
				b[n], at[n] = ' ', int32(i)
				n++
				space = true
			}
			continue
		}
		b[n], at[n] = c, int32(i)
		n++
		space = false
	}
	return string(b[:n]), at[:n]
}

// wordHash hashes the word that starts s (up to a space), FNV-1a.
func wordHash(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s) && s[i] != ' '; i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return h
}

// searchKey is the form of a name that find looks for: the name folded
// as the text is, without a space at its end.
func searchKey(name string) string {
	key, _ := foldText(name)
	return strings.TrimSpace(key)
}

// find returns the byte ranges of the original text where name (whose
// searchKey is key) occurs as whole words: ignoring case and punctuation
// for names of several words, exactly for a single word.
func (t normText) find(name, key string) [][2]int {
	if key == "" {
		return nil
	}
	single := !strings.Contains(key, " ")
	var out [][2]int
	for w := t.head[wordHash(key)&uint32(len(t.head)-1)]; w > 0; w = t.next[w-1] {
		s := int(t.starts[w-1])
		e := s + len(key)
		if !strings.HasPrefix(t.norm[s:], key) || e < len(t.norm) && t.norm[e] != ' ' {
			continue
		}
		os := int(t.at[s])
		_, size := utf8.DecodeRuneInString(t.orig[t.at[e-1]:])
		oe := int(t.at[e-1]) + size
		if single && t.orig[os:oe] != strings.TrimSpace(name) {
			continue
		}
		out = append(out, [2]int{os, oe})
	}
	return out
}

// nameOn gives every entity of the gazetteer the name it had on the given
// ISO date (loaders.Entry.NameOn): in a document of 1978 Vietnam is the
// Socialist Republic of Vietnam, in one of 1965 the Democratic Republic.
func (r *registry) nameOn(date string) {
	for _, e := range r.ents {
		if e.entry != nil && len(e.entry.DatedNames) > 0 {
			e.Name = e.entry.NameOn(date)
		}
	}
}
