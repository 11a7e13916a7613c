package wilson

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/pactgraph/pactgraph/loaders"
)

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
		// "the Ministry … (MIRB), in the following called …" defines a
		// name of the ministry, as its abbreviation does
		c = strings.TrimSpace(trailingParenRE.ReplaceAllString(c, ""))
		if c != "" && !strings.ContainsAny(c, "()\"“”") {
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

var trailingParenRE = regexp.MustCompile(`\s*\([^()]*\)$`)

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
		if i < len(words)-1 && sentenceWord(bare) {
			break // "… of the USSR. The Ministry …": the name starts after it
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

// sentenceWord reports a word that ends a sentence or clause: with a
// semicolon or colon, or a full stop after more than one letter (not an
// initial, "J.").
func sentenceWord(w string) bool {
	if strings.HasSuffix(w, ";") || strings.HasSuffix(w, ":") {
		return true
	}
	return strings.HasSuffix(w, ".") && len([]rune(strings.TrimSuffix(w, "."))) > 1 && !strings.Contains(strings.TrimSuffix(w, "."), ".")
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
	roles := x.roleTerms()
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
			if end < len(words) && x.headWordType(strings.TrimRight(words[end], ",.;:")) == loaders.Treaty {
				continue // a treaty's title: "the Air Services Agreement"
			}
			if !inRole(roles, words[start:i+1]) {
				x.namedBody(words[start : i+1])
			}
		}
	}
}

// roleTermRE is a definition of a term: `the term "X" means`, `"X" shall
// mean`; every match holds "term" or "mean".
var roleTermRE = sieved{
	re:    regexp.MustCompile(`(?i)(?:\bterms?\s+["“']([^"“”']{3,120})["”']|["“]([^"“”]{3,120})["”]\s+(?:shall\s+)?means?\b)`),
	words: []string{"term", "mean"},
	fold:  true,
}

// roleTerms returns the normal forms of the terms the text defines as a
// choice of alternatives: "Government or Organization of Origin" is a
// role that one party or another plays, not a body, nor is "Organization
// of Origin" inside it.
func (x *extractor) roleTerms() []string {
	var roles []string
	for _, p := range x.translation() {
		for _, m := range roleTermRE.findAllSubmatch(clean(p.text)) {
			term := m[1] + m[2]
			if strings.Contains(" "+strings.ToLower(term)+" ", " or ") {
				roles = append(roles, " "+loaders.NormName(term)+" ")
			}
		}
	}
	return roles
}

// inRole reports a name found inside a role term.
func inRole(roles []string, words []string) bool {
	if len(roles) == 0 {
		return false
	}
	key := " " + loaders.NormName(strings.Trim(strings.Join(words, " "), ",.;:()\"“”")) + " "
	for _, r := range roles {
		if strings.Contains(r, key) {
			return true
		}
	}
	return false
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
	if i := strings.Index(name, " on "); i > 0 {
		if e := x.reg.lookup(name[:i]); e != nil {
			x.reg.found(e, name[:i]) // a known name and a topic: "… Republic on Merchant Shipping"
			return
		}
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
