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

// unit is one clause of an article: a sentence, or a part of one between
// semicolons, with the list items it introduces. Offsets are bytes.
type unit struct {
	article    string
	para       int
	start, end int
	items      [][2]int
}

// draft is a commitment under construction.
type draft struct {
	unit       *unit
	modality   string
	typ        string
	bearers    []string
	start, end int
	cueEnd     int
	cue        string // the modal cue as written
}

// commitments reads the commitments of the preamble and the articles.
func (x *extractor) commitments() []loaders.Obligation {
	out := []loaders.Obligation{}
	groups := []struct {
		number string
		paras  []para
	}{{"preamble", x.d.preamble}}
	for _, a := range x.d.articles {
		groups = append(groups, struct {
			number string
			paras  []para
		}{a.number, a.paras})
	}
	for _, g := range groups {
		var drafts []draft
		for _, u := range x.units(g.number, g.paras) {
			if x.stopped(u.start) {
				return nil
			}
			drafts = append(drafts, x.unitDrafts(u, drafts)...)
		}
		for _, dr := range mergeDrafts(drafts) {
			if x.stopped(dr.start) {
				return nil
			}
			out = append(out, x.obligation(dr))
		}
	}
	return out
}

var listMarkerRE = regexp.MustCompile(`^(?:[-–—•*·]|\(?[a-z]\)|\(?\d{1,2}[.)]|\(?[ivx]{1,4}\))(?:\s|$)`)

// units splits paragraphs into clauses; a paragraph that ends without a
// full stop (or with a colon) and is followed by list items introduces them.
func (x *extractor) units(number string, ps []para) []*unit {
	var out []*unit
	for i := 0; i < len(ps); i++ {
		p := ps[i]
		if debrisOnly(p.text) {
			continue
		}
		for i+1 < len(ps) && !endsSentence(p.text) && continuation(ps[i+1]) && x.lx.pageBreak(x.d.text[p.end:ps[i+1].start]) {
			i++ // a sentence cut by a page break goes on in the next paragraph
			p.end = ps[i].end
			p.text = x.d.text[p.start:p.end]
		}
		clauses := x.clauses(p)
		for _, c := range clauses {
			c.article, c.para = number, i
			out = append(out, c)
		}
		t := clean(p.text)
		if endsSentence(t) && !strings.HasSuffix(t, ":") || len(clauses) == 0 {
			continue
		}
		last := clauses[len(clauses)-1]
		for i+1 < len(ps) && isItem(ps[i+1]) && !siblings(t, clean(ps[i+1].text)) {
			i++
			if !debrisOnly(ps[i].text) {
				last.items = append(last.items, [2]int{ps[i].start, ps[i].end})
			}
		}
	}
	return out
}

// continuation reports a paragraph that may go on with the sentence before
// it: it opens in lower case, without a list marker.
func continuation(p para) bool {
	r, _ := utf8.DecodeRuneInString(clean(p.text))
	return unicode.IsLower(r) && !listMarkerRE.MatchString(clean(p.text))
}

// siblings reports two paragraphs that open with list markers of the same
// kind ("1." and "2."): the second follows the first, it is no sub-item of
// it even when the first ends without a full stop ("Deadline: continuously").
func siblings(a, b string) bool {
	ka, kb := markerKind(a), markerKind(b)
	return ka != "" && ka == kb
}

// markerKind names the kind of list marker that opens t, or "".
func markerKind(t string) string {
	m := listMarkerRE.FindString(t)
	if m == "" {
		return ""
	}
	m = digitsRE.ReplaceAllString(strings.TrimSpace(m), "9")
	return lettersRE.ReplaceAllString(m, "a")
}

var (
	digitsRE  = regexp.MustCompile(`\d+`)
	lettersRE = regexp.MustCompile(`\pL+`)
)

