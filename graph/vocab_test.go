package graph

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"testing"

	"github.com/cayleygraph/quad"
)

// TestVocabularyListsEveryIRI fails when a class or predicate constant of
// vocab.go has no line in the vocabulary table, or has two.
func TestVocabularyListsEveryIRI(t *testing.T) {
	file, err := parser.ParseFile(token.NewFileSet(), "vocab.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var consts []string
	rows := map[string]int{}
	ast.Inspect(file, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok {
			return true
		}
		for i, v := range vs.Values {
			switch v := v.(type) {
			case *ast.CallExpr: // Name = quad.IRI(nsSchema + "name")
				if sel, ok := v.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "IRI" {
					consts = append(consts, vs.Names[i].Name)
				}
			case *ast.CompositeLit: // vocabulary = []struct{…}{{Organisation, "Organisation", named}, …}
				if vs.Names[i].Name != "vocabulary" {
					continue
				}
				for _, row := range v.Elts {
					rows[row.(*ast.CompositeLit).Elts[0].(*ast.Ident).Name]++
				}
			}
		}
		return true
	})
	if len(consts) < 50 || len(rows) == 0 {
		t.Fatalf("read %d IRI constants and %d rows in vocab.go: the test no longer reads it right", len(consts), len(rows))
	}
	for _, c := range consts {
		if rows[c] != 1 {
			t.Errorf("%s has %d lines in vocabulary, want 1: its short name and role", c, rows[c])
		}
	}
}

// TestVocabularyNames checks the short names: a class's is its API type
// (none for a dataset's records), a predicate's its local part, which the
// API shows.
func TestVocabularyNames(t *testing.T) {
	for _, v := range vocabulary {
		switch v.role {
		case named, labelled:
			if got := TypeName(v.iri); got != v.name {
				t.Errorf("TypeName(%s) = %q, want %q", v.iri, got, v.name)
			}
			if got, ok := Class(v.name); !ok || got != v.iri {
				t.Errorf("Class(%q) = %s, %v; want %s", v.name, got, ok, v.iri)
			}
		case record:
			if got := TypeName(v.iri); got != "" {
				t.Errorf("TypeName(%s) = %q: a dataset's class is no API type", v.iri, got)
			}
		default:
			if got := PredicateName(v.iri); got != v.name {
				t.Errorf("%s: short name %q, but the API shows %q", v.iri, v.name, got)
			}
		}
	}
}

// TestVocabularyDrives shows that the reads go by the table alone: on a
// store that holds a node of every class and a fact of every predicate
// that leads to a node, Overview draws the nodes of the drawn classes with
// their type and an edge of every link predicate and of no own one, and
// Search finds the nodes of the classes with names.
func TestVocabularyDrives(t *testing.T) {
	ctx := context.Background()
	doc := IRI("doc")
	from := IRI("from")
	quads := []quad.Quad{quad.Make(from, Type, Organisation, doc)}
	node := func(i int) quad.IRI { return IRI(fmt.Sprintf("node-%d", i)) }
	for i, v := range vocabulary {
		switch v.role {
		case named, labelled, record:
			quads = append(quads,
				quad.Make(node(i), Type, v.iri, doc),
				quad.Make(node(i), Name, quad.String("the "+v.name), doc))
		case link, own:
			quads = append(quads,
				quad.Make(from, v.iri, node(i), doc),
				quad.Make(node(i), Type, Organisation, doc))
		}
	}
	for _, cfg := range []Config{{Backend: Memstore}, {Backend: Bolt}} {
		t.Run(cfg.Backend, func(t *testing.T) {
			if cfg.Backend == Bolt {
				cfg.Path = t.TempDir()
			}
			s, err := Open(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if _, err := s.AddQuads(ctx, quads); err != nil {
				t.Fatal(err)
			}
			g, err := s.Overview(ctx, 0)
			if err != nil {
				t.Fatal(err)
			}
			drawn := map[string]string{}
			for _, n := range g.Nodes {
				drawn[n.IRI] = n.Type
			}
			edges := map[string]bool{}
			for _, e := range g.Edges {
				edges[e.PredicateIRI] = true
			}
			for i, v := range vocabulary {
				typ, isDrawn := drawn[string(node(i))]
				switch v.role {
				case named, labelled:
					if !isDrawn || typ != v.name {
						t.Errorf("Overview: a %s is drawn %v with type %q", v.name, isDrawn, typ)
					}
				case record:
					if isDrawn {
						t.Errorf("Overview: a dataset's %s is drawn", v.name)
					}
				case link:
					if !edges[string(v.iri)] {
						t.Errorf("Overview draws no %s edge", v.iri)
					}
				case own:
					if edges[string(v.iri)] {
						t.Errorf("Overview draws a %s edge", v.iri)
					}
				}
				switch v.role {
				case named, labelled, record:
					hits, _, err := s.Search(ctx, "the "+v.name, "", 0, 0)
					if err != nil {
						t.Fatal(err)
					}
					found := false
					for _, h := range hits {
						found = found || h.IRI == string(node(i))
					}
					if want := v.role != labelled; found != want {
						t.Errorf("Search finds a %s: %v, want %v", v.name, found, want)
					}
				}
			}
		})
	}
}
