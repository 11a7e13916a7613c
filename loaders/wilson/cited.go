package wilson

import (
	"regexp"
	"strings"

	"github.com/pactgraph/pactgraph/loaders"
)

// citedTitleRE opens the title of a treaty the text cites: a treaty head
// word, capitalised, and the preposition its subject follows ("Treaty on
// Commerce …", "Agreement regarding the Development …", "Convention for
// …"); or a quoted title ("“Treaty of Friendship …” of 4 December 1977").
var citedTitleRE = mustKeyed(`\b(?:Treaty|Agreement|Convention|Protocol|Pact|Charter|Accord)\s+(?:on|of|for|regarding|concerning|relating\s+to|between|with)\s+(?:the\s+)?\p{Lu}|["“](?:Treaty|Agreement|Convention|Protocol|Pact|Charter|Accord)\b[^"”]{3,200}["”]`,
	"Treaty", "Agreement", "Convention", "Protocol", "Pact", "Charter", "Accord", `"`, "“")

// monthWordRE is a month's name, which ends a title ("… of April 9, 1965").
var monthWordRE = regexp.MustCompile(`^(?i:` + monthRE + `)$`)

// titleSmallWords may stand inside a title in lower case.
var titleSmallWords = map[string]bool{"of": true, "the": true, "and": true, "on": true, "for": true, "in": true, "between": true, "to": true, "with": true, "regarding": true, "concerning": true, "relating": true, "a": true, "an": true, "its": true, "their": true}

// citedTreaties reads the treaties the text cites by their titles (after
// the agreement itself is known): the title runs from the capitalised
// words before the head word ("General Agreement on Tariffs and Trade")
// through capitalised words and the small words of titles, up to another
// word or a punctuation mark; a quoted title runs to its closing quote. A
// date within the next words ("… concluded between the two countries on
// May 30, 1924", "… of April 9, 1965") dates it. A title whose words are
// all the agreement's own title's ("the Agreement on Merchant Shipping" in
// the "Agreement between … on Merchant Shipping") names the agreement.
func (x *extractor) citedTreaties() {
	for _, p := range x.translation() {
		t := clean(p.text)
		last := 0
		for _, loc := range citedTitleRE.findAll(t) {
			if loc[0] < last {
				continue // inside the title before: "… Parties to the North Atlantic Treaty regarding …"
			}
			name, end := x.citedTitle(t, loc)
			last = end
			if wordCount(name) < 3 {
				continue
			}
			x.citedTreaty(name, t[end:])
		}
	}
}

// citedTitle returns the title found at loc in t and where it ends.
func (x *extractor) citedTitle(t string, loc []int) (string, int) {
	if m := t[loc[0]:loc[1]]; strings.HasPrefix(m, `"`) || strings.HasPrefix(m, "“") {
		return strings.TrimSpace(strings.Trim(m, `"“”`)), loc[1]
	}
	start := loc[0]
	before := strings.Fields(t[:start])
	for i := len(before) - 1; i >= 0; i-- {
		w := before[i]
		if !plainCapital(w) || strings.ContainsAny(w, ",.;:") || x.lx.has(determiners, w) {
			break
		}
		start = strings.LastIndex(t[:start], w)
	}
	end := loc[0]
	words := strings.Fields(t[loc[0]:])
	for i, w := range words {
		bare := strings.TrimRight(w, ",.;:)")
		if !plainCapital(bare) && !titleSmallWords[bare] || monthWordRE.MatchString(bare) {
			break
		}
		end = strings.Index(t[end:], w) + end + len(bare)
		if bare != w && (w != bare+"," || !listInTitle(words[i+1:])) {
			break
		}
	}
	name := strings.TrimSpace(t[start:end])
	for { // a title ends in a name, not a small word
		f := strings.Fields(name)
		if len(f) == 0 || !titleSmallWords[f[len(f)-1]] {
			break
		}
		name = strings.TrimSpace(strings.TrimSuffix(name, f[len(f)-1]))
	}
	return name, start + len(name)
}

// citedDateLeadRE is what may stand between a cited title and its date:
// a few words without a sentence's end, one of them saying what the date
// is ("of", "dated", "concluded … on", "done at Budapest on").
var citedDateLeadRE = regexp.MustCompile(`^[^.;:]{0,60}\b(?:of|from|dated|signed|concluded|done|made|opened|on)\b[^.;:]{0,60}$`)

// citedTreaty makes the treaty of the given title, dated by a date in the
// words after it, unless it is known or is the agreement itself.
func (x *extractor) citedTreaty(name, after string) {
	date := ""
	if iso, loc, ok := findDate(after); ok && citedDateLeadRE.MatchString(after[:loc[0]]) {
		date = iso
	}
	if x.reg.lookup(name) != nil {
		return // known: the mentions find it (with another date: datedTreaty)
	}
	if (date == "" || x.agrDate != nil && date == *x.agrDate) && x.ownTitle(name) {
		x.reg.named(x.agreement, name)
		return
	}
	id := slug(name, 4)
	if date != "" {
		id += "-" + date[:4]
	}
	e := &ent{Entity: loaders.Entity{ID: x.reg.uniqueID(id), Type: loaders.Treaty, Name: name, SameAs: []string{}, Date: date}}
	x.reg.add(e)
	x.reg.named(e, name)
}

// ownTitle reports a title all of whose words but the small ones are
// words of the agreement's own name.
func (x *extractor) ownTitle(name string) bool {
	own := map[string]bool{}
	for _, w := range strings.Fields(loaders.NormName(x.agreement.Name)) {
		own[w] = true
	}
	for _, w := range strings.Fields(loaders.NormName(name)) {
		if !own[w] && !titleSmallWords[w] {
			return false
		}
	}
	return true
}

// listInTitle reports whether the words after a comma go on with a list
// of capitalised words closed by "and" and a capitalised word: "Treaty of
// Friendship, Cooperation and Mutual Assistance".
func listInTitle(words []string) bool {
	for i, w := range words {
		bare := strings.TrimRight(w, ",")
		switch {
		case bare == "and":
			return i > 0 && i+1 < len(words) && plainCapital(words[i+1])
		case !plainCapital(bare) || strings.ContainsAny(bare, ".;:)"):
			return false
		}
	}
	return false
}