// isItem reports a paragraph that continues a list: debris, a list marker
// or a lower-case start.
func isItem(p para) bool {
	if debrisOnly(p.text) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(p.text)
	if isDebris(r) {
		return true
	}
	t := clean(p.text)
	if listMarkerRE.MatchString(t) {
		return true
	}
	r, _ = utf8.DecodeRuneInString(t)
	return unicode.IsLower(r)
}

var abbrevRE = regexp.MustCompile(`(?i)(?:\b(?:pp|p|no|nr|art|arts|para|cf|mr|dr|st|vol|e\.g|i\.e|etc)|\b[A-Z])\.$`)

// clauses splits a paragraph into sentences and semicolon clauses, each
// trimmed of debris; a clause with debris inside is cut there.
func (x *extractor) clauses(p para) []*unit {
	var out []*unit
	text := x.d.text
	s := p.start
	add := func(a, b int) {
		for _, r := range cutDebris(text, a, b) {
			if r[1]-r[0] > 1 {
				out = append(out, &unit{start: r[0], end: r[1]})
			}
		}
	}
	for _, loc := range sentenceEnds(p.text) {
		at := p.start + loc[0]
		punct := text[at]
		if punct == '.' && abbrevEnds(text, s, at+1) {
			continue
		}
		if punct != ';' {
			next, _ := utf8.DecodeRuneInString(text[p.start+loc[1]:])
			if unicode.IsLower(next) {
				continue
			}
		}
		end := p.start + loc[1]
		add(s, end)
		s = end
	}
	add(s, p.end)
	return out
}

// cutDebris trims [a,b) and cuts it at debris inside.
func cutDebris(text string, a, b int) [][2]int {
	var out [][2]int
	start := a
	for i := a; i <= b; {
		r, n := rune(0), 1
		if i < b {
			r, n = utf8.DecodeRuneInString(text[i:])
		}
		if i == b || isDebris(r) {
			s, e := trimRange(text, start, i)
			if e > s {
				out = append(out, [2]int{s, e})
			}
			start = i + n
		}
		i += n
	}
	return out
}

// unitDrafts reads the commitments of one clause.
func (x *extractor) unitDrafts(u *unit, prev []draft) []draft {
	text := x.d.text[u.start:u.end]
	cue, ok := x.lx.findModal(text)
	if !ok || x.nonbinding(text[cue.end:]) {
		return nil
	}
	prevBearers := x.parties
	if len(prev) > 0 {
		prevBearers = prev[len(prev)-1].bearers
	}
	bearers := x.bearers(u.start, text, cue, prevBearers)
	if len(bearers) == 0 {
		return nil
	}
	if cue.modality != loaders.MustNotDo && negativeSubjectRE.MatchString(text[:cue.start]) {
		cue.modality = loaders.MustNotDo // "None of the Parties shall …"
		if x.negatedDuty(text[cue.end:]) {
			cue.modality = loaders.MayDo // "Neither side shall be obliged to …"
		}
	}
	var parts []draft
	for i, r := range x.subClauses(text, cue) {
		dr := draft{unit: u, modality: cue.modality, bearers: bearers, start: u.start + r[0], end: u.start + r[1], cueEnd: u.start + cue.end, cue: cue.phrase}
		if i > 0 {
			part := text[r[0]:r[1]]
			dr.cueEnd = dr.start
			if c, ok := x.lx.findModal(part); ok {
				dr.modality = c.modality
				dr.cueEnd = dr.start + c.end
				dr.cue = c.phrase
				if b := x.bearers(dr.start, part, c, bearers); len(b) > 0 {
					dr.bearers = b
				}
			}
		}
		dr.typ = x.classify(dr, i == 0)
		if i == 0 && len(prev) > 0 && x.lx.anaphora.match(text) {
			dr.typ = prev[len(prev)-1].typ
		}
		parts = append(parts, dr)
	}
	return mergeParts(parts)
}

