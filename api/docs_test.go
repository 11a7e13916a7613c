package api

import (
	"os"
	"strings"
	"testing"
)

// TestEveryRouteIsDocumented keeps docs/api.md true to routes.go.
func TestEveryRouteIsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	s := NewServer(Config{}, nil, nil, nil, nil)
	routes := s.engine.Routes()
	if len(routes) < 10 {
		t.Fatalf("the engine lists %d routes; the check would look at nothing", len(routes))
	}
	for _, r := range routes {
		if !strings.Contains(string(doc), "`"+r.Path) {
			t.Errorf("%s %s is not in docs/api.md", r.Method, r.Path)
		}
	}
}
