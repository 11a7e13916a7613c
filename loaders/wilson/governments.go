package wilson

import (
	"regexp"
	"strings"

	"github.com/pactgraph/pactgraph/loaders"
)

// governmentRE opens a government named by its state: "the Government of
// the Kingdom of the Netherlands", "the Governments of …".
var governmentRE = regexp.MustCompile(`\bGovernments?\s+of\s+(?:the\s+)?`)

// governments reads the states whose governments conclude the agreement
// ("Agreement between the Government of the Kingdom of the Netherlands and
// the Government of the Polish People's Republic"), in the title block and
// the preamble's opening, before the parties are read. Such a state is the
// party, acting through its government: "the Government of S" and "the S
// Government" (for every name and demonym of S) become names of S in this
// document, so that the parties, the signatories' "For the Government of
// S" and the bearers "the Netherlands Government shall …" are one choice,
// the states. A state no gazetteer knows is found by its head word
// ("Republic of Ruritania" → Republic → a Territory).
func (x *extractor) governments() {
	zones := []string{x.d.between}
	for _, p := range x.d.block {
		zones = append(zones, p.text)
	}
	if len(x.d.preamble) > 0 {
		zones = append(zones, x.d.preamble[0].text)
	}
	for _, z := range zones {
		z = clean(z)
		for _, loc := range governmentRE.FindAllStringIndex(z, -1) {
			name := stateName(z[loc[1]:])
			if name == "" {
				continue
			}
			st := x.reg.lookup(name)
			switch {
			case st == nil && x.headType(name) == loaders.Territory:
				st = x.reg.define(name, loaders.Territory)
			case st == nil || st.Type != loaders.Territory:
				continue
			default:
				x.reg.named(st, name)
			}
			x.actsThroughGovernment(st)
		}
	}
}

// stateName returns the name s starts with: capitalised words, joined by
// "of" and "the" ("Kingdom of the Netherlands", "Polish People's
// Republic"), up to the first other word, punctuation or the next
// "Government".
func stateName(s string) string {
	words := strings.Fields(s)
	end := 0
	for i, w := range words {
		bare := strings.TrimRight(w, ",.;:")
		lw := strings.ToLower(bare)
		if lw == "of" || lw == "the" {
			continue
		}
		if !plainCapital(bare) || bare == "Government" || bare == "Governments" {
			break
		}
		end = i + 1
		if bare != w {
			break
		}
	}
	return strings.TrimRight(strings.Join(words[:end], " "), ",.;:")
}

// actsThroughGovernment gives st the names of its government.
func (x *extractor) actsThroughGovernment(st *ent) {
	names := append([]string{}, st.names...)
	if st.entry != nil {
		for _, d := range st.entry.Demonyms {
			x.reg.alias(st, d+" Government")
		}
	}
	for _, n := range names {
		x.reg.alias(st, "Government of the "+n)
		x.reg.alias(st, "Government of "+n)
		x.reg.alias(st, n+" Government")
	}
}
