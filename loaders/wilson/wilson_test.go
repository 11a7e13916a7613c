package wilson

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/pactgraph/pactgraph/loaders"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func gazetteer(t testing.TB) *loaders.Gazetteer {
	t.Helper()
	g, err := loaders.DefaultGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestGolden parses testdata/<case>.txt and compares the report with
// testdata/<case>.json; -update rewrites the JSON.
func TestGolden(t *testing.T) {
	cases, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no test cases: %v", err)
	}
	gaz := gazetteer(t)
	for _, in := range cases {
		name := strings.TrimSuffix(filepath.Base(in), ".txt")
		t.Run(name, func(t *testing.T) {
			text, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := Parse(filepath.Base(in), string(text), gaz)
			if err != nil {
				t.Fatal(err)
			}
			checkReport(t, rep)
			got, err := json.MarshalIndent(rep, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := strings.TrimSuffix(in, ".txt") + ".json"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", golden, diff)
			}
		})
	}
}

// checkReport asserts the invariants every report keeps: spans hold their
// texts and every id used is an entity.
func checkReport(t testing.TB, rep *loaders.Report) {
	t.Helper()
	runes := []rune(rep.Text)
	at := func(sp [2]int) string {
		if sp[0] < 0 || sp[1] > len(runes) || sp[0] > sp[1] {
			return "\x00out of range"
		}
		return string(runes[sp[0]:sp[1]])
	}
	for _, a := range rep.Articles {
		if at(a.Span) != a.Text {
			t.Errorf("article %s: span %v does not hold its text", a.Number, a.Span)
		}
	}
	ids := map[string]bool{}
	for _, e := range rep.Entities {
		if ids[e.ID] {
			t.Errorf("entity %s listed twice", e.ID)
		}
		ids[e.ID] = true
	}
	use := func(where, id string) {
		if !ids[id] {
			t.Errorf("%s: id %q is not an entity", where, id)
		}
	}
	use("agreement", rep.Agreement.Entity)
	for _, p := range rep.Agreement.Parties {
		use("agreement.parties", p)
	}
	for _, s := range rep.Signatures {
		use("signature", s.Person)
		if s.OnBehalfOf != "" { // a signature under a text that names no party
			use("signature", s.OnBehalfOf)
		}
	}
	for _, o := range rep.Obligations {
		if at(o.Span) != o.Text {
			t.Errorf("obligation in article %s: span %v does not hold %q", o.Article, o.Span, o.Text)
		}
		for _, list := range [][]string{o.Bearers, o.Beneficiaries, o.Targets, o.References} {
			for _, id := range list {
				use("obligation "+o.Article, id)
			}
		}
	}
}
