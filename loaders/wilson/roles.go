package wilson

import (
	"regexp"
	"sort"
	"strings"

	"github.com/pactgraph/pactgraph/loaders"
)

var negativeSubjectRE = regexp.MustCompile(`(?i)(?:^\s*(?:\(?(?:[a-z]|\d{1,3}|[ivx]{1,5})[.)]\)?\s*|§\s*\d+\s+)?|[,;]\s*)(?:none\s+of|neither|no)\b[^,;]*$`)

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
	} else if m := definiteNameRE.FindStringSubmatch(pre); m != nil {
		if e := x.partyByShortName(m[1]); e != nil {
			cands = append(cands, candidate{len(pre), []string{e.ID}}) // "The Coast Watch" of Estmark
		}
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

// definiteNameRE is a subject of a definite article and capitalised
// words: "The Coast Watch".
var definiteNameRE = regexp.MustCompile(`(?:^|\s)[Tt]he\s+((?:[A-Z][\w'-]*\s+){0,3}[A-Z][\w'-]*)\s*$`)

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

// consentRE is the way of acting, or the organ that acts, between "by"
// and the agents: "by mutual consent of", "by agreement between", "by a
// decision of", "by the leadership of".
var consentRE = regexp.MustCompile(`(?i)^(?:(?:the|a|an|mutual|common|joint|written)\s+)*(?:consent|agreement|decision|accord|arrangement|leadership|leaderships)\s+(?:of|between|among)\s+`)

// agent returns the bearers named after "by" in a passive clause.
func (x *extractor) agent(off int, post string) []string {
	for _, loc := range byRE.FindAllStringIndex(post, -1) {
		if m := consentRE.FindStringIndex(post[loc[1]:]); m != nil {
			loc[1] += m[1] // "by mutual consent of the Parties": the Parties
		}
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
