package wilson

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"

	"github.com/pactgraph/pactgraph/loaders"
)

// extractor reads entities, signatures and commitments out of a split doc.
type extractor struct {
	d         *doc
	lx        *lexicon
	reg       *registry
	idx       runeIndex
	parties   []string
	agreement *ent
	agrDate   *string
	place     *string
	closeDate *string
	sigs      []loaders.Signature
	meta      loaders.Document
	mentions  []mention // maximal mentions in the translation
	// named caches whether a name's pattern matches a party's name
	// (partyState asks the same pairs for every clause).
	named map[[2]string]bool
	// stemsOf holds stems of the parties' names (onBehalf).
	stemsOf map[string]map[string]bool
	stop    stop // the parse's context (cancel.go)
}

func newExtractor(ctx context.Context, d *doc, reg *registry, lx *lexicon) *extractor {
	return &extractor{d: d, lx: lx, reg: reg, idx: newRuneIndex(d.text), stop: newStop(ctx)}
}

// report runs the extraction steps in order and assembles the report; it
// stops when the context ends (cancel.go).
func (x *extractor) report() (*loaders.Report, error) {
	for _, step := range []func(){x.metadata, x.readParties, x.parentheses, x.definedBodies, x.namedBodies,
		x.treatyReferences, x.closingLine, x.signatures, x.agreementEntity, x.findMentions} {
		if x.stopped(-1) {
			return nil, x.stop.err
		}
		step()
	}
	obs := x.commitments()
	if x.stop.err != nil {
		return nil, x.stop.err
	}
	stem := strings.TrimSuffix(filepath.Base(x.d.name), filepath.Ext(x.d.name))
	rep := &loaders.Report{
		ID:       stem,
		Document: x.meta,
		Agreement: loaders.Agreement{
			Entity: x.agreement.ID, Parties: x.parties, Date: x.agrDate, Place: x.place,
		},
		Entities:    x.reg.entities(),
		Signatures:  x.sigs,
		Articles:    x.articles(),
		Obligations: obs,
		Text:        x.d.text,
	}
	if rep.Signatures == nil {
		rep.Signatures = []loaders.Signature{}
	}
	return rep, nil
}

