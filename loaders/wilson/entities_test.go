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

// TestCitedTreaties: treaties cited by their titles are Treaties, dated by
// a date after the title, and the commitments invoking them reference them.
func TestCitedTreaties(t *testing.T) {
	rep := parseText(t, stateText("4 June 1971", "the Ministry of Fisheries of Ruritania and the Ministry of Fisheries of Borduria",
		"Mindful of the Treaty on Trade and Shipping concluded between the two countries on May 3, 1925, and the Convention on Lighthouses in Coastal Waters of April 1, 1966, both sides shall exchange information. "+
			"In accordance with the \"Treaty of Friendship and Good Neighbourhood\" of 4 December 1969 both sides shall consult. "+
			"The Agreement on Fisheries shall be published.", ""))
	want := map[string]string{
		"Treaty on Trade and Shipping":                "1925-05-03",
		"Convention on Lighthouses in Coastal Waters": "1966-04-01",
		"Treaty of Friendship and Good Neighbourhood": "1969-12-04",
	}
	ids := map[string]bool{}
	for name, date := range want {
		id := entityByName(rep, name)
		if e := entityOf(rep, id); e == nil || e.Type != loaders.Treaty || e.Date != date {
			t.Errorf("%q is %+v, want a Treaty of %s", name, e, date)
		}
		ids[id] = true
	}
	if got := entityByName(rep, "Agreement on Fisheries"); got != rep.Agreement.Entity {
		t.Errorf("the Agreement on Fisheries is %s, want the agreement itself", got)
	}
	refs := 0
	for _, o := range rep.Obligations {
		for _, r := range o.References {
			if ids[r] {
				refs++
			}
		}
	}
	if refs != 3 {
		t.Errorf("commitments %+v reference %d cited treaties, want 3", rep.Obligations, refs)
	}
}

// TestNameVariants: variants of a known name are that entity; a
// definition after an abbreviation names the organisation; the unknown
// state inside an organisation's name is a Territory of its own.
func TestNameVariants(t *testing.T) {
	rep := parseText(t, stateText("4 June 1975", "the Ministry of State Security of the GDR and the Committee for State Security under the Council of Ministers of the USSR",
		"The MfS of the GDR shall inform the Committee for State Security of the Council of Ministers of the USSR. "+
			"The Ministry of Interior of the Republic of Borduria (MIRB), in the following called \"the Bordurian Ministry\", shall be informed.", ""))
	if want := []string{"mfs", "kgb"}; fmt.Sprint(rep.Agreement.Parties) != fmt.Sprint(want) {
		t.Errorf("parties %v, want %v", rep.Agreement.Parties, want)
	}
	ministry := entityByName(rep, "Ministry of Interior of the Republic of Borduria")
	for _, n := range []string{"MIRB", "Bordurian Ministry"} {
		if got := entityByName(rep, n); got != ministry {
			t.Errorf("%q is %s, want %s", n, got, ministry)
		}
	}
	if e := entityOf(rep, entityByName(rep, "Republic of Borduria")); e == nil || e.Type != loaders.Territory {
		t.Errorf("the Republic of Borduria is %+v, want a Territory", e)
	}
}
