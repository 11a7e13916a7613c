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
	Modality    map[string][]string `json:"modality"`
	Nonbinding  []string            `json:"nonbinding"`
	NegatedDuty []string            `json:"negated_obligation"`
	// ScopeVerbs follow the agreement itself as subject in a clause of
	// scope ("the present Agreement shall apply to the Kingdom in Europe").
	ScopeVerbs []string `json:"scope_verbs"`
	// Savings are the words of a savings clause, which keeps something
	// out of the agreement's reach and commits no one: its subject
	// ("Nothing in this Agreement shall …") or its passive verb ("… shall
	// not be affected by …", "… shall be interpreted as …").
	Savings struct {
		Subjects []string `json:"subjects"`
		Verbs    []string `json:"verbs"`
	} `json:"savings"`
	// Recitals are the words of a preamble's recitals: the motives
	// ("desiring", "guided by") before a cue, and the acts of agreeing
	// ("conclude", "sign") right after one ("have agreed to conclude").
	Recitals struct {
		Motives []string `json:"motives"`
		Acts    []string `json:"acts"`
	} `json:"recitals"`
	Impersonal     []string `json:"impersonal"`
	Collective     []string `json:"collective"`
	Definitions    []string `json:"definitions"`
	SideWords      []string `json:"side_words"`
	NotBodies      []string `json:"not_bodies"`
	Pronouns       []string `json:"pronouns"`
	Self           []string `json:"self"`
	Prepositions   []string `json:"prepositions"`
	ParticipleStop []string `json:"participle_stop"`
	Anaphora       []string `json:"anaphora"`
	// TopicWords end the list of parties in a title's "between …": the
	// topic ("on Cooperation") or the meeting ("held in Berlin").
	TopicWords []string `json:"topic_words"`
	// SidesEnd open what follows the contracting sides' names in a
	// preamble: a recital ("desiring to …", ", Considering that …"), a
	// definition ("hereinafter …"), so they end those names; Agreeing are
	// the predicates of those sides ("have agreed as follows"), which end
	// them too.
	SidesEnd []string `json:"sides_end"`
	Agreeing []string `json:"agreeing"`
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
	ProvideWith []string `json:"provide_with"`
	// VerbGroups read an auxiliary ("shall", "will") with the verb it
	// governs: "shall then have the right to" is a permission, "shall
	// refrain from" a prohibition.
	VerbGroups verbGroups `json:"verb_groups"`
	Types      []typeCues `json:"types"`
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
	topicFold  *regexp.Regexp // topic in any case, for a text in capitals
	// sidesEnd matches where the contracting sides at the opening of a
	// preamble end: a recital after punctuation (", Considering"), a
	// recital word in lower case ("… Republic being parties to …") or an
	// agreeing predicate; recitalStart matches a paragraph that opens with
	// a recital or a predicate ("Have agreed as follows:").
	sidesEnd, recitalStart *regexp.Regexp
	agrees                 *regexp.Regexp
	organOf                *regexp.Regexp
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

// verbGroups are the auxiliaries, the adverbs that may stand between an
// auxiliary and its verb, and the verbs that change the auxiliary's
// modality.
type verbGroups struct {
	Auxiliaries []string            `json:"auxiliaries"`
	Adverbs     []string            `json:"adverbs"`
	Verbs       map[string][]string `json:"verbs"`
	// NotVerbs are function words that never head an operative sentence
	// in the present tense ("The Parties which …", "the Parties have").
	NotVerbs []string `json:"not_verbs"`
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
	lx.topicFold = regexp.MustCompile(`(?i)` + lx.topic.String())
	recitals := strings.TrimPrefix(alternation(lx.SidesEnd).String(), `(?i)\b`)
	agreeing := strings.TrimPrefix(alternation(lx.Agreeing).String(), `(?i)\b`)
	lx.sidesEnd = regexp.MustCompile(`[,;:]\s*(?i:` + recitals + `)|\s(?:` + recitals + `|` + agreeing + `)`)
	lx.recitalStart = regexp.MustCompile(`^(?i:` + recitals + `|` + agreeing + `)`)
	lx.agrees = regexp.MustCompile(`\s(?:` + agreeing + `)`)
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
