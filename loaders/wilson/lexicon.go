package wilson

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

//go:embed lexicon.json
var lexiconJSON []byte

// lexicon holds the patterns of language the extractor uses: modal cues,
// bearer phrases and the cue words of each commitment type. It is data
// (lexicon.json), so that a new wording is a new line there, not new code.
type lexicon struct {
	Modality       map[string][]string `json:"modality"`
	Nonbinding     []string            `json:"nonbinding"`
	NegatedDuty    []string            `json:"negated_obligation"`
	Impersonal     []string            `json:"impersonal"`
	Collective     []string            `json:"collective"`
	Definitions    []string            `json:"definitions"`
	SideWords      []string            `json:"side_words"`
	NotBodies      []string            `json:"not_bodies"`
	Pronouns       []string            `json:"pronouns"`
	Self           []string            `json:"self"`
	Prepositions   []string            `json:"prepositions"`
	ParticipleStop []string            `json:"participle_stop"`
	Anaphora       []string            `json:"anaphora"`
	// TopicWords end the list of parties in a title's "between …": the
	// topic ("on Cooperation") or the meeting ("held in Berlin").
	TopicWords []string `json:"topic_words"`
	// Fields are the common nouns that name an organ's field of work and
	// are joined by "and" inside one name ("Ministry of Trade and
	// Industry", "Committee for Science and Technology"), where "and"
	// separates no parties.
	Fields []string `json:"fields"`
	// Organs head a subject "the competent authorities of the Contracting
	// Parties" that commits the parties themselves.
	Organs []string            `json:"organs"`
	Heads  map[string][]string `json:"heads"`
	// ProvideWith are verbs of "provide X with Y", whose object Y, not the
	// recipient X, says what is committed.
	ProvideWith []string   `json:"provide_with"`
	Types       []typeCues `json:"types"`
	// ArchivalMarks are patterns of whole lines that archives and
	// translators add to a text: classification marks, copy numbers,
	// stamps, handwritten notes, page and folio numbers. They are layout
	// debris, never part of a paragraph.
	ArchivalMarks []string `json:"archival_marks"`

	marks []*regexp.Regexp // ArchivalMarks, compiled
	modal []cue            // all modal cues, longest first
	// byWord lists the modal cues (indexes in modal) by their first word,
	// those whose cue.byWord is set.
	byWord map[string][]int
	types  []compiledType
	// cues are the cues of all types, type after type: types[i].cues is
	// cues[types[i].from:][:len(types[i].cues)]. byFirst lists, for each
	// byte, the indexes in cues of those whose phrase starts with it.
	cues       []weighted
	byFirst    [256][]int
	collective phrases
	self       phrases
	anaphora   phrases
	topic      *regexp.Regexp
	organOf    *regexp.Regexp
	// paren matches a name defined in parentheses, "(FRG)" or
	// "(hereinafter "the Hungarian Party")"; group 1 is the name.
	paren *regexp.Regexp
	// definition matches a quoted name defined after a comma: `, hereinafter
	// referred to as "the Hungarian Party"`; group 1 is the name.
	definition *regexp.Regexp
	// marker matches a definition marker ("hereinafter").
	marker *regexp.Regexp
	// establish matches "a Joint Command": an indefinite article and a
	// name with an establishable head; group 1 is the name.
	establish sieved
	// side matches "the Soviet side", "the Hungarian Party"; group 1 is the
	// adjective.
	side sieved
}

type typeCues struct {
	Type string             `json:"type"`
	Cues map[string]float64 `json:"cues"`
}

type cue struct {
	phrase   string
	modality string
	re       *regexp.Regexp
	// first is the phrase's first word in lower case when it is ASCII, else
	// "": an ASCII text that does not contain it cannot match re.
	first string
	// words are the phrase's words in lower case when the phrase is ASCII,
	// else nil: on ASCII text, index finds what re finds, without re.
	words []string
	// byWord marks a first word of word characters only: a match starts
	// where a word of the text is that word, and findModal looks the cue up
	// by the words of the text (lexicon.byWord).
	byWord bool
}

type compiledType struct {
	name string
	cues []weighted
	from int // the index in lexicon.cues of cues[0]
}

type weighted struct {
	phrase string // lower case, single spaces
	weight float64
	// word marks a cue written with a trailing space in lexicon.json
	// ("inform "): it matches whole words only, not "information".
	word bool
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b >= 0x80 || b == '-'
}

// loadLexicon reads the embedded lexicon.json: the one place it is read.
func loadLexicon() (*lexicon, error) { return parseLexicon(lexiconJSON) }

