package graph

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"
)

// This file reads files of quads, as uploaded to the API (Cayley's
// /api/v2/write and /api/v2/delete, /api/graphs/:name) or given to
// `pactgraph load`. Whatever the input, the answer is quads or an error: a
// read error (a body over the server's limit) as it came, anything else one
// wrapping ErrInvalid that names the line where it can. JSON-LD is read in
// jsonld.go, which fetches nothing.

// ParseQuads reads a whole file of quads in the named format (nquads,
// jsonld, pquads…). A malformed file is an error wrapping ErrInvalid that
// names the file, the line where it can tell, and the reason; nothing of it
// is returned then. An error reading r (e.g. *http.MaxBytesError) is
// returned wrapped as it is, never taken for a malformed file. Every string
// of every quad is valid UTF-8: a file that is not is refused, as the
// parsers would otherwise replace what they cannot read with U+FFFD.
func ParseQuads(name, format string, r io.Reader) ([]quad.Quad, error) {
	er := &errReader{r: r}
	var (
		quads []quad.Quad
		err   error
	)
	switch format {
	case "nquads":
		quads, err = parseNQuads(name, er)
	case "jsonld":
		var data []byte
		if data, err = io.ReadAll(er); err == nil {
			quads, err = parseJSONLD(name, data)
		}
	default:
		f := quad.FormatByName(format)
		if f == nil || f.Reader == nil {
			return nil, errorf(ErrInvalid, "%s: format %q is not supported for reading quads (have nquads, jsonld, pquads)", name, format)
		}
		quads, err = readAll(name, f.Reader(er))
	}
	if er.err != nil {
		// The parser saw the input cut short: say why, not what it made of it.
		return nil, fmt.Errorf("%s: %w", name, er.err)
	}
	return quads, err
}

// errReader keeps the first error other than io.EOF that reading r gave.
type errReader struct {
	r   io.Reader
	err error
}

func (e *errReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && err != io.EOF && e.err == nil {
		e.err = err
	}
	return n, err
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
		if !validUTF8(q) {
			return nil, errorf(ErrInvalid, "%s: quad %d: a value is not valid UTF-8", name, len(out)+1)
		}
		out = append(out, q)
	}
}

// parseNQuads parses N-Quads one statement a line, so that an error names
// its line.
func parseNQuads(name string, r *errReader) ([]quad.Quad, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16<<20)
	var out []quad.Quad
	for n := 1; sc.Scan(); n++ {
		if r.err != nil {
			// The scanner hands over what it holds once reading fails:
			// a line cut short, not one to parse.
			return nil, r.err
		}
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		if !utf8.Valid(line) {
			return nil, errorf(ErrInvalid, "%s:%d: byte %d is not UTF-8: N-Quads are UTF-8 text", name, n, invalidUTF8At(sc.Bytes())+1)
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
		if r.err != nil {
			return nil, r.err
		}
		return nil, errorf(ErrInvalid, "%s: %v", name, err)
	}
	return out, nil
}

// invalidUTF8At is the offset of the first byte of b that does not start a
// valid UTF-8 sequence, or len(b).
func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// validUTF8 says whether every string of q is valid UTF-8.
func validUTF8(q quad.Quad) bool {
	for _, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
		var ss []string
		switch v := v.(type) {
		case nil:
		case quad.IRI:
			ss = []string{string(v)}
		case quad.BNode:
			ss = []string{string(v)}
		case quad.String:
			ss = []string{string(v)}
		case quad.LangString:
			ss = []string{string(v.Value), v.Lang}
		case quad.TypedString:
			ss = []string{string(v.Value), string(v.Type)}
		default:
			ss = []string{v.String()}
		}
		for _, s := range ss {
			if !utf8.ValidString(s) {
				return false
			}
		}
	}
	return true
}

func lineAt(data []byte, offset int64) int {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	return bytes.Count(data[:offset], []byte("\n")) + 1
}

// errNotUTF8 is the error of a JSON-LD file that is not UTF-8, which
// encoding/json would otherwise read with U+FFFD in place of its bytes.
func errNotUTF8(name string, data []byte) error {
	at := invalidUTF8At(data)
	if at == len(data) {
		return nil
	}
	line := lineAt(data, int64(at))
	col := at - (bytes.LastIndexByte(data[:at], '\n') + 1)
	return errorf(ErrInvalid, "%s:%d: byte %d is not UTF-8: JSON-LD is UTF-8 text", name, line, col+1)
}
