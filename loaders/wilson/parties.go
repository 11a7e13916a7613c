package wilson

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pactgraph/pactgraph/loaders"
)

var (
	splitTheRE   = regexp.MustCompile(`(?i),\s*and\s+the\s+|,\s*the\s+|\s+and\s+the\s+`)
	splitPlainRE = regexp.MustCompile(`(?i),\s*and\s+|,\s*|\s+and\s+`)
)

// purposeRE opens a title's purpose in lower case after the parties'
// names: "for air services", "for the avoidance of double taxation". A
// name goes on in capitals ("Committee for State Security").
var purposeRE = regexp.MustCompile(`\s(?:for|to)\s+(?:the\s+)?\p{Ll}`)

// readParties reads the parties: from the title block's "Between …", or
// from the contracting sides that open the preamble ("The Government of X
// and the Government of Y, desiring …, have agreed as follows"). When both
// name sides and they differ, the preamble's, the sides that "have
// agreed", are the parties. Without either, the signatures name them
// (signatures.go).
func (x *extractor) readParties() {
	b := strings.TrimSpace(strings.TrimRight(x.d.between, ".:;"))
	topic := x.lx.topic
	if strings.ToUpper(b) == b {
		topic = x.lx.topicFold // a title in capitals: "… TREATY REGARDING THE STATUS …"
	}
	if loc := topic.FindStringIndex(b); loc != nil {
		b = b[:loc[0]] // "… and the Y on Cooperation in …", "… held in Berlin"
	}
	if loc := purposeRE.FindStringIndex(b); loc != nil && strings.ToUpper(b) != b {
		b = b[:loc[0]] // "… and the Government of Y for air services between …"
	}
	if b != "" {
		x.parties = x.partyIDs(x.partyNames(b))
	}
	sides, collective, agreed := x.preambleSides()
	switch {
	case len(sides) == 0:
	case len(x.parties) == 0:
		x.parties = x.partyIDs(sides)
	case agreed && !collective:
		ids := x.partyIDs(sides)
		if !sameSet(ids, x.parties) {
			x.parties = ids
		}
	}
}

// partyIDs returns the entities of the parties' names, made when unknown.
func (x *extractor) partyIDs(names []string) []string {
	var ids []string
	for _, p := range names {
		p = strings.TrimSpace(editorialRE.ReplaceAllString(p, " "))
		var aliases []string
		if m := x.lx.paren.FindStringSubmatchIndex(p); m != nil {
			aliases = append(aliases, p[m[2]:m[3]])
			p = strings.TrimSpace(p[:m[0]] + p[m[1]:])
		}
		p = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(p, "the "), "The "))
		if p == "" {
			continue
		}
		e := x.reg.lookup(p)
		if e == nil {
			e = x.reg.define(p, x.listType(p, names), aliases...)
			x.stateOf(e, p)
		} else {
			x.reg.define(e.Name, e.Type, append([]string{p}, aliases...)...)
		}
		if !contains(ids, e.ID) {
			ids = append(ids, e.ID)
		}
	}
	return ids
}

// listType types an unknown party by its head word, else as its
// siblings in the list are typed: "Ruritania" among "the Kingdom of
// Belgium, Ruritania and Canada" is a state, as those known are.
func (x *extractor) listType(name string, names []string) string {
	if x.states {
		return loaders.Territory // "The Governments of A, B and C"
	}
	if t := x.headType(name); t != loaders.Organisation || x.headWordType(strings.Fields(name)[0]) != "" || strings.Contains(name, " ") {
		return t
	}
	for _, n := range names {
		n = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(n), "the "), "The "))
		if e := x.reg.lookup(n); e != nil && e.Type == loaders.Territory {
			return loaders.Territory
		}
	}
	return loaders.Organisation
}

// titleWords capitalises the words of a name but its function words: "the
// interior" → "the Interior".
func titleWords(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		if !stopSlug[w] && w != "the" {
			r, n := utf8.DecodeRuneInString(w)
			words[i] = string(unicode.ToUpper(r)) + w[n:]
		}
	}
	return strings.Join(words, " ")
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, s := range a {
		if !contains(b, s) {
			return false
		}
	}
	return true
}

