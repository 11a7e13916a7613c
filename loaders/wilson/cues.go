package wilson

import (
	"slices"
	"strings"
	"unicode/utf8"
)

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b >= 0x80 || b == '-'
}

func (lx *lexicon) has(list []string, w string) bool {
	for _, x := range list {
		if strings.EqualFold(x, w) {
			return true
		}
	}
	return false
}

// modalAt is a modal cue found in a clause, at byte offsets of the clause.
type modalAt struct {
	modality   string
	phrase     string
	start, end int
}

// findModal returns the earliest modal cue in s (the longest at a tie;
// the first in lx.modal at a full tie): each cue's first match that
// modalOK accepts, compared in the order of lx.modal.
//
// On ASCII text (where the case-insensitive match is plain ASCII case
// folding) no pattern is run for an ASCII cue: those whose first word is
// made of word characters are looked up by the words of the text
// (wordHits), the others found by index. A cue that is not ASCII runs its
// pattern, on ASCII text only from the first place its first word occurs.
func (lx *lexicon) findModal(s string) (modalAt, bool) {
	best := modalAt{start: -1}
	lower, ascii := "", isASCII(s)
	var hits []cueHit
	if ascii {
		lower = strings.ToLower(s)
		hits = lx.wordHits(s, lower)
	}
	for i, c := range lx.modal {
		if ascii && c.byWord {
			for _, h := range hits {
				if loc := h.loc; h.cue == i && loc != nil && (best.start < 0 || loc[0] < best.start || (loc[0] == best.start && loc[1] > best.end)) {
					best = modalAt{modality: c.modality, phrase: c.phrase, start: loc[0], end: loc[1]}
				}
			}
			continue
		}
		if ascii && len(c.words) > 0 {
			// The first match that starts no later than the best so far
			// and that modalOK accepts.
			limit := len(s)
			if best.start >= 0 {
				limit = best.start
			}
			var loc []int
			for from := 0; ; from = loc[1] {
				if loc = c.index(s, lower, from, limit); loc == nil || modalOK(s, c.phrase, loc) {
					break
				}
			}
			if loc != nil && (best.start < 0 || loc[0] < best.start || (loc[0] == best.start && loc[1] > best.end)) {
				best = modalAt{modality: c.modality, phrase: c.phrase, start: loc[0], end: loc[1]}
			}
			continue
		}
		// k: where the cue's matches can start at the earliest.
		k := 0
		if ascii && c.first != "" {
			k = c.firstAt(s, lower)
			// A cue whose first word occurs (as a word) only after the best
			// cue so far cannot beat it.
			if k < 0 || best.start >= 0 && k > best.start {
				continue
			}
		}
		// The cue's first acceptable match, as the first of
		// FindAllStringIndex that modalOK accepts; most often the first
		// match is, and the others are not looked for.
		loc := shift(c.re.FindStringIndex(s[k:]), k)
		if loc == nil || best.start >= 0 && loc[0] > best.start {
			continue // no match, or none that starts early enough
		}
		if !modalOK(s, c.phrase, loc) {
			loc = nil
			for _, l := range c.re.FindAllStringIndex(s[k:], -1)[1:] {
				if l = shift(l, k); modalOK(s, c.phrase, l) {
					loc = l
					break
				}
			}
			if loc == nil {
				continue
			}
		}
		if best.start < 0 || loc[0] < best.start || (loc[0] == best.start && loc[1] > best.end) {
			best = modalAt{modality: c.modality, phrase: c.phrase, start: loc[0], end: loc[1]}
		}
	}
	return best, best.start >= 0
}

// cueHit is a modal cue's first match that modalOK accepts (loc), or where
// its next match may start (from) while it has none.
type cueHit struct {
	cue  int // index in lexicon.modal
	loc  []int
	from int
}

// wordHits finds the first acceptable match of the cues looked up by word
// (cue.byWord) in s (ASCII, lower its lower case), word by word, up to the
// first word where one is found: a cue whose first acceptable match starts
// later cannot be the earliest. A cue's matches follow each other as
// FindAllStringIndex finds them: the next starts at or after the end of
// the last.
func (lx *lexicon) wordHits(s, lower string) []cueHit {
	var hits []cueHit
	for p := 0; p < len(s); {
		if !reWordByte(s[p]) {
			p++
			continue
		}
		q := p + 1
		for q < len(s) && reWordByte(s[q]) {
			q++
		}
		found := false
		for _, ci := range lx.byWord[lower[p:q]] {
			k := slices.IndexFunc(hits, func(h cueHit) bool { return h.cue == ci })
			if k < 0 {
				k = len(hits)
				hits = append(hits, cueHit{cue: ci})
			}
			h := &hits[k]
			if h.loc != nil || p < h.from {
				continue
			}
			c := lx.modal[ci]
			if e := c.matchAt(s, lower, p); e >= 0 {
				if loc := []int{p, e}; modalOK(s, c.phrase, loc) {
					h.loc, found = loc, true
				} else {
					h.from = e
				}
			}
		}
		if found {
			break
		}
		p = q
	}
	return hits
}

