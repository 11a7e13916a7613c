// Package corpus holds the documents bundled with pactgraph: the 1973
// Agreement on Cooperation between the MfS and the KGB (Wilson Center
// Digital Archive, document 115715) and a test fixture of the 1955 Warsaw
// Treaty in the same layout. `pactgraph serve` loads them into an empty
// store, so that a fresh install has a graph to browse.
package corpus

import (
	"embed"
	"io/fs"
)

//go:embed *.txt
var files embed.FS

// Files is the bundled corpus: one .txt file per document, at the root.
func Files() fs.FS { return files }
