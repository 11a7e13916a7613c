package datasets_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/google/go-cmp/cmp"

	"github.com/pactgraph/pactgraph/graph"
)

// docQuery is one query of docs/queries.md and the answer written under it.
type docQuery struct {
	line    int      // of the opening ```js
	text    string   // exactly as in the doc
	columns []string // the answer table's header
	rows    [][]string
}

// readDocQueries reads every ```js block of a Markdown file and the first
// table after it (before the next block).
func readDocQueries(t *testing.T, path string) []docQuery {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var (
		out    []docQuery
		cur    *docQuery
		inCode bool
		code   []string
	)
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case inCode && line == "```":
			inCode = false
			cur.text = strings.Join(code, "\n") + "\n"
		case inCode:
			code = append(code, line)
		case line == "```js":
			out = append(out, docQuery{line: n})
			cur, inCode, code = &out[len(out)-1], true, nil
		case cur != nil && strings.HasPrefix(line, "|"):
			cells := strings.Split(strings.Trim(line, "|"), "|")
			for i := range cells {
				cells[i] = strings.TrimSpace(cells[i])
			}
			switch {
			case cur.columns == nil:
				cur.columns = cells
			case strings.HasPrefix(cells[0], "---"):
			default:
				if len(cells) != len(cur.columns) {
					t.Fatalf("%s:%d: %d cells, the header has %d", path, n, len(cells), len(cur.columns))
				}
				cur.rows = append(cur.rows, cells)
			}
		case cur != nil && cur.columns != nil && strings.TrimSpace(line) != "":
			cur = nil // the table has ended
		}
	}
	if inCode {
		t.Fatalf("%s: a ```js block is not closed", path)
	}
	return out
}

// cell shows a value of a Gizmo result as docs/queries.md does: a node of
// pactgraph by its id, another IRI without its brackets, a typed literal
// (a date) by its value.
func cell(v any) string {
	s, ok := v.(string)
	if !ok {
		b, _ := json.Marshal(v)
		return string(b)
	}
	switch {
	case strings.HasPrefix(s, "<") && strings.HasSuffix(s, ">"):
		iri := quad.IRI(s[1 : len(s)-1])
		if id := graph.ID(iri); id != "" {
			return id
		}
		return string(iri)
	case strings.HasPrefix(s, `"`):
		if i := strings.LastIndex(s, `"^^<`); i > 0 {
			return s[1:i]
		}
	}
	return s
}

// table renders rows as the Markdown table to paste under a query.
func table(columns []string, rows [][]string) string {
	var b strings.Builder
	line := func(cells []string) { fmt.Fprintf(&b, "| %s |\n", strings.Join(cells, " | ")) }
	line(columns)
	sep := make([]string, len(columns))
	for i := range sep {
		sep[i] = "---"
	}
	line(sep)
	for _, r := range rows {
		line(r)
	}
	return b.String()
}

// Every query of docs/queries.md, run exactly as written on a store filled
// as `pactgraph serve` fills an empty one, answers exactly the rows written
// under it.
func TestDocQueries(t *testing.T) {
	const doc = "../../docs/queries.md"
	qs := readDocQueries(t, doc)
	if len(qs) < 4 {
		t.Fatalf("%s: %d queries, want at least 4", doc, len(qs))
	}
	s, _ := linked(t)
	for _, q := range qs {
		t.Run(fmt.Sprintf("line%d", q.line), func(t *testing.T) {
			if q.columns == nil {
				t.Fatalf("%s:%d: no answer table under the query", doc, q.line)
			}
			res, _, err := s.Query(t.Context(), graph.Query{Lang: "gizmo", Text: q.text, Limit: 1000})
			if err != nil {
				t.Fatalf("%s:%d: %v", doc, q.line, err)
			}
			if len(res) == 0 {
				t.Fatalf("%s:%d: no answer", doc, q.line)
			}
			var columns []string
			var got [][]string
			for _, r := range res {
				m, ok := r.(map[string]any)
				if !ok {
					t.Fatalf("%s:%d: result %#v is not tagged values", doc, q.line, r)
				}
				if columns == nil {
					for k := range m {
						columns = append(columns, k)
					}
					slices.Sort(columns)
				}
				row := make([]string, len(q.columns))
				for i, c := range q.columns {
					v, ok := m[c]
					if !ok {
						t.Fatalf("%s:%d: the table has column %q, the answer has %v", doc, q.line, c, columns)
					}
					row[i] = cell(v)
				}
				if len(m) != len(q.columns) {
					t.Fatalf("%s:%d: the answer has columns %v, the table %v", doc, q.line, columns, q.columns)
				}
				got = append(got, row)
			}
			want := slices.Clone(q.rows)
			sortRows(got)
			sortRows(want)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s:%d: answer (-want +got):\n%s\nthe answer as the doc writes it:\n\n%s", doc, q.line, diff, table(q.columns, got))
			}
		})
	}
}

func sortRows(rows [][]string) {
	slices.SortFunc(rows, func(a, b []string) int { return slices.Compare(a, b) })
}
