package wilson

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pactgraph/pactgraph/loaders"
)

// stateText lays out an invented agreement of the given date (day month
// year) whose title block reads "Agreement between <between>", with body
// as its one article and sig as its signature block.
func stateText(date, between, body, sig string) string {
	return fmt.Sprintf(`%[1]s

Agreement between %[2]s, %[1]s

Citation:

"Agreement between %[2]s", %[1]s, Wilson Center Digital Archive, State Archive, f. 2.

<https://digitalarchive.wilsoncenter.org/document/777001>

Original Language:

English

Contents:

Translation - English

Agreement between %[2]s

Article 1

%[3]s

Done at Prague on %[1]s.

%[4]s
`, date, between, body, sig)
}

func parseText(t *testing.T, text string) *loaders.Report {
	t.Helper()
	rep, err := Parse("invented.txt", text, gazetteer(t))
	if err != nil {
		t.Fatal(err)
	}
	checkReport(t, rep)
	return rep
}

func entityOf(rep *loaders.Report, id string) *loaders.Entity {
	for i := range rep.Entities {
		if rep.Entities[i].ID == id {
			return &rep.Entities[i]
		}
	}
	return nil
}

// TestGovernmentParties: where the parties are "the Government of X and
// the Government of Y", the states are the parties, and their signatories
// and the bearers named as governments are the same states.
func TestGovernmentParties(t *testing.T) {
	text := stateText("2 May 1977",
		"the Government of the Republic of Ruritania and the Government of the Polish People's Republic relating to the Settlement of Fishing Claims",
		"The Government of the Polish People's Republic shall pay the sum agreed. The Government of the Republic of Ruritania may inspect the vessels.",
		"For the Government of the Republic of Ruritania\n\n[Signed] A. Rurik\n\nFor the Government of the Polish People's Republic\n\n[Signed] B. Nowak")
	rep := parseText(t, text)
	rur := entityByName(rep, "Republic of Ruritania")
	if want := []string{rur, "poland"}; fmt.Sprint(rep.Agreement.Parties) != fmt.Sprint(want) {
		t.Fatalf("parties %v, want %v", rep.Agreement.Parties, want)
	}
	if e := entityOf(rep, rur); e == nil || e.Type != loaders.Territory {
		t.Errorf("Ruritania is %+v, want a Territory", e)
	}
	for _, e := range rep.Entities {
		if e.Type == loaders.Organisation && strings.Contains(e.Name, "Government") {
			t.Errorf("extra organisation %q: a government of a party is its state here", e.Name)
		}
	}
	for i, o := range rep.Obligations {
		if want := rep.Agreement.Parties[1-i]; len(o.Bearers) != 1 || o.Bearers[0] != want {
			t.Errorf("commitment %d borne by %v, want %s", i, o.Bearers, want)
		}
	}
	for i, s := range rep.Signatures {
		if s.OnBehalfOf != rep.Agreement.Parties[i] {
			t.Errorf("signature %d on behalf of %s, want %s", i, s.OnBehalfOf, rep.Agreement.Parties[i])
		}
	}
}

// TestNamesOfTheDay: a state is named as it was named on the agreement's
// date (gazetteer "dated_names").
func TestNamesOfTheDay(t *testing.T) {
	for date, want := range map[string]string{
		"4 June 1966": "Democratic Republic of Vietnam",
		"4 June 1980": "Socialist Republic of Vietnam",
	} {
		rep := parseText(t, stateText(date, "the Ministry of Fisheries of Ruritania and the Ministry of Fisheries of Vietnam",
			"Both sides shall exchange information.", ""))
		if e := entityOf(rep, "vietnam"); e == nil || e.Name != want {
			t.Errorf("%s: Vietnam is %+v, want named %q", date, e, want)
		}
	}
}