// negatedDuty reports a negated obligation ("[neither side shall] be
// obliged to"): the bearers are free not to act, a permission.
func (x *extractor) negatedDuty(post string) bool {
	post = strings.ToLower(strings.TrimSpace(post))
	for _, d := range x.lx.NegatedDuty {
		if strings.HasPrefix(post, d) {
			return true
		}
	}
	return false
}

// nonbinding reports a clause that only defers a decision ("will be
// decided") or describes an event ("will occur").
func (x *extractor) nonbinding(post string) bool {
	post = strings.ToLower(strings.TrimSpace(post))
	for _, nb := range x.lx.Nonbinding {
		if strings.HasPrefix(post, nb) {
			return true
		}
	}
	return false
}

var negativeSubjectRE = regexp.MustCompile(`(?i)(?:^|[,;]\s*)(?:none\s+of|neither|no)\b[^,;]*$`)

var passiveRE = regexp.MustCompile(`^\s*(?:(?:\w+ly|either|also|not|then|only|jointly)\s+)*(?:be|been|remain)\b`)

// bearers finds who a clause commits: the subject before the modal cue;
// for a passive clause the agent after "by", else all parties.
func (x *extractor) bearers(off int, text string, cue modalAt, prev []string) []string {
	pre, post := text[:cue.start], text[cue.end:]
	if x.lx.has(x.lx.Impersonal, strings.ToLower(cue.phrase)) || passiveRE.MatchString(post) {
		if a := x.agent(off+cue.end, post); len(a) > 0 {
			return a
		}
		if x.pronounEnd(pre) {
			return prev
		}
		return x.parties
	}
	return x.subject(off, pre, prev)
}

type candidate struct {
	end int
	ids []string
}

// subject returns the bearers named by the subject: the candidate closest
// to the modal cue that no preposition governs.
func (x *extractor) subject(off int, pre string, prev []string) []string {
	var cands []candidate
	for _, loc := range x.lx.collective.findAll(pre) {
		if !x.governed(pre[:loc[0]]) || x.organOfParties(pre[:loc[0]]) {
			cands = append(cands, candidate{loc[1], x.parties})
		}
	}
	for _, loc := range x.lx.self.findAll(pre) {
		if !x.governed(pre[:loc[0]]) {
			cands = append(cands, candidate{loc[1], x.parties})
		}
	}
	ms := x.mentionsIn(off, off+len(pre))
	for i, m := range ms {
		e := x.reg.byID[m.id]
		if e.Type == loaders.Person || e.Type == loaders.Treaty || x.governed(pre[:m.start-off]) {
			continue
		}
		ids := []string{m.id}
		if i > 0 && andBetween(pre[ms[i-1].end-off:m.start-off]) {
			ids = []string{ms[i-1].id, m.id}
		}
		cands = append(cands, candidate{m.end - off, ids})
	}
	for _, m := range x.lx.side.findAllSubmatchIndex(pre) {
		if p := x.sideParty(pre[m[2]:m[3]]); p != "" && !x.governed(pre[:m[0]]) {
			cands = append(cands, candidate{m[1], []string{p}})
		}
	}
	if x.pronounEnd(pre) {
		cands = append(cands, candidate{len(pre), prev})
	}
	if e := x.definiteHead(pre); e != nil {
		cands = append(cands, candidate{len(pre), []string{e.ID}})
	}
	if len(cands) == 0 {
		return nil
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].end > cands[j].end })
	return cands[0].ids
}

// organOfParties reports a collective governed only by "of" after an
// organ that is itself the subject ("The competent authorities of [the
// Contracting Parties] shall …"): the parties act through their organs.
func (x *extractor) organOfParties(before string) bool {
	loc := x.lx.organOf.FindStringIndex(before)
	return loc != nil && !x.governed(before[:loc[0]])
}