// preambleSides reads the contracting sides that open the preamble: the
// text before its first recital or predicate, over several paragraphs
// when each names one side ("The Kingdom of Belgium," / "Canada," / … /
// "Have agreed as follows:"), or the sides of a conference
// ("representatives of the ministries of A, B and C met in Warsaw").
// collective marks sides named only as a whole ("The States Parties to
// this Treaty"), agreed that the sides are the subject of "have agreed".
func (x *extractor) preambleSides() (sides []string, collective, agreed bool) {
	var text []string
	pre := x.d.preamble
	for i, p := range pre {
		t := clean(editorialRE.ReplaceAllString(p.text, " "))
		if m := conferenceRE.FindStringSubmatch(t); m != nil {
			return x.names(x.distribute(m[1])), false, true
		}
		if i == 0 && x.lx.recitalStart.MatchString(t) {
			// The preamble opens with a recital: the sides may follow it
			// ("Guided by …, the X and the Y have agreed").
			sides := x.sidesAfterRecitals(pre)
			return sides, false, len(sides) > 0
		}
		if loc := x.lx.sidesEnd.FindStringIndex(t); loc != nil {
			text = append(text, t[:loc[0]])
			agreed = x.lx.agrees.MatchString(t[loc[0]:]) || x.agreesBelow(pre[i+1:])
			break
		}
		text = append(text, strings.TrimRight(t, ",;"))
		if i+1 == len(pre) || wordCount(strings.Join(text, " ")) > 60 {
			return nil, false, false // no end found: not a list of sides
		}
		if x.lx.recitalStart.MatchString(clean(pre[i+1].text)) {
			agreed = x.agreesBelow(pre[i+1:])
			break
		}
	}
	s := ""
	for _, t := range text {
		switch {
		case s == "":
			s = t
		case strings.HasSuffix(s, " and"):
			s += " " + t // "…Northern Ireland, and" / "the United States of America"
		default:
			s += ", " + t
		}
	}
	s = strings.TrimSpace(s)
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(s, ",")), " and"))
	if s == "" || wordCount(s) > 60 || strings.Contains(s, ". ") {
		return nil, false, false
	}
	if collectiveRE.MatchString(s) {
		return []string{x.collectiveName(s)}, true, agreed
	}
	return x.names(x.distribute(s)), false, agreed
}

// sidesAfterRecitals reads the sides of a preamble that opens with its
// recitals and names the sides last, right before they agree: "Guided by
// the wish to …, the Ministry of X and the Academy of Y have agreed as
// follows:". The sides run back from "have agreed" over the names between
// commas, to the paragraph's start or to a part that is no name (a
// recital).
func (x *extractor) sidesAfterRecitals(pre []para) []string {
	for _, p := range pre {
		t := clean(editorialRE.ReplaceAllString(p.text, " "))
		loc := x.lx.agrees.FindStringIndex(t)
		if loc == nil {
			continue
		}
		head := strings.TrimRight(strings.TrimSpace(t[:loc[0]]), ",")
		var sides []string
		for {
			cut := strings.LastIndex(head, ", ")
			part := strings.TrimSpace(head[cut+1:])
			if x.lx.recitalStart.MatchString(part) {
				break
			}
			ns := x.names(x.distribute(part))
			if ns == nil {
				break
			}
			sides = append(ns, sides...)
			if cut < 0 {
				break
			}
			head = head[:cut]
		}
		return sides
	}
	return nil
}

// agreesBelow reports a paragraph among ps that opens with an agreeing
// predicate: "Have agreed as follows:".
func (x *extractor) agreesBelow(ps []para) bool {
	for _, p := range ps {
		t := " " + clean(p.text)
		if loc := x.lx.agrees.FindStringIndex(t); loc != nil && loc[0] == 0 {
			return true
		}
	}
	return false
}

