package wilson

import (
	"os"
	"testing"
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
		if _, err := p.Parse("stasi.txt", string(text)); err != nil {
			b.Fatal(err)
		}
	}
}