// index returns the first match of the cue's pattern in s (ASCII, lower
// its lower case) that starts at or after from and no later than limit, or
// nil. The pattern is `(?i)\b` and the phrase's words joined by `\s+`, then
// `\b`: on ASCII text, its case folding is ASCII's, and at each place it
// matches in one way only, since every word but the first starts with no
// space.
func (c cue) index(s, lower string, from, limit int) []int {
	first := c.words[0]
	for from <= limit && from < len(s) {
		i := strings.Index(lower[from:], first)
		if i < 0 || from+i > limit {
			return nil
		}
		at := from + i
		if e := c.matchAt(s, lower, at); e >= 0 {
			return []int{at, e}
		}
		from = at + 1
	}
	return nil
}

// matchAt returns the end of the cue's match at i in s, or -1.
func (c cue) matchAt(s, lower string, i int) int {
	if !reBoundary(s, i) {
		return -1
	}
	if i = matchWords(s, lower, i, c.words); i < 0 || !reBoundary(s, i) {
		return -1
	}
	return i
}

// firstAt is where in s (ASCII, lower its lower case) the cue's pattern
// can first match, or -1 when it cannot: the pattern is `\b` and the
// phrase's words, so every match starts at an occurrence of the first word
// that no word character precedes. Matching s[k:] from there finds the
// same matches as matching s: `\b` at the start of s[k:] sees what it sees
// at k in s, a non-word character before.
func (c cue) firstAt(s, lower string) int {
	if !reWordByte(c.first[0]) {
		return 0 // \b before a non-word character needs a word before: match all of s
	}
	for from := 0; ; {
		i := strings.Index(lower[from:], c.first)
		if i < 0 {
			return -1
		}
		at := from + i
		if at == 0 || !reWordByte(s[at-1]) {
			return at
		}
		from = at + 1
	}
}

// shift moves a match found in s[k:] to its place in s.
func shift(loc []int, k int) []int {
	if loc != nil {
		loc[0], loc[1] = loc[0]+k, loc[1]+k
	}
	return loc
}

