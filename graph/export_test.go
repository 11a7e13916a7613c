package graph_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/pactgraph/pactgraph/corpus"
	"github.com/pactgraph/pactgraph/graph"
	"github.com/pactgraph/pactgraph/graph/graphtest"
	"github.com/pactgraph/pactgraph/loaders"
	"github.com/pactgraph/pactgraph/loaders/wilson"
)

const stasiKGB = "wilson-115715-stasi-kgb-1973"

// corpusStore is a memstore holding the bundled corpus.
func corpusStore(t *testing.T) *graph.Store {
	t.Helper()
	s := open(t, graph.Config{Backend: graph.Memstore})
	t.Cleanup(func() { s.Close() })
	gaz, err := loaders.DefaultGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	p, err := wilson.NewParser(gaz)
	if err != nil {
		t.Fatal(err)
	}
	l := &loaders.Loader{Parser: p, Store: s}
	if err := l.LoadFS(t.Context(), corpus.Files(), ".", nil); err != nil {
		t.Fatal(err)
	}
	return s
}

func export(t *testing.T, s *graph.Store, sel graph.Selection, format, part string) []byte {
	t.Helper()
	qs, err := s.Select(t.Context(), sel)
	if err != nil {
		t.Fatalf("select %+v: %v", sel, err)
	}
	var buf bytes.Buffer
	if err := graph.WriteQuads(&buf, format, part, qs); err != nil {
		t.Fatalf("export %s: %v", format, err)
	}
	return buf.Bytes()
}

// rapper runs Debian's raptor2 parser on N-Quads and returns its own
// N-Quads. Without rapper on PATH the test is skipped, unless
// PACTGRAPH_NEED_RAPPER is set (make test sets it after installing it).
func rapper(t *testing.T, nq []byte) []string {
	t.Helper()
	bin, err := exec.LookPath("rapper")
	if err != nil {
		if os.Getenv("PACTGRAPH_NEED_RAPPER") != "" {
			t.Fatal("rapper not found: apt-get install raptor2-utils")
		}
		t.Skip("rapper not found (apt-get install raptor2-utils); PACTGRAPH_NEED_RAPPER makes this fail")
	}
	path := filepath.Join(t.TempDir(), "export.nq")
	if err := os.WriteFile(path, nq, 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd := exec.Command(bin, "-q", "-i", "nquads", "-o", "nquads", path)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("rapper: %v\n%s", err, stderr.String())
	}
	return strings.Split(strings.TrimSpace(string(out)), "\n")
}

func TestExportNQuadsParsesWithRapper(t *testing.T) {
	s := corpusStore(t)
	for _, tc := range []struct {
		name string
		sel  graph.Selection
		want []string // statements rapper must read back
		not  []string // statements that must not be there
	}{
		{"whole graph", graph.Selection{}, []string{
			`<https://w3id.org/pactgraph/id/kgb> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/Organization> <https://w3id.org/pactgraph/id/wilson-115715-stasi-kgb-1973> .`,
			`<https://w3id.org/pactgraph/id/wilson-115715-stasi-kgb-1973.commitment-10> <https://w3id.org/pactgraph/ns#modality> "permission" <https://w3id.org/pactgraph/id/wilson-115715-stasi-kgb-1973.article-VII> .`,
			`<https://w3id.org/pactgraph/id/kgb> <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q80919> <https://w3id.org/pactgraph/id/wilson-115715-stasi-kgb-1973> .`,
		}, nil},
		{"one document", graph.Selection{Doc: stasiKGB}, []string{
			`<https://w3id.org/pactgraph/id/wilson-115715-stasi-kgb-1973.article-VII> <https://w3id.org/pactgraph/ns#commitment> <https://w3id.org/pactgraph/id/wilson-115715-stasi-kgb-1973.commitment-10> <https://w3id.org/pactgraph/id/wilson-115715-stasi-kgb-1973.article-VII> .`,
		}, []string{"fixture-warsaw-treaty-1955>"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			qs, err := s.Select(t.Context(), tc.sel)
			if err != nil {
				t.Fatal(err)
			}
			if tc.sel == (graph.Selection{}) && int64(len(qs)) != graphtest.Size(t, s) {
				t.Errorf("selected %d quads of the whole graph, the store holds %d", len(qs), graphtest.Size(t, s))
			}
			nq := export(t, s, tc.sel, graph.NQuads, "")
			got := rapper(t, nq)
			if len(got) != len(qs) {
				t.Errorf("rapper read %d statements, exported %d quads", len(got), len(qs))
			}
			set := map[string]bool{}
			for _, l := range got {
				set[l] = true
			}
			for _, w := range tc.want {
				if !set[w] {
					t.Errorf("rapper did not read\n%s", w)
				}
			}
			for _, n := range tc.not {
				if bytes.Contains(nq, []byte(n)) {
					t.Errorf("export holds %s", n)
				}
			}
		})
	}
}