// sideParty resolves "the Soviet side", "the GDR side" to the party of
// that state.
func (x *extractor) sideParty(adj string) string {
	adj = strings.TrimSpace(adj)
	state := ""
	if e := x.reg.lookup(adj); e != nil {
		state = e.ID
	} else if x.reg.gaz != nil {
		for _, g := range x.reg.gaz.Entries {
			if x.lx.has(g.Demonyms, adj) {
				state = g.ID
			}
		}
	}
	if state == "" {
		return x.adjectiveParty(adj)
	}
	for _, p := range x.parties {
		if p == state || x.reg.byID[p].within == state || x.partyState(x.reg.byID[state]) && x.namedAfter(p, state) {
			return p
		}
	}
	return ""
}

// adjectiveParty resolves an adjective no gazetteer knows ("the
// Ruritanian side") to the one party with a name word of the same stem
// ("Ministry of Interior of Ruritania").
func (x *extractor) adjectiveParty(adj string) string {
	found := ""
	for _, p := range x.parties {
		if !x.stemIn(adj, x.reg.byID[p].names) {
			continue
		}
		if found != "" {
			return ""
		}
		found = p
	}
	return found
}

// stemIn reports whether a capitalised word of names shares a stem with
// adj: a common prefix of five letters or more that leaves at most two
// letters of the word ("Hungar-y", "Hungar-ian").
func (x *extractor) stemIn(adj string, names []string) bool {
	for _, n := range names {
		for _, w := range strings.Fields(n) {
			w = strings.Trim(w, ",.()\"'")
			if !capital(w) {
				continue
			}
			k := 0
			for k < len(w) && k < len(adj) && w[k] == adj[k] {
				k++
			}
			if k >= 5 && k >= len(w)-2 {
				return true
			}
		}
	}
	return false
}

// namedAfter reports whether a party's names contain a name of the state.
func (x *extractor) namedAfter(party, state string) bool {
	for _, pn := range x.reg.byID[party].names {
		for _, n := range x.reg.byID[state].names {
			if re := x.reg.re(n); re != nil && re.match(pn) {
				return true
			}
		}
	}
	return false
}

var andRE = regexp.MustCompile(`(?i)^\s*(?:,\s*)?and\s+(?:the\s+)?$`)

func andBetween(s string) bool { return andRE.MatchString(s) }

// governed reports whether the text before a phrase ends with a
// preposition (skipping an article), so the phrase is no subject.
func (x *extractor) governed(before string) bool {
	words := strings.Fields(strings.ToLower(before))
	for len(words) > 0 {
		w := strings.Trim(words[len(words)-1], ",;:()\"")
		if w == "the" || w == "a" || w == "an" || w == "" {
			words = words[:len(words)-1]
			continue
		}
		if strings.HasSuffix(words[len(words)-1], ",") {
			return false
		}
		return x.lx.has(x.lx.Prepositions, w)
	}
	return false
}

func (x *extractor) pronounEnd(pre string) bool {
	p := strings.ToLower(strings.TrimRight(pre, " ,"))
	for _, pr := range x.lx.Pronouns {
		if p == pr || strings.HasSuffix(p, " "+pr) || strings.HasSuffix(p, ","+pr) {
			return true
		}
	}
	return false
}

var definiteRE = regexp.MustCompile(`(?:^|\s)[Tt]he\s+([A-Z]\w+)\s*$`)

// definiteHead resolves "the Committee" to the organisation the document
// named before whose name ends with that word.
func (x *extractor) definiteHead(pre string) *ent {
	m := definiteRE.FindStringSubmatch(pre)
	if m == nil || !x.lx.has(x.lx.Heads["organisation"], m[1]) {
		return nil
	}
	var found *ent
	for _, e := range x.reg.ents {
		if e.listed && e.Type == loaders.Organisation && len(e.docNames) > 0 && strings.HasSuffix(e.Name, " "+m[1]) {
			if found != nil {
				return nil
			}
			found = e
		}
	}
	return found
}

var byRE = regexp.MustCompile(`(?i)\bby\s+`)