// names returns ns when every one is a name ("the Kingdom of Belgium"),
// else nil: a list of sides holds nothing else.
func (x *extractor) names(ns []string) []string {
	for _, n := range ns {
		n = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(n), "the "), "The "))
		if !isName(n) || wordCount(n) > 15 {
			return nil
		}
	}
	return ns
}

// conferenceRE is the opening of a conference's protocol: "representatives
// of the ministries of A, B and C met in Warsaw"; group 1 names the sides.
var conferenceRE = regexp.MustCompile(`(?i)\brepresentatives\s+of\s+(?:the\s+)?(.+?)\s+(?:have\s+)?(?:met|gathered|assembled|held)\b`)

// collectiveRE is a name of the parties as a whole: "The Parties to the
// North Atlantic Treaty", "The States Parties to this Treaty", "The States
// concluding this Treaty".
var collectiveRE = regexp.MustCompile(`(?i)^(?:the\s+)?(?:(?:states?|high\s+contracting|contracting|member)\s+)?(?:parties|states)\b(?:\s+(?:to|of|concluding|signatory\s+to)\b|$)`)

var selfRefRE = regexp.MustCompile(`(?i)\b(?:this|the\s+present)\s+(?:treaty|convention|agreement|protocol)\b`)

// collectiveName names the parties as a whole. A name that refers to the
// agreement itself ("this Treaty") or to none ("The Contracting Parties")
// is named after the title instead, so that the parties of two treaties
// are two entities: "The States Parties
// to this Treaty" of the Treaty on the Non-Proliferation of Nuclear
// Weapons → "Parties to the Treaty on the Non-Proliferation of Nuclear
// Weapons".
func (x *extractor) collectiveName(s string) string {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(s, "the "), "The "))
	if strings.Contains(strings.ToLower(s), " to ") && !selfRefRE.MatchString(s) {
		return s // the parties of another treaty: "Parties to the North Atlantic Treaty"
	}
	title := ""
	for _, p := range x.d.block {
		title = strings.TrimSpace(title + " " + blockText(p))
	}
	if title == "" {
		title = strings.TrimSpace(titleDateRE.ReplaceAllString(clean(x.d.title.text), ""))
	}
	if title == "" {
		return s
	}
	return "Parties to the " + strings.TrimPrefix(strings.TrimPrefix(title, "the "), "The ")
}

var pluralHeadRE = regexp.MustCompile(`^(?:[Tt]he\s+)?(Governments|Ministries|Committees|Services|governments|ministries|committees|services)\s+of\s+`)

// distribute cuts a list of sides into names, at commas and "and" between
// two names (not inside one: "the United Kingdom of Great Britain and
// Northern Ireland, and …" with its Oxford comma, "Ministry of Trade and
// Industry"). A plural head is shared: "The Governments of Belgium,
// Canada and Denmark" are the states Belgium, Canada and Denmark (as a
// government signs for its state); "the ministries of the interior of A
// and B" are the Ministry of the Interior of A and that of B.
func (x *extractor) distribute(s string) []string {
	prefix := ""
	if m := pluralHeadRE.FindStringSubmatch(s); m != nil {
		rest := s[len(m[0]):]
		first := len(rest)
		if loc := splitPlainRE.FindStringIndex(rest); loc != nil {
			first = loc[0]
		}
		middle := ""
		if i := strings.LastIndex(rest[:first], " of "); i >= 0 {
			middle, rest = rest[:i], rest[i+len(" of "):] // "the interior" of "A, B and C"
		}
		head := strings.ToLower(m[1])
		if head != "governments" || middle != "" {
			singular := map[string]string{"governments": "Government", "ministries": "Ministry", "committees": "Committee", "services": "Service"}[head]
			prefix = singular + " of " + titleWords(middle) + " of "
			prefix = strings.Replace(prefix, " of  of ", " of ", 1)
		} else {
			x.states = true
		}
		s = rest
	}
	seps := splitPlainRE.FindAllStringIndex(s, -1)
	oxford := false // "A, B, and C": a bare "and" is inside a name
	for _, loc := range seps {
		oxford = oxford || strings.Contains(s[loc[0]:loc[1]], ",") && strings.Contains(s[loc[0]:loc[1]], "and")
	}
	var out []string
	start := 0
	for i, loc := range seps {
		if oxford && !strings.Contains(s[loc[0]:loc[1]], ",") {
			continue
		}
		next := len(s)
		if i+1 < len(seps) {
			next = seps[i+1][0]
		}
		whole := strings.TrimPrefix(strings.TrimPrefix(s[start:next], "the "), "The ")
		if x.reg.lookup(whole) != nil && x.reg.lookup(strings.TrimSpace(s[loc[1]:next])) == nil ||
			!strings.Contains(s[loc[0]:loc[1]], ",") && x.innerAnd(s[start:loc[0]], s[loc[1]:next]) {
			continue
		}
		out = append(out, s[start:loc[0]])
		start = loc[1]
	}
	out = append(out, s[start:])
	for len(out) > 1 && collectiveRE.MatchString(strings.TrimSpace(out[len(out)-1])) {
		out = out[:len(out)-1] // an apposition: "A and B, Parties to the North Atlantic Treaty"
	}
	if prefix != "" {
		for i, n := range out {
			out[i] = prefix + strings.TrimSpace(n)
		}
	}
	return out
}

