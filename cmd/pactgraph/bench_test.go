package main

import (
	"bytes"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/pactgraph/pactgraph/graph/graphtest"
)

// TestBenchCompare runs `bench --compare` on a few documents, on bolt and
// on a PostgreSQL database of its own, and reads its table: each backend
// a column, each measured figure a number, and Cayley's SQL writer
// measured on PostgreSQL only.
func TestBenchCompare(t *testing.T) {
	pg := graphtest.Postgres(t)
	var out, errs bytes.Buffer
	err := benchCmd(t.Context(), []string{"--docs", "4", "--rounds", "1", "--compare", pg.Path}, &out, &errs)
	if err != nil {
		t.Fatalf("bench --compare: %v\n%s", err, errs.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) < 3 || lines[0] != "| figure | bolt, 4 docs | postgres, 4 docs |" {
		t.Fatalf("the table's head is not bolt and postgres, 4 docs:\n%s", out.String())
	}
	number := regexp.MustCompile(`^[0-9]+(\.[0-9]+)?×?$`)
	cells := map[string][]string{}
	for _, line := range lines[2:] {
		f := strings.Split(strings.Trim(line, "|"), "|")
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		if len(f) != 3 {
			t.Fatalf("row %q has %d cells, want 3", line, len(f))
		}
		cells[f[0]] = f[1:]
	}
	for _, row := range []string{"quads", "pactgraph load, quads/s", "reads through the API, p50 ms", "store open, ms"} {
		for i, c := range cells[row] {
			if !number.MatchString(c) {
				t.Errorf("%s, column %d: %q is not a figure", row, i+1, c)
			}
		}
	}
	if q := cells["quads"]; len(q) != 2 || q[0] != q[1] || q[0] == "0" {
		t.Errorf("quads: bolt and postgres hold %v, want the same number", q)
	}
	if w := cells["Cayley's SQL writer on the same database, quads/s"]; len(w) != 2 || w[0] != "–" || !number.MatchString(w[1]) {
		t.Errorf("Cayley's SQL writer: %v, want – on bolt and a figure on postgres", w)
	}
}

// --cold goes with --serve-rss, and with a store whose files serve maps:
// each misuse is a usage error that says so.
func TestBenchServeFlagsMisused(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--cold"}, "goes with --serve-rss"},
		{[]string{"--serve-rss", "--cold", "--db", "postgres", "--dbpath", "postgres://127.0.0.1:1/none"}, "cannot --cold"},
	} {
		var errs bytes.Buffer
		err := benchCmd(t.Context(), c.args, io.Discard, &errs)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("bench %q: %v; want an error saying %q", c.args, err, c.want)
		}
	}
}
