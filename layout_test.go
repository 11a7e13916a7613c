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

// forbidden lists, for each package prefix, the imports it must not have.
var forbidden = map[string][]string{
	module + "/graph":   append([]string{module + "/loaders", module + "/api", module + "/viz", module + "/cmd", "github.com/gin-gonic/gin"}, kvRecords...),
	module + "/loaders": append([]string{module + "/api", module + "/viz", module + "/cmd", "github.com/gin-gonic/gin"}, kvRecords...),
	module + "/api":     append([]string{module + "/loaders", module + "/viz", module + "/cmd"}, kvRecords...),
	module + "/cmd":     kvRecords,
	module + "/viz":     {module + "/graph", module + "/loaders", module + "/api", module + "/cmd"},
	module + "/corpus":  {module + "/"},
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
					if imp == b || strings.HasPrefix(imp, strings.TrimSuffix(b, "/")+"/") {
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
