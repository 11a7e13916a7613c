package wilson

import (
	"encoding/json"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/pactgraph/pactgraph/loaders/synth"
)

// The tests of this file check the fast paths of the parser against the
// plain implementations they replace, kept here or run from their regular
// expressions: on the sentences of the test documents and of synthetic
// ones, and on random texts built to hit the corners (case, the spaces
// regexp's \s does and does not know, word characters around a phrase,
// non-ASCII letters that case-fold to ASCII ones).

// skipUnderRace skips a comparison of pure functions under -race, which
// adds nothing to it and slows regexp tenfold; they run in every other
// test run.
func skipUnderRace(t *testing.T) {
	t.Helper()
	if raceEnabled {
		t.Skip("a comparison of pure functions: run without -race")
	}
}

// sampleTexts returns the test documents and a few synthetic ones.
func sampleTexts(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob("testdata/*.txt")
	var texts []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(data))
	}
	for i := range 3 {
		texts = append(texts, synth.Document(i).Text)
	}
	return texts
}

// sentences returns the sentences of texts, and their suffixes from each
// of their first six words.
func sentences(texts []string) []string {
	var out []string
	for _, text := range texts {
		for _, p := range strings.Split(text, "\n") {
			for _, sent := range strings.SplitAfter(p, ".") {
				words := strings.Fields(sent)
				for i := range min(len(words), 6) {
					out = append(out, strings.Join(words[i:], " "))
				}
			}
		}
	}
	return out
}

// randomTexts returns n texts made of words and separators, each word in
// lower, upper or title case.
func randomTexts(seed int64, n int, words, seps []string) []string {
	r := rand.New(rand.NewSource(seed))
	out := make([]string, n)
	for i := range out {
		var b strings.Builder
		for range 1 + r.Intn(10) {
			w := words[r.Intn(len(words))]
			switch r.Intn(4) {
			case 0:
				w = strings.ToUpper(w)
			case 1:
				if rs := []rune(w); len(rs) > 0 {
					w = string(unicode.ToUpper(rs[0])) + string(rs[1:])
				}
			}
			b.WriteString(w)
			b.WriteString(seps[r.Intn(len(seps))])
		}
		out[i] = b.String()
	}
	return out
}

// cornerSeps are separators regexp's \b and \s tell apart.
var cornerSeps = []string{" ", "  ", "\t", "\n", "\v", "\f", "\r", "", ",", ".", "-", "_", "'", "(", " \v ", "é"}

var nested = []string{"a", "a b", "the a", "a b c", "b c", "of the", "each of a", "ALL"}

func TestPhrasesSameAsPattern(t *testing.T) {
	skipUnderRace(t)
	lx, err := loadLexicon()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		p    phrases
		ps   []string
	}{
		{"collective", lx.collective, lx.Collective},
		{"self", lx.self, lx.Self},
		{"anaphora", lx.anaphora, lx.Anaphora},
		// phrases that are words of others: the order of the alternatives
		// decides
		{"nested", newPhrases(nested, true), nested},
		{"nested-plain", newPhrases(nested, false), nested},
	} {
		if !c.p.exact {
			t.Fatalf("%s: no fast path", c.name)
		}
		// Words, whole phrases, quantified ones, with any separators.
		var words []string
		for _, ph := range c.ps {
			words = append(words, strings.Fields(ph)...)
			words = append(words, ph, "each of "+ph, "neither  of\t"+ph, ph+"s")
		}
		for _, q := range quantifiers {
			words = append(words, q, q+" of")
		}
		words = append(words, "of", "the", "x", "ſide", "K", "sides_", "parties1")
		texts := randomTexts(1, 4000, words, cornerSeps)
		if c.ps[0] != nested[0] {
			texts = append(texts, sentences(sampleTexts(t))...)
		}
		fast, found := 0, 0
		for _, s := range texts {
			if isASCII(s) {
				fast++
			}
			if c.p.re.MatchString(s) {
				found++
			}
			if got, want := c.p.findAll(s), c.p.re.FindAllStringIndex(s, -1); !slices.EqualFunc(got, want, slices.Equal) {
				t.Fatalf("%s.findAll(%q) = %v, the pattern finds %v", c.name, s, got, want)
			}
			if got, want := c.p.find(s), c.p.re.FindStringIndex(s); !slices.Equal(got, want) {
				t.Fatalf("%s.find(%q) = %v, the pattern finds %v", c.name, s, got, want)
			}
			if got, want := c.p.match(s), c.p.re.MatchString(s); got != want {
				t.Fatalf("%s.match(%q) = %v, the pattern says %v", c.name, s, got, want)
			}
		}
		if fast < 2000 || found < 1000 {
			t.Fatalf("%s: only %d ASCII texts, %d with a match", c.name, fast, found)
		}
	}
}

