package wilson

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var (
	dump    = flag.String("dump", "", "parse this file and write its report (see -dump.out)")
	dumpOut = flag.String("dump.out", "report.json", "where -dump writes the report")
)

// TestDump writes the report of the file named by -dump, a tool for
// iterating on the extractor:
//
//	go test ./loaders/wilson -run TestDump -dump $PWD/doc.txt -dump.out /tmp/r.json
func TestDump(t *testing.T) {
	if *dump == "" {
		t.Skip("no -dump file")
	}
	text, err := os.ReadFile(*dump)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Parse(filepath.Base(*dump), string(text), gazetteer(t))
	if err != nil {
		t.Fatal(err)
	}
	checkReport(t, rep)
	out, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(*dumpOut, append(out, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}
