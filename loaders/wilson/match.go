package wilson

import (
	"regexp"
	"strings"
)

// The matchers of this file find what a regular expression finds, faster:
// Go's regexp has no literal prefix to skip to in a case-insensitive
// pattern or one that opens with `\b`, so it tries every place of a text.
// Each says why its result is the pattern's, and fastpath_test.go checks
// it against the pattern.

// phrases is the case-insensitive pattern of alternative phrases of the
// lexicon (alternation, or quantified: with "each of" … in front). On ASCII
// text it is matched without the pattern, which has no literal prefix to
// skip to and so tries every place of the text: the phrases are literal
// words with spaces between them, so where the pattern matches (regexp's
// leftmost-first choice: the first alternative, in its order, that matches
// at the leftmost place) can be read off word by word.
type phrases struct {
	re *regexp.Regexp
	// alts are the words of the phrases in lower case, in the order of the
	// pattern's alternatives; quants those of "each of" … (quantified), tried
	// first. exact is false when there are no phrases or one has no words
	// or is not ASCII: then the pattern is run.
	alts, quants [][]string
	exact        bool
	// first marks the bytes a match can start with.
	first [256]bool
}

func newPhrases(ps []string, quantify bool) phrases {
	p := phrases{re: alternation(ps), exact: len(ps) > 0}
	if quantify {
		p.re = quantified(ps)
		for _, q := range quantifiers {
			p.quants = append(p.quants, []string{q, "of"})
		}
	}
	for _, ph := range longestFirst(ps) {
		words := strings.Fields(strings.ToLower(ph))
		if len(words) == 0 || !isASCII(ph) {
			p.exact = false
		}
		p.alts = append(p.alts, words)
	}
	for _, ws := range append(append([][]string{}, p.alts...), p.quants...) {
		if len(ws) > 0 {
			p.first[ws[0][0]] = true
		}
	}
	return p
}

// findAll is the pattern's FindAllStringIndex(s, -1).
func (p phrases) findAll(s string) [][]int {
	if !p.exact || !isASCII(s) {
		return p.re.FindAllStringIndex(s, -1)
	}
	var out [][]int
	lower := strings.ToLower(s)
	for from := 0; ; {
		loc := p.index(s, lower, from)
		if loc == nil {
			return out
		}
		out = append(out, loc)
		from = loc[1]
	}
}

// find is the pattern's FindStringIndex(s).
func (p phrases) find(s string) []int {
	if !p.exact || !isASCII(s) {
		return p.re.FindStringIndex(s)
	}
	return p.index(s, strings.ToLower(s), 0)
}

// match is the pattern's MatchString(s).
func (p phrases) match(s string) bool { return p.find(s) != nil }

// index returns the leftmost match at or after from in s (ASCII, lower its
// lower case), or nil.
func (p phrases) index(s, lower string, from int) []int {
	for i := from; i < len(s); i++ {
		if !p.first[lower[i]] {
			continue
		}
		if e := p.matchAt(s, lower, i); e >= 0 {
			return []int{i, e}
		}
	}
	return nil
}

// matchAt returns the end of the pattern's match at i, or -1: the first
// alternative that matches, in the pattern's order, quantified ones first.
func (p phrases) matchAt(s, lower string, i int) int {
	if !reBoundary(s, i) {
		return -1
	}
	for _, q := range p.quants {
		j := matchWords(s, lower, i, q)
		if j < 0 {
			continue
		}
		k := skipSpace(s, j)
		if k == j {
			continue
		}
		for _, a := range p.alts {
			if e := matchWords(s, lower, k, a); e >= 0 && reBoundary(s, e) {
				return e
			}
		}
	}
	for _, a := range p.alts {
		if e := matchWords(s, lower, i, a); e >= 0 && reBoundary(s, e) {
			return e
		}
	}
	return -1
}

// matchWords returns the end of words (lower case, joined by `\s+`) at i
// in s, or -1.
func matchWords(s, lower string, i int, words []string) int {
	for k, w := range words {
		if k > 0 {
			j := skipSpace(s, i)
			if j == i {
				return -1
			}
			i = j
		}
		if !strings.HasPrefix(lower[i:], w) {
			return -1
		}
		i += len(w)
	}
	return i
}