// sampleParts returns the lines, paragraphs and sentences of the sample
// texts.
func sampleParts(t *testing.T) []string {
	texts := sampleTexts(t)
	out := sentences(texts)
	for _, text := range texts {
		out = append(out, strings.Split(text, "\n")...)
		out = append(out, strings.Split(text, "\n\n")...)
	}
	return out
}

// vocabulary is words of agreements and their look-alikes.
var vocabulary = []string{
	"the", "The", "of", "and", "shall", "may", "not", "to", "Treaty", "treaty", "Agreement", "agreement", "Protocol",
	"Convention", "Pact", "between", "on", "from", "dated", "14 May 1955", "3.3.1978", "Friendship", "USSR", "GDR",
	"Soviet", "side", "Side", "Party", "party", "parties", "delegation", "a", "an", "Joint", "Command", "Committee",
	"Group", "Ministry", "Interior", "Republic", "Cuba", "pp", "p", "No", "Mr", "e.g", "i.e", "etc", "A", "x",
	"[Signed]", "(signed)", "signed:", "For", "for", "On behalf of", "in the name of", "Article", "ARTICLE", "Art.",
	"§", "3", "IV", "One", "Exchange of Information", "\"", "”", "!", "?", ";", "ſ", "K", "é", "İ", "□",
	"information", "inform", "exchange", "support", "assistance", "protect", "consent", "third part",
	"Treaty of 14 May 1955", "Pact dated the 1st December, 1973", "Protocol from 3. 3.1978", "and shall", "AND WILL", "and  may",
	"“", "'", "term", "Terms", "means", "shall mean", "MEAN", "Charter", "Accord", "regarding", "relating to",
	`"Party or Body" means`, "the term “Government or Organization of Origin”", "terms 'Side'", "“Treaty of Rome”",
}

func cornerTexts(seed int64, n int) []string {
	return randomTexts(seed, n, vocabulary, cornerSeps)
}

// classifyPlain is lexicon.classify as it was: each cue counted over each
// piece with strings.Index.
func classifyPlain(lx *lexicon, pieces []weightedText) string {
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
				score += p.weight * c.weight * float64(countPlain(c, p.text))
			}
		}
		if score > bestScore {
			best, bestScore = t.name, score
		}
	}
	return best
}

