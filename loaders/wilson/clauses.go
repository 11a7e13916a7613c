package wilson

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// listMarkerRE matches a list marker at the start of a paragraph: a dash or
// bullet, "a)", "1.", "iv)" before a space, or a marker in parentheses,
// which needs none ("(a)the organisation of …").
var listMarkerRE = regexp.MustCompile(`^(?:(?:[-–—•*·]|\(?[a-z]\)|\(?\d{1,2}[.)]|\(?[ivx]{1,4}\))(?:\s|$)|\((?:[a-z]|\d{1,2}|[ivx]{1,4})\))`)

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
		if lead := x.d.text[last.start:last.end]; formulaRE.MatchString(lead) {
			if _, ok := x.lx.modalCue(lead); !ok {
				continue // "have agreed upon the following:" commits to nothing; what follows is read on its own
			}
		}
		for i+1 < len(ps) && isItem(ps[i+1]) && !siblings(t, clean(ps[i+1].text)) && !x.sentenceItem(ps[i+1]) && !x.taskItem(ps[i+1]) {
			i++
			if !debrisOnly(ps[i].text) {
				last.items = append(last.items, [2]int{ps[i].start, ps[i].end})
			}
		}
	}
	return out
}

// sentenceItem reports a list item that is a sentence of its own: after
// its marker it opens with a capital and holds a modal cue ("(a)Claims
// shall be filed …"). It is a clause of its own, not part of the lead-in.
func (x *extractor) sentenceItem(p para) bool {
	t := clean(p.text)
	m := listMarkerRE.FindString(t)
	if m == "" {
		return false // debris or a lower-case start: part of the list
	}
	rest := strings.TrimSpace(t[len(m):])
	r, _ := utf8.DecodeRuneInString(rest)
	if !unicode.IsUpper(r) {
		return false
	}
	_, ok := x.lx.findModal(rest)
	return ok
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
