// Package viz is pactgraph's explorer, the web page that draws the knowledge
// graph and shows the article text behind each fact.
//
// The page is plain files in static/ (no framework, no bundler): index.html,
// style.css, and JavaScript modules: app.js (the wiring, the URL as the
// view), model.js (the view's operations and the graph they build), view.js
// (the canvas and its zoom), render.js (painting, and placing the labels),
// shapes.js (a shape per node type), place.js (the zoom and layout in the
// URL), hit.js (the node under the pointer), nodelist.js (the list of the nodes in view), layout-worker.js (the force layout, in a Web Worker), details.js,
// filters.js, panels.js (commitment matrix, paths, Gizmo console, exports),
// corpus.js (the first view and the searchable pickers over the whole
// corpus), api.js and dom.js. Its one library, d3, comes from the npm registry
// pinned by package-lock.json; `make viz` runs `npm ci` and copies
// node_modules/d3/dist/d3.min.js to static/vendor/, which is gitignored. The
// files are embedded in the binary, so build after `make viz`: a binary built
// without it serves a page that says d3 is missing.
//
// The page only speaks the JSON API of package api (docs/api.md). Package
// api serves the fs.FS returned by [Assets], or by [Dir] in -dev mode, so
// the page can be edited without rebuilding.
package viz

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

//go:embed static
var static embed.FS

// Assets returns the page's files embedded in the binary, rooted at static/.
func Assets() fs.FS {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // unreachable: "static" is a valid, embedded directory
	}
	return sub
}

// Dir returns the page's files read from disk at each request, for -dev
// mode; path is the static directory (viz/static in a checkout).
func Dir(path string) fs.FS {
	return os.DirFS(path)
}

// Files lists the page's own files (d3 aside).
func Files() []string {
	return []string{"index.html", "style.css", "app.js", "api.js", "dom.js", "model.js", "view.js",
		"render.js", "shapes.js", "place.js", "hit.js", "nodelist.js", "layout-worker.js", "details.js", "filters.js", "panels.js",
		"corpus.js"}
}

// Check reports every file the page needs that fsys lacks, e.g. the d3 copy
// when the binary was built without `make viz`. Servers call it at start.
func Check(fsys fs.FS) error {
	var errs []error
	for _, name := range append(Files(), "vendor/d3.min.js") {
		if _, err := fs.Stat(fsys, name); err != nil {
			if errors.Is(err, fs.ErrNotExist) && name == "vendor/d3.min.js" {
				err = fmt.Errorf("%s is missing: run `make viz` before building", name)
			}
			errs = append(errs, fmt.Errorf("viz: %w", err))
		}
	}
	return errors.Join(errs...)
}
