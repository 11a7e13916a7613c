package wilson

import (
	"regexp"
	"strings"

	"github.com/pactgraph/pactgraph/loaders"
)

var (
	splitTheRE   = regexp.MustCompile(`(?i),\s*and\s+the\s+|,\s*the\s+|\s+and\s+the\s+`)
	splitPlainRE = regexp.MustCompile(`(?i),\s*and\s+|,\s*|\s+and\s+`)
)

// readParties reads the parties from the title block's "Between …".
func (x *extractor) readParties() {
	b := strings.TrimSpace(strings.TrimRight(x.d.between, ".:;"))
	if loc := x.lx.topic.FindStringIndex(b); loc != nil {
		b = b[:loc[0]] // "… and the Y on Cooperation in …", "… held in Berlin"
	}
	for _, p := range x.partyNames(b) {
		p = strings.TrimSpace(p)
		var aliases []string
		if m := x.lx.paren.FindStringSubmatchIndex(p); m != nil {
			aliases = append(aliases, p[m[2]:m[3]])
			p = strings.TrimSpace(p[:m[0]] + p[m[1]:])
		}
		if p == "" {
			continue
		}
		e := x.reg.lookup(p)
		if e == nil {
			e = x.reg.define(p, x.headType(p), aliases...)
			x.stateOf(e, p)
		} else {
			x.reg.define(e.Name, e.Type, append([]string{p}, aliases...)...)
		}
		if !contains(x.parties, e.ID) {
			x.parties = append(x.parties, e.ID)
		}
	}
}

// partyNames cuts the "Between …" text into the names of the parties: at
// ", the" and "and the" when it starts with "the", else at every comma and
// "and" that separates two names, not two fields of one (innerAnd).
func (x *extractor) partyNames(b string) []string {
	if strings.HasPrefix(strings.ToLower(b), "the ") {
		return splitTheRE.Split(b[4:], -1)
	}
	var out []string
	seps := splitPlainRE.FindAllStringIndex(b, -1)
	start := 0
	for i, loc := range seps {
		next := len(b)
		if i+1 < len(seps) {
			next = seps[i+1][0]
		}
		if !strings.Contains(b[loc[0]:loc[1]], ",") && x.innerAnd(b[start:loc[0]], b[loc[1]:next]) {
			continue
		}
		out = append(out, b[start:loc[0]])
		start = loc[1]
	}
	return append(out, b[start:])
}

// innerAnd reports whether the "and" between before and after joins two
// fields inside one organ's name ("Ministry of Trade and Industry of the
// Hungarian People's Republic", "Committee for Science and Technology")
// instead of two names: before is an organ "X of/for A" whose A is no
// known entity, after is no name of its own (no article, no known name, no
// head word of an organisation or state), and a word on either side of
// "and" is a field of work (lexicon "fields"). "The Ministry of Interior of
// the CSSR and Ministry of Public Security of Cuba" are two names.
func (x *extractor) innerAnd(before, after string) bool {
	bw, aw := strings.Fields(before), strings.Fields(after)
	if len(bw) < 3 || len(aw) == 0 || !capital(aw[0]) || x.lx.has(determiners, aw[0]) {
		return false
	}
	of := -1
	for i := len(bw) - 2; i > 0 && of < 0; i-- {
		if w := strings.ToLower(bw[i]); w == "of" || w == "for" {
			of = i
		}
	}
	if of < 0 || x.reg.lookup(strings.Join(bw[of+1:], " ")) != nil {
		return false
	}
	head := aw
	for i, w := range aw {
		if i > 0 && headStop[strings.ToLower(w)] {
			head = aw[:i]
			break
		}
	}
	if x.reg.lookup(after) != nil || x.reg.lookup(strings.Join(head, " ")) != nil {
		return false
	}
	for _, w := range head {
		if x.headWordType(w) != "" || x.reg.lookup(strings.Trim(w, ",.;:")) != nil {
			return false
		}
	}
	return x.lx.has(x.lx.Fields, strings.Trim(bw[len(bw)-1], ",.;:")) || x.lx.has(x.lx.Fields, strings.Trim(head[0], ",.;:"))
}

// stateOf places an unknown organisation "X of (the) S" in the state S it
// names, when S is known, and gives it the name "X of the S'" for every
// name S' of that state ("Ministry of Internal Affairs of the USSR").
func (x *extractor) stateOf(e *ent, name string) {
	if e.Type != loaders.Organisation || e.within != "" {
		return
	}
	words := strings.Fields(name)
	for i := len(words) - 2; i > 0; i-- {
		if words[i] != "of" {
			continue
		}
		tail := strings.Join(words[i+1:], " ")
		st := x.reg.lookup(tail)
		if st == nil || st.Type != loaders.Territory {
			continue
		}
		e.within = st.ID
		head := strings.Join(words[:i], " ")
		for _, n := range st.names {
			x.reg.alias(e, head+" of the "+n)
			x.reg.alias(e, head+" of "+n)
		}
		return
	}
}

// headType guesses the type of an unknown name from its head word: the
// last word before the first "of", "for", "on" … ("Federal Ministry of the
// Interior of the Czechoslovak Socialist Republic" → Ministry →
// Organisation; "People's Republic of Albania" → Republic → Territory),
// else its first or last word.
func (x *extractor) headType(name string) string {
	words := strings.Fields(strings.TrimPrefix(strings.TrimPrefix(name, "the "), "The "))
	if len(words) == 0 {
		return loaders.Organisation
	}
	head := len(words) - 1
	for i, w := range words {
		if i > 0 && headStop[strings.ToLower(w)] {
			head = i - 1
			break
		}
	}
	if t := x.headWordType(words[head]); t != "" {
		return t
	}
	for _, w := range []string{words[0], words[len(words)-1]} {
		if t := x.headWordType(w); t != "" {
			return t
		}
	}
	return loaders.Organisation
}

// headStop are the words that end a name's head phrase.
var headStop = map[string]bool{"of": true, "for": true, "on": true, "with": true, "between": true, "in": true, "at": true, "to": true, "against": true}

// headWordType types a head word by the lexicon's heads, or "".
func (x *extractor) headWordType(w string) string {
	w = strings.Trim(w, ",.;:()\"“”")
	h := x.lx.Heads
	switch {
	case x.lx.has(h["treaty"], w):
		return loaders.Treaty
	case x.lx.has(h["organisation"], w):
		return loaders.Organisation
	case x.lx.has(h["territory"], w):
		return loaders.Territory
	}
	return ""
}

// partyWithoutState returns the one party named "<name> of <its state>"
// ("the Ministry of Trade and Industry" for the Ministry of Trade and
// Industry of the Hungarian People's Republic), or nil when none or
// several are (two Ministries of the Interior).
func (x *extractor) partyWithoutState(name string) *ent {
	var found *ent
	for _, p := range x.parties {
		pe := x.reg.byID[p]
		st := x.reg.byID[pe.within]
		if pe.Type != loaders.Organisation || st == nil {
			continue
		}
		for _, n := range st.names {
			if x.reg.lookup(name+" of "+n) == pe {
				if found != nil && found != pe {
					return nil
				}
				found = pe
				break
			}
		}
	}
	return found
}
