package graph

import "testing"

func TestLimitGraphQLText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{ nodes { id } }`, `{ nodes(first: 11) { id } }`},
		{`{ nodes(first: 3) { id } }`, `{ nodes(first: 3) { id } }`},
		{`{ nodes(first: 500) { id } }`, `{ nodes(first: 11) { id } }`},
		{`{ nodes(first: -1) { id } }`, `{ nodes(first: 11) { id } }`},
		{`{ n: nodes(<name>: "\"Ministère\"") { id name } }`, `{ n: nodes(first: 11 <name>: "\"Ministère\"") { id name } }`},
		{`{ nodes(id: <é>) { <ñ> @opt { id } } }`, `{ nodes(first: 11 id: <é>) { <ñ>(first: 11) @opt { id } } }`},
		{`{ nodes { * } }`, `{ nodes(first: 11) { * } }`},
		{`{ nodes {`, `{ nodes {`}, // left to Cayley's parser to refuse
	} {
		got, err := limitGraphQL(c.in, 11)
		if err != nil || got != c.want {
			t.Errorf("limitGraphQL(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}
