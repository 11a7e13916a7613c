// Package pactgraph_test keeps the architecture true: imports point one way,
// cmd → api, loaders, viz → graph → cayley, quad (STYLE.md, README).
package pactgraph_test

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/pactgraph/pactgraph"

// kvRecords are the packages that read or write Cayley's kv records and
// the files under them: only internal/cayleykv imports them.
var kvRecords = []string{
	"github.com/cayleygraph/cayley/graph/proto",
	"github.com/hidal-go/hidalgo/kv",
	"github.com/boltdb/bolt",
	"go.etcd.io/bbolt",
}

// sqlRecords are the packages that read or write Cayley's SQL records (its
// schema's columns, NodeValues, COPY through the driver): only
// internal/cayleysql imports them. They are matched exactly: graph
// compiles in Cayley's postgres backend, graph/sql/postgres.
var sqlRecords = []string{
	"github.com/cayleygraph/cayley/graph/sql",
	"github.com/lib/pq",
}

// exact are the forbidden imports that do not forbid the packages under
// them.
var exact = map[string]bool{}

func init() {
	for _, p := range sqlRecords {
		exact[p] = true
	}
}

// searchLibrary is the search index's library: only internal/fulltext
// imports it.
const searchLibrary = "github.com/blevesearch/bleve/v2"

// records are the storage internals only internal/cayleykv,
// internal/cayleysql and internal/fulltext import.
var records = append(append([]string{searchLibrary}, kvRecords...), sqlRecords...)

// wiring are the packages only cmd (and tests) may import: the wiring and
// the benchmarks' engine.
var wiring = []string{module + "/internal/app", module + "/internal/bench"}

// forbidden lists, for each package prefix, the imports it must not have.
// graph never registers Cayley's own quad writers: only the bench uses them.
var forbidden = map[string][]string{
	module + "/graph":              append(append([]string{module + "/loaders", module + "/api", module + "/viz", module + "/cmd", "github.com/gin-gonic/gin", "github.com/cayleygraph/cayley/writer"}, records...), wiring...),
	module + "/loaders":            append(append([]string{module + "/api", module + "/viz", module + "/cmd", "github.com/gin-gonic/gin"}, records...), wiring...),
	module + "/api":                append(append([]string{module + "/loaders", module + "/viz", module + "/cmd"}, records...), wiring...),
	module + "/cmd":                records,
	module + "/internal/app":       append([]string{module + "/cmd", module + "/internal/bench"}, records...),
	module + "/internal/bench":     append([]string{module + "/cmd"}, records...),
	module + "/internal/cayleykv":  append([]string{module + "/graph", searchLibrary}, sqlRecords...),
	module + "/internal/cayleysql": append([]string{module + "/graph", searchLibrary}, kvRecords...),
	module + "/internal/fulltext":  append([]string{module + "/graph"}, append(kvRecords, sqlRecords...)...),
	module + "/viz":                append([]string{module + "/graph", module + "/loaders", module + "/api", module + "/cmd"}, wiring...),
	module + "/corpus":             {module + "/"},
}

func TestImportsPointOneWay(t *testing.T) {
	out, err := exec.Command("go", "list", "-json=ImportPath,Imports", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	seen := 0
	for dec.More() {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		seen++
		for prefix, bad := range forbidden {
			if p.ImportPath != prefix && !strings.HasPrefix(p.ImportPath, prefix+"/") {
				continue
			}
			for _, imp := range p.Imports {
				for _, b := range bad {
					if imp == b || (!exact[b] && strings.HasPrefix(imp, strings.TrimSuffix(b, "/")+"/")) {
						t.Errorf("%s imports %s: imports must point cmd → api, loaders, viz → graph", p.ImportPath, imp)
					}
				}
			}
		}
	}
	if seen < 5 {
		t.Errorf("go list saw %d packages; the check looked at nothing", seen)
	}
}
