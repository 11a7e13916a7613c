package graph

import (
	"sort"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/dennwc/graphql/language/ast"
	"github.com/dennwc/graphql/language/parser"
)

// Cayley's GraphQL takes no limit: it answers every node a field reaches
// unless the field says (first: N). limitGraphQL writes (first: N) into the
// query's text, where Cayley will read it, since its parsed query is
// opaque: on every top-level field and every field that is an object (one
// with fields of its own or arguments), lowering a larger or negative first
// and leaving a smaller one. Leaf fields (a name, an id) are values, not
// lists of objects, and take no first.
//
// The parser (github.com/dennwc/graphql, as Cayley's GraphQL uses it)
// counts token positions in runes, unevenly; the text is parsed with every
// non-ASCII rune replaced by one ASCII letter, so that its positions are
// rune indexes, and the edits are made in the original at those runes.
// The result is parsed again and checked before it is used.

// graphQLFirst is the argument of Cayley's GraphQL that limits a field
// (graphql.LimitKey).
const graphQLFirst = "first"

func limitGraphQL(text string, first int) (string, error) {
	ascii, offsets := asciiRunes(text)
	doc, err := parser.Parse(parser.ParseParams{Source: ascii})
	if err != nil {
		return text, nil // Cayley's parser says what is wrong
	}
	type edit struct {
		start, end int // rune indexes
		text       string
	}
	var edits []edit
	n := strconv.Itoa(first)
	eachLimited(doc, func(f *ast.Field) {
		for _, a := range f.Arguments {
			if a.Name == nil || a.Name.Value != graphQLFirst {
				continue
			}
			if v, ok := a.Value.(*ast.IntValue); ok {
				if k, err := strconv.Atoi(v.Value); err == nil && (k < 0 || k > first) {
					edits = append(edits, edit{v.Loc.Start, v.Loc.End, n})
				}
			}
			return // not an integer: Cayley refuses it
		}
		if len(f.Arguments) > 0 {
			at := f.Arguments[0].Loc.Start
			edits = append(edits, edit{at, at, graphQLFirst + ": " + n + " "})
			return
		}
		at := f.Name.Loc.End
		edits = append(edits, edit{at, at, "(" + graphQLFirst + ": " + n + ")"})
	})
	sort.Slice(edits, func(i, j int) bool { return edits[i].start > edits[j].start })
	out := text
	for _, e := range edits {
		if e.start < 0 || e.end < e.start || e.end >= len(offsets) {
			return "", errorf(ErrInvalid, "query: cannot apply the limit to this GraphQL query; give its fields (first: %d)", first)
		}
		out = out[:offsets[e.start]] + e.text + out[offsets[e.end]:]
	}
	if err := checkLimited(text, out, first); err != nil {
		return "", err
	}
	return out, nil
}

// eachLimited calls fn for every field of doc's queries that takes a first:
// the top-level fields and those that are objects.
func eachLimited(doc *ast.Document, fn func(*ast.Field)) {
	var visit func(set *ast.SelectionSet, top bool)
	visit = func(set *ast.SelectionSet, top bool) {
		if set == nil {
			return
		}
		for _, s := range set.Selections {
			f, ok := s.(*ast.Field)
			if !ok || f.Name == nil || f.Name.Loc == nil {
				continue
			}
			if top || f.SelectionSet != nil || len(f.Arguments) > 0 {
				fn(f)
			}
			visit(f.SelectionSet, false)
		}
	}
	for _, d := range doc.Definitions {
		if op, ok := d.(*ast.OperationDefinition); ok {
			visit(op.SelectionSet, true)
		}
	}
}

// checkLimited parses the limited query and checks that it names the same
// fields as the original and that each that takes a first has one of at
// most first.
func checkLimited(orig, limited string, first int) error {
	fail := errorf(ErrInvalid, "query: cannot apply the limit to this GraphQL query; give its fields (first: %d)", first)
	names := func(text string) ([]string, *ast.Document) {
		ascii, _ := asciiRunes(text)
		doc, err := parser.Parse(parser.ParseParams{Source: ascii})
		if err != nil {
			return nil, nil
		}
		var out []string
		eachLimited(doc, func(f *ast.Field) { out = append(out, f.Name.Value) })
		return out, doc
	}
	want, _ := names(orig)
	got, doc := names(limited)
	if doc == nil || strings.Join(want, "\x00") != strings.Join(got, "\x00") {
		return fail
	}
	bad := false
	eachLimited(doc, func(f *ast.Field) {
		for _, a := range f.Arguments {
			if a.Name != nil && a.Name.Value == graphQLFirst {
				if v, ok := a.Value.(*ast.IntValue); ok {
					k, err := strconv.Atoi(v.Value)
					bad = bad || err != nil || k < 0 || k > first
				}
				return
			}
		}
		bad = true
	})
	if bad {
		return fail
	}
	return nil
}

// asciiRunes returns text with every rune that is not ASCII replaced by
// 'a' (a letter, as the parser allows any such rune in names), and the byte
// offset in text of each rune, and of its end.
func asciiRunes(text string) (string, []int) {
	var b strings.Builder
	offsets := make([]int, 0, len(text)+1)
	for i, r := range text {
		offsets = append(offsets, i)
		if r < 0x80 {
			b.WriteRune(r)
		} else {
			b.WriteByte('a')
		}
	}
	return b.String(), append(offsets, len(text))
}

// trimLists cuts every list in v, at any depth, to its first limit items,
// and says whether it cut any. With unwrap, a list cut to one item becomes
// that item, as Cayley's GraphQL answers one object where there is one.
// The values are those of Cayley's results: maps, lists of maps or of
// values, and values.
func trimLists(v any, limit int, unwrap bool) (any, bool) {
	switch x := v.(type) {
	case map[string]any:
		cut := false
		for k, e := range x {
			var c bool
			x[k], c = trimLists(e, limit, unwrap)
			cut = cut || c
		}
		return x, cut
	case []map[string]any:
		cut := len(x) > limit
		x = x[:min(len(x), limit)]
		for _, e := range x {
			_, c := trimLists(e, limit, unwrap)
			cut = cut || c
		}
		return unwrapOne(x, len(x) < len(v.([]map[string]any)) && unwrap), cut
	case []any:
		cut := len(x) > limit
		x = x[:min(len(x), limit)]
		for i, e := range x {
			var c bool
			x[i], c = trimLists(e, limit, unwrap)
			cut = cut || c
		}
		return unwrapOne(x, len(x) < len(v.([]any)) && unwrap), cut
	case []quad.Value:
		cut := len(x) > limit
		x = x[:min(len(x), limit)]
		return unwrapOne(x, cut && unwrap), cut
	}
	return v, false
}

// unwrapOne returns the one item of list when it has one and do is set,
// else list.
func unwrapOne[T any](list []T, do bool) any {
	if do && len(list) == 1 {
		return list[0]
	}
	return list
}
