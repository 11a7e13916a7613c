package loaders

import (
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/pactgraph/pactgraph/loaders/synth"
)

// checkNormName checks NormName on s against what it promises: it gives
// what its path for any text (normNameUnicode, the strings package step by
// step) gives, so that its one-pass path for ASCII text changes nothing;
// and its result is words of letters, digits and "_" (of [a-z0-9_] for
// ASCII text) separated by single spaces.
func checkNormName(t *testing.T, s string) {
	t.Helper()
	got := NormName(s)
	if want := normNameUnicode(s); got != want {
		t.Fatalf("NormName(%q) = %q; normNameUnicode gives %q", s, got, want)
	}
	if got == "" {
		return
	}
	for _, w := range strings.Split(got, " ") {
		ok := w != ""
		for _, r := range w {
			ok = ok && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_')
			if isASCII(s) {
				ok = ok && ('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '_')
			}
		}
		if !ok {
			t.Fatalf("NormName(%q) = %q: %q is no word of a normal name", s, got, w)
		}
	}
}

// normNameTexts are names and texts to normalise: the gazetteer's names,
// the lines and word windows of the test documents and of synthetic ones.
func normNameTexts(t *testing.T) []string {
	g, err := DefaultGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, e := range g.Entries {
		for _, n := range e.Names() {
			texts = append(texts, n, strings.ToUpper(n), " the "+n+" ", "The "+n, "THE\t"+n)
		}
		texts = append(texts, e.Demonyms...)
	}
	files, _ := filepath.Glob("wilson/testdata/*.txt")
	more, _ := filepath.Glob("../corpus/*.txt")
	var docs []string
	for _, f := range append(files, more...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, string(data))
	}
	for i := range 3 {
		docs = append(docs, synth.Document(i).Text)
	}
	for _, d := range docs {
		for _, line := range strings.Split(d, "\n") {
			texts = append(texts, line)
			words := strings.Split(line, " ")
			for i := range words {
				for n := 1; n <= 4 && i+n <= len(words); n++ {
					texts = append(texts, strings.Join(words[i:i+n], " "))
				}
			}
		}
	}
	return texts
}

func TestNormNameProperties(t *testing.T) {
	texts := normNameTexts(t)
	texts = append(texts, []string{
		"", " ", "the", "the ", "the  ", "The  x", "the\tx", "thE x", "the-x", "(the x)", " the the x",
		"theory", "the x ", "x the", "a_b", "A__B", "İstanbul", "ſtate", "Kelvin", "People’s Republic",
		"Peoples' Republic", "MfS of the GDR", "1973", "\v\f\r\n x \x85", "\u00a0the x", "\xff\xfeabc", "\x00a",
		"already normal", "already  normal", " already normal", "already normal ", "Already normal",
	}...)
	ascii := 0
	for _, s := range texts {
		checkNormName(t, s)
		if isASCII(s) {
			ascii++
		}
	}
	// Random strings over an alphabet of the characters that matter.
	const alphabet = "tThHeE aAzZ09_-.,'’\t\n\v\f\r()\"İſKé\u00a0\x85"
	runes := []rune(alphabet)
	r := rand.New(rand.NewSource(1))
	for range 200000 {
		var b strings.Builder
		if r.Intn(3) == 0 {
			b.WriteString([]string{"the ", "The ", " the ", "THE  ", "the"}[r.Intn(5)])
		}
		for range r.Intn(12) {
			if r.Intn(4) == 0 {
				b.WriteRune(runes[r.Intn(len(runes))])
			} else {
				b.WriteByte(alphabet[r.Intn(20)]) // the ASCII part
			}
		}
		s := b.String()
		checkNormName(t, s)
		if isASCII(s) {
			ascii++
		}
	}
	if ascii < 100000 {
		t.Fatalf("only %d ASCII texts compared: the fast path was hardly tested", ascii)
	}
}

func FuzzNormName(f *testing.F) {
	for _, s := range []string{"The KGB of the USSR", "People’s Republic", "  Friendship, Co-op  ", "the  x", "A_b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkNormName(t, s) })
}
