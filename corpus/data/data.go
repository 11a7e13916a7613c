// Package data embeds the public datasets pactgraph links its graph to:
// extracts of Correlates of War, ATOP, the Office of the Historian's people
// and chiefs of mission, and Archigos. README.md says where each comes
// from, its licence and how to cite it.
package data

import (
	"embed"
	"io/fs"
)

//go:embed *.csv README.md
var files embed.FS

// Files gives the dataset files, at the root of the returned fs.FS.
func Files() fs.FS { return files }