func TestExportQuerySubgraph(t *testing.T) {
	s := corpusStore(t)
	q := `g.V("<https://w3id.org/pactgraph/id/wilson-115715-stasi-kgb-1973>").Out("<http://schema.org/about>").Tag("treaty").Out("<https://w3id.org/pactgraph/ns#party>").All()`
	qs, err := s.Select(t.Context(), graph.Selection{Query: q})
	if err != nil {
		t.Fatal(err)
	}
	subjects := map[string]bool{}
	for _, x := range qs {
		subjects[graph.ID(x.Subject.(quad.IRI))] = true
	}
	for _, id := range []string{"kgb", "mfs"} {
		if !subjects[id] {
			t.Errorf("query subgraph has no facts of %s; subjects %v", id, subjects)
		}
	}
	for _, x := range qs {
		if o, ok := x.Object.(quad.IRI); ok && x.Predicate != graph.Type && !subjects[graph.ID(o)] {
			t.Errorf("edge leaves the subgraph: %s", x)
		}
	}
	if _, err := s.Select(t.Context(), graph.Selection{Query: "g.V(("}); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("bad query: got %v, want ErrInvalid", err)
	}
	if _, err := s.Select(t.Context(), graph.Selection{Doc: "no-such-doc"}); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("unknown document: got %v, want ErrNotFound", err)
	}
}

func TestExportGEXFIsXML(t *testing.T) {
	s := corpusStore(t)
	data := export(t, s, graph.Selection{Doc: stasiKGB}, graph.GEXF, "")
	var doc struct {
		XMLName xml.Name
		Nodes   []struct {
			ID    string `xml:"id,attr"`
			Label string `xml:"label,attr"`
		} `xml:"graph>nodes>node"`
		Edges []struct {
			Source string `xml:"source,attr"`
			Target string `xml:"target,attr"`
			Label  string `xml:"label,attr"`
		} `xml:"graph>edges>edge"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("gexf is not XML: %v", err)
	}
	if doc.XMLName.Space != "http://www.gexf.net/1.2draft" || doc.XMLName.Local != "gexf" {
		t.Errorf("root element %v", doc.XMLName)
	}
	ids := map[string]string{}
	for _, n := range doc.Nodes {
		ids[n.ID] = n.Label
	}
	if ids["https://w3id.org/pactgraph/id/kgb"] == "" {
		t.Errorf("no KGB node among %d nodes", len(doc.Nodes))
	}
	bearer := false
	for _, e := range doc.Edges {
		if _, ok := ids[e.Source]; !ok {
			t.Errorf("edge from unknown node %s", e.Source)
		}
		if _, ok := ids[e.Target]; !ok {
			t.Errorf("edge to unknown node %s", e.Target)
		}
		bearer = bearer || (e.Label == "bearer" && e.Target == "https://w3id.org/pactgraph/id/kgb")
	}
	if !bearer {
		t.Error("no bearer edge to the KGB")
	}
	// xmllint, when there, checks well-formedness independently.
	if bin, err := exec.LookPath("xmllint"); err == nil {
		cmd := exec.Command(bin, "--noout", "-")
		cmd.Stdin = bytes.NewReader(data)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("xmllint: %v\n%s", err, out)
		}
	}
}

func TestExportOtherFormats(t *testing.T) {
	s := corpusStore(t)
	sel := graph.Selection{Doc: stasiKGB}
	check := map[string]func([]byte) error{
		graph.JSONLD: func(b []byte) error {
			var v any
			return json.Unmarshal(b, &v)
		},
		graph.GraphML: func(b []byte) error {
			var v struct{ XMLName xml.Name }
			return xml.Unmarshal(b, &v)
		},
		graph.GML: func(b []byte) error { return contains(b, "graph [") },
		graph.DOT: func(b []byte) error { return contains(b, "digraph") },
	}
	for f, ok := range check {
		data := export(t, s, sel, f, "")
		if err := ok(data); err != nil {
			t.Errorf("%s: %v\n%.300s", f, err, data)
		}
		if !bytes.Contains(data, []byte("https://w3id.org/pactgraph/id/kgb")) {
			t.Errorf("%s: no KGB", f)
		}
	}

	zipped := export(t, s, sel, graph.CSV, "")
	zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatal(err)
	}
	tables := map[string][][]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(rc).ReadAll()
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		tables[f.Name] = rows
	}
	if got := tables["nodes.csv"]; len(got) < 10 || strings.Join(got[0], ",") != "Id,Label,Type" {
		t.Errorf("nodes.csv: %d rows, header %v", len(got), got[:1])
	}
	if got := tables["edges.csv"]; len(got) < 10 || strings.Join(got[0], ",") != "Source,Target,Label,Predicate,Provenance" {
		t.Errorf("edges.csv: %d rows, header %v", len(got), got[:1])
	}
	edges := export(t, s, sel, graph.CSV, graph.CSVEdges)
	rows, err := csv.NewReader(bytes.NewReader(edges)).ReadAll()
	if err != nil || len(rows) != len(tables["edges.csv"]) {
		t.Errorf("part=edges: %d rows (%v), zip has %d", len(rows), err, len(tables["edges.csv"]))
	}

	if err := graph.WriteQuads(io.Discard, "turtle", "", nil); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("unknown format: %v", err)
	}
	if err := graph.WriteQuads(io.Discard, graph.NQuads, "nodes", nil); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("part of nquads: %v", err)
	}
}

func contains(b []byte, s string) error {
	if !bytes.Contains(b, []byte(s)) {
		return errors.New("no " + s)
	}
	return nil
}
