package graph

import (
	"bufio"
	"bytes"
	"fmt"
	"io"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"
)

// This file reads files of quads, as uploaded to the API (Cayley's
// /api/v2/write and /api/v2/delete, /api/graphs/:name) or given to
// `pactgraph load`. JSON-LD is read in jsonld.go, which fetches nothing.

// ParseQuads reads a whole file of quads in the named format (nquads,
// jsonld, pquads…). A malformed file is an error wrapping ErrInvalid that
// names the file, the line where it can tell, and the reason; nothing of it
// is returned then.
func ParseQuads(name, format string, r io.Reader) ([]quad.Quad, error) {
	switch format {
	case "nquads":
		return parseNQuads(name, r)
	case "jsonld":
		data, err := io.ReadAll(r)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return parseJSONLD(name, data)
	}
	f := quad.FormatByName(format)
	if f == nil || f.Reader == nil {
		return nil, errorf(ErrInvalid, "%s: format %q is not supported for reading quads (have nquads, jsonld, pquads)", name, format)
	}
	return readAll(name, f.Reader(r))
}

func readAll(name string, qr quad.ReadCloser) ([]quad.Quad, error) {
	defer qr.Close()
	var out []quad.Quad
	for {
		q, err := qr.ReadQuad()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, errorf(ErrInvalid, "%s: quad %d: %v", name, len(out)+1, err)
		}
		if !q.IsValid() {
			return nil, errorf(ErrInvalid, "%s: quad %d: a subject, predicate or object is missing", name, len(out)+1)
		}
		out = append(out, q)
	}
}

// parseNQuads parses N-Quads one statement a line, so that an error names
// its line.
func parseNQuads(name string, r io.Reader) ([]quad.Quad, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16<<20)
	var out []quad.Quad
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		q, err := nquads.Parse(string(line))
		if err != nil {
			return nil, errorf(ErrInvalid, "%s:%d: %v: want one statement, <subject> <predicate> object [<graph>] .", name, n, err)
		}
		if !q.IsValid() {
			return nil, errorf(ErrInvalid, "%s:%d: a subject, predicate or object is missing", name, n)
		}
		out = append(out, q)
	}
	if err := sc.Err(); err != nil {
		return nil, errorf(ErrInvalid, "%s: %v", name, err)
	}
	return out, nil
}

func lineAt(data []byte, offset int64) int {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	return bytes.Count(data[:offset], []byte("\n")) + 1
}
