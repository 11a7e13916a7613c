package wilson

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// longClauses are the sentences a long article is made of, in turn: the
// wordings of the archive, each a commitment of its own.
var longClauses = []string{
	"The MIR shall inform the SSSB about plans of the intelligence services of the United States of America directed against the socialist states.",
	"The SSSB undertakes to provide the representatives of the MIR in Ruritania with offices, apartments and vehicles.",
	"Both sides will exchange experience in the protection of state secrets.",
	"The MIR may request from the SSSB support in operative measures against the intelligence services of France.",
	"The SSSB shall not disclose to a third party the information received from the MIR.",
	"Each side shall assist the other in the search for persons wanted by its organs.",
}

// longArticle is an agreement whose one article holds n clauses, in
// paragraphs of ten sentences.
func longArticle(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			if i%10 == 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteString(" ")
			}
		}
		b.WriteString(longClauses[i%len(longClauses)])
	}
	return agreementText(b.String())
}

// BenchmarkParseLongArticle parses one agreement whose article holds 5k,
// 10k and 20k clauses: the time per parse should double with the length.
func BenchmarkParseLongArticle(b *testing.B) {
	p, err := NewParser(gazetteer(b))
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{5000, 10000, 20000} {
		text := longArticle(n)
		b.Run(fmt.Sprintf("clauses=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				if _, err := p.Parse(b.Context(), "long.txt", text); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestAbbrevEndsSameAsPattern checks abbrevEnds, which reads a sentence's
// last bytes, against abbrevRE run over the whole sentence: at every full
// stop of the sample texts and of random ones built of abbreviations,
// initials and letters that case-fold to ASCII ones ('ſ', the Kelvin sign).
func TestAbbrevEndsSameAsPattern(t *testing.T) {
	skipUnderRace(t)
	texts := sampleTexts(t)
	texts = append(texts, randomTexts(12, 20000,
		[]string{"pp", "p", "no", "art", "arts", "ar\u017fs", "para", "e.g", "i.e", "etc", "A", "\u212a", "\u017f", "x", "Sharts", "vol", "volume", "é", "1"},
		[]string{".", ". ", " ", "", "é", "\u017f", "-", ".\n"})...)
	checked, abbrevs := 0, 0
	for _, text := range texts {
		for s := range min(len(text), 3) {
			for end := s + 1; end <= len(text); end++ {
				if text[end-1] != '.' || !utf8.ValidString(text[s:end]) {
					continue
				}
				got, want := abbrevEnds(text, s, end), abbrevRE.MatchString(text[s:end])
				if got != want {
					t.Fatalf("abbrevEnds(%q) = %v, want %v", text[s:end], got, want)
				}
				checked++
				if got {
					abbrevs++
				}
			}
		}
	}
	if checked < 10000 || abbrevs < 1000 {
		t.Fatalf("%d full stops, %d abbreviations: the test looked at too little", checked, abbrevs)
	}
}
