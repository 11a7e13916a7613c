package loaders

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// confirmed are the Wikidata items ../shared/data/README.md lists as
// confirmed; the gazetteer may hold no others.
var confirmed = map[string]string{
	"gdr": "Q16957", "ussr": "Q15180", "frg": "Q713750", "nato": "Q7184",
	"usa": "Q30", "china": "Q148", "kgb": "Q80919", "cpsu": "Q79854",
}

func TestDefaultGazetteer(t *testing.T) {
	g, err := DefaultGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range g.Entries {
		for _, id := range e.Identifiers {
			if id.Scheme == "wikidata" && confirmed[e.ID] != id.Value {
				t.Errorf("%s: Wikidata %s is not a confirmed identifier", e.ID, id.Value)
			}
		}
		for _, iri := range e.SameAs() {
			if !strings.HasPrefix(iri, "http://www.wikidata.org/entity/Q") {
				t.Errorf("%s: same_as %q is not a Wikidata entity IRI", e.ID, iri)
			}
		}
	}
	for id, q := range confirmed {
		e, ok := g.Entry(id)
		if !ok || len(e.SameAs()) != 1 || !strings.HasSuffix(e.SameAs()[0], "/"+q) {
			t.Errorf("%s: want same_as %s", id, q)
		}
	}
	for _, name := range []string{"the KGB", "Union of Socialist Soviet Republics", "MfS", "Warsaw Pact"} {
		if _, ok := g.Lookup(name); !ok {
			t.Errorf("Lookup(%q) found nothing", name)
		}
	}
}

func TestParseGazetteerErrors(t *testing.T) {
	for _, bad := range []string{
		`{`,
		`{"entities": [{"id": "x", "type": "Planet", "name": "X"}]}`,
		`{"entities": [{"id": "x", "type": "Person", "name": "X"}, {"id": "x", "type": "Person", "name": "Y"}]}`,
		`{"sources": {}, "entities": [{"id": "x", "type": "Person", "name": "X", "identifiers": [{"scheme": "hsg", "value": "1", "source": "hsg"}]}]}`,
	} {
		if _, err := ParseGazetteer([]byte(bad)); err == nil {
			t.Errorf("ParseGazetteer(%s): no error", bad)
		}
	}
}

func TestNormName(t *testing.T) {
	for in, want := range map[string]string{
		"The KGB of the USSR":   "kgb of the ussr",
		"People’s Republic":     "people s republic",
		"  Friendship, Co-op  ": "friendship co op",
		"THE MfS":               "mfs",
		"the  x":                "x",
		"the the x":             "the x",
		"the":                   "the",
		"theory":                "theory",
		"A_b":                   "a_b",
		"Ministère (Paris)":     "ministère paris",
		"":                      "",
	} {
		if got := NormName(in); got != want {
			t.Errorf("NormName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestIdentifierSources checks every COW code against cow_states2016.csv
// and every Office of the Historian id against hsg_people_eastbloc_subset.csv
// (../shared/data), the sources the gazetteer names for them.
func TestIdentifierSources(t *testing.T) {
	dir := os.Getenv("PACTGRAPH_SHARED")
	if dir == "" {
		dir = "../../shared"
	}
	files := map[string]struct {
		file   string
		column string
	}{
		"cow": {"cow_states2016.csv", "ccode"},
		"hsg": {"hsg_people_eastbloc_subset.csv", "person_id"},
	}
	g, err := DefaultGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	for scheme, f := range files {
		keys, err := csvColumn(filepath.Join(dir, "data", f.file), f.column)
		if err != nil {
			t.Skipf("no shared data (set PACTGRAPH_SHARED): %v", err)
		}
		for _, e := range g.Entries {
			for _, id := range e.Identifiers {
				if id.Scheme == scheme && !keys[id.Value] {
					t.Errorf("%s: %s %s is not in %s", e.ID, scheme, id.Value, f.file)
				}
			}
		}
	}
}

// csvColumn returns the set of values in a CSV file's named column.
func csvColumn(path, column string) (map[string]bool, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	rows, err := csv.NewReader(fh).ReadAll()
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	col := -1
	for i, h := range rows[0] {
		if h == column {
			col = i
		}
	}
	out := map[string]bool{}
	for _, r := range rows[1:] {
		if col >= 0 && col < len(r) {
			out[r[col]] = true
		}
	}
	return out, nil
}
