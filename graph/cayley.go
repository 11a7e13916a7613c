package graph

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/cayley/query/shape"
	"github.com/cayleygraph/quad"
)

// This file serves Cayley's HTTP API v2 (server/http/api_v2.go of the
// module) in pactgraph's terms, and reads quad files into named graphs.
// Cayley's write API stores quads as they are sent (Write), labels
// included, as Cayley does; files and datasets replace a named graph of
// their own (ReplaceGraph), which never touches the quads of a document,
// labelled by the document or its articles.

// QuadFormat is one format of github.com/cayleygraph/quad as Cayley's
// /api/v2/formats lists it.
type QuadFormat struct {
	ID     string   `json:"id"`
	Read   bool     `json:"read,omitempty"`
	Write  bool     `json:"write,omitempty"`
	Nodes  bool     `json:"nodes,omitempty"`
	Ext    []string `json:"ext,omitempty"`
	Mime   []string `json:"mime,omitempty"`
	Binary bool     `json:"binary,omitempty"`
}

// QuadFormats lists the formats compiled in, as Cayley's server does.
func QuadFormats() []QuadFormat {
	fs := quad.Formats()
	out := make([]QuadFormat, 0, len(fs))
	for _, f := range fs {
		out = append(out, QuadFormat{
			ID: f.Name, Ext: f.Ext, Mime: f.Mime,
			Read: f.Reader != nil, Write: f.Writer != nil,
			Nodes: f.UnmarshalValue != nil, Binary: f.Binary,
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// FormatByMime is the name of the quad format of a media type, or "".
func FormatByMime(mime string) string {
	if f := quad.FormatByMime(mime); f != nil {
		return f.Name
	}
	return ""
}

// FormatByFile is the name of the quad format of a file name's extension
// (".nq", ".jsonld"…), or "".
func FormatByFile(name string) string {
	i := strings.LastIndexByte(name, '.')
	if i < 0 {
		return ""
	}
	if f := quad.FormatByExt(strings.ToLower(name[i:])); f != nil {
		return f.Name
	}
	return ""
}

// QuadFilter selects quads by their parts, each a list of values in
// Cayley's string form (`<iri>`, `"literal"`, `_:b`); an empty list
// matches anything.
type QuadFilter struct {
	Subject, Predicate, Object, Label []string
}

func values(ss []string) []quad.Value {
	var out []quad.Value
	for _, s := range ss {
		out = append(out, quad.StringToValue(s))
	}
	return out
}

// readBatch is how many quads ReadQuads hands its writer at once.
const readBatch = 1000

// ReadQuads writes the quads f selects in the quad format named format,
// as Cayley's /api/v2/read does, and stops when ctx ends.
func (s *Store) ReadQuads(ctx context.Context, w io.Writer, format string, f QuadFilter) error {
	qf := quad.FormatByName(format)
	if qf == nil || qf.Writer == nil {
		return errorf(ErrInvalid, "read: format %q is not supported for reading data", format)
	}
	qs := s.cayley()
	it := shape.FilterQuads(values(f.Subject), values(f.Predicate), values(f.Object), values(f.Label)).
		BuildIterator(qs)
	qw := qf.Writer(w)
	// Cayley's graph.NewResultReader would read the quads without a
	// context; a deadline could not stop it.
	var buf []quad.Quad
	flush := func() error {
		_, err := qw.WriteQuads(buf)
		buf = buf[:0]
		return err
	}
	err := each(ctx, it, func(r refs.Ref) error {
		q, err := qs.Quad(r)
		if err != nil {
			return err
		}
		if buf = append(buf, q); len(buf) == readBatch {
			return flush()
		}
		return nil
	})
	if err == nil && len(buf) > 0 {
		err = flush()
	}
	if err != nil {
		err = fmt.Errorf("read: %w", err)
	}
	return errors.Join(err, qw.Close())
}

// relabel gives every quad the label of one named graph.
func relabel(label quad.IRI, quads []quad.Quad) []quad.Quad {
	out := make([]quad.Quad, len(quads))
	for i, q := range quads {
		q.Label = label
		out[i] = q
	}
	return out
}

// checkGraph refuses a label that is not a named graph under GraphBase:
// only those are written outside documents.
func checkGraph(label quad.IRI) error {
	if !strings.HasPrefix(string(label), GraphBase) || len(label) == len(GraphBase) || strings.Contains(string(label)[len(GraphBase):], "/") {
		return errorf(ErrInvalid, "named graph %s: want %s<name>", label, GraphBase)
	}
	return nil
}

// ReplaceGraph makes quads, relabelled with label, the whole of the named
// graph label (a GraphIRI), in one transaction, as Replace does for a
// document.
func (s *Store) ReplaceGraph(ctx context.Context, label quad.IRI, quads []quad.Quad) (Change, error) {
	if err := checkGraph(label); err != nil {
		return Change{}, err
	}
	return s.Replace(ctx, label, relabel(label, quads))
}

// AddQuads adds quads as they are, labels included, in one transaction;
// quads already there are skipped. It returns how many quads it was given,
// as Cayley's write API does.
func (s *Store) AddQuads(ctx context.Context, quads []quad.Quad) (int, error) {
	if len(quads) == 0 {
		return 0, nil
	}
	deltas := make([]graph.Delta, len(quads))
	for i, q := range quads {
		deltas[i] = graph.Delta{Quad: q, Action: graph.Add}
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if err := s.apply(ctx, deltas, false, nil); err != nil {
		return 0, fmt.Errorf("write %d quads: %w", len(quads), err)
	}
	return len(quads), nil
}

// DeleteQuads removes quads, each with the label it is given (none: the
// quad without one), in one transaction, and returns how many distinct
// quads it removed. When any of them is not in the store it removes
// nothing and returns an error wrapping ErrNotFound that says how many
// are missing and names the first.
func (s *Store) DeleteQuads(ctx context.Context, quads []quad.Quad) (int, error) {
	seen := make(map[string]bool, len(quads))
	var deltas []graph.Delta
	for _, q := range quads {
		if k := q.NQuad(); !seen[k] {
			seen[k] = true
			deltas = append(deltas, graph.Delta{Quad: q, Action: graph.Delete})
		}
	}
	if len(deltas) == 0 {
		return 0, nil
	}
	missing, err := s.missing(ctx, deltas)
	if err != nil {
		return 0, fmt.Errorf("delete %d quads: %w", len(deltas), err)
	}
	if len(missing) > 0 {
		return 0, errorf(ErrNotFound, "delete: %d of the %d quads are not in the store, nothing was deleted; the first: %s",
			len(missing), len(deltas), missing[0].NQuad())
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	// Another writer may remove some of them between the check and the
	// write; apply skips those, and the count is off by as many.
	if err := s.apply(ctx, deltas, false, nil); err != nil {
		return 0, fmt.Errorf("delete %d quads: %w", len(deltas), err)
	}
	return len(deltas), nil
}

// missing lists the quads of deltas that are not in the store, reading
// the quads of each subject once and comparing them in N-Quads form, the
// form Cayley hashes values by.
func (s *Store) missing(ctx context.Context, deltas []graph.Delta) ([]quad.Quad, error) {
	stored := map[string]map[string]bool{} // subject → its quads
	var out []quad.Quad
	for _, d := range deltas {
		sub := quad.StringOf(d.Quad.Subject)
		have, ok := stored[sub]
		if !ok {
			qs, err := s.quadsWith(ctx, quad.Subject, d.Quad.Subject)
			if err != nil {
				return nil, err
			}
			have = make(map[string]bool, len(qs))
			for _, q := range qs {
				have[q.NQuad()] = true
			}
			stored[sub] = have
		}
		if !have[d.Quad.NQuad()] {
			out = append(out, d.Quad)
		}
	}
	return out, nil
}

// Write reads a whole body of quads in the named format and adds them to
// the store as they are, labels included, or removes them when remove is
// set: Cayley's /api/v2/write and /api/v2/delete, which store quads as they
// are sent. It returns what AddQuads or DeleteQuads does. A malformed body
// writes nothing, and so does a delete of quads that are not all there.
func (s *Store) Write(ctx context.Context, format string, r io.Reader, remove bool) (int, error) {
	quads, err := ParseQuads("body", format, r)
	if err != nil {
		return 0, err
	}
	if remove {
		return s.DeleteQuads(ctx, quads)
	}
	return s.AddQuads(ctx, quads)
}

// Import reads a whole file of quads (format "" guesses it from the file's
// name) and makes them the named graph GraphIRI(name), replacing what it
// held. A malformed file is refused whole, naming the line and the reason.
func (s *Store) Import(ctx context.Context, name, file, format string, r io.Reader) (Change, error) {
	if format == "" {
		format = FormatByFile(file)
	}
	if format == "" {
		return Change{}, errorf(ErrInvalid, "%s: cannot tell the format from the name; want .nq or .jsonld", file)
	}
	if name == "" || strings.ContainsAny(name, "/ ") {
		return Change{}, errorf(ErrInvalid, "%s: graph name %q: want a name without '/' or spaces", file, name)
	}
	quads, err := ParseQuads(file, format, r)
	if err != nil {
		return Change{}, err
	}
	return s.ReplaceGraph(ctx, GraphIRI(name), quads)
}
