package wilson

import (
	"regexp"
	"strings"

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
	// noActor marks a sentence that names no actor of its own: it is about
	// the agreement itself ("The Agreement shall remain in force …", "it
	// shall be renewed") or a passive without agent ("levels of
	// classification will be issued").
	noActor bool
}

// commitments reads the commitments of the preamble and the articles.
func (x *extractor) commitments() []loaders.Obligation {
	out := []loaders.Obligation{}
	groups := []struct {
		number string
		paras  []para
	}{{"preamble", x.d.preamble}}
	for _, a := range x.d.articles {
		paras := a.paras
		if a.title != nil {
			// A "title" that holds a modal cue is a lead-in the layout took
			// for a title ("The Parties shall promote" above "(a)the …").
			if _, ok := x.lx.findModal(a.title.text); ok {
				paras = append([]para{*a.title}, paras...)
			}
		}
		groups = append(groups, struct {
			number string
			paras  []para
		}{a.number, paras})
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

// unitDrafts reads the commitments of one clause.
func (x *extractor) unitDrafts(u *unit, prev []draft) []draft {
	text := x.d.text[u.start:u.end]
	cue, ok := x.lx.modalCue(text)
	present := false
	var task []string // the bearers of a plan's task, when the clause is one
	if !ok && u.article != "preamble" {
		cue, ok = x.presentNorm(u.start, text)
		present = ok
		if !ok {
			if task, ok = x.task(u, text); ok {
				at := len(pointMarkerRE.FindString(text))
				cue = modalAt{modality: loaders.MustDo, start: at, end: at}
			}
		}
	}
	if !ok || x.nonbinding(text[cue.end:]) && len(x.agent(u.start+cue.end, text[cue.end:])) == 0 || x.scope(text[:cue.start], text[cue.end:]) || x.savings(text[:cue.start], text[cue.end:]) ||
		u.article == "preamble" && x.recital(text[:cue.start], text[cue.end:]) {
		return nil
	}
	prevBearers := x.parties
	if len(prev) > 0 {
		prevBearers = prev[len(prev)-1].bearers
	}
	var bearers []string
	if task != nil {
		bearers = task
	} else if present && strings.ContainsAny(cue.phrase, " \t\r\n") { // "is conducted by …"
		bearers = x.agent(u.start+cue.end, text[cue.end:])
	} else {
		bearers = x.bearers(u.start, text, cue, prevBearers)
	}
	if len(bearers) == 0 {
		return nil
	}
	if cue.modality != loaders.MustNotDo && negativeSubjectRE.MatchString(text[:cue.start]) {
		cue.modality = loaders.MustNotDo // "None of the Parties shall …"
		if x.negatedDuty(text[cue.end:]) {
			cue.modality = loaders.MayDo // "Neither side shall be obliged to …"
		}
	}
	pre := strings.ToLower(strings.TrimSpace(text[:cue.start]))
	post := text[cue.end:]
	passive := x.lx.has(x.lx.Impersonal, strings.ToLower(cue.phrase)) || passiveRE.MatchString(post)
	noActor := x.lx.self.match(pre) || pre == "it" || strings.HasSuffix(pre, " it") ||
		passive && len(x.agent(u.start+cue.end, post)) == 0
	var parts []draft
	for i, r := range x.subClauses(text, cue) {
		dr := draft{unit: u, modality: cue.modality, bearers: bearers, start: u.start + r[0], end: u.start + r[1], cueEnd: u.start + cue.end, cue: cue.phrase, noActor: noActor}
		if i > 0 {
			part := text[r[0]:r[1]]
			dr.cueEnd = dr.start
			if c, ok := x.lx.modalCue(part); ok {
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
	return x.withItems(u, mergeParts(parts))
}

// taskLabelRE is a line of a plan's task that says who carries it out or
// by when: "Responsible: …", "Deadline: …" (not "Date:", which a closing
// has too).
var taskLabelRE = regexp.MustCompile(`(?i)^[ \t]*(responsible|in charge|executor|executors|executed by|carried out by|deadline|term|time limit)[ \t]*:[ \t]*(.*)$`)

// taskLabels returns the label lines that follow off in text, over blank
// lines, up to the first other line: [label, value] offsets in text.
func taskLabels(text string, off int) [][4]int {
	var out [][4]int
	for off < len(text) {
		end := strings.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text) - off
		}
		line := text[off : off+end]
		if strings.TrimSpace(line) != "" {
			m := taskLabelRE.FindStringSubmatchIndex(line)
			if m == nil {
				break
			}
			out = append(out, [4]int{off + m[2], off + m[3], off + m[4], off + m[5]})
		}
		off += end + 1
	}
	return out
}

// task reads a task of a plan, which names no modal verb ("1. Mutual
// exchange of information on …") but is followed by the lines that assign
// it ("Responsible: FMV, BM", "Deadline: continuously"): an
// obligation of those the "Responsible" line names among the parties,
// else of every party.
func (x *extractor) task(u *unit, text string) ([]string, bool) {
	if taskLabelRE.MatchString(strings.SplitN(text, "\n", 2)[0]) {
		return nil, false
	}
	labels := taskLabels(x.d.text, u.end)
	if len(labels) == 0 {
		return nil, false
	}
	var bearers []string
	for _, l := range labels {
		switch strings.ToLower(x.d.text[l[0]:l[1]]) {
		case "deadline", "term", "time limit":
			continue
		}
		for _, m := range x.mentionsIn(l[2], l[3]) {
			if contains(x.parties, m.id) && !contains(bearers, m.id) {
				bearers = append(bearers, m.id)
			}
		}
	}
	if len(bearers) == 0 {
		bearers = x.parties
	}
	return bearers, len(bearers) > 0
}

// taskItem reports a paragraph that is a plan's numbered task: a point
// followed by its label lines. It is a clause of its own, not an item of
// the heading above it.
func (x *extractor) taskItem(p para) bool {
	t := clean(p.text)
	if !pointMarkerRE.MatchString(t) {
		return false
	}
	first := p.end
	if i := strings.IndexByte(p.text, '\n'); i >= 0 {
		first = p.start + i
	}
	return len(taskLabels(x.d.text, first)) > 0
}

// negItemRE is a list item that negates the lead-in's verb: "c) not to
// hinder …".
var negItemRE = regexp.MustCompile(`(?i)^(?:\(?[a-z\d]{1,4}[.)]\)?\.?\s*|[-–—•*·]\s*)?not\s+to\s`)

// withItems adds the list items a clause introduces to its last
// commitment: one commitment's text and span run from the lead-in over its
// items. An item that negates the lead-in ("not to hinder …") is a
// prohibition of its own, with the lead-in's bearers; the items after it
// continue the lead-in's commitment as commitments of their own.
func (x *extractor) withItems(u *unit, ds []draft) []draft {
	if len(u.items) == 0 || len(ds) == 0 {
		return ds
	}
	lead := ds[len(ds)-1]
	cur := &ds[len(ds)-1]
	for _, it := range u.items {
		rs := cutDebris(x.d.text, it[0], it[1]) // a span never starts or ends on a box
		if len(rs) == 0 {
			continue
		}
		it = [2]int{rs[0][0], rs[len(rs)-1][1]}
		neg := negItemRE.MatchString(clean(x.d.text[it[0]:it[1]]))
		if !neg && cur.modality == lead.modality && cur.end <= it[0] {
			cur.end = it[1]
			continue
		}
		item := &unit{article: u.article, para: u.para, start: it[0], end: it[1]}
		dr := draft{unit: item, modality: lead.modality, bearers: lead.bearers, start: it[0], end: it[1], cueEnd: it[0], cue: lead.cue}
		if neg {
			dr.modality = loaders.MustNotDo
		}
		dr.typ = x.classify(dr, false)
		ds = append(ds, dr)
		cur = &ds[len(ds)-1]
	}
	return ds
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

// scope reports a clause that says where or to what the agreement itself
// applies ("As regards X the present Agreement shall apply to …"): it
// commits no one to act.
func (x *extractor) scope(pre, post string) bool {
	if !x.lx.self.match(pre) {
		return false
	}
	post = strings.ToLower(strings.TrimSpace(post))
	for _, v := range x.lx.ScopeVerbs {
		if wordPrefix(post, v) {
			return true
		}
	}
	return false
}

// pointMarkerRE is the marker of a numbered or lettered point: "C.", "2.",
// "(b)", "iv)".
var pointMarkerRE = regexp.MustCompile(`^\(?(?:[A-Za-z]|\d{1,3}|[ivxIVX]{1,5})[.)]\)?\s+`)

// savings reports a savings clause ("Nothing in this Agreement shall
// prevent …", "the amount paid shall not be affected by …"): it keeps
// something out of the agreement's reach and commits no one to act.
func (x *extractor) savings(pre, post string) bool {
	pre = clean(pre)
	pre = strings.ToLower(strings.TrimSpace(pre[len(pointMarkerRE.FindString(pre)):]))
	for _, s := range x.lx.Savings.Subjects {
		if wordPrefix(pre, s) {
			return true
		}
	}
	post = strings.ToLower(strings.TrimSpace(post))
	for _, v := range x.lx.Savings.Verbs {
		if wordPrefix(post, v) {
			return true
		}
	}
	return false
}

// recital reports a clause of the preamble that states a motive or the
// act of agreeing, not a commitment: its cue follows a recital word
// ("Desiring to …", "being desirous of …, and convinced that such
// co-operation will …", "Guided by …") or is the agreeing itself ("have
// agreed to conclude …").
func (x *extractor) recital(pre, post string) bool {
	low := " " + strings.ToLower(pre)
	for _, r := range x.lx.Recitals.Motives {
		if strings.Contains(low, " "+r) {
			return true
		}
	}
	post = strings.ToLower(strings.TrimSpace(post))
	for _, v := range x.lx.Recitals.Acts {
		if wordPrefix(post, v) {
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
	for i := range pieces {
		pieces[i].text = hyphenless.Replace(pieces[i].text)
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
			if p.typ == "other" && p.modality == last.modality || (p.typ == last.typ && p.modality == last.modality && same(p.bearers, last.bearers)) {
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

// mergeDrafts joins a sentence that names no actor of its own (about the
// agreement itself, or a passive without agent) to the one before it in the same paragraph when both commit the same bearers, with
// the same modality, to the same type of thing ("shall remain in force for
// five years. … it shall be renewed"). Every other sentence is a
// commitment of its own, even beside one of the same type.
func mergeDrafts(ds []draft) []draft {
	var out []draft
	for _, d := range ds {
		if len(out) > 0 {
			last := &out[len(out)-1]
			if d.noActor && last.unit.para == d.unit.para && last.typ == d.typ && last.modality == d.modality && same(last.bearers, d.bearers) && len(d.unit.items) == 0 && len(last.unit.items) == 0 {
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