func countPlain(w weighted, s string) int {
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

func TestClassifySameAsPlain(t *testing.T) {
	skipUnderRace(t)
	lx, err := loadLexicon()
	if err != nil {
		t.Fatal(err)
	}
	var words []string
	for _, c := range lx.cues {
		words = append(words, c.phrase, c.phrase+"ing", strings.ToUpper(c.phrase))
		words = append(words, strings.Fields(c.phrase)...)
	}
	words = append(words, vocabulary...)
	texts := append(sentences(sampleTexts(t)), randomTexts(2, 20000, words, cornerSeps)...)
	r := rand.New(rand.NewSource(3))
	weights := []float64{0, 0.5, 1, 2.0 / 3, 3, 6}
	others := 0
	for range 20000 {
		var pieces []weightedText
		for range 1 + r.Intn(6) {
			pieces = append(pieces, weightedText{texts[r.Intn(len(texts))], weights[r.Intn(len(weights))]})
		}
		got := lx.classify(slices.Clone(pieces))
		want := classifyPlain(lx, slices.Clone(pieces))
		if got != want {
			t.Fatalf("classify(%+v) = %s; the plain loop says %s", pieces, got, want)
		}
		if got == "other" {
			others++
		}
	}
	if others > 10000 {
		t.Fatalf("%d of 20000 without a type: the test looked at too little", others)
	}
}

func cleanPlain(s string) string {
	s = strings.Map(func(r rune) rune {
		if isDebris(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

func TestCleanSameAsPlain(t *testing.T) {
	skipUnderRace(t)
	texts := append(sampleParts(t), cornerTexts(4, 20000)...)
	texts = append(texts, "", " ", "\t\n", "a  b", " a", "a ", "a\vb", "a\u00a0b", "a\u0085b", "□ a □")
	for _, s := range texts {
		if got, want := clean(s), cleanPlain(s); got != want {
			t.Fatalf("clean(%q) = %q, want %q", s, got, want)
		}
		if got, want := joinFields(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("joinFields(%q) = %q, want %q", s, got, want)
		}
		if got, want := wordCount(s), len(strings.Fields(cleanPlain(s))); got != want {
			t.Fatalf("wordCount(%q) = %d, want %d", s, got, want)
		}
		if got, want := lowerWords(s), strings.Join(strings.Fields(strings.ToLower(s)), " "); got != want {
			t.Fatalf("lowerWords(%q) = %q, want %q", s, got, want)
		}
	}
}

// normalizePlain and findPlain are the name search as it was: the name
// folded on every call and looked for with strings.Index.
func normalizePlain(text string) (string, []int) {
	var b strings.Builder
	var at []int
	space := true
	for i, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n := b.Len()
			b.WriteRune(unicode.ToLower(r))
			for ; n < b.Len(); n++ {
				at = append(at, i)
			}
			space = false
			continue
		}
		if !space {
			b.WriteByte(' ')
			at = append(at, i)
			space = true
		}
	}
	return b.String(), at
}

func findPlain(text, name string) [][2]int {
	norm, at := normalizePlain(text)
	key, _ := normalizePlain(name)
	key = strings.TrimSpace(key)
	if key == "" {
		return nil
	}
	single := !strings.Contains(key, " ")
	var out [][2]int
	for i := 0; i < len(norm); {
		j := strings.Index(norm[i:], key)
		if j < 0 {
			break
		}
		s, e := i+j, i+j+len(key)
		i = s + 1
		if s > 0 && norm[s-1] != ' ' || e < len(norm) && norm[e] != ' ' {
			continue
		}
		os := at[s]
		_, size := utf8.DecodeRuneInString(text[at[e-1]:])
		oe := at[e-1] + size
		if single && text[os:oe] != strings.TrimSpace(name) {
			continue
		}
		out = append(out, [2]int{os, oe})
	}
	return out
}

func TestFindSameAsPlain(t *testing.T) {
	skipUnderRace(t)
	g := gazetteer(t)
	var names []string
	for _, e := range g.Entries {
		names = append(names, e.Names()...)
	}
	names = append(names, vocabulary...)
	names = append(names, "", " ", "of the", "the the", "Ministry of the Interior", "MINISTRY  OF", "Ʌ", "ǅ", "İstanbul")
	texts := append(sampleTexts(t), randomTexts(5, 300, append(slices.Clone(names), "Ʌ", "ⱥ", "ǅ", "ǆ"), cornerSeps)...)
	found := 0
	for _, text := range texts {
		nt := normalize(text)
		for _, name := range names {
			got, want := nt.find(name, searchKey(name)), findPlain(text, name)
			if !slices.Equal(got, want) {
				t.Fatalf("find(%q) in %q = %v, want %v", name, text, got, want)
			}
			found += len(got)
		}
	}
	if found < 1000 {
		t.Fatalf("only %d mentions found: the test looked at too little", found)
	}
}

// onMarkLinePlain is doc.onMarkLine as it was: the line's text matched
// against the archival marks.
func onMarkLinePlain(lx *lexicon, text string, at int) bool {
	s := strings.LastIndexByte(text[:at], '\n') + 1
	e := strings.IndexByte(text[at:], '\n')
	if e < 0 {
		e = len(text)
	} else {
		e += at
	}
	return lx.archivalMark(text[s:e])
}

func TestOnMarkLineSameAsPlain(t *testing.T) {
	lx, err := loadLexicon()
	if err != nil {
		t.Fatal(err)
	}
	marks := 0
	for _, text := range sampleTexts(t) {
		d := &doc{text: text}
		_, d.marks = paragraphs(text, lx)
		for at := 0; at <= len(text); at++ {
			got, want := d.onMarkLine(at), onMarkLinePlain(lx, text, at)
			if got != want {
				t.Fatalf("onMarkLine(%d) = %v, want %v", at, got, want)
			}
			if got {
				marks++
			}
		}
	}
	if marks == 0 {
		t.Fatal("no mark lines in the sample texts")
	}
}

func TestKeyedSameAsPattern(t *testing.T) {
	skipUnderRace(t)
	texts := append(sampleParts(t), cornerTexts(6, 30000)...)
	for name, k := range map[string]keyed{"treatyRefRE": treatyRefRE, "namedTreatyRE": namedTreatyRE, "bareTreatyRE": bareTreatyRE, "citedTitleRE": citedTitleRE, "governmentRE": governmentRE} {
		found := 0
		for _, s := range texts {
			got, want := k.findAll(s), k.re.FindAllStringIndex(s, -1)
			if !slices.EqualFunc(got, want, slices.Equal) {
				t.Fatalf("%s.findAll(%q) = %v, the pattern finds %v", name, s, got, want)
			}
			found += len(got)
		}
		if found < 20 {
			t.Fatalf("%s: only %d matches", name, found)
		}
	}
}

func TestSievesSameAsPattern(t *testing.T) {
	skipUnderRace(t)
	lx, err := loadLexicon()
	if err != nil {
		t.Fatal(err)
	}
	texts := append(sampleParts(t), cornerTexts(7, 30000)...)
	for name, p := range map[string]sieved{"side": lx.side, "establish": lx.establish, "roleTermRE": roleTermRE} {
		if len(p.words) == 0 {
			t.Fatalf("%s: no sieve", name)
		}
		for _, w := range p.words {
			// Folded, a word must be lower-case ASCII without the letters
			// whose case folds outside ASCII (K, ſ).
			if p.fold && (strings.ToLower(w) != w || !isASCII(w) || strings.ContainsAny(w, "ks")) {
				t.Errorf("%s: %q cannot sieve in any case", name, w)
			}
		}
		found := 0
		for _, s := range texts {
			if got, want := p.findAllSubmatchIndex(s), p.re.FindAllStringSubmatchIndex(s, -1); !slices.EqualFunc(got, want, slices.Equal) {
				t.Fatalf("%s.findAllSubmatchIndex(%q) = %v, the pattern finds %v", name, s, got, want)
			}
			if got, want := p.findSubmatch(s), p.re.FindStringSubmatch(s); !slices.Equal(got, want) {
				t.Fatalf("%s.findSubmatch(%q) = %v, the pattern finds %v", name, s, got, want)
			}
			if p.findSubmatchIndex(s) != nil {
				found++
			}
		}
		if found < 20 {
			t.Fatalf("%s: only %d matches", name, found)
		}
	}
}

func TestNamePatternSameAsPattern(t *testing.T) {
	skipUnderRace(t)
	g := gazetteer(t)
	var names, texts []string
	for _, e := range g.Entries {
		names = append(names, e.Names()...)
	}
	names = append(names, "Ministry of the Interior", "State Security", "KGB", "Kelvin Group")
	texts = append(texts, names...)
	for _, n := range names {
		texts = append(texts, strings.ToUpper(n), "the "+strings.ToLower(n)+".", "Ministry of the Interior of the "+n)
	}
	texts = append(texts, randomTexts(8, 300, append(slices.Clone(names), vocabulary...), cornerSeps)...)
	found := 0
	for _, n := range names {
		p := newNamePattern(n)
		if p == nil {
			continue
		}
		for _, s := range texts {
			got, want := p.match(s), p.re.MatchString(s)
			if got != want {
				t.Fatalf("pattern of %q: match(%q) = %v, the pattern says %v", n, s, got, want)
			}
			if got {
				found++
			}
		}
	}
	if found < 500 {
		t.Fatalf("only %d matches", found)
	}
}

func TestMatchersSameAsPattern(t *testing.T) {
	skipUnderRace(t)
	texts := append(sampleParts(t), cornerTexts(9, 15000)...)
	texts = append(texts, "of ", " of ", "Of\tthe\n", "of the", "xof ", "_of the ", "of  THE  ", "the ", "of\vthe ", "é of ")
	sentenceRE := regexp.MustCompile(`[.!?]["”]?\s+|;\s+`)
	ofs, signed, sents, modals := 0, 0, 0, 0
	for _, s := range texts {
		if got, want := endsWithOf(s), ofEndRE.MatchString(s); got != want {
			t.Fatalf("endsWithOf(%q) = %v, the pattern says %v", s, got, want)
		} else if got {
			ofs++
		}
		if got, want := signedLike(s), signedRE.MatchString(s); got != want {
			t.Fatalf("signedLike(%q) = %v, the pattern says %v", s, got, want)
		} else if got {
			signed++
		}
		if got, want := sentenceEnds(s), sentenceRE.FindAllStringIndex(s, -1); !slices.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("sentenceEnds(%q) = %v, the pattern finds %v", s, got, want)
		} else {
			sents += len(got)
		}
		if got, want := andModal(s), andModalRE.FindAllStringIndex(s, -1); !slices.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("andModal(%q) = %v, the pattern finds %v", s, got, want)
		} else {
			modals += len(got)
		}
		for _, h := range []string{s, "Article " + s, "ARTICLE " + s, "Art. " + s, "§ " + s} {
			gotN, gotOK := headingMatch(h)
			wantN, wantOK := headingPlain(h)
			if gotN != wantN || gotOK != wantOK {
				t.Fatalf("headingMatch(%q) = %q, %v, want %q, %v", h, gotN, gotOK, wantN, wantOK)
			}
		}
	}
	if ofs < 100 || signed < 100 || sents < 1000 || modals < 100 {
		t.Fatalf("too few matches: %d of, %d signed, %d sentence ends, %d and-modal", ofs, signed, sents, modals)
	}
}

// headingPlain is headingMatch without its test of the first letters.
func headingPlain(s string) (string, bool) {
	if m := headingRE.FindStringSubmatch(s); m != nil {
		return m[1] + m[2], true
	}
	if m := wordHeadingRE.FindStringSubmatch(s); m != nil {
		if _, ok := cardinals[strings.ToLower(m[1])]; ok {
			return m[1], true
		}
	}
	return "", false
}

// TestParserReuse checks that one Parser gives every document the report a
// new Parser gives it, whatever it parsed before: the registry each
// document starts from is a copy that shares nothing the document changes.
func TestParserReuse(t *testing.T) {
	texts := sampleTexts(t)
	for i := range 20 {
		texts = append(texts, synth.Document(i).Text)
	}
	shared, err := NewParser(gazetteer(t))
	if err != nil {
		t.Fatal(err)
	}
	for round := range 2 {
		for i, text := range texts {
			fresh, err := NewParser(gazetteer(t))
			if err != nil {
				t.Fatal(err)
			}
			want, err := fresh.Parse(t.Context(), "doc.txt", text)
			if err != nil {
				t.Fatal(err)
			}
			got, err := shared.Parse(t.Context(), "doc.txt", text)
			if err != nil {
				t.Fatal(err)
			}
			a, _ := json.Marshal(got)
			b, _ := json.Marshal(want)
			if string(a) != string(b) {
				t.Fatalf("round %d, text %d: the shared parser's report differs from a new one's", round, i)
			}
		}
	}
}

// TestParserConcurrent parses documents with one Parser from several
// goroutines: under -race, it checks that documents only read what they
// share (the registry of the gazetteer each one clones, the lexicon).
func TestParserConcurrent(t *testing.T) {
	p, err := NewParser(gazetteer(t))
	if err != nil {
		t.Fatal(err)
	}
	texts := sampleTexts(t)
	want := make([]string, len(texts))
	for i, text := range texts {
		rep, err := p.Parse(t.Context(), "doc.txt", text)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(rep)
		want[i] = string(b)
	}
	var wg sync.WaitGroup
	got := make([][]string, 4)
	for g := range got {
		got[g] = make([]string, len(texts))
		wg.Go(func() {
			for i := range texts {
				k := (i + g) % len(texts)
				if rep, err := p.Parse(t.Context(), "doc.txt", texts[k]); err == nil {
					b, _ := json.Marshal(rep)
					got[g][k] = string(b)
				}
			}
		})
	}
	wg.Wait()
	for g := range got {
		for i := range texts {
			if got[g][i] != want[i] {
				t.Fatalf("goroutine %d, text %d: the report differs from the one parsed alone", g, i)
			}
		}
	}
}
