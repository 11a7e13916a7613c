package loaders

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cayleygraph/quad/nquads"
	"github.com/google/go-cmp/cmp"

	"github.com/pactgraph/pactgraph/graph"
)

var update = flag.Bool("update", false, "rewrite the golden .nq files in each layout's testdata")

// TestQuadsGolden pins the graph mapping of docs/schema.md: for every
// golden report <layout>/testdata/<case>.json (with the text of <case>.txt,
// which the JSON leaves out), the quads Report.Quads builds, as sorted
// N-Quads, are <case>.nq; -update rewrites them. The reports come from
// the JSON, not from the parser, so a change in what the parser reads
// shows in the .json and a change in the mapping in the .nq.
func TestQuadsGolden(t *testing.T) {
	cases, err := filepath.Glob("*/testdata/*.json")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no test cases: %v", err)
	}
	for _, in := range cases {
		stem := strings.TrimSuffix(in, ".json")
		t.Run(filepath.Base(stem), func(t *testing.T) {
			data, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			var r Report
			if err := json.Unmarshal(data, &r); err != nil {
				t.Fatal(err)
			}
			text, err := os.ReadFile(stem + ".txt")
			if err != nil {
				t.Fatal(err)
			}
			r.Text = string(text)
			got := sortedNQuads(t, &r)
			golden := stem + ".nq"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", golden, diff)
			}
		})
	}
}

// sortedNQuads is the report's quads written as N-Quads, one a line, the
// lines sorted.
func sortedNQuads(t *testing.T, r *Report) string {
	t.Helper()
	var buf bytes.Buffer
	w := nquads.NewWriter(&buf)
	if _, err := w.WriteQuads(r.Quads()); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(buf.String(), "\n")
	slices.Sort(lines)
	return strings.Join(lines, "")
}

// TestQuadsWarnings: a report with warnings marks its document as needing
// review, one pg:warning per warning, naming its line.
func TestQuadsWarnings(t *testing.T) {
	r := &Report{ID: "partial", Document: Document{Title: "Notes"}, Agreement: Agreement{Entity: "notes"},
		Entities: []Entity{{ID: "notes", Type: Treaty, Name: "Notes"}},
		Warnings: []Warning{{Line: 5, Message: `expected "Article" headings`}}}
	var got []string
	for _, q := range r.Quads() {
		if q.Predicate == graph.Warning {
			got = append(got, q.Object.String())
		}
	}
	if len(got) != 1 || !strings.Contains(got[0], `line 5: expected`) {
		t.Errorf("warning quads %q, want one naming line 5", got)
	}
}