// agent returns the bearers named after "by" in a passive clause.
func (x *extractor) agent(off int, post string) []string {
	for _, loc := range byRE.FindAllStringIndex(post, -1) {
		rest := post[loc[1]:]
		if c := x.lx.collective.find(rest); c != nil && c[0] == 0 {
			return x.parties
		}
		if m := x.lx.side.findSubmatchIndex(rest); m != nil && m[0] == 0 {
			if p := x.sideParty(rest[m[2]:m[3]]); p != "" {
				return []string{p}
			}
		}
		skip := 0
		if strings.HasPrefix(strings.ToLower(rest), "the ") {
			skip = 4
		}
		for _, m := range x.mentionsIn(off+loc[1], off+len(post)) {
			if m.start-off-loc[1] == skip || m.start-off-loc[1] == 0 {
				if e := x.reg.byID[m.id]; e.Type == loaders.Organisation || e.Type == loaders.Territory {
					return []string{m.id}
				}
			}
			break
		}
	}
	return nil
}

var (
	coordInfRE = regexp.MustCompile(`(?:,\s+and\s+|\s+and\s+(?:not\s+to\s))`)
	andRE2     = regexp.MustCompile(`,\s+and\s+`)
	andModalRE = regexp.MustCompile(`(?i)[^,]\s+and\s+(?:` + strings.Join(andModals, "|") + `)\s`)
	partRE     = regexp.MustCompile(`,\s+([a-z]{3,}ing)\s`)
)

// andModals are the modal verbs of andModalRE.
var andModals = []string{"shall", "will", "must", "may", "can"}

// andModal is andModalRE.FindAllStringIndex(s, -1). On ASCII text (whose
// case folding is ASCII's) it has no match unless "and" and a modal verb
// occur in lower case.
func andModal(s string) [][]int {
	if isASCII(s) {
		lower := strings.ToLower(s)
		if !strings.Contains(lower, "and") || !slices.ContainsFunc(andModals, func(m string) bool { return strings.Contains(lower, m) }) {
			return nil
		}
	}
	return andModalRE.FindAllStringIndex(s, -1)
}

// subClauses cuts a clause after its modal cue where a new predicate
// starts: ", and to …", "and not to …", ", and <subject> will …", ",
// observing …". It returns ranges relative to text.
func (x *extractor) subClauses(text string, cue modalAt) [][2]int {
	var cuts []int // positions where a new part starts
	post := text[cue.end:]
	for _, loc := range andRE2.FindAllStringIndex(post, -1) {
		rest := post[loc[1]:]
		if strings.HasPrefix(rest, "to ") || strings.HasPrefix(rest, "not to ") {
			cuts = append(cuts, cue.end+loc[1])
			continue
		}
		seg := rest
		if i := strings.IndexAny(seg, ",;"); i >= 0 {
			seg = seg[:i]
		}
		if _, ok := x.lx.findModal(seg); ok {
			cuts = append(cuts, cue.end+loc[1])
		}
	}
	for _, loc := range andModal(post) {
		cuts = append(cuts, cue.end+loc[0]+1+strings.Index(post[loc[0]+1:loc[1]], "and")+len("and "))
	}
	if strings.Contains(post, " and not to ") { // else no match that counts
		for _, loc := range coordInfRE.FindAllStringIndex(post, -1) {
			if strings.HasPrefix(post[loc[0]:], " and not to ") {
				cuts = append(cuts, cue.end+loc[0]+5)
			}
		}
	}
	for _, m := range partRE.FindAllStringSubmatchIndex(post, -1) {
		if !x.lx.has(x.lx.ParticipleStop, post[m[2]:m[3]]) {
			cuts = append(cuts, cue.end+m[2])
		}
	}
	sort.Ints(cuts)
	var out [][2]int
	s := 0
	for _, c := range cuts {
		if c <= s {
			continue
		}
		e := strings.LastIndexFunc(text[:c], func(r rune) bool { return !unicode.IsSpace(r) && r != ',' }) + 1
		e = trimWordAnd(text, s, e)
		if e > s {
			out = append(out, [2]int{s, e})
			s = c
		}
	}
	out = append(out, [2]int{s, len(text)})
	for i := range out {
		for out[i][0] < out[i][1] && unicode.IsSpace(rune(text[out[i][0]])) {
			out[i][0]++
		}
	}
	return out
}

