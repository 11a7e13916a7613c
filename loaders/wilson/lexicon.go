package wilson

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
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

	modal      []cue // all modal cues, longest first
	types      []compiledType
	collective *regexp.Regexp
	self       *regexp.Regexp
	anaphora   *regexp.Regexp
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
	// side matches "the Soviet side", "the Hungarian Party"; group 1 is the
	// adjective.
	side *regexp.Regexp
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
}

type compiledType struct {
	name string
	cues []weighted
}

type weighted struct {
	phrase string // lower case, single spaces
	weight float64
	// word marks a cue written with a trailing space in lexicon.json
	// ("inform "): it matches whole words only, not "information".
	word bool
}

// count counts the occurrences of the cue at word starts of s (lower case,
// single spaces); a whole-word cue must also end at a word end.
func (w weighted) count(s string) int {
	n := 0
	for i := 0; ; {
		j := strings.Index(s[i:], w.phrase)
		if j < 0 {
			return n
		}
		at, end := i+j, i+j+len(w.phrase)
		if (at == 0 || !isWordByte(s[at-1])) && (!w.word || end == len(s) || !isWordByte(s[end])) {
			n++
		}
		i = at + 1
	}
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b >= 0x80 || b == '-'
}

// loadLexicon reads the embedded lexicon.
func loadLexicon() (*lexicon, error) {
	var lx lexicon
	if err := json.Unmarshal(lexiconJSON, &lx); err != nil {
		return nil, fmt.Errorf("lexicon: %w", err)
	}
	for _, m := range []string{"prohibition", "permission", "obligation"} {
		for _, p := range lx.Modality[m] {
			lx.modal = append(lx.modal, cue{phrase: p, modality: m, re: phraseRE(p), first: firstWord(p)})
		}
	}
	sort.SliceStable(lx.modal, func(i, j int) bool { return len(lx.modal[i].phrase) > len(lx.modal[j].phrase) })
	for _, t := range lx.Types {
		ct := compiledType{name: t.Type}
		keys := make([]string, 0, len(t.Cues))
		for k := range t.Cues {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			ct.cues = append(ct.cues, weighted{
				phrase: strings.Join(strings.Fields(strings.ToLower(k)), " "),
				weight: t.Cues[k],
				word:   strings.HasSuffix(k, " "),
			})
		}
		lx.types = append(lx.types, ct)
	}
	lx.collective = quantified(lx.Collective)
	lx.self = alternation(lx.Self)
	lx.anaphora = alternation(lx.Anaphora)
	lx.organOf = regexp.MustCompile(`(?i)(?:^|\s)(?:the\s+)?(?:[a-z]+\s+)?` + strings.TrimPrefix(alternation(lx.Organs).String(), `(?i)`) + `\s+of\s+(?:the\s+)?$`)
	lx.topic = regexp.MustCompile(`\s` + strings.TrimPrefix(alternation(lx.TopicWords).String(), `(?i)`) + `\s`)
	lx.compileDefinitions()
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
	return regexp.MustCompile(`(?i)\b(?:(?:each|none|any|neither|either|all|both|one)\s+of\s+)?` + re)
}

func alternation(ps []string) *regexp.Regexp {
	sorted := append([]string(nil), ps...)
	sort.SliceStable(sorted, func(i, j int) bool { return len(sorted[i]) > len(sorted[j]) })
	parts := make([]string, len(sorted))
	for i, p := range sorted {
		parts[i] = strings.Join(strings.Fields(regexp.QuoteMeta(p)), `\s+`)
	}
	return regexp.MustCompile(`(?i)\b(?:` + strings.Join(parts, "|") + `)\b`)
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

// findModal returns the earliest modal cue in s (the longest at a tie).
func (lx *lexicon) findModal(s string) (modalAt, bool) {
	best := modalAt{start: -1}
	// Most cues are absent from a clause: on ASCII text (where the
	// case-insensitive match is plain ASCII case folding) a cue whose first
	// word is not in the text is skipped without running its pattern.
	lower, ascii := "", isASCII(s)
	if ascii {
		lower = strings.ToLower(s)
	}
	for _, c := range lx.modal {
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

// reWordByte is an ASCII word character as regexp's \b sees it.
func reWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_'
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
func (lx *lexicon) classify(pieces []weightedText) string {
	best, bestScore := "other", 0.0
	for i := range pieces {
		pieces[i].text = strings.Join(strings.Fields(strings.ToLower(pieces[i].text)), " ")
	}
	for _, t := range lx.types {
		score := 0.0
		for _, p := range pieces {
			if p.weight == 0 || p.text == "" {
				continue
			}
			for _, c := range t.cues {
				score += p.weight * c.weight * float64(c.count(p.text))
			}
		}
		if score > bestScore {
			best, bestScore = t.name, score
		}
	}
	return best
}

type weightedText struct {
	text   string
	weight float64
}

// compileDefinitions builds the patterns of defined names from the markers
// and the side words of the lexicon.
func (lx *lexicon) compileDefinitions() {
	marker := strings.TrimPrefix(alternation(lx.Definitions).String(), `(?i)`)
	lx.marker = regexp.MustCompile(`(?i)` + marker)
	quote, unquote := `["“'‘]?`, `["”'’]?`
	lx.paren = regexp.MustCompile(`\((?:(?i:` + marker + `)\s*:?\s*)?` + quote + `(?:(?i:the)\s+)?` + quote +
		`([A-Z][^()\d"”]{0,120}?)` + unquote + `\)`)
	lx.definition = regexp.MustCompile(`,\s*(?i:` + marker + `)\s*:?\s*["“‘](?:(?i:the)\s+)?([A-Z][^"”’()\d]{0,80}?)["”’]`)
	words := make([]string, 0, 2*len(lx.SideWords))
	for _, w := range lx.SideWords {
		words = append(words, regexp.QuoteMeta(w), regexp.QuoteMeta(strings.ToUpper(w[:1])+w[1:]))
	}
	lx.side = regexp.MustCompile(`\b[Tt]he\s+((?:[A-Z][\w-]*\s+){1,2})(?:` + strings.Join(words, "|") + `)\b`)
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
