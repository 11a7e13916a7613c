package wilson

import (
	"os"
	"strings"
	"testing"
)

// fuzzSeeds are short inputs, so that the fuzzer runs thousands of them in
// a few seconds: a minimal agreement in several wordings and the fragments
// each part of the parser reads. The corpus files are the golden tests'.
var fuzzSeeds = []string{
	agreementText("Both sides will exchange information; the MIR may recruit □□ agents."),
	agreementText("Neither Party shall pass information to a third party without the written consent of the Party which provided it."),
	agreementText("The Ruritanian side may send liaison officers. The receiving Party shall provide them with offices:\n\na) housing;\n\nb) vehicles."),
	agreementText("This Agreement shall enter into force on the third of March 1978 and shall remain in force for five years."),
	"March 3, 1978\n\nProtocol\n\nCitation:\n\n\"P\", 3.3.1978, Wilson Center Digital Archive, Archive (A), f. 1. Translated from Czech by A. B.\n\nContents:\n\nTranslation - English\n\nProtocol\n\nBetween the Ministry of X (hereinafter \"the X Party\") and the Y\n\nArt. 1\n\nThe X Party shall inform the Y.\n\nFor the Ministry of X: (signed) A. Name\n",
	"1970\n\nT\n\nContents:\n\nTranslation - English\n\nBetween A and B\n\nARTICLE I\n\nEach of the High Contracting Parties undertake not to join any alliance.\n\nDone at Sofia on the twelfth of April 1979.\n\nOn behalf of the A\n[Signed] C. D, Minister\n",
	"\n\nJune 1, 1970\n\nTitle\n\nCitation:\n\n\"",
	"Between the (hereinafter \"\") and\n\nArticle 1\n\n",
	// control characters, read as spaces with a warning: in a heading, a
	// clause, a name, a line of their own (a form feed), C1 and DEL
	strings.Replace(agreementText("Both sides\x00will exchange information."), "Article 1", "Article\x001", 1),
	strings.Replace(agreementText("The MIR\x1b[0m may recruit agents\x7f."), "State Security Service", "State\u0085Security Service", 1),
	agreementText("Both sides will exchange information.\n\x0c\n\x00"),
	// layouts without a title block, articles or blank lines; Latin-1
	"Convention on Birds\n\nThe States Parties to this Convention, Recognizing birds, Have agreed:\n\nI. The Parties shall count birds.\n\nFor the Government of A:\n(sd.) B. C\n(s.) D. E\n",
	"A G R E E M E N T\n[Translated]\nThe Governments of A, B, and C\nHave agreed:\n1.The sides shall meet.\n2.They shall write.\nChapter I\nArticle 1\nText.\nDone at X, 1.1.1970.\nFor the A,\n(signed) F. G\nProtocol\nAt the signing, \xe9t\xe9.\n",
}

// FuzzParse checks that no input makes Parse panic, that every report it
// returns keeps its invariants (spans hold their texts, ids resolve) and
// that every error names the file and a line.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	p, err := NewParser(gazetteer(f))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		rep, err := p.Parse(t.Context(), "fuzz.txt", text)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "wilson: fuzz.txt:") {
				t.Errorf("error %q does not name the file and line", err)
			}
			return
		}
		checkReport(t, rep)
		lines := 1 + strings.Count(text, "\n")
		for _, w := range rep.Warnings {
			if w.Line < 1 || w.Line > lines || w.Message == "" {
				t.Errorf("warning %+v: no line of the file", w)
			}
		}
	})
}

// TestRegressions parses inputs that once broke the parser.
func TestRegressions(t *testing.T) {
	text, err := os.ReadFile("testdata/wilson-115715-stasi-kgb-1973.txt")
	if err != nil {
		t.Fatal(err)
	}
	signed, err := os.ReadFile("testdata/invented-999003-kgb-stb-1964.txt")
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewParser(gazetteer(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []string{
		// a name cut short inside a longer one ("Representation o the KGB")
		strings.Replace(string(text), "Representation of the KGB with the MfS of the GDR.", "Representation o the KGB with the MfS of the GDR.", 1),
		// a signed line with an office but no name
		strings.Replace(string(signed), "[Signed] V. Semichastny", "[Signed] , Chairman", 1),
	} {
		rep, err := p.Parse(t.Context(), "regression.txt", in)
		if err != nil {
			t.Fatal(err)
		}
		checkReport(t, rep)
	}
}