// firstWord is the first word of phrase in lower case, or "" when it is not
// ASCII.
func firstWord(phrase string) string {
	f := strings.Fields(phrase)
	if len(f) == 0 || !isASCII(f[0]) {
		return ""
	}
	return strings.ToLower(f[0])
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// modalOK rejects cue look-alikes: the month "May", "will" as a noun.
func modalOK(s, phrase string, loc []int) bool {
	word := s[loc[0]:loc[1]]
	if strings.EqualFold(phrase, "may") {
		if word != "may" {
			return false
		}
		rest := strings.TrimSpace(s[loc[1]:])
		if rest != "" && rest[0] >= '0' && rest[0] <= '9' {
			return false
		}
	}
	if strings.EqualFold(phrase, "will") {
		before := strings.ToLower(strings.TrimSpace(s[:loc[0]]))
		if strings.HasSuffix(before, "good") || strings.HasSuffix(before, "the") {
			return false
		}
	}
	return true
}

// classify scores the commitment types on weighted pieces of text and
// returns the best, or "other" when no cue is present.
//
// A type's score sums, piece by piece and cue by cue, weight × cue weight ×
// the cue's count. The counts of all cues in a piece come from one pass
// over its word starts (counts); the sums are made in the same order as
// the plain loop over types, pieces and cues would make them, without its
// terms of count 0, which add nothing (the weights are finite), so they
// are the same numbers.
func (lx *lexicon) classify(pieces []weightedText) string {
	scores := make([]float64, len(lx.types))
	counts := make([]int, len(lx.cues))
	for _, p := range pieces {
		text := lowerWords(p.text)
		if p.weight == 0 || text == "" {
			continue
		}
		lx.counts(text, counts)
		for i, t := range lx.types {
			for j, c := range t.cues {
				if n := counts[t.from+j]; n != 0 {
					scores[i] += p.weight * c.weight * float64(n)
				}
			}
		}
	}
	best, bestScore := "other", 0.0
	for i, t := range lx.types {
		if scores[i] > bestScore {
			best, bestScore = t.name, scores[i]
		}
	}
	return best
}

// counts sets counts[k] to the number of occurrences of cues[k] at word
// starts of s (lower case, single spaces), for every cue; a whole-word cue
// must also end at a word end.
func (lx *lexicon) counts(s string, counts []int) {
	clear(counts)
	for at := 0; at < len(s); at++ {
		if at > 0 && isWordByte(s[at-1]) {
			continue // no word start
		}
		for _, k := range lx.byFirst[s[at]] {
			c := lx.cues[k]
			end := at + len(c.phrase)
			if strings.HasPrefix(s[at:], c.phrase) && (!c.word || end == len(s) || !isWordByte(s[end])) {
				counts[k]++
			}
		}
	}
}

// lowerWords is s in lower case, its words joined by single spaces.
func lowerWords(s string) string {
	if !isASCII(s) {
		return strings.Join(strings.Fields(strings.ToLower(s)), " ")
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if asciiSpace(c) {
			continue
		}
		if len(b) > 0 && asciiSpace(s[i-1]) {
			b = append(b, ' ')
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return string(b)
}

// hyphenless spells "co-operation" and "co-ordinate" as the cues do.
var hyphenless = strings.NewReplacer("co-oper", "cooper", "Co-oper", "Cooper", "CO-OPER", "COOPER",
	"co-ordin", "coordin", "Co-ordin", "Coordin", "CO-ORDIN", "COORDIN")

type weightedText struct {
	text   string
	weight float64
}

// provideWith drops the recipient of "provide X with Y" from the words after
// the modal cue, so that the object Y comes first.
func (lx *lexicon) provideWith(words []string) []string {
	if len(words) < 3 {
		return words
	}
	v := 0
	if strings.EqualFold(words[0], "to") {
		v = 1
	}
	if v >= len(words) || !contains(lx.ProvideWith, strings.ToLower(words[v])) {
		return words
	}
	for i := v + 1; i < len(words) && i <= v+12; i++ {
		if strings.HasSuffix(words[i-1], ",") || strings.HasSuffix(words[i-1], ".") {
			return words
		}
		if words[i] == "with" {
			return append(append([]string{}, words[:v+1]...), words[i+1:]...)
		}
	}
	return words
}

// modalCue is findModal with the verb group read whole: after an
// auxiliary ("shall", "will", "must") and the adverbs that may follow it
// ("then", "in principle", "jointly"), a verb of lexicon verb_groups sets
// the modality: "either Party shall then have the right to denounce" is a
// permission, "the Parties shall refrain from" a prohibition.
func (lx *lexicon) modalCue(s string) (modalAt, bool) {
	c, ok := lx.findModal(s)
	if !ok || !lx.has(lx.VerbGroups.Auxiliaries, c.phrase) {
		return c, ok
	}
	at := c.end
	for {
		rest := asciiLower(s[at:])
		trimmed := strings.TrimLeft(rest, " \t\r\n,")
		skip := len(rest) - len(trimmed)
		for _, m := range []string{"permission", "prohibition"} {
			for _, v := range lx.VerbGroups.Verbs[m] {
				if wordPrefix(trimmed, v) {
					c.modality, c.end = m, at+skip+len(v)
					c.phrase = s[c.start:c.end]
					return c, true
				}
			}
		}
		n := lx.adverb(trimmed)
		if n == 0 {
			return c, true
		}
		at += skip + n
	}
}

// adverb returns the length of the adverb that s starts with (a word in
// -ly or one of lexicon verb_groups.adverbs), or 0.
func (lx *lexicon) adverb(s string) int {
	for _, a := range lx.VerbGroups.Adverbs {
		if wordPrefix(s, a) {
			return len(a)
		}
	}
	end := strings.IndexFunc(s, func(r rune) bool { return r >= utf8.RuneSelf || !isWordByte(byte(r)) })
	if end > 3 && strings.HasSuffix(s[:end], "ly") && !strings.HasSuffix(s[:end], "ply") { // not "apply"
		return end
	}
	return 0
}

// wordPrefix reports whether s (lower case) starts with the words of p
// and a word ends there.
func wordPrefix(s, p string) bool {
	return strings.HasPrefix(s, p) && (len(s) == len(p) || !isWordByte(s[len(p)]))
}

// asciiLower lowers the ASCII letters of s only, so that offsets in it are
// offsets in s.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
