package wilson

import (
	"context"
	"strings"
	"unicode"

	"github.com/pactgraph/pactgraph/loaders"
)

// extractor reads entities, signatures and commitments out of a split doc.
type extractor struct {
	d         *doc
	lx        *lexicon
	reg       *registry
	idx       runeIndex
	parties   []string
	agreement *ent
	agrDate   *string
	place     *string
	closeDate *string
	sigs      []loaders.Signature
	meta      loaders.Document
	mentions  []mention // maximal mentions in the translation
	// named caches whether a name's pattern matches a party's name
	// (partyState asks the same pairs for every clause).
	named map[[2]string]bool
	// stemsOf holds stems of the parties' names (onBehalf).
	stemsOf map[string]map[string]bool
	// sigParties marks a document whose title block and preamble name no
	// parties: those the signatures sign for are the parties.
	sigParties bool
	// states marks parties named as "The Governments of A, B and C": A, B
	// and C are states.
	states bool
	stop   stop // the parse's context (cancel.go)
}

func newExtractor(ctx context.Context, d *doc, reg *registry, lx *lexicon) *extractor {
	return &extractor{d: d, lx: lx, reg: reg, idx: newRuneIndex(d.text), stop: newStop(ctx)}
}

// report runs the extraction steps in order and assembles the report; it
// stops when the context ends (cancel.go). The steps live in files named
// for what they read: catalogue.go (metadata), parties.go (readParties),
// names.go (parentheses, definedBodies, namedBodies), treaties.go
// (treatyReferences, closingLine, agreementEntity), signatures.go,
// mentions.go (findMentions); the commitments in clauses.go (segmentation),
// roles.go (bearers, beneficiaries, targets) and commit.go (assembly).
func (x *extractor) report() (*loaders.Report, error) {
	for _, step := range []func(){x.metadata, x.datedNames, x.governments, x.readParties, x.parentheses, x.definedBodies, x.namedBodies, x.statesInNames,
		x.treatyReferences, x.closingLine, x.signatures, x.agreementEntity, x.annexEntities, x.citedTreaties, x.findMentions} {
		if x.stopped(-1) {
			return nil, x.stop.err
		}
		step()
	}
	if len(x.parties) == 0 {
		x.d.warn(x.partiesLine(), `expected the parties: a title block "Between X and Y", a preamble "X and Y … have agreed", or signatures "For X:"`)
	}
	obs := x.commitments()
	if x.stop.err != nil {
		return nil, x.stop.err
	}
	rep := &loaders.Report{
		ID:       x.docID(),
		Document: x.meta,
		Agreement: loaders.Agreement{
			Entity: x.agreement.ID, Parties: x.parties, Date: x.agrDate, Place: x.place,
		},
		Entities:    x.reg.entities(),
		Signatures:  x.sigs,
		Articles:    x.articles(),
		Obligations: obs,
		Text:        x.d.text,
	}
	if rep.Signatures == nil {
		rep.Signatures = []loaders.Signature{}
	}
	return rep, nil
}

// datedNames names the states as they were named on the document's date,
// before any name is defined, so that the canonical name of another day
// is no name the document uses.
func (x *extractor) datedNames() {
	if x.d.date != nil {
		x.reg.nameOn(*x.d.date)
	}
}

func strp(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// isName reports a capitalised phrase without digits.
func isName(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && unicode.IsUpper([]rune(s)[0]) && !strings.ContainsFunc(s, unicode.IsDigit) && wordCount(s) <= 12
}

// person returns the person with the given name: known to the gazetteer
// by full name or surname (with the first name or its initial, "E. Mielke"
// for Erich Mielke), or new.
func (x *extractor) person(name string) *ent {
	name = strings.TrimSpace(name)
	if e := x.reg.lookup(name); e != nil && e.Type == loaders.Person {
		x.reg.define(e.Name, e.Type, name)
		return e
	}
	f := strings.Fields(name)
	surname := f[len(f)-1]
	if e := x.reg.lookup(surname); e != nil && e.Type == loaders.Person && len(f) > 1 && strings.HasSuffix(e.Name, surname) && strings.HasPrefix(e.Name, strings.TrimSuffix(f[0], ".")) {
		x.reg.define(e.Name, e.Type, name)
		return e
	}
	if x.reg.lookup(name) == nil {
		e := &ent{Entity: loaders.Entity{ID: x.reg.uniqueID(slug(surname, 1)), Type: loaders.Person, Name: name, SameAs: []string{}}}
		x.reg.add(e)
		x.reg.named(e, name)
		return e
	}
	return x.reg.define(name, loaders.Person)
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// translation returns the paragraphs of the preamble and the articles.
func (x *extractor) translation() []para {
	out := append([]para{}, x.d.preamble...)
	for _, a := range x.d.articles {
		out = append(out, a.paras...)
	}
	return out
}

// articles returns the articles with their spans.
func (x *extractor) articles() []loaders.Article {
	out := []loaders.Article{}
	for _, a := range x.d.articles {
		ps := nonDebris(a.paras)
		s, e := trimRange(x.d.text, ps[0].start, ps[len(ps)-1].end)
		out = append(out, loaders.Article{
			Number: a.number,
			Text:   x.d.text[s:e],
			Span:   [2]int{x.idx[s], x.idx[e]},
		})
	}
	return out
}