// trimWordAnd drops a trailing " and" left before a cut.
func trimWordAnd(text string, s, e int) int {
	t := text[s:e]
	if strings.HasSuffix(t, " and") {
		e -= 4
	}
	for e > s && (text[e-1] == ' ' || text[e-1] == ',') {
		e--
	}
	return e
}

// classify types a part: the words right after the modal cue weigh most,
// the rest of the clause less, the text before the cue and list items least.
func (x *extractor) classify(dr draft, withItems bool) string {
	text := x.d.text
	masked := x.masked(dr.start, dr.end)
	cut := min(dr.cueEnd, dr.end) - dr.start
	pre, post := masked[:max(0, cut)], masked[max(0, cut):]
	words := strings.Fields(post)
	words = x.lx.provideWith(words)
	n := min(len(words), 12)
	window := strings.Join(words[:n], " ")
	rest := strings.Join(words[n:], " ")
	verb := strings.Join(words[:min(len(words), 3)], " ")
	pieces := []weightedText{{clean(pre), 0.5}, {dr.cue, 6}, {verb, 3}, {window, 3}, {rest, 1}}
	if withItems {
		for _, it := range dr.unit.items {
			pieces = append(pieces, weightedText{clean(text[it[0]:it[1]]), 0.5})
		}
	}
	if x.newBody(dr.start, dr.end) {
		pieces = append(pieces, weightedText{"establish", 2.0 / 3})
	}
	return x.lx.classify(pieces)
}

// masked returns text[s:e] with the names of the parties, of states and of
// organisations outside the agreement blanked out, so that the words of a
// name ("Ministry of Internal Affairs") are no cue for a commitment's type.
// Bodies the agreement sets up keep their names ("a Joint Command").
func (x *extractor) masked(s, e int) string {
	b := []byte(x.d.text[s:e])
	for _, m := range x.mentionsIn(s, e) {
		ent := x.reg.byID[m.id]
		if ent.body || ent.Type == loaders.Treaty || ent.Type == loaders.Person {
			continue
		}
		for i := m.start - s; i < m.end-s; i++ {
			b[i] = ' '
		}
	}
	return string(b)
}

// newBody reports an indefinite mention of a body ("an Operative Group"),
// a sign that the clause sets it up.
func (x *extractor) newBody(s, e int) bool {
	for _, m := range x.mentionsIn(s, e) {
		ent := x.reg.byID[m.id]
		if ent.Type != loaders.Organisation || !ent.body {
			continue
		}
		before := strings.ToLower(strings.TrimSpace(x.d.text[s:m.start]))
		if strings.HasSuffix(before, " a") || strings.HasSuffix(before, " an") || before == "a" || before == "an" {
			return true
		}
	}
	return false
}