// skipSpace returns the end of the run of `\s` at i in s.
func skipSpace(s string, i int) int {
	for i < len(s) && reSpace(s[i]) {
		i++
	}
	return i
}

// reBoundary is regexp's `\b` at i in ASCII s: a word character on one side
// only.
func reBoundary(s string, i int) bool {
	before := i > 0 && reWordByte(s[i-1])
	after := i < len(s) && reWordByte(s[i])
	return before != after
}

// reSpace is regexp's `\s`.
func reSpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\f' || b == '\r'
}

// reWordByte is an ASCII word character as regexp's \b sees it.
func reWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_'
}

// keyed is a pattern whose every match starts with one of its keys
// (case-sensitive), a word at a word start, `\b(?:Treaty|Agreement)…`, or
// a mark the pattern asks no `\b` before (`["“]Treaty…`): its matches are
// looked for only where a key stands, with the pattern anchored there. At
// such a place the anchored pattern sees what the pattern sees there in
// the whole text: `\b` before a word key's first letter holds in both.
type keyed struct {
	re, anchored *regexp.Regexp
	keys         []string
}

func mustKeyed(pattern string, keys ...string) keyed {
	return keyed{re: regexp.MustCompile(pattern), anchored: regexp.MustCompile(`^(?:` + pattern + `)`), keys: keys}
}

// findAll is the pattern's FindAllStringIndex(s, -1): from each match on,
// the next one is the first that starts at or after its end.
func (k keyed) findAll(s string) [][]int {
	var out [][]int
	for from := 0; ; {
		at := k.next(s, from)
		if at < 0 {
			return out
		}
		if loc := k.anchored.FindStringIndex(s[at:]); loc != nil {
			out = append(out, []int{at, at + loc[1]})
			from = at + loc[1]
			continue
		}
		from = at + 1
	}
}

// next returns the first place at or after from where a key stands (a
// word key at a word start), or -1.
func (k keyed) next(s string, from int) int {
	first := -1
	for _, key := range k.keys {
		for i := from; ; {
			j := strings.Index(s[i:], key)
			if j < 0 || first >= 0 && i+j >= first {
				break
			}
			if at := i + j; at == 0 || !reWordByte(key[0]) || !reWordByte(s[at-1]) {
				first = at
				break
			}
			i += j + 1
		}
	}
	return first
}

// sieved is a pattern and words one of which every match holds, written
// out in it (case-sensitive, or in any case when fold: then lower-case
// ASCII words without k or s, the two letters whose case folds outside
// ASCII): a text without them is not searched. No words, no sieve.
type sieved struct {
	re    *regexp.Regexp
	words []string
	fold  bool
}

// absent reports that the pattern cannot match s.
func (p sieved) absent(s string) bool {
	if len(p.words) == 0 {
		return false
	}
	for _, w := range p.words {
		if p.fold && containsFold(s, w) || !p.fold && strings.Contains(s, w) {
			return false
		}
	}
	return true
}

// containsFold reports whether s holds w, a lower-case ASCII word, in any
// case.
func containsFold(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		j := 0
		for j < len(w) && s[i+j]|0x20 == w[j] {
			j++
		}
		if j == len(w) {
			return true
		}
	}
	return false
}

func (p sieved) findAllSubmatch(s string) [][]string {
	if p.absent(s) {
		return nil
	}
	return p.re.FindAllStringSubmatch(s, -1)
}

func (p sieved) findSubmatch(s string) []string {
	if p.absent(s) {
		return nil
	}
	return p.re.FindStringSubmatch(s)
}

func (p sieved) findSubmatchIndex(s string) []int {
	if p.absent(s) {
		return nil
	}
	return p.re.FindStringSubmatchIndex(s)
}

func (p sieved) findAllSubmatchIndex(s string) [][]int {
	if p.absent(s) {
		return nil
	}
	return p.re.FindAllStringSubmatchIndex(s, -1)
}

