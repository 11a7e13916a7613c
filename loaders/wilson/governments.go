package wilson

import (
	"strings"

	"github.com/pactgraph/pactgraph/loaders"
)

// governmentRE opens a government named by its state: "the Government of
// the Kingdom of the Netherlands", "the Governments of …".
var governmentRE = mustKeyed(`\bGovernments?\s+of\s+(?:the\s+)?`, "Government")

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
		for _, loc := range governmentRE.findAll(z) {
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

// statesInNames finds the states named inside the names of organisations
// no gazetteer knows: in "Ministry of Interior of the Republic of
// Borduria" the first tail after "of (the)" (its capitalised words:
// stateName) that is a known name or whose head word is a state's
// ("Republic") is a Territory, and the ministry belongs to it.
func (x *extractor) statesInNames() {
	for _, e := range append([]*ent{}, x.reg.ents...) {
		if !e.listed || e.entry != nil || e.Type != loaders.Organisation {
			continue
		}
		words := strings.Fields(e.Name)
		for i := 1; i+1 < len(words); i++ {
			if words[i] != "of" {
				continue
			}
			k := i + 1
			if words[k] == "the" {
				k++
			}
			tail := stateName(strings.Join(words[k:], " "))
			if tail == "" {
				continue
			}
			st := x.reg.lookup(tail)
			if st == nil && (wordCount(tail) < 2 || x.headWordType(headWord(tail)) != loaders.Territory) {
				continue
			}
			if st == nil {
				st = x.reg.define(tail, loaders.Territory)
			}
			if st.Type == loaders.Territory && e.within == "" {
				e.within = st.ID
			}
			break
		}
	}
}

// headWord is the last word of a name before the first word that ends its
// head phrase ("Republic" in "People's Republic of Ruritania").
func headWord(name string) string {
	words := strings.Fields(name)
	for i, w := range words {
		if i > 0 && headStop[strings.ToLower(w)] {
			return words[i-1]
		}
	}
	return words[len(words)-1]
}