// mergeParts joins a part of type "other" to its neighbour, and neighbours
// that commit the same bearers to the same type of thing.
func mergeParts(parts []draft) []draft {
	var out []draft
	for _, p := range parts {
		if len(out) > 0 {
			last := &out[len(out)-1]
			if p.typ == "other" || (p.typ == last.typ && p.modality == last.modality && same(p.bearers, last.bearers)) {
				last.end = p.end
				continue
			}
			if last.typ == "other" && len(out) == 1 && p.modality == last.modality && same(p.bearers, last.bearers) {
				last.end, last.typ = p.end, p.typ
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

// mergeDrafts joins adjacent commitments of one paragraph that commit the
// same bearers, with the same modality, to the same type of thing.
func mergeDrafts(ds []draft) []draft {
	var out []draft
	for _, d := range ds {
		if len(out) > 0 {
			last := &out[len(out)-1]
			if last.unit.para == d.unit.para && last.typ == d.typ && last.modality == d.modality && same(last.bearers, d.bearers) && len(d.unit.items) == 0 && len(last.unit.items) == 0 {
				last.end = d.end
				continue
			}
		}
		out = append(out, d)
	}
	return out
}

func same(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[string]bool{}
	for _, x := range a {
		m[x] = true
	}
	for _, x := range b {
		if !m[x] {
			return false
		}
	}
	return true
}

// obligation finishes a draft: targets, references and beneficiaries from
// the entities it mentions, text and span.
func (x *extractor) obligation(dr draft) loaders.Obligation {
	o := loaders.Obligation{
		Article: dr.unit.article, Modality: dr.modality, Type: dr.typ,
		Bearers: dr.bearers, Beneficiaries: []string{}, Targets: []string{}, References: []string{},
		Text: x.d.text[dr.start:dr.end], Span: [2]int{x.idx[dr.start], x.idx[dr.end]},
	}
	ms := x.mentionsIn(dr.start, dr.end)
	for _, it := range dr.unit.items {
		ms = append(ms, x.mentionsIn(it[0], it[1])...)
	}
	all := same(dr.bearers, x.parties)
	if all {
		o.Beneficiaries = append(o.Beneficiaries, x.parties...)
	} else {
		for _, p := range x.parties {
			if !contains(dr.bearers, p) {
				o.Beneficiaries = append(o.Beneficiaries, p)
			}
		}
	}
	for _, m := range ms {
		e := x.reg.byID[m.id]
		switch {
		case contains(dr.bearers, m.id) || contains(x.parties, m.id) || e.Type == loaders.Person:
		case e.Type == loaders.Treaty:
			if m.id != x.agreement.ID && !contains(o.References, m.id) {
				o.References = append(o.References, m.id)
			}
		case x.affiliated(e):
			if !all && m.start >= dr.cueEnd && !contains(o.Beneficiaries, m.id) {
				o.Beneficiaries = append(o.Beneficiaries, m.id)
			}
		case x.partyState(e) || x.locative(m):
		default:
			if !contains(o.Targets, m.id) {
				o.Targets = append(o.Targets, m.id)
			}
		}
	}
	return o
}

var locativeRE = regexp.MustCompile(`(?i)\b(?:in|at|within|based on)\s+(?:the\s+)?$`)

func (x *extractor) locative(m mention) bool {
	s := max(0, m.start-20)
	return locativeRE.MatchString(x.d.text[s:m.start])
}

// partyState reports a state whose name is part of a party's name, or that
// a party belongs to.
func (x *extractor) partyState(e *ent) bool {
	if e.Type != loaders.Territory {
		return false
	}
	for _, p := range x.parties {
		pe := x.reg.byID[p]
		if pe.within == e.ID {
			return true
		}
		for _, pn := range pe.names {
			for _, n := range e.names {
				if x.nameIn(n, pn) {
					return true
				}
			}
		}
	}
	return false
}

// nameIn reports whether the pattern of name n matches in s, once for each
// pair in a document.
func (x *extractor) nameIn(n, s string) bool {
	k := [2]string{n, s}
	if in, ok := x.named[k]; ok {
		return in
	}
	re := x.reg.re(n)
	in := re != nil && re.match(s)
	if x.named == nil {
		x.named = map[[2]string]bool{}
	}
	x.named[k] = in
	return in
}

// affiliated reports an organisation of a party: one set up by the
// agreement, belonging to a party's state, or named after a party.
func (x *extractor) affiliated(e *ent) bool {
	if e.Type != loaders.Organisation {
		return false
	}
	if e.body {
		return true
	}
	for _, p := range x.parties {
		pe := x.reg.byID[p]
		if e.within != "" && (e.within == p || pe.within == e.within) {
			return true
		}
		for _, pn := range pe.names {
			re := x.reg.re(pn)
			for _, n := range e.names {
				if re != nil && re.match(n) {
					return true
				}
			}
		}
	}
	return false
}