// parseLexicon reads a lexicon and compiles its patterns. Data it cannot
// use (a pattern that does not compile, a cue without words) is an error
// that names the list it is in.
func parseLexicon(data []byte) (*lexicon, error) {
	var lx lexicon
	if err := json.Unmarshal(data, &lx); err != nil {
		return nil, fmt.Errorf("lexicon: %w", err)
	}
	for _, m := range lx.ArchivalMarks {
		re, err := regexp.Compile(m)
		if err != nil {
			return nil, fmt.Errorf("lexicon: archival_marks: %w", err)
		}
		lx.marks = append(lx.marks, re)
	}
	for _, m := range []string{"prohibition", "permission", "obligation"} {
		for _, p := range lx.Modality[m] {
			c := cue{phrase: p, modality: m, re: phraseRE(p), first: firstWord(p)}
			if isASCII(p) {
				c.words = strings.Fields(strings.ToLower(p))
			}
			lx.modal = append(lx.modal, c)
		}
	}
	sort.SliceStable(lx.modal, func(i, j int) bool { return len(lx.modal[i].phrase) > len(lx.modal[j].phrase) })
	lx.byWord = map[string][]int{}
	for i := range lx.modal {
		c := &lx.modal[i]
		if len(c.words) > 0 && strings.IndexFunc(c.words[0], func(r rune) bool { return r >= utf8.RuneSelf || !reWordByte(byte(r)) }) < 0 {
			c.byWord = true
			lx.byWord[c.words[0]] = append(lx.byWord[c.words[0]], i)
		}
	}
	for _, t := range lx.Types {
		ct := compiledType{name: t.Type, from: len(lx.cues)}
		keys := make([]string, 0, len(t.Cues))
		for k := range t.Cues {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			w := weighted{
				phrase: strings.Join(strings.Fields(strings.ToLower(k)), " "),
				weight: t.Cues[k],
				word:   strings.HasSuffix(k, " "),
			}
			if w.phrase == "" {
				return nil, fmt.Errorf("lexicon: type %s: a cue without words", t.Type)
			}
			lx.byFirst[w.phrase[0]] = append(lx.byFirst[w.phrase[0]], len(lx.cues))
			lx.cues = append(lx.cues, w)
		}
		ct.cues = lx.cues[ct.from:len(lx.cues):len(lx.cues)]
		lx.types = append(lx.types, ct)
	}
	lx.collective = newPhrases(lx.Collective, true)
	lx.self = newPhrases(lx.Self, false)
	lx.anaphora = newPhrases(lx.Anaphora, false)
	lx.organOf = regexp.MustCompile(`(?i)(?:^|\s)(?:the\s+)?(?:[a-z]+\s+)?` + strings.TrimPrefix(alternation(lx.Organs).String(), `(?i)`) + `\s+of\s+(?:the\s+)?$`)
	lx.topic = regexp.MustCompile(`\s` + strings.TrimPrefix(alternation(lx.TopicWords).String(), `(?i)`) + `\s`)
	if err := lx.compileDefinitions(); err != nil {
		return nil, err
	}
	heads := lx.Heads["establishable"]
	establish, err := regexp.Compile(`\b(?:a|an)\s+((?:[A-Z][\w'-]*\s+){0,4}(?:` + strings.Join(heads, "|") + `))\b`)
	if err != nil {
		return nil, fmt.Errorf("lexicon: heads: establishable: %w", err)
	}
	lx.establish = sieved{re: establish}
	if !slices.ContainsFunc(heads, func(h string) bool { return regexp.QuoteMeta(h) != h }) {
		lx.establish.words = heads // every match holds one of the heads, as written
	}
	return &lx, nil
}

// phraseRE matches a whole phrase case-insensitively, with any run of
// spaces between its words.
func phraseRE(p string) *regexp.Regexp {
	words := strings.Fields(regexp.QuoteMeta(p))
	return regexp.MustCompile(`(?i)\b` + strings.Join(words, `\s+`) + `\b`)
}

// quantified is alternation with an optional quantifier in front: "each
// of", "none of", "any of" the phrase.
func quantified(ps []string) *regexp.Regexp {
	re := alternation(ps).String()
	re = strings.TrimPrefix(re, `(?i)\b`)
	return regexp.MustCompile(`(?i)\b(?:(?:` + strings.Join(quantifiers, "|") + `)\s+of\s+)?` + re)
}

// quantifiers are the words of "each of", "none of" … before a quantified
// phrase.
var quantifiers = []string{"each", "none", "any", "neither", "either", "all", "both", "one"}

func alternation(ps []string) *regexp.Regexp {
	sorted := longestFirst(ps)
	parts := make([]string, len(sorted))
	for i, p := range sorted {
		parts[i] = strings.Join(strings.Fields(regexp.QuoteMeta(p)), `\s+`)
	}
	return regexp.MustCompile(`(?i)\b(?:` + strings.Join(parts, "|") + `)\b`)
}

// longestFirst is the order of an alternation's phrases.
func longestFirst(ps []string) []string {
	sorted := append([]string(nil), ps...)
	sort.SliceStable(sorted, func(i, j int) bool { return len(sorted[i]) > len(sorted[j]) })
	return sorted
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

type weightedText struct {
	text   string
	weight float64
}

// compileDefinitions builds the patterns of defined names from the markers
// and the side words of the lexicon.
func (lx *lexicon) compileDefinitions() error {
	marker := strings.TrimPrefix(alternation(lx.Definitions).String(), `(?i)`)
	lx.marker = regexp.MustCompile(`(?i)` + marker)
	quote, unquote := `["“'‘]?`, `["”'’]?`
	lx.paren = regexp.MustCompile(`\((?:(?i:` + marker + `)\s*:?\s*)?` + quote + `(?:(?i:the)\s+)?` + quote +
		`([A-Z][^()\d"”]{0,120}?)` + unquote + `\)`)
	lx.definition = regexp.MustCompile(`,\s*(?i:` + marker + `)\s*:?\s*["“‘](?:(?i:the)\s+)?([A-Z][^"”’()\d]{0,80}?)["”’]`)
	var words, quoted []string
	for _, w := range lx.SideWords {
		if w == "" {
			return fmt.Errorf("lexicon: side_words: an empty word")
		}
		for _, v := range []string{w, strings.ToUpper(w[:1]) + w[1:]} {
			words = append(words, v)
			quoted = append(quoted, regexp.QuoteMeta(v))
		}
	}
	// Every match holds one of the side words, as the pattern writes them.
	lx.side = sieved{re: regexp.MustCompile(`\b[Tt]he\s+((?:[A-Z][\w-]*\s+){1,2})(?:` + strings.Join(quoted, "|") + `)\b`), words: words}
	return nil
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