// partyNames cuts the "Between …" text into the names of the parties: at
// ", the" and "and the" when it starts with "the", else at every comma and
// "and" that separates two names, not two fields of one (innerAnd).
func (x *extractor) partyNames(b string) []string {
	if strings.HasPrefix(strings.ToLower(b), "the ") {
		var out []string
		for _, n := range splitTheRE.Split(b[4:], -1) {
			out = append(out, x.splitBareAnd(n)...)
		}
		return out
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

var bareAndRE = regexp.MustCompile(`\s+and\s+`)

// splitBareAnd cuts a name at an "and" without an article before a second
// name that opens with a head word, as a second party is often written:
// "the Ministry of State Security of the GDR and Ministry of the Interior
// of Ruritania". An "and" inside one name stays: "Ministry of Trade and
// Industry" (innerAnd), "Kingdom of Great Britain and Northern Ireland"
// ("Northern" is no head word).
func (x *extractor) splitBareAnd(n string) []string {
	for _, loc := range bareAndRE.FindAllStringIndex(n, -1) {
		before, after := n[:loc[0]], n[loc[1]:]
		first, _, _ := strings.Cut(after, " ")
		if x.headWordType(first) == "" || x.innerAnd(before, after) {
			continue
		}
		return append([]string{before}, x.splitBareAnd(after)...)
	}
	return []string{n}
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
	tries := []string{words[0]}
	if head == len(words)-1 {
		tries = append(tries, words[head]) // no complement: "Soviet Army"
	}
	for _, w := range tries {
		if t := x.headWordType(w); t != "" {
			return t
		}
	}
	return loaders.Organisation // not the head of a complement: "Parties to the North Atlantic Treaty"
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
	if found == nil {
		found = x.partyByShortName(name)
	}
	return found
}

// partyByShortName returns the one party whose name is name followed by
// "of …": "the Harbour Board" for the "Harbour Board of Norvala", also when
// no gazetteer knows Norvala. Two such parties ("Ministry of the Interior"
// of two states) make it none.
func (x *extractor) partyByShortName(name string) *ent {
	key := loaders.NormName(name)
	if key == "" || wordCount(key) < 2 && !x.lx.has(x.lx.Heads["organisation"], strings.TrimSpace(name)) {
		return nil
	}
	var found *ent
	for _, p := range x.parties {
		pe := x.reg.byID[p]
		if pe == nil || pe.Type != loaders.Organisation {
			continue
		}
		for _, n := range pe.names {
			if strings.HasPrefix(loaders.NormName(n), key+" of ") {
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

// partiesLine is the line where the parties were looked for: the preamble's
// first, else the title block's, else the translation's.
func (x *extractor) partiesLine() int {
	switch {
	case len(x.d.preamble) > 0:
		return x.d.preamble[0].line
	case len(x.d.block) > 0:
		return x.d.block[0].line
	}
	return x.d.lastLineAt(x.d.body)
}
