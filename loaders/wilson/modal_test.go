package wilson

import (
	"math/rand"
	"strings"
	"testing"
)

// findModalScan is findModal as it was before it learnt to skip: every cue's
// pattern run over the whole text. findModal must find what it finds.
func (lx *lexicon) findModalScan(s string) (modalAt, bool) {
	best := modalAt{start: -1}
	for _, c := range lx.modal {
		for _, loc := range c.re.FindAllStringIndex(s, -1) {
			if !modalOK(s, c.phrase, loc) {
				continue
			}
			if best.start < 0 || loc[0] < best.start || (loc[0] == best.start && loc[1] > best.end) {
				best = modalAt{modality: c.modality, phrase: c.phrase, start: loc[0], end: loc[1]}
			}
			break
		}
	}
	return best, best.start >= 0
}

func TestFindModalSameAsScan(t *testing.T) {
	lx, err := loadLexicon()
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{
		"", "shall", "Marshall shall not", "marshall", "the Marshall Plan will", "in May 5 they may",
		"the good will of the Parties shall", "SHALL NOT", "Shall\tnot\nbe", "x-shall may", "_shall must",
		"The Parties undertake to inform", "neither may nor shall", "Mayor may", "the will, and shall",
		"Les parties s'engagent; the side shall", "the Parties shall not be obliged to",
	}
	texts = append(texts, sampleTexts(t)...)
	n := 0
	for _, text := range texts {
		// Every sentence, and its suffixes from each of its first six words, as
		// unitDrafts and subClauses ask.
		for _, p := range strings.Split(text, "\n") {
			for _, sent := range strings.SplitAfter(p, ".") {
				words := strings.Fields(sent)
				for i := range min(len(words), 6) {
					s := strings.Join(words[i:], " ")
					got, gok := lx.findModal(s)
					want, wok := lx.findModalScan(s)
					n++
					if got != want || gok != wok {
						t.Fatalf("findModal(%q) = %+v, %v; the scan finds %+v, %v", s, got, gok, want, wok)
					}
				}
			}
		}
	}
	if n < 1000 {
		t.Fatalf("compared %d texts; the test looked at too little", n)
	}
}

// TestFindModalRandom compares findModal with the scan on random texts
// made of the cues' words, their look-alikes and the characters around
// words that regexp's `\b` and `\s` tell apart.
func TestFindModalRandom(t *testing.T) {
	skipUnderRace(t)
	lx, err := loadLexicon()
	if err != nil {
		t.Fatal(err)
	}
	var words []string
	for _, c := range lx.modal {
		words = append(words, strings.Fields(c.phrase)...)
	}
	words = append(words, "Marshall", "May", "5", "good", "the", "Parties", "shall_", "_will", "mays", "SHALL", "Will", "Not", "é", "ſhall", "ſ", "K", "İ")
	seps := []string{" ", "  ", "\t", "\n", "\v", "\f", "\r", "", ",", ".", "-", "_", "'", "(", " \v "}
	r := rand.New(rand.NewSource(1))
	ascii := 0
	for range 15000 {
		var b strings.Builder
		for range 1 + r.Intn(10) {
			w := words[r.Intn(len(words))]
			switch r.Intn(4) {
			case 0:
				w = strings.ToUpper(w)
			case 1:
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			b.WriteString(w)
			b.WriteString(seps[r.Intn(len(seps))])
		}
		s := b.String()
		if isASCII(s) {
			ascii++
		}
		got, gok := lx.findModal(s)
		want, wok := lx.findModalScan(s)
		if got != want || gok != wok {
			t.Fatalf("findModal(%q) = %+v, %v; the scan finds %+v, %v", s, got, gok, want, wok)
		}
	}
	if ascii < 7000 {
		t.Fatalf("only %d ASCII texts: the fast path was hardly tested", ascii)
	}
}
