package wilson

import (
	"path/filepath"
	"regexp"
	"strings"

	"github.com/pactgraph/pactgraph/loaders"
)

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
			if x.definiteBefore(t[:loc[0]], t[loc[0]] >= 'a' && t[loc[0]] <= 'z') {
				x.treatyAt(t[loc[0]:])
			}
		}
		for _, loc := range namedTreatyRE.findAll(t) {
			x.datedTreaty(t[loc[0]:])
		}
		for _, m := range bareTreatyRE.findAll(t) {
			x.treatyByDate(t[m[0]:m[1]])
		}
	}
}

// definiteBefore reports whether the words before a treaty's head word
// point at one treaty: never after "a"/"an" ("the conclusion of an
// agreement on …", a treaty still to be made), and, for a head word in
// lower case, only after a definite determiner a few adjectives before it
// ("the existing agreement on …"; "reaching early agreement on …" is the
// act of agreeing).
func (x *extractor) definiteBefore(before string, lower bool) bool {
	f := strings.Fields(before)
	for i := len(f) - 1; i >= 0 && i >= len(f)-3; i-- {
		w := strings.ToLower(f[i])
		switch {
		case w == "a" || w == "an":
			return false
		case definiteWords[w]:
			return true
		case strings.ContainsAny(w, ",;:.()") || x.lx.has(x.lx.Prepositions, w):
			return !lower
		}
	}
	return !lower
}

var definiteWords = map[string]bool{"the": true, "this": true, "that": true, "said": true, "its": true, "their": true, "aforementioned": true}

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

var titleDateRE = regexp.MustCompile(`,\s*[^,]*\d{4}\s*$`)

// agreementEntity names the agreement itself: a treaty the gazetteer knows
// (and dates the same day), or a new one named by the title, whose id is
// the document's own (agreementID).
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
		blockTexts = append(blockTexts, blockText(p)) // "A G R E E M E N T" → "AGREEMENT"
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
	e := &ent{Entity: loaders.Entity{ID: x.reg.uniqueID(x.agreementID(head)), Type: loaders.Treaty, Name: bare, SameAs: []string{}}}
	if x.agrDate != nil {
		e.Date = *x.agrDate
	}
	x.reg.add(e)
	x.reg.named(e, bare, title, base, block, head)
	x.agreement = e
}

// withoutArticle drops a leading article: "An agreement on …" → "agreement on …".
func withoutArticle(name string) string {
	for _, a := range []string{"The ", "the ", "An ", "an ", "A ", "a "} {
		if strings.HasPrefix(name, a) {
			return name[len(a):]
		}
	}
	return name
}

// annexEntities names the instruments annexed to the agreement after its
// signatures: a "Protocol" below the Agreement on X is the "Protocol to
// the Agreement on X", a treaty of its own whose id is the agreement's and
// its heading's, so that it stays the same on every reload.
func (x *extractor) annexEntities() {
	for _, a := range x.d.articles {
		if !a.annex || x.agreement == nil {
			continue
		}
		id := x.agreement.ID + "-" + slug(a.number, 4)
		if x.reg.byID[id] != nil {
			continue
		}
		e := &ent{Entity: loaders.Entity{ID: id, Type: loaders.Treaty, Name: a.number + " to the " + withoutArticle(x.agreement.Name), SameAs: []string{}}}
		x.reg.add(e)
		x.reg.named(e, e.Name, a.number)
	}
}

// agreementID is the id of an agreement no gazetteer knows: its kind (the
// title block's head word, "protocol-…", else "agreement-…") and the
// document's id, so that it is the same on every reload of the document
// and never the node of another agreement of the same kind and year.
func (x *extractor) agreementID(head string) string {
	kind := "agreement"
	if f := strings.Fields(head); len(f) > 0 && x.headWordType(f[0]) == loaders.Treaty {
		kind = strings.ToLower(f[0])
	}
	return kind + "-" + x.docID()
}

// docID is the report's id: the stem of the document's name.
func (x *extractor) docID() string {
	return strings.TrimSuffix(filepath.Base(x.d.name), filepath.Ext(x.d.name))
}
