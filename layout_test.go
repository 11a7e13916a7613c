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

// forbidden lists, for each package prefix, the imports it must not have.
var forbidden = map[string][]string{
	module + "/graph":   {module + "/loaders", module + "/api", module + "/viz", module + "/cmd", "github.com/gin-gonic/gin"},
	module + "/loaders": {module + "/api", module + "/viz", module + "/cmd", "github.com/gin-gonic/gin"},
	module + "/api":     {module + "/loaders", module + "/viz", module + "/cmd"},
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
