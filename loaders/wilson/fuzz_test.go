package wilson

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse checks that no input makes Parse panic and that every report
// it returns keeps its invariants (spans hold their texts, ids resolve).
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txt")
	for _, in := range files {
		b, err := os.ReadFile(in)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add(agreementText("Both sides will exchange information; the MIR may recruit □□ agents."))
	p, err := NewParser(gazetteer(f))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		rep, err := p.Parse("fuzz.txt", text)
		if err != nil {
			return
		}
		checkReport(t, rep)
	})
}
