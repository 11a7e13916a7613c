package api_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	gotoken "go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"
)

// This file reads Cayley's own Gizmo test table, testQueries in
// query/gizmo/gizmo_test.go of the Cayley module go.mod pins, from the
// module's directory at test time: the table is unexported, and it is
// Cayley's, so it is read where Cayley keeps it rather than copied here.
// Upgrading Cayley upgrades the table.

// gizmoCase is one case of Cayley's table.
type gizmoCase struct {
	name   string // the case's message, with "#N" after a repeated one, as go test names it
	graph  string // which data it runs on: a file of the table, or the helper giving it
	query  string
	limit  int    // 0: none given
	tag    string // the tag whose values the case reads; "" for "id"
	data   []quad.Quad
	expect []string // in the table's string form of values
	err    bool     // the case wants the query to fail
}

// cayleyDir is the directory of the Cayley module go.mod pins.
func cayleyDir(t testing.TB) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/cayleygraph/cayley").Output()
	if err != nil {
		t.Fatalf("go list -m github.com/cayleygraph/cayley: %v", err)
	}
	dir := strings.TrimSpace(string(out))
	if dir == "" {
		t.Fatal("go list -m github.com/cayleygraph/cayley: the module is not downloaded (go mod download)")
	}
	return dir
}

// gizmoTable reads Cayley's table with the graphs its cases run on.
func gizmoTable(t testing.TB) []gizmoCase {
	t.Helper()
	dir := filepath.Join(cayleyDir(t), "query", "gizmo")
	file := filepath.Join(dir, "gizmo_test.go")
	fset := gotoken.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	r := tableReader{dir: dir, consts: map[string]any{}, fset: fset, graphs: map[string][]quad.Quad{}}
	var table *ast.CompositeLit
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok {
			continue
		}
		for _, sp := range gd.Specs {
			vs, ok := sp.(*ast.ValueSpec)
			if !ok || len(vs.Values) != len(vs.Names) {
				continue
			}
			for i, n := range vs.Names {
				switch v := vs.Values[i].(type) {
				case *ast.BasicLit:
					if gd.Tok == gotoken.CONST {
						r.consts[n.Name] = r.value(v)
					}
				case *ast.CompositeLit:
					if n.Name == "testQueries" {
						table = v
					}
				}
			}
		}
	}
	if table == nil {
		t.Fatalf("%s: no testQueries table", file)
	}
	// TestGizmo runs every case on testdata.nq unless it names a file or
	// gives its data.
	simple := r.graph(t, "../../data/testdata.nq")
	var cases []gizmoCase
	seen := map[string]int{}
	for _, el := range table.Elts {
		lit, ok := el.(*ast.CompositeLit)
		if !ok {
			t.Fatalf("%s: a case that is not a struct literal", fset.Position(el.Pos()))
		}
		c := gizmoCase{graph: "../../data/testdata.nq", data: simple}
		for _, kv := range lit.Elts {
			kv, ok := kv.(*ast.KeyValueExpr)
			if !ok {
				t.Fatalf("%s: a field without its name", fset.Position(kv.Pos()))
			}
			key := kv.Key.(*ast.Ident).Name
			v, err := r.eval(kv.Value)
			if err != nil {
				t.Fatalf("%s: %s: %v", fset.Position(kv.Pos()), key, err)
			}
			switch key {
			case "message":
				c.name = v.(string)
			case "query":
				c.query = v.(string)
			case "limit":
				c.limit = v.(int)
			case "tag":
				c.tag = v.(string)
			case "file":
				c.graph, c.data = v.(string), r.graph(t, v.(string))
			case "data":
				call, isCall := kv.Value.(*ast.CallExpr)
				data, isQuads := v.([]quad.Quad)
				if !isCall || !isQuads {
					t.Fatalf("%s: data: want a helper's quads", fset.Position(kv.Pos()))
				}
				c.graph, c.data = fmt.Sprintf("%s()", call.Fun), data
			case "expect":
				if v != nil {
					c.expect = v.([]string)
				}
			case "err":
				c.err = v.(bool)
			default:
				t.Fatalf("%s: unknown field %s: Cayley's table changed; teach gizmoTable", fset.Position(kv.Pos()), key)
			}
		}
		// go test's subtest names: a repeated one gets #01, #02…
		name := strings.ReplaceAll(c.name, " ", "_")
		if n := seen[name]; n > 0 {
			c.name += fmt.Sprintf("#%02d", n)
		}
		seen[name]++
		cases = append(cases, c)
	}
	return cases
}

