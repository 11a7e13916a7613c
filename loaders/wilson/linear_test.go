package wilson

import (
	"fmt"
	"strings"
	"testing"
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
				if _, err := p.Parse("long.txt", text); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