// namePattern is the pattern of a name in running text (nameRE) and its
// words, which every match holds: exactly for a single word, in any case
// for a name of several, where only ASCII text (whose case folding is
// ASCII's) is sieved by them, and only when they are ASCII.
type namePattern struct {
	re   *regexp.Regexp
	toks []string // lower case when fold
	fold bool
}

func newNamePattern(name string) *namePattern {
	re := nameRE(name)
	if re == nil {
		return nil
	}
	toks := nameTokens(name)
	p := &namePattern{re: re, toks: toks}
	if len(toks) > 1 {
		p.fold = true
		for i, t := range toks {
			if !isASCII(t) {
				p.toks = nil // no sieve
				break
			}
			p.toks[i] = strings.ToLower(t)
		}
	}
	return p
}

// match is the pattern's MatchString(s).
func (p *namePattern) match(s string) bool {
	switch {
	case !p.fold:
		if !strings.Contains(s, p.toks[0]) {
			return false
		}
	case p.toks != nil && isASCII(s):
		lower := strings.ToLower(s)
		for _, t := range p.toks {
			if !strings.Contains(lower, t) {
				return false
			}
		}
	}
	return p.re.MatchString(s)
}

var ofEndRE = regexp.MustCompile(`(?i)\bof(?:\s+the)?\s+$`)

// endsWithOf reports whether s ends with "of" or "of the" and white
// space, as ofEndRE finds: the final `\s+` is
// the run of spaces at the end, before it "of" or "the" and spaces and
// "of", case-folded; a non-ASCII text is left to the pattern.
func endsWithOf(s string) bool {
	if !isASCII(s) {
		return ofEndRE.MatchString(s)
	}
	i := len(s)
	for i > 0 && reSpace(s[i-1]) {
		i--
	}
	if i == len(s) {
		return false
	}
	if i >= 3 && strings.EqualFold(s[i-3:i], "the") {
		j := i - 3
		for j > 0 && reSpace(s[j-1]) {
			j--
		}
		if j < i-3 && ofAt(s, j) {
			return true
		}
	}
	return ofAt(s, i)
}

// ofAt reports a word "of" (any case, `\b` before it) ending at i.
func ofAt(s string, i int) bool {
	return i >= 2 && strings.EqualFold(s[i-2:i], "of") && (i == 2 || !reWordByte(s[i-3]))
}

// sentenceEnds returns where sentences and semicolon clauses end: the
// matches of the pattern `[.!?]["”]?\s+|;\s+` (FindAllStringIndex). Its
// first character says which branch can match at a place: a stop, a
// closing quote if there is one, then spaces; a semicolon, then spaces.
// Its \s+ takes the whole run of spaces.
func sentenceEnds(s string) [][]int {
	var out [][]int
	for i := 0; i < len(s); i++ {
		e := -1
		switch s[i] {
		case '.', '!', '?':
			q := i + 1
			switch {
			case strings.HasPrefix(s[q:], `"`):
				q++
			case strings.HasPrefix(s[q:], "”"):
				q += len("”")
			}
			// Without spaces after a quote, the pattern without the quote
			// fails too: its \s+ would have to match the quote.
			if j := skipSpace(s, q); j > q {
				e = j
			}
		case ';':
			if j := skipSpace(s, i+1); j > i+1 {
				e = j
			}
		}
		if e >= 0 {
			out = append(out, []int{i, e})
			i = e - 1
		}
	}
	return out
}

// signedLike is signedRE.MatchString(s). On ASCII text (whose case
// folding is ASCII's) a match needs a bracket or a parenthesis, or s to
// start with "signed:", "for", "on behalf of" or "in the name of".
func signedLike(s string) bool {
	if isASCII(s) && !strings.ContainsAny(s, "[(") {
		lower := strings.ToLower(s[:min(len(s), len("in the name of"))])
		if !strings.HasPrefix(lower, "signed:") && !strings.HasPrefix(lower, "for") && !strings.HasPrefix(lower, "on behalf of") && !strings.HasPrefix(lower, "in the name of") {
			return false
		}
	}
	return signedRE.MatchString(s)
}