type tableReader struct {
	dir    string
	fset   *gotoken.FileSet
	consts map[string]any
	graphs map[string][]quad.Quad
}

// graph reads an N-Quads file named as the table names it, relative to
// the directory of gizmo_test.go.
func (r *tableReader) graph(t testing.TB, name string) []quad.Quad {
	t.Helper()
	if g, ok := r.graphs[name]; ok {
		return g
	}
	f, err := os.Open(filepath.Join(r.dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := quad.ReadAll(nquads.NewReader(f, false))
	if err != nil {
		t.Fatalf("%s: %v", f.Name(), err)
	}
	r.graphs[name] = g
	return g
}

func (r *tableReader) value(b *ast.BasicLit) any {
	switch b.Kind {
	case gotoken.STRING:
		s, _ := strconv.Unquote(b.Value)
		return s
	case gotoken.INT:
		n, _ := strconv.Atoi(b.Value)
		return n
	}
	return nil
}

// eval gives the value of an expression of the table: literals, the
// file's constants, lists of strings, and the table's few helpers, whose
// meaning is restated below.
func (r *tableReader) eval(e ast.Expr) (any, error) {
	switch e := e.(type) {
	case *ast.BasicLit:
		return r.value(e), nil
	case *ast.Ident:
		switch e.Name {
		case "nil":
			return nil, nil
		case "true", "false":
			return e.Name == "true", nil
		}
		if v, ok := r.consts[e.Name]; ok {
			return v, nil
		}
	case *ast.CompositeLit:
		out := []string{}
		for _, el := range e.Elts {
			v, err := r.eval(el)
			if err != nil {
				return nil, err
			}
			s, ok := v.(string)
			if !ok {
				return nil, fmt.Errorf("%s: want a string", r.fset.Position(el.Pos()))
			}
			out = append(out, s)
		}
		return out, nil
	case *ast.CallExpr:
		return r.call(e)
	}
	return nil, fmt.Errorf("%s: an expression gizmoTable cannot read: Cayley's table changed; teach it", r.fset.Position(e.Pos()))
}

// call evaluates the helpers of gizmo_test.go, as they are at the pinned
// version: intVal(n) is the string form of quad.Int(n); issue718Graph() is
// the quads <a> <b> <n1> … <a> <b> <nN> for N = issue718Limit, and
// issue718Nodes() the first N nodes of it, <a> <b> <n1> … <n(N-2)>.
func (r *tableReader) call(e *ast.CallExpr) (any, error) {
	fn, ok := e.Fun.(*ast.Ident)
	if !ok {
		return nil, fmt.Errorf("%s: a call gizmoTable cannot read", r.fset.Position(e.Pos()))
	}
	n, _ := r.consts["issue718Limit"].(int)
	switch {
	case fn.Name == "intVal" && len(e.Args) == 1:
		v, err := r.eval(e.Args[0])
		if err != nil {
			return nil, err
		}
		i, ok := v.(int)
		if !ok {
			return nil, fmt.Errorf("%s: intVal of a non-integer", r.fset.Position(e.Pos()))
		}
		return quad.Int(i).String(), nil
	case fn.Name == "issue718Graph" && n > 0:
		var qs []quad.Quad
		for i := 1; i <= n; i++ {
			qs = append(qs, quad.MakeIRI("a", "b", fmt.Sprintf("n%d", i), ""))
		}
		return qs, nil
	case fn.Name == "issue718Nodes" && n > 0:
		nodes := []string{"<a>", "<b>"}
		for i := 1; i <= n-2; i++ {
			nodes = append(nodes, fmt.Sprintf("<n%d>", i))
		}
		return nodes, nil
	}
	return nil, fmt.Errorf("%s: %s(): a helper gizmoTable does not know: Cayley's table changed; teach it", r.fset.Position(e.Pos()), fn.Name)
}