func strp(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// isName reports a capitalised phrase without digits.
func isName(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && unicode.IsUpper([]rune(s)[0]) && !strings.ContainsFunc(s, unicode.IsDigit) && wordCount(s) <= 12
}

// person returns the person with the given name: known to the gazetteer
// by full name or surname (with the first name or its initial, "E. Mielke"
// for Erich Mielke), or new.
func (x *extractor) person(name string) *ent {
	name = strings.TrimSpace(name)
	if e := x.reg.lookup(name); e != nil && e.Type == loaders.Person {
		x.reg.define(e.Name, e.Type, name)
		return e
	}
	f := strings.Fields(name)
	surname := f[len(f)-1]
	if e := x.reg.lookup(surname); e != nil && e.Type == loaders.Person && len(f) > 1 && strings.HasSuffix(e.Name, surname) && strings.HasPrefix(e.Name, strings.TrimSuffix(f[0], ".")) {
		x.reg.define(e.Name, e.Type, name)
		return e
	}
	if x.reg.lookup(name) == nil {
		e := &ent{Entity: loaders.Entity{ID: x.reg.uniqueID(slug(surname, 1)), Type: loaders.Person, Name: name, SameAs: []string{}}}
		x.reg.add(e)
		x.reg.named(e, name)
		return e
	}
	return x.reg.define(name, loaders.Person)
}

var (
	splitTheRE   = regexp.MustCompile(`(?i),\s*and\s+the\s+|,\s*the\s+|\s+and\s+the\s+`)
	splitPlainRE = regexp.MustCompile(`(?i),\s*and\s+|,\s*|\s+and\s+`)
)

// readParties reads the parties from the title block's "Between …".
func (x *extractor) readParties() {
	b := strings.TrimSpace(strings.TrimRight(x.d.between, ".:;"))
	if loc := x.lx.topic.FindStringIndex(b); loc != nil {
		b = b[:loc[0]] // "… and the Y on Cooperation in …", "… held in Berlin"
	}
	for _, p := range x.partyNames(b) {
		p = strings.TrimSpace(p)
		var aliases []string
		if m := x.lx.paren.FindStringSubmatchIndex(p); m != nil {
			aliases = append(aliases, p[m[2]:m[3]])
			p = strings.TrimSpace(p[:m[0]] + p[m[1]:])
		}
		if p == "" {
			continue
		}
		e := x.reg.lookup(p)
		if e == nil {
			e = x.reg.define(p, x.headType(p), aliases...)
			x.stateOf(e, p)
		} else {
			x.reg.define(e.Name, e.Type, append([]string{p}, aliases...)...)
		}
		if !contains(x.parties, e.ID) {
			x.parties = append(x.parties, e.ID)
		}
	}
}

// partyNames cuts the "Between …" text into the names of the parties: at
// ", the" and "and the" when it starts with "the", else at every comma and
// "and" that separates two names, not two fields of one (innerAnd).
func (x *extractor) partyNames(b string) []string {
	if strings.HasPrefix(strings.ToLower(b), "the ") {
		return splitTheRE.Split(b[4:], -1)
	}
	var out []string
	seps := splitPlainRE.FindAllStringIndex(b, -1)
	start := 0
	for i, loc := range seps {
		next := len(b)
		if i+1 < len(seps) {
			next = seps[i+1][0]
		}
		if !strings.Contains(b[loc[0]:loc[1]], ",") && x.innerAnd(b[start:loc[0]], b[loc[1]:next]) {
			continue
		}
		out = append(out, b[start:loc[0]])
		start = loc[1]
	}
	return append(out, b[start:])
}

// innerAnd reports whether the "and" between before and after joins two
// fields inside one organ's name ("Ministry of Trade and Industry of the
// Hungarian People's Republic", "Committee for Science and Technology")
// instead of two names: before is an organ "X of/for A" whose A is no
// known entity, after is no name of its own (no article, no known name, no
// head word of an organisation or state), and a word on either side of
// "and" is a field of work (lexicon "fields"). "The Ministry of Interior of
// the CSSR and Ministry of Public Security of Cuba" are two names.
func (x *extractor) innerAnd(before, after string) bool {
	bw, aw := strings.Fields(before), strings.Fields(after)
	if len(bw) < 3 || len(aw) == 0 || !capital(aw[0]) || x.lx.has(determiners, aw[0]) {
		return false
	}
	of := -1
	for i := len(bw) - 2; i > 0 && of < 0; i-- {
		if w := strings.ToLower(bw[i]); w == "of" || w == "for" {
			of = i
		}
	}
	if of < 0 || x.reg.lookup(strings.Join(bw[of+1:], " ")) != nil {
		return false
	}
	head := aw
	for i, w := range aw {
		if i > 0 && headStop[strings.ToLower(w)] {
			head = aw[:i]
			break
		}
	}
	if x.reg.lookup(after) != nil || x.reg.lookup(strings.Join(head, " ")) != nil {
		return false
	}
	for _, w := range head {
		if x.headWordType(w) != "" || x.reg.lookup(strings.Trim(w, ",.;:")) != nil {
			return false
		}
	}
	return x.lx.has(x.lx.Fields, strings.Trim(bw[len(bw)-1], ",.;:")) || x.lx.has(x.lx.Fields, strings.Trim(head[0], ",.;:"))
}

// stateOf places an unknown organisation "X of (the) S" in the state S it
// names, when S is known, and gives it the name "X of the S'" for every
// name S' of that state ("Ministry of Internal Affairs of the USSR").
func (x *extractor) stateOf(e *ent, name string) {
	if e.Type != loaders.Organisation || e.within != "" {
		return
	}
	words := strings.Fields(name)
	for i := len(words) - 2; i > 0; i-- {
		if words[i] != "of" {
			continue
		}
		tail := strings.Join(words[i+1:], " ")
		st := x.reg.lookup(tail)
		if st == nil || st.Type != loaders.Territory {
			continue
		}
		e.within = st.ID
		head := strings.Join(words[:i], " ")
		for _, n := range st.names {
			x.reg.alias(e, head+" of the "+n)
			x.reg.alias(e, head+" of "+n)
		}
		return
	}
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// headType guesses the type of an unknown name from its head word: the
// last word before the first "of", "for", "on" … ("Federal Ministry of the
// Interior of the Czechoslovak Socialist Republic" → Ministry →
// Organisation; "People's Republic of Albania" → Republic → Territory),
// else its first or last word.
func (x *extractor) headType(name string) string {
	words := strings.Fields(strings.TrimPrefix(strings.TrimPrefix(name, "the "), "The "))
	if len(words) == 0 {
		return loaders.Organisation
	}
	head := len(words) - 1
	for i, w := range words {
		if i > 0 && headStop[strings.ToLower(w)] {
			head = i - 1
			break
		}
	}
	if t := x.headWordType(words[head]); t != "" {
		return t
	}
	for _, w := range []string{words[0], words[len(words)-1]} {
		if t := x.headWordType(w); t != "" {
			return t
		}
	}
	return loaders.Organisation
}

// headStop are the words that end a name's head phrase.
var headStop = map[string]bool{"of": true, "for": true, "on": true, "with": true, "between": true, "in": true, "at": true, "to": true, "against": true}

// headWordType types a head word by the lexicon's heads, or "".
func (x *extractor) headWordType(w string) string {
	w = strings.Trim(w, ",.;:()\"“”")
	h := x.lx.Heads
	switch {
	case x.lx.has(h["treaty"], w):
		return loaders.Treaty
	case x.lx.has(h["organisation"], w):
		return loaders.Organisation
	case x.lx.has(h["territory"], w):
		return loaders.Territory
	}
	return ""
}

// parentheses reads the names the text defines: in parentheses, "the
// Federal Republic of Germany (FRG)", `(hereinafter "the Hungarian
// Party")`, and after a comma, `, hereinafter referred to as "the Soviet
// Party"`.
func (x *extractor) parentheses() {
	d := x.d
	zones := []para{d.title}
	zones = append(zones, d.paras[d.body:]...)
	for _, p := range zones {
		for _, re := range []*regexp.Regexp{x.lx.paren, x.lx.definition} {
			for _, m := range re.FindAllStringSubmatchIndex(p.text, -1) {
				short := strings.TrimSpace(p.text[m[2]:m[3]])
				if wordCount(short) > 12 {
					continue
				}
				chain := nameChain(p.text[:m[0]])
				if x.lx.marker.MatchString(p.text[m[0]:m[1]]) {
					x.definedAs(short, chain)
					continue
				}
				x.parenthesis(short, chain)
			}
		}
	}
}

// definedAs makes short an alias of the name it follows, which the text
// says explicitly ("hereinafter"), so short need not abbreviate it. A
// collective name ("the Contracting Parties") or the agreement's own ("the
// Treaty") defines nobody.
func (x *extractor) definedAs(short string, chain []string) {
	if x.wholeMatch(x.lx.collective, short) || x.wholeMatch(x.lx.self, short) {
		return
	}
	var plain []string
	for _, c := range chain {
		if !strings.ContainsAny(c, "()\"“”") {
			plain = append(plain, c)
		}
	}
	for _, c := range plain { // longest known name first
		if e := x.reg.lookup(c); e != nil && e.Type != loaders.Person {
			x.reg.define(e.Name, e.Type, c, short)
			return
		}
	}
	if len(plain) > 0 && wordCount(plain[0]) >= 2 {
		x.reg.define(plain[0], x.headType(plain[0]), short)
		return
	}
	x.parenthesis(short, chain)
}

// wholeMatch reports whether p matches all of s, with or without "the".
func (x *extractor) wholeMatch(p phrases, s string) bool {
	for _, t := range []string{s, "the " + s} {
		if loc := p.find(t); loc != nil && loc[0] == 0 && loc[1] == len(t) {
			return true
		}
	}
	return false
}

func (x *extractor) parenthesis(short string, chain []string) {
	es := x.reg.lookup(short)
	long := ""
	for _, c := range chain { // longest first
		if el := x.reg.lookup(c); el != nil && (el == es || es == nil && (compatible(short, c) || acronym(short))) {
			long, es = c, el
			break
		}
	}
	if long == "" {
		for _, c := range chain {
			if compatible(short, c) {
				long = c
				break
			}
		}
	}
	switch {
	case es != nil && long != "":
		x.reg.define(es.Name, es.Type, long, short)
	case es != nil:
		x.reg.define(es.Name, es.Type, short)
	case long != "":
		x.reg.define(long, x.headType(long), short)
	case x.headType(short) != loaders.Organisation || x.lx.has(x.lx.Heads["organisation"], strings.Fields(short)[0]):
		x.reg.define(short, x.headType(short))
	}
}

var connectors = map[string]bool{"of": true, "the": true, "for": true, "with": true, "and": true, "on": true, "de": true}

// nameChain returns the capitalised name that ends s, and its shorter
// suffixes that start with a capitalised word, longest first.
func nameChain(s string) []string {
	s = strings.TrimRight(s, " ")
	words := strings.Fields(s)
	start := len(words)
	for i := len(words) - 1; i >= 0; i-- {
		w := words[i]
		bare := strings.TrimRight(w, ",")
		if bare != w && i != len(words)-1 && !capital(words[i+1]) {
			break
		}
		if bare != w && i == len(words)-1 {
			break
		}
		if capital(bare) || (connectors[strings.ToLower(bare)] && i < len(words)-1) {
			start = i
			continue
		}
		break
	}
	var out []string
	for i := start; i < len(words); i++ {
		if capital(words[i]) && words[i] != "The" {
			out = append(out, strings.TrimRight(strings.Join(words[i:], " "), ","))
		}
	}
	return out
}

func capital(w string) bool {
	w = strings.TrimLeft(w, `"“'(`)
	return w != "" && unicode.IsUpper([]rune(w)[0])
}

// upperCount counts the capital letters of a word.
func upperCount(w string) int {
	n := 0
	for _, r := range w {
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n
}

// acronym reports a name made of abbreviations only ("MdI", "MV CSSR",
// "MfS of the GDR").
func acronym(s string) bool {
	n := 0
	for _, w := range strings.Fields(s) {
		if connectors[strings.ToLower(w)] {
			continue
		}
		up := upperCount(w)
		if up < 2 {
			return false
		}
		n++
	}
	return n > 0
}

// compatible reports whether short abbreviates long: its letters (all of an
// acronym's, the first of other capitalised words) appear in order among
// the initials of long, starting with the first.
func compatible(short, long string) bool {
	var sl []rune
	for _, w := range strings.Fields(short) {
		if connectors[strings.ToLower(w)] {
			continue
		}
		up := upperCount(w)
		if up >= 2 {
			for _, r := range w {
				if unicode.IsLetter(r) {
					sl = append(sl, unicode.ToLower(r))
				}
			}
		} else if capital(w) {
			sl = append(sl, unicode.ToLower([]rune(w)[0]))
		}
	}
	var ll []rune
	for _, w := range strings.Fields(long) {
		ll = append(ll, unicode.ToLower([]rune(w)[0]))
	}
	if len(sl) == 0 || len(ll) == 0 || sl[0] != ll[0] {
		return false
	}
	j := 0
	for _, r := range ll {
		if j < len(sl) && sl[j] == r {
			j++
		}
	}
	return j == len(sl)
}

// definedBodies reads bodies the agreement sets up: "a Joint Command",
// "an Operative Group".
func (x *extractor) definedBodies() {
	for _, p := range x.translation() {
		for _, m := range x.lx.establish.findAllSubmatch(p.text) {
			name := joinFields(m[1])
			if wordCount(name) < 2 {
				continue
			}
			x.reg.define(name, loaders.Organisation).body = true
		}
	}
}

// namedBodies reads organisations the text names by an organisational head
// word: "the Council of Ministers of the USSR", "the Soviet Army". The name
// runs from the capitalised words before the head through "of/for/with
// (the) …"; a name whose first part is known is that entity ("Operative
// Group of the MfS"); an organ of a known organisation ("Central Committee
// of the SED") is left to the gazetteer.
func (x *extractor) namedBodies() {
	heads := map[string]bool{}
	for _, h := range x.lx.Heads["organisation"] {
		heads[h] = true
	}
	for _, p := range x.translation() {
		words := strings.Fields(clean(p.text))
		for i := 0; i < len(words); i++ {
			w := strings.TrimRight(words[i], ",.;:")
			if !heads[w] || !plainCapital(w) {
				continue
			}
			start := i
			for start > 0 && plainCapital(words[start-1]) && !x.lx.has(determiners, words[start-1]) && !strings.ContainsAny(words[start-1], ",.;:") {
				start--
			}
			end := i + 1
			if end < len(words) && !strings.ContainsAny(words[end-1], ",.;:)") && designationRE.MatchString(words[end]) {
				end++ // "Main Department II", "Department X"
			}
			for end+1 < len(words) && !strings.ContainsAny(words[end-1], ",.;:)") && connectors[strings.ToLower(words[end])] && (strings.ToLower(words[end]) != "and" || x.innerAnd(strings.Join(words[start:end], " "), phraseAt(words[end+1:]))) {
				k := end
				for k < len(words) && connectors[strings.ToLower(words[k])] {
					k++
				}
				if k >= len(words) || !plainCapital(strings.TrimRight(words[k], ",.;:")) {
					break
				}
				first := k
				// a later word with a colon is the label of the next line
				// ("… of the MfS / Deadline: …"), not part of the name
				for k < len(words) && plainCapital(strings.TrimRight(words[k], ",.;:")) && (k == end || !strings.ContainsAny(words[k-1], ",.;:")) && (k == first || !strings.HasSuffix(words[k], ":")) {
					k++
				}
				end = k
			}
			i = end - 1
			x.namedBody(words[start : i+1])
		}
	}
}

// phraseAt returns the name that words start with: capitalised words and
// connectors, up to a punctuation mark (the word that bears it included)
// or a bracket.
func phraseAt(words []string) string {
	end := 0
	for end < len(words) {
		w := words[end]
		if strings.HasPrefix(w, "(") || !capital(w) && !connectors[strings.ToLower(strings.TrimRight(w, ",.;:)"))] {
			break
		}
		end++
		if strings.ContainsAny(w, ",.;:)") {
			break
		}
	}
	return strings.TrimRight(strings.Join(words[:end], " "), ",.;:)")
}

var designationRE = regexp.MustCompile(`^(?:[IVXL]+|[A-Z]|\d{1,3})[,.;:]?$`)

// knownPrefix resolves the longest part of name before a connector
// ("Operative Group" of "Operative Group of the MfS") to an organisation.
func (x *extractor) knownPrefix(name string) *ent {
	words := strings.Fields(name)
	for k := len(words) - 1; k > 0; k-- {
		if !connectors[strings.ToLower(words[k])] || connectors[strings.ToLower(words[k-1])] {
			continue
		}
		if e := x.reg.lookup(strings.Join(words[:k], " ")); e != nil && e.Type == loaders.Organisation {
			return e
		}
	}
	return nil
}

// plainCapital reports a capitalised word without brackets or quotes.
func plainCapital(w string) bool {
	return capital(w) && !strings.ContainsAny(w, "()\"“”")
}

var determiners = []string{"The", "A", "An", "No", "Every", "Any", "Neither", "Either", "Each", "Such", "Other", "This", "That", "These", "Those", "Its", "Their", "In", "For", "By", "Both", "Each", "All", "Any", "Within", "According", "With", "After"}

func (x *extractor) namedBody(words []string) {
	name := strings.TrimRight(strings.Join(words, " "), ",.;:)")
	name = strings.TrimLeft(name, "(\"“")
	key := loaders.NormName(name)
	for _, nb := range x.lx.NotBodies {
		if strings.Contains(key, nb) {
			return
		}
	}
	known := x.reg.lookup(name) // nothing below changes the names known before it is used
	if m := x.lx.side.findSubmatch("the " + name + " "); m != nil && len(m[0]) == len(name)+4 && known == nil && x.sideParty(m[1]) != "" {
		return // "the Hungarian Party": a party named by its side, not a body
	}
	if wordCount(name) < 2 || known != nil {
		if known != nil {
			x.reg.found(known, name)
		}
		return
	}
	if e := x.knownPrefix(name); e != nil {
		x.reg.define(e.Name, e.Type, name)
		return
	}
	if e := x.partyWithoutState(name); e != nil {
		x.reg.define(e.Name, e.Type, name)
		return
	}
	if m := ofTheRE.FindStringSubmatch(name); m != nil {
		if e := x.reg.lookup(m[2]); e != nil && e.Type == loaders.Organisation {
			return // an organ of a known organisation
		}
	}
	x.reg.define(name, loaders.Organisation)
}

// partyWithoutState returns the one party named "<name> of <its state>"
// ("the Ministry of Trade and Industry" for the Ministry of Trade and
// Industry of the Hungarian People's Republic), or nil when none or
// several are (two Ministries of the Interior).
func (x *extractor) partyWithoutState(name string) *ent {
	var found *ent
	for _, p := range x.parties {
		pe := x.reg.byID[p]
		st := x.reg.byID[pe.within]
		if pe.Type != loaders.Organisation || st == nil {
			continue
		}
		for _, n := range st.names {
			if x.reg.lookup(name+" of "+n) == pe {
				if found != nil && found != pe {
					return nil
				}
				found = pe
				break
			}
		}
	}
	return found
}

// translation returns the paragraphs of the preamble and the articles.
func (x *extractor) translation() []para {
	out := append([]para{}, x.d.preamble...)
	for _, a := range x.d.articles {
		out = append(out, a.paras...)
	}
	return out
}

// Every match of these starts with one of the keys given.
var (
	treatyRefRE   = mustKeyed(`\b(treaty|agreement|convention|protocol)\s+(?:between|on)\s`, "treaty", "agreement", "convention", "protocol")
	namedTreatyRE = mustKeyed(`\b(?:Treaty|Agreement|Convention|Protocol)\s+(?:of|on)\s+[A-Z]`, "Treaty", "Agreement", "Convention", "Protocol")
)

// treatyReferences reads other agreements the text invokes: "the treaty
// between A and B on X from 28 November 1957", and "the Treaty of
// Friendship … between A and B of 7 October 1975" when its date is not
// that of the known treaty of the same name.
func (x *extractor) treatyReferences() {
	for _, p := range x.translation() {
		t := clean(p.text)
		for _, loc := range treatyRefRE.findAll(t) {
			x.treatyAt(t[loc[0]:])
		}
		for _, loc := range namedTreatyRE.findAll(t) {
			x.datedTreaty(t[loc[0]:])
		}
		for _, m := range bareTreatyRE.findAll(t) {
			x.treatyByDate(t[m[0]:m[1]])
		}
	}
}

// bareTreatyRE is a treaty named by its date alone: "the Treaty of 14 May 1955".
var bareTreatyRE = mustKeyed(`\b(?:Treaty|Agreement|Convention|Protocol|Pact)\s+(?:of|from|dated)\s+(?:the\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+`+monthRE+`,?\s+\d{4}|`+monthRE+`\s+\d{1,2},?\s+\d{4}|\d{1,2}\.\s?\d{1,2}\.\s?\d{4})`,
	"Treaty", "Agreement", "Convention", "Protocol", "Pact")

// treatyByDate names the one known treaty of that kind and date by a
// mention that gives only its date.
func (x *extractor) treatyByDate(s string) {
	iso, _, ok := findDate(s)
	if !ok || x.reg.lookup(s) != nil {
		return
	}
	kind := strings.ToLower(strings.Fields(s)[0])
	var found *ent
	for _, e := range x.reg.ents {
		if e.Type != loaders.Treaty || e.Date != iso || !strings.Contains(strings.ToLower(e.Name), kind) {
			continue
		}
		if found != nil {
			return // two treaties of that date: the mention is ambiguous
		}
		found = e
	}
	if found != nil {
		x.reg.named(found, s)
	}
}

// datedTreaty reads "<Treaty name> between A and B of <date>": a treaty
// of another date than the known one of that name is another treaty.
func (x *extractor) datedTreaty(s string) {
	iso, loc, ok := findDate(s)
	if !ok || wordCount(s[:loc[0]]) > 40 {
		return
	}
	lead := dateLeadRE.FindStringIndex(s[:loc[0]])
	if lead == nil {
		return
	}
	name := strings.TrimRight(s[:lead[0]], ",")
	short, _, between := strings.Cut(name, " between ")
	if strings.ContainsAny(name, ".;:") {
		return
	}
	if !between {
		// "the Treaty of Friendship … of 1 March 1970": a known name with
		// another date is another treaty, named with its date
		name = s[:loc[1]]
	}
	if x.reg.lookup(name) != nil {
		return
	}
	if known := x.reg.lookup(short); known == nil || known.Type != loaders.Treaty || known.Date == "" || known.Date == iso {
		return
	}
	id := x.reg.uniqueID(slug(short, 3) + "-" + iso[:4])
	e := &ent{Entity: loaders.Entity{ID: id, Type: loaders.Treaty, Name: name, SameAs: []string{}, Date: iso}}
	x.reg.add(e)
	x.reg.named(e, name)
}

var dateLeadRE = regexp.MustCompile(`\s+(?:from|of|dated|signed on|concluded on)\s+$`)

func (x *extractor) treatyAt(s string) {
	name, date := "", ""
	if iso, loc, ok := findDate(s); ok && wordCount(s[:loc[0]]) <= 40 {
		if lead := dateLeadRE.FindStringIndex(s[:loc[0]]); lead != nil {
			name, date = s[:lead[0]], iso
		}
	}
	if name == "" {
		end := strings.IndexAny(s, ",;.:")
		if end < 0 {
			end = len(s)
		}
		name = s[:end]
		if wordCount(name) > 12 {
			return
		}
	}
	if !strings.Contains(name, " on ") || wordCount(name) < 3 {
		return
	}
	if x.reg.lookup(name) != nil {
		return
	}
	head, topic, _ := strings.Cut(name, " on ")
	aliases := []string{}
	if strings.Contains(head, " between ") {
		h, _, _ := strings.Cut(head, " ")
		aliases = append(aliases, h+" on "+topic)
	}
	year := ""
	if len(date) >= 4 {
		year = "-" + date[:4]
	}
	id := x.reg.uniqueID(strings.Fields(head)[0] + "-" + slug(topic, 3) + year)
	e := &ent{Entity: loaders.Entity{ID: id, Type: loaders.Treaty, Name: name, SameAs: []string{}, Date: date}}
	x.reg.add(e)
	x.reg.named(e, append([]string{name}, aliases...)...)
}

var doneRE = regexp.MustCompile(`^(?:Done|Signed|Drawn up|Concluded|Made) (?:at|in) ([A-Z][\w'-]*(?:\s[A-Z][\w'-]*)*)`)

// closingLine reads the place and date of signature from "Done at …".
func (x *extractor) closingLine() {
	for _, p := range x.d.closing {
		t := clean(p.text)
		place := ""
		if m := doneRE.FindStringSubmatch(t); m != nil {
			place = m[1]
		} else if pl, ok := placeDate(t); ok && x.place == nil {
			place = pl
		}
		if place != "" {
			e := x.reg.lookup(place)
			if e == nil {
				e = x.reg.define(place, loaders.Territory)
			} else {
				x.reg.define(e.Name, e.Type, place)
			}
			x.place = &e.ID
		}
		if iso, _, ok := findDate(t); ok && x.closeDate == nil {
			x.closeDate = &iso
		}
	}
}

var (
	signedLineRE = regexp.MustCompile(`(?i)^(?:\[(?:signed|signature|initialled|initialed)\]|\((?:signed|signature|initialled|initialed)\)|signed:?|initiall?ed:?)\s*(.+)$`)
	personRE     = regexp.MustCompile(`^(?:(?:[A-Z][\p{L}'.-]*|de|del|da|di|van|von|der|la|le|y)\s+){0,4}[A-Z][\p{L}'-]+$`)
)

// signatures reads the signature blocks: office lines or "For the <party>"
// above "[Signed] Name[, Office]", and an optional date line below.
func (x *extractor) signatures() {
	type block struct {
		person, office, party string
		date                  *string
		para                  int  // paragraph of the name line
		after                 bool // the office is written below the name
	}
	var bs []block
	var pending []string
	forParty := ""
	for pi, p := range x.d.sigs {
		lines := sigLines(p.text)
		for li, t := range lines {
			var last *block
			if len(bs) > 0 {
				last = &bs[len(bs)-1]
			}
			party, forLine := forPrefix(t)
			switch m := signedLineRE.FindStringSubmatch(t); {
			case m != nil:
				name, office, _ := strings.Cut(m[1], ", ")
				if strings.TrimSpace(name) == "" {
					break // "[Signed] , Chairman": nobody to record
				}
				if office == "" {
					office = strings.Join(pending, " ")
				}
				bs = append(bs, block{person: x.person(name).ID, office: office, party: forParty, para: pi})
				pending, forParty = nil, ""
			case last != nil && wordCount(t) <= 4 && isDate(t):
				iso, _, _ := findDate(t)
				last.date = &iso
			case forParty != "" && nameLine(t) && (len(pending) == 0 || strings.Contains(t, " ")) &&
				(strings.Contains(t, " ") || li+1 == len(lines) || !nameLine(lines[li+1]) || !strings.Contains(lines[li+1], " ")):
				// a single word above a full name is the office: "Chairman" / "Yu. V. Andropov"
				// "For the X" / ["Office"] / "Name" [/ "Office"], without a [Signed] mark
				bs = append(bs, block{person: x.person(t).ID, office: strings.Join(pending, " "), party: forParty, para: pi})
				pending, forParty = nil, ""
			case last != nil && last.para == pi && !forLine && (last.office == "" || last.after):
				last.office = strings.TrimSpace(last.office + " " + t) // the office below the name
				last.after = true
			case forLine:
				forParty = party
			default:
				pending = append(pending, t)
			}
		}
	}
	x.agrDate = x.d.date
	if x.agrDate == nil {
		x.agrDate = x.closeDate
	}
	for i, b := range bs {
		s := loaders.Signature{Person: b.person, Office: b.office, OnBehalfOf: x.onBehalf(b.party, b.office, i), Date: b.date}
		switch {
		case s.Date != nil:
		case x.closeDate != nil:
			s.Date = x.closeDate
		default:
			s.Date = x.agrDate
		}
		if x.agrDate == nil {
			x.agrDate = s.Date
		}
		x.sigs = append(x.sigs, s)
	}
}

var forRE = regexp.MustCompile(`(?i)^(?:for|on behalf of|in the name of)\s+(?:the\s+)?(.+?)\s*:?$`)

// nameLine reports a line that may be a signatory's bare name.
func nameLine(t string) bool { return personRE.MatchString(t) && !strings.Contains(t, " of ") }

// forPrefix reads "For the <party>", "On behalf of the <party>:".
func forPrefix(t string) (string, bool) {
	m := forRE.FindStringSubmatch(t)
	if m == nil {
		return "", false
	}
	return m[1], true
}

var forColonRE = regexp.MustCompile(`(?i)^((?:for|on behalf of|in the name of)\s[^:]+:)\s*(\S.*)$`)

// sigLines returns the cleaned lines of a signature paragraph; "For the X:
// (signed) Name" on one line is two.
func sigLines(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		t := clean(line)
		if t == "" {
			continue
		}
		if m := forColonRE.FindStringSubmatch(t); m != nil {
			out = append(out, m[1], m[2])
			continue
		}
		out = append(out, t)
	}
	return out
}

func isDate(s string) bool {
	_, _, ok := findDate(s)
	return ok
}

// onBehalf picks the party a signatory signs for: the one named after "For
// the", else the one whose names share most words with the office, else the
// party in the same position.
func (x *extractor) onBehalf(forParty, office string, n int) string {
	if forParty != "" {
		if p := x.organOf(forParty); p != "" {
			return p
		}
		if e := x.reg.lookup(forParty); e != nil {
			if !contains(x.parties, e.ID) {
				x.parties = append(x.parties, e.ID)
			}
			return e.ID
		}
		office = forParty + " " + office
	}
	best, bestScore := "", 0
	ow := stems(office)
	for _, id := range x.parties {
		score := 0
		for _, n := range x.reg.byID[id].names {
			s := overlap(ow, x.stems(n))
			if s > score {
				score = s
			}
		}
		if score > bestScore {
			best, bestScore = id, score
		}
	}
	if best != "" {
		return best
	}
	if n < len(x.parties) {
		return x.parties[n]
	}
	if forParty != "" {
		return x.reg.define(forParty, x.headType(forParty)).ID
	}
	if len(x.parties) > 0 {
		return x.parties[0]
	}
	return ""
}

// organOf returns the party a name belongs to when it is not a party
// itself but an organ of one: "Government of the People's Republic of
// Bulgaria" signs for the party Bulgaria.
func (x *extractor) organOf(name string) string {
	if e := x.reg.lookup(name); e != nil && contains(x.parties, e.ID) {
		return e.ID
	}
	words := strings.Fields(name)
	for i := 1; i < len(words)-1; i++ {
		if words[i] != "of" {
			continue
		}
		if e := x.reg.lookup(strings.Join(words[i+1:], " ")); e != nil && contains(x.parties, e.ID) {
			return e.ID
		}
	}
	return ""
}

// stems returns stems(s), computed once in a document.
func (x *extractor) stems(s string) map[string]bool {
	if st, ok := x.stemsOf[s]; ok {
		return st
	}
	if x.stemsOf == nil {
		x.stemsOf = map[string]map[string]bool{}
	}
	st := stems(s)
	x.stemsOf[s] = st
	return st
}

func stems(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len(w) < 3 || stopSlug[w] {
			continue
		}
		if len(w) > 6 {
			w = w[:6]
		}
		out[w] = true
	}
	return out
}

func overlap(a, b map[string]bool) int {
	n := 0
	for w := range a {
		if b[w] {
			n++
		}
	}
	return n
}

var titleDateRE = regexp.MustCompile(`,\s*[^,]*\d{4}\s*$`)

// agreementEntity names the agreement itself: a treaty the gazetteer knows
// (and dates the same day), or a new one named by the title.
func (x *extractor) agreementEntity() {
	title := clean(x.d.title.text)
	base := strings.TrimSpace(titleDateRE.ReplaceAllString(title, ""))
	bare, paren := base, ""
	if m := x.lx.paren.FindStringSubmatchIndex(base); m != nil {
		paren = base[m[2]:m[3]]
		bare = strings.TrimSpace(base[:m[0]] + base[m[1]:])
	}
	var blockTexts []string
	for _, p := range x.d.block {
		blockTexts = append(blockTexts, clean(p.text))
	}
	block := strings.Join(blockTexts, " ")
	head := block
	if i := strings.Index(strings.ToLower(block), "between "); i > 0 {
		head = strings.TrimSpace(block[:i])
	}
	if wordCount(head) < 2 {
		head = ""
	}
	names := []string{paren, bare, head}
	for _, n := range names {
		if n == "" {
			continue
		}
		if e := x.reg.lookup(n); e != nil && e.Type == loaders.Treaty && (e.Date == "" || x.agrDate == nil || e.Date == *x.agrDate) {
			x.reg.named(e, title, base, bare, block, head, paren)
			x.agreement = e
			return
		}
	}
	kind := "agreement"
	if f := strings.Fields(head); len(f) > 0 {
		kind = strings.ToLower(f[0])
	}
	id := kind
	if x.agrDate != nil {
		id += "-" + (*x.agrDate)[:4]
	}
	e := &ent{Entity: loaders.Entity{ID: x.reg.uniqueID(id), Type: loaders.Treaty, Name: bare, SameAs: []string{}}}
	if x.agrDate != nil {
		e.Date = *x.agrDate
	}
	x.reg.add(e)
	x.reg.named(e, bare, title, base, block, head)
	x.agreement = e
}

// articles returns the articles with their spans.
func (x *extractor) articles() []loaders.Article {
	out := []loaders.Article{}
	for _, a := range x.d.articles {
		ps := nonDebris(a.paras)
		s, e := trimRange(x.d.text, ps[0].start, ps[len(ps)-1].end)
		out = append(out, loaders.Article{
			Number: a.number,
			Text:   x.d.text[s:e],
			Span:   [2]int{x.idx[s], x.idx[e]},
		})
	}
	return out
}
