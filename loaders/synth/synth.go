// Package synth writes synthetic agreements in the layout of the Wilson
// Center Digital Archive, for benchmarks and scale tests: document i is the
// same text on every run, its parties are two ministries or services of
// states drawn from a pool, and its articles state commitments in several
// wordings, each article one commitment. The documents are invented and
// say so in their summary; they are generated when needed, never shipped
// as data.
//
// Each Doc records what it was written with (parties, articles,
// commitments, signatures), so that a test can check what the loaders
// read from it.
package synth

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Doc is one generated document and what it holds.
type Doc struct {
	// Name is the file stem, unique per index: synth-000042-….
	Name string
	// Text is the document in the archive layout.
	Text string
	// Parties are the full names of the two parties, in order.
	Parties [2]string
	// Signatories are the people who sign, one per party.
	Signatories [2]string
	// Articles is the number of articles; each states one commitment.
	Articles int
	// Date is the date of signature, YYYY-MM-DD.
	Date string
}

// The pools the documents draw from. States are those the gazetteer
// knows, with their demonyms; the bodies are invented per state.
var (
	states = []struct{ name, short, demonym, capital string }{
		{"German Democratic Republic", "GDR", "East German", "Berlin"},
		{"Union of Soviet Socialist Republics", "USSR", "Soviet", "Moscow"},
		{"People's Republic of Bulgaria", "Bulgaria", "Bulgarian", "Sofia"},
		{"Hungarian People's Republic", "Hungary", "Hungarian", "Budapest"},
		{"Polish People's Republic", "Poland", "Polish", "Warsaw"},
		{"Czechoslovak Socialist Republic", "Czechoslovakia", "Czechoslovak", "Prague"},
		{"Mongolian People's Republic", "Mongolia", "Mongolian", "Ulan Bator"},
		{"Republic of Cuba", "Cuba", "Cuban", "Havana"},
		{"Democratic Republic of Vietnam", "Vietnam", "Vietnamese", "Hanoi"},
		{"People's Republic of Albania", "Albania", "Albanian", "Tirana"},
	}
	bodies = []struct{ name, office string }{
		{"Ministry of the Interior", "Minister of the Interior"},
		{"Ministry of State Security", "Minister of State Security"},
		{"Ministry of National Defence", "Minister of National Defence"},
		{"Ministry of Foreign Affairs", "Minister of Foreign Affairs"},
		{"State Committee for Information", "Chairman of the State Committee for Information"},
		{"Main Directorate of Intelligence", "Head of the Main Directorate of Intelligence"},
	}
	targets = []string{
		"the Federal Republic of Germany", "the United States of America", "the United Kingdom", "France",
	}
	givenNames = []string{"Anton", "Boris", "Karel", "Jozef", "Laszlo", "Ivan", "Pavel", "Dimitar", "Tran", "Raul", "Enver", "Jan"}
	surnames   = []string{"Novak", "Petrov", "Kovacs", "Nowak", "Horvat", "Dimitrov", "Ivanov", "Krause", "Molnar", "Svoboda", "Hoxha", "Garcia", "Nguyen", "Batbayar"}
	// Commitments, worded as the archive words them: %[1]s is the bearer,
	// %[2]s the other party, %[3]s a state the clause is directed against,
	// %[4]s the other party's capital.
	clauses = []string{
		"%[1]s shall inform %[2]s about plans of the intelligence services of %[3]s directed against the socialist states.",
		"%[1]s undertakes to provide the representatives of %[2]s in %[4]s with offices, apartments and vehicles.",
		"%[1]s is obliged to exchange with %[2]s experience in the protection of state secrets.",
		"%[1]s will train officers of %[2]s in its schools and institutes.",
		"%[1]s may request from %[2]s support in operative measures against the intelligence services of %[3]s.",
		"%[1]s shall not disclose to a third party the information received from %[2]s.",
		"%[1]s is obliged to hand over to %[2]s information on persons from %[3]s who are of operative interest.",
		"%[1]s shall assist %[2]s in the search for persons wanted by the organs of %[2]s.",
	}
	roman = []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"}
)

