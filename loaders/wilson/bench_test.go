package wilson

import (
	"os"
	"testing"

	"github.com/pactgraph/pactgraph/loaders/synth"
)

func BenchmarkParse(b *testing.B) {
	text, err := os.ReadFile("testdata/wilson-115715-stasi-kgb-1973.txt")
	if err != nil {
		b.Fatal(err)
	}
	p, err := NewParser(gazetteer(b))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := p.Parse(b.Context(), "stasi.txt", string(text)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseSynth parses the synthetic agreements of the load
// benchmark (`pactgraph bench`), 100 a loop.
func BenchmarkParseSynth(b *testing.B) {
	p, err := NewParser(gazetteer(b))
	if err != nil {
		b.Fatal(err)
	}
	docs := make([]synth.Doc, 100)
	for i := range docs {
		docs[i] = synth.Document(i)
	}
	for b.Loop() {
		for _, d := range docs {
			if _, err := p.Parse(b.Context(), d.Name, d.Text); err != nil {
				b.Fatal(err)
			}
		}
	}
}
