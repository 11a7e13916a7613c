package wilson

import (
	"regexp"
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
	// body marks a body the agreement itself sets up.
	body bool
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
	shared map[string]*regexp.Regexp
	res    map[string]*regexp.Regexp
}

// re returns the pattern matching name in running text, or nil.
func (r *registry) re(name string) *regexp.Regexp {
	if re, ok := r.shared[name]; ok {
		return re
	}
	if re, ok := r.res[name]; ok {
		return re
	}
	re := nameRE(name)
	r.res[name] = re
	return re
}

func newRegistry(gaz *loaders.Gazetteer) *registry {
	r := &registry{gaz: gaz, byID: map[string]*ent{}, names: map[string]*ent{}, res: map[string]*regexp.Regexp{}}
	if gaz != nil {
		for i := range gaz.Entries {
			r.fromEntry(&gaz.Entries[i])
		}
	}
	return r
}

func (r *registry) fromEntry(g *loaders.Entry) *ent {
	if e, ok := r.byID[g.ID]; ok {
		return e
	}
	e := &ent{Entity: loaders.Entity{ID: g.ID, Type: g.Type, Name: g.Name, SameAs: g.SameAs(), Date: g.Date}, within: g.Within}
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
	for _, n := range e.names {
		if loaders.NormName(n) == k {
			return
		}
	}
	e.names = append(e.names, name)
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
	return r.attachedVariant(name)
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
		if !e.defined(a) {
			e.docNames = append(e.docNames, a)
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
	toks := strings.FieldsFunc(name, func(r rune) bool { return !(unicode.IsLetter(r) || unicode.IsDigit(r)) })
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

// scan finds every mention of every entity in text[from:]. It returns the
// maximal mentions (not inside a longer one) and marks as listed the
// entities mentioned, also those nested after "of (the)" in a longer name.
func (r *registry) scan(text string, from int) []mention {
	var all []mention
	nt := normalize(text[from:])
	for _, e := range r.ents {
		for _, n := range e.names {
			for _, loc := range nt.find(n) {
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
	nestedEnd := 0
	for _, m := range all {
		if len(maximal) > 0 && m.start < maximal[len(maximal)-1].end {
			outer := maximal[len(maximal)-1]
			if m.end <= nestedEnd {
				continue // inside a nested mention already seen
			}
			if m.id != outer.id && ofBefore(text[outer.start:m.start]) {
				r.found(r.byID[m.id], text[m.start:m.end])
			}
			nestedEnd = m.end
			continue
		}
		maximal = append(maximal, m)
		r.found(r.byID[m.id], text[m.start:m.end])
	}
	return maximal
}

var ofEndRE = regexp.MustCompile(`(?i)\bof(?:\s+the)?\s+$`)

func ofBefore(s string) bool { return ofEndRE.MatchString(s) }

func (r *registry) found(e *ent, text string) {
	e.listed = true
	text = strings.Join(strings.Fields(text), " ")
	for _, f := range e.found {
		if loaders.NormName(f) == loaders.NormName(text) {
			return
		}
	}
	e.found = append(e.found, text)
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
		seen := map[string]bool{loaders.NormName(x.Name): true}
		for _, n := range append(append([]string{}, e.found...), e.names...) {
			k := loaders.NormName(n)
			if seen[k] || !e.usedName(n) {
				continue
			}
			seen[k] = true
			x.Aliases = append(x.Aliases, n)
		}
		if x.SameAs == nil {
			x.SameAs = []string{}
		}
		out = append(out, x)
	}
	return out
}

// usedName reports whether the document uses the name (found in the text or
// defined by it).
func (e *ent) usedName(n string) bool {
	for _, f := range e.found {
		if loaders.NormName(f) == loaders.NormName(n) {
			return true
		}
	}
	return e.defined(n)
}

func (e *ent) defined(n string) bool {
	for _, d := range e.docNames {
		if loaders.NormName(d) == loaders.NormName(n) {
			return true
		}
	}
	return false
}

// normText is a text folded for name search: letters and digits in lower
// case, every other run of characters one space; at maps each byte back to
// the start of its rune in the original, size to that rune's length.
type normText struct {
	orig string
	norm string
	at   []int
}

func normalize(text string) normText {
	var b strings.Builder
	var at []int
	space := true
	for i, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n := b.Len()
			b.WriteRune(unicode.ToLower(r))
			for ; n < b.Len(); n++ {
				at = append(at, i)
			}
			space = false
			continue
		}
		if !space {
			b.WriteByte(' ')
			at = append(at, i)
			space = true
		}
	}
	return normText{orig: text, norm: b.String(), at: at}
}

// find returns the byte ranges of the original text where name occurs as
// whole words: ignoring case and punctuation for names of several words,
// exactly for a single word.
func (t normText) find(name string) [][2]int {
	key := normalize(name).norm
	key = strings.TrimSpace(key)
	if key == "" {
		return nil
	}
	single := !strings.Contains(key, " ")
	var out [][2]int
	for i := 0; i < len(t.norm); {
		j := strings.Index(t.norm[i:], key)
		if j < 0 {
			break
		}
		s, e := i+j, i+j+len(key)
		i = s + 1
		if s > 0 && t.norm[s-1] != ' ' || e < len(t.norm) && t.norm[e] != ' ' {
			continue
		}
		os := t.at[s]
		_, size := utf8.DecodeRuneInString(t.orig[t.at[e-1]:])
		oe := t.at[e-1] + size
		if single && t.orig[os:oe] != strings.TrimSpace(name) {
			continue
		}
		out = append(out, [2]int{os, oe})
	}
	return out
}