// Document generates document i (i ≥ 0). It depends on i alone.
func Document(i int) Doc {
	r := rand.New(rand.NewPCG(uint64(i), 0x7061637467726170)) // "pactgrap"
	sa := r.IntN(len(states))
	sb := (sa + 1 + r.IntN(len(states)-1)) % len(states)
	ba, bb := r.IntN(len(bodies)), r.IntN(len(bodies))
	a, b := states[sa], states[sb]
	d := Doc{
		Parties: [2]string{bodies[ba].name + " of the " + a.name, bodies[bb].name + " of the " + b.name},
		Signatories: [2]string{
			givenNames[r.IntN(len(givenNames))] + " " + surnames[r.IntN(len(surnames))],
			givenNames[r.IntN(len(givenNames))] + " " + surnames[r.IntN(len(surnames))],
		},
		Articles: 3 + r.IntN(len(roman)-3),
	}
	if d.Signatories[0] == d.Signatories[1] {
		d.Signatories[1] += "-" + surnames[0]
	}
	date := time.Date(1950+r.IntN(38), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
	d.Date = date.Format("2006-01-02")
	long := date.Format("January 2, 2006")
	short := date.Format("2 January 2006")
	kind := []string{"Agreement", "Protocol"}[r.IntN(2)]
	d.Name = fmt.Sprintf("synth-%06d-%s-%s-%d", i, slug(a.short), slug(b.short), date.Year())
	title := fmt.Sprintf("%s on Cooperation between the %s and the %s, %s", kind, d.Parties[0], d.Parties[1], short)

	var t strings.Builder
	fmt.Fprintf(&t, "\n\n%s\n\n%s\n\nCitation:\n\n", long, title)
	fmt.Fprintf(&t, "%q, %s, synthetic document %d of the pactgraph benchmarks, generated by loaders/synth.\n\n", title, long, i)
	t.WriteString("Summary:\n\nAn invented agreement in the layout of the archive, generated for benchmarks; no such agreement exists.\n\n")
	t.WriteString("Original Language:\n\nRussian\n\nContents:\n\nTranslation - English\n\n")
	fmt.Fprintf(&t, "%s\n\nOn Cooperation\n\nBetween the %s and the %s\n\n", kind, d.Parties[0], d.Parties[1])
	fmt.Fprintf(&t, "The %s and the %s, striving to strengthen their cooperation against the intelligence services of the imperialist states, have agreed on the following:\n\n", d.Parties[0], d.Parties[1])
	sides := [2]string{"The " + d.Parties[0], "The " + d.Parties[1]}
	for n := 0; n < d.Articles; n++ {
		bearer := r.IntN(2)
		clause := fmt.Sprintf(clauses[r.IntN(len(clauses))], sides[bearer], "the "+d.Parties[1-bearer],
			targets[r.IntN(len(targets))], []string{a.capital, b.capital}[1-bearer])
		fmt.Fprintf(&t, "Article %s\n\n%s\n\n", roman[n], clause)
	}
	offices := [2]string{bodies[ba].office + " of the " + a.name, bodies[bb].office + " of the " + b.name}
	for k := range 2 {
		fmt.Fprintf(&t, "%s\n\n[Signed] %s\n\n%s\n", offices[k], d.Signatories[k], short)
		if k == 0 {
			t.WriteString("\n")
		}
	}
	d.Text = t.String()
	return d
}

func slug(s string) string { return strings.ToLower(strings.ReplaceAll(s, " ", "-")) }

// WriteDir writes documents from, from+1, … from+n-1 to dir as NAME.txt,
// creating dir.
func WriteDir(dir string, from, n int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i := from; i < from+n; i++ {
		d := Document(i)
		if err := os.WriteFile(filepath.Join(dir, d.Name+".txt"), []byte(d.Text), 0o644); err != nil {
			return err
		}
	}
	return nil
}
