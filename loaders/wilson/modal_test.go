package wilson

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pactgraph/pactgraph/loaders/synth"
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
	files, _ := filepath.Glob("testdata/*.txt")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(data))
	}
	for i := range 2 {
		texts = append(texts, synth.Document(i).Text)
	}
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
