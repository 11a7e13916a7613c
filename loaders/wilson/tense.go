package wilson

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/pactgraph/pactgraph/loaders"
)

// presentPassiveRE is a verb in the present passive followed by its agent:
// "is conducted by", "are exchanged regularly by"; group 1 is the verb.
var presentPassiveRE = regexp.MustCompile(`(?i)\b((?:is|are)\s+(?:(?:\w+ly|also|jointly)\s+)?(?:\w+ed|\w+en|held|made|done|kept|sent|paid|borne|met|bound|brought|sought|built|lent|spent|set\s+up|drawn\s+up|carried\s+out))\s+(?:\w+ly\s+)?by\s`)

// relativeRE ends a text before a relative clause's verb ("which is").
var relativeRE = regexp.MustCompile(`(?i)\b(?:which|that|who|whom|whose|where|when|if|unless|as)\s*$`)

// presentNorm reads an operative sentence in the present tense, which has
// no modal cue but binds as one: a verb right after the subject ("The
// Parties exchange: …", "Each Party informs the other …", "The
// Government of X declares …"), or a present passive whose agent is named
// ("Cooperation is conducted by the leadership of …"). It returns the verb
// as the clause's cue, an obligation.
func (x *extractor) presentNorm(off int, text string) (modalAt, bool) {
	if m := presentPassiveRE.FindStringSubmatchIndex(text); m != nil && !relativeRE.MatchString(text[:m[2]]) {
		cue := modalAt{modality: loaders.MustDo, phrase: text[m[2]:m[3]], start: m[2], end: m[3]}
		if len(x.agent(off+cue.end, text[cue.end:])) > 0 {
			return cue, true
		}
	}
	head := text[:min(len(text), subjectReach)]
	ends := x.subjectEnds(off, head)
	if len(ends) == 0 {
		return modalAt{}, false
	}
	for i := 0; i < len(head); {
		j := i
		for j < len(text) && isWordByte(lowerByte(text[j])) {
			j++
		}
		if j == i {
			i++
			continue
		}
		if w := text[i:j]; x.finiteVerb(w) && ends[x.beforeAdverbs(text[:i])] {
			return modalAt{modality: loaders.MustDo, phrase: w, start: i, end: j}, true
		}
		i = j
	}
	return modalAt{}, false
}

// subjectReach bounds where the subject of a sentence in the present
// tense may end: its verb comes early.
const subjectReach = 300

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// finiteVerb reports a word that can be a verb in the present tense: a
// lower-case word that is no function word (lexicon verb_groups.not_verbs,
// prepositions, pronouns), no past form in -ed, no -ing form.
func (x *extractor) finiteVerb(w string) bool {
	if len(w) < 3 || !unicode.IsLower(rune(w[0])) || strings.ContainsAny(w, "0123456789-") {
		return false
	}
	if strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "ly") && !strings.HasSuffix(w, "ply") {
		return false
	}
	return !x.lx.has(x.lx.VerbGroups.NotVerbs, w) && !x.lx.has(x.lx.Prepositions, w) && !x.lx.has(x.lx.Pronouns, w)
}

// beforeAdverbs is the length of pre without the spaces and adverbs at its
// end: where a subject before them ends.
func (x *extractor) beforeAdverbs(pre string) int {
	t := strings.TrimRight(pre, " \t\r\n")
	for t != "" {
		k := strings.LastIndexAny(t, " \t\r\n")
		if n := x.lx.adverb(asciiLower(t[k+1:])); n == 0 || n != len(t)-k-1 {
			break
		}
		t = strings.TrimRight(t[:k+1], " \t\r\n")
	}
	return len(t)
}

// subjectEnds returns where, in text, a subject that commits parties ends
// — a collective ("the Contracting Parties"), a side ("the Soviet side"),
// a party or organisation named, "they" — if it opens the clause (or
// follows a comma or a list marker).
func (x *extractor) subjectEnds(off int, t string) map[int]bool {
	ends := map[int]bool{}
	opens := func(before string) bool {
		b := strings.TrimSpace(before)
		b = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(b, "the"), "The"))
		return b == "" || strings.HasSuffix(b, ",") || len(b) <= 5 && listMarkerRE.MatchString(b+" ")
	}
	for _, loc := range x.lx.collective.findAll(t) {
		if opens(t[:loc[0]]) {
			ends[loc[1]] = true
		}
	}
	for _, m := range x.lx.side.findAllSubmatchIndex(t) {
		if opens(t[:m[0]]) && x.sideParty(t[m[2]:m[3]]) != "" {
			ends[m[1]] = true
		}
	}
	prev := -1 // the end of the last mention that is a subject
	for _, m := range x.mentionsIn(off, off+len(t)) {
		e := x.reg.byID[m.id]
		if e.Type != loaders.Organisation && e.Type != loaders.Territory {
			continue
		}
		// "The MIR and the SSSB exchange …": a subject coordinated with one.
		if opens(t[:m.start-off]) || prev >= 0 && andBetween(t[prev:m.start-off]) {
			ends[m.end-off] = true
			prev = m.end - off
		}
	}
	for _, loc := range theyRE.FindAllStringIndex(t, -1) {
		if opens(t[:loc[0]]) {
			ends[loc[1]] = true
		}
	}
	return ends
}

var theyRE = regexp.MustCompile(`\b[Tt]hey\b`)
