// Package wilson reads agreements in the layout of the Wilson Center Digital
// Archive: a date line, the title, catalogue sections ("Citation:",
// "Summary:", "Credits:", "Original Language:", "Contents:"), then the
// translation: a title block ("Agreement / Of Cooperation / Between X and
// Y"), a preamble, numbered articles, an optional closing ("Done at …") and
// signature blocks.
//
// Parse turns one such file into a loaders.Report. Facts about the world come
// from a loaders.Gazetteer; the patterns of language come from lexicon.json.
package wilson

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pactgraph/pactgraph/loaders"
)

// doc is a file split into its parts. Offsets are bytes into text.
type doc struct {
	name     string
	text     string
	paras    []para
	marks    []int // where the lines that are archival marks start
	date     *string
	title    para
	sections map[string][]para
	body     int // index of the first paragraph of the translation
	block    []para
	between  string // the text after "Between" in the title block
	preamble []para
	articles []article
	closing  []para
	sigs     []para
	// warnings list the parts that were not found as expected (Parse adds
	// them to the report).
	warnings []loaders.Warning
}

type article struct {
	number  string
	heading para
	title   *para // a title on its own line below the heading
	paras   []para
	// annex marks an instrument annexed after the signatures ("Protocol",
	// "Annex"), read as one provision numbered by its heading.
	annex bool
}

var labelRE = regexp.MustCompile(`^([A-Z][A-Za-z ]{1,40}):$`)

// Parse reads one document. name is the file's name or path, as errors
// name it (its stem becomes the report's ID); text is the whole file. A document
// without a title, a title block or articles is an error naming the file,
// the line and what was expected.
//
// Parse compiles its patterns on every call; to parse many documents, make
// a Parser once.
func Parse(name string, text string, gaz *loaders.Gazetteer) (*loaders.Report, error) {
	p, err := NewParser(gaz)
	if err != nil {
		return nil, err
	}
	return p.Parse(context.Background(), name, text)
}

// Parser parses documents in the Wilson layout. It compiles the lexicon and
// the gazetteer's names once; it is safe for concurrent use.
type Parser struct {
	lx *lexicon
	// reg holds the gazetteer's entities and the compiled patterns of their
	// names; read-only after NewParser, each document gets a clone.
	reg *registry
}

// NewParser makes a Parser that knows the entities of gaz (which may be nil).
func NewParser(gaz *loaders.Gazetteer) (*Parser, error) {
	lx, err := loadLexicon()
	if err != nil {
		return nil, err
	}
	names := map[string]*namePattern{}
	if gaz != nil {
		for _, e := range gaz.Entries {
			for _, n := range e.Names() {
				if re := newNamePattern(n); re != nil {
					names[n] = re
				}
			}
		}
	}
	reg := newRegistry(gaz)
	reg.shared = names
	return &Parser{lx: lx, reg: reg}, nil
}

var _ loaders.Parser = (*Parser)(nil)

// Parse reads one document as the package function Parse does, and stops
// when ctx ends: it then returns an error that names the file (and the
// line it reached) and wraps ctx's cause (context.Cause), e.g.
// context.DeadlineExceeded.
func (p *Parser) Parse(ctx context.Context, name string, text string) (*loaders.Report, error) {
	text, warnings, err := decode(name, text) // control.go
	if err != nil {
		return nil, err
	}
	read, controls := controlsAsSpaces(text) // control.go
	d := split(name, read, p.lx)
	rep, err := newExtractor(ctx, d, p.reg.clone(), p.lx).report()
	if err != nil {
		return nil, err
	}
	if controls != nil {
		quoteFile(rep, text)
	}
	warnings = append(append(warnings, controls...), d.warnings...)
	sort.SliceStable(warnings, func(i, j int) bool { return warnings[i].Line < warnings[j].Line })
	if len(warnings) > 0 {
		rep.Warnings = warnings
	}
	return rep, nil
}

// warn records what could not be read as expected at a line of the file.
func (d *doc) warn(line int, format string, args ...any) {
	d.warnings = append(d.warnings, loaders.Warning{Line: line, Message: fmt.Sprintf(format, args...)})
}

// fileName is the file as errors name it: as the caller named it, a path
// as given on a command line.
func (d *doc) fileName() string { return d.name }

func (d *doc) lastLine() int {
	if len(d.paras) == 0 {
		return 1
	}
	return d.paras[len(d.paras)-1].line
}

// split finds the parts of the document; lx says which lines are
// archival marks. A part it cannot find is a warning, never an error: the
// report holds what could be read.
func split(name, text string, lx *lexicon) *doc {
	d := &doc{name: name, text: text, sections: map[string][]para{}}
	d.paras, d.marks = paragraphs(text, lx)
	if len(d.paras) == 0 {
		d.warn(1, "expected a date line and a title, found no text")
		return d
	}
	i := 0
	if iso, _, ok := findDate(d.paras[0].text); ok && wordCount(d.paras[0].text) <= 4 {
		d.date = &iso
		i++
	} else if dateLine(d.paras[0].text) {
		i++ // a partial date ("December 1973"): the day is unknown
	}
	title := -1
	if i < len(d.paras) && !labelRE.MatchString(d.paras[i].text) {
		title = i
		d.title = d.paras[i]
		i++
	} else {
		d.warn(d.lastLineAt(i), "expected the document title after the date line")
	}
	catalogue := i
	i = d.splitSections(i)
	if i == catalogue && title >= 0 {
		i = title // no catalogue: the text itself starts with its title
	}
	d.body = i
	if i >= len(d.paras) {
		d.warn(d.lastLine(), `expected the translation after the "Contents:" section`)
		return d
	}
	d.splitTitleBlock()
	if title < 0 && len(d.block) > 0 {
		d.title = d.block[0]
	}
	d.splitArticles()
	return d
}

func (d *doc) lastLineAt(i int) int {
	if i < len(d.paras) {
		return d.paras[i].line
	}
	return d.lastLine()
}

// splitSections reads "Label:" sections from paragraph i and returns the
// index of the first paragraph of the translation.
func (d *doc) splitSections(i int) int {
	label := ""
	for ; i < len(d.paras); i++ {
		p := d.paras[i]
		if m := labelRE.FindStringSubmatch(p.text); m != nil {
			label = m[1]
			continue
		}
		if label == "" {
			return i
		}
		if label == "Contents" {
			if isContentsLine(p.text) {
				d.sections[label] = append(d.sections[label], p)
				continue
			}
			return i
		}
		d.sections[label] = append(d.sections[label], p)
	}
	return i
}

var contentsRE = regexp.MustCompile(`^(?:Translation|Transcript|Original|Scan)\b.*\s-\s+\S`)

func isContentsLine(s string) bool { return contentsRE.MatchString(s) && wordCount(s) <= 8 }

var betweenRE = regexp.MustCompile(`(?i)^(?:.*?\s)?between\s+(.+)$`)

// splitTitleBlock finds the short paragraphs naming the agreement and its
// parties, ending with the one that says "Between …". Without one, the
// title block is the title lines at the start ("Treaty on the
// Non-Proliferation of Nuclear Weapons"), and the parties are read from the
// preamble (parties.go).
func (d *doc) splitTitleBlock() {
	for k := d.body; k < len(d.paras) && k < d.body+6; k++ {
		p := d.paras[k]
		if _, ok := articleHeading(p); ok {
			break
		}
		t := blockText(p)
		if wordCount(t) > 80 || endsSentence(t) && !titleStop(t) {
			continue
		}
		if m := betweenRE.FindStringSubmatch(t); m != nil {
			d.block = d.paras[d.body : k+1]
			d.between = strings.TrimSuffix(m[1], ".")
			return
		}
	}
	k := d.body
	for k < len(d.paras) && k < d.body+4 && titleLine(d.paras[k]) {
		k++
	}
	d.block = d.paras[d.body:k]
}

var (
	closingRE = regexp.MustCompile(`^(?:Done|DONE|Signed|SIGNED|Drawn up|DRAWN UP|Concluded|CONCLUDED|Made|MADE) (?:at|in|on)\b|^(?i:in witness whereof)`)
	signedRE  = regexp.MustCompile(`(?i)\[(?:signed|signature|initiall?ed)\]|(?m:^\((?:signed|signature|initiall?ed|sd\.?|sgd\.?|s\.)\))|^signed:|^(?:for|on behalf of|in the name of) the\s`)
	// placeDateRE is a closing line of only a place and a date: "Moscow, 6 April 1957".
	placeDateRE = regexp.MustCompile(`^(\p{Lu}[\p{L}'-]*(?:\s\p{Lu}[\p{L}'-]*)?),\s+(.+?)\.?$`)
)

// placeDate returns the place of a closing line that is only a place and a date.
func placeDate(s string) (string, bool) {
	m := placeDateRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil || wordCount(m[2]) > 5 || !dateLine(m[2]) && !isDate(m[2]) {
		return "", false
	}
	return m[1], true
}

// closingLike reports a closing paragraph: "Done at …" or "Place, date".
func closingLike(s string) bool {
	_, ok := placeDate(s)
	return ok || closingRE.MatchString(s)
}

// splitArticles reads the preamble, the articles, the closing and the
// signature blocks. Without "Article" headings the provisions are the
// numbered points ("1.", "I.", "a)"); without those either, the text is
// read as a preamble, with a warning.
func (d *doc) splitArticles() {
	rest := d.paras[d.body+len(d.block):]
	heading, points := articleHeading, false
	first := firstHeading(rest, heading)
	if first < 0 {
		if h := pointHeadings(rest); h != nil {
			heading, points = h, true
			first = firstHeading(rest, heading)
		}
	}
	if first < 0 {
		line := d.lastLine()
		if len(rest) > 0 {
			line = rest[0].line
		}
		d.warn(line, `expected "Article" headings or numbered points after the preamble; the text is read as its preamble`)
		end := d.articlesEnd(rest, -1, heading)
		d.preamble = d.lift(structure(rest[:end], heading))
		d.splitEnd(rest[end:])
		return
	}
	d.preamble = d.lift(structure(rest[:first], heading))
	end := d.articlesEnd(rest, first, heading)
	body := rest[first:end]
	for k, p := range body {
		if n, ok := heading(p); ok {
			d.articles = append(d.articles, article{number: n, heading: p})
			if points {
				d.articles[len(d.articles)-1].paras = []para{p}
			}
			continue
		}
		if sectionHeading(body, k, heading) {
			continue
		}
		a := &d.articles[len(d.articles)-1]
		if !points && len(a.paras) == 0 && a.title == nil && k+1 < len(body) && articleTitle(p) {
			if _, next := heading(body[k+1]); !next {
				a.title = &body[k]
				continue
			}
		}
		a.paras = append(a.paras, p)
	}
	kept := d.articles[:0]
	for _, a := range d.articles {
		a.paras = d.lift(a.paras)
		if len(nonDebris(a.paras)) == 0 {
			d.warn(a.heading.line, "expected the text of Article %s after its heading", a.number)
			continue
		}
		kept = append(kept, a)
	}
	d.articles = kept
	d.splitEnd(rest[end:])
}

// splitEnd reads the closing and the signature blocks after the last
// provision. Text after the signature blocks (a protocol, an annex: a
// paragraph that is neither a signature, an office nor a closing line)
// ends them; an annexed instrument there is read (splitAnnexes).
func (d *doc) splitEnd(rest []para) {
	marked := false
	for k, p := range rest {
		if marked && (annexHeading(p) || !signedLike(p.text) && !closingLike(p.text) && !d.officeLike(p)) {
			d.splitAnnexes(rest[k:])
			return
		}
		if signedLike(p.text) || len(d.sigs) > 0 || !closingLike(p.text) && len(d.closing) == 0 && d.officeLike(p) {
			d.sigs = append(d.sigs, p)
			marked = marked || signMark(p.text)
		} else {
			d.closing = append(d.closing, p)
		}
	}
}

// annexHeadingRE is the heading of an instrument annexed to an agreement,
// on a line of its own: "Protocol", "Additional Protocol", "Annex II",
// "Protocol of Signature", "Final Protocol".
var annexHeadingRE = regexp.MustCompile(`(?i)^(?:(?:additional|final|supplementary|secret|special|confidential)\s+)?(?:protocol|annex|appendix|supplement)(?:\s+(?:of\s+signature|no\.?\s*\d{1,2}|[IVX]{1,4}|\d{1,2}|[A-Z]))?\s*[.:]?$`)

// formulaRE is an annex's opening formula, which agrees on what follows
// it: "… the Undersigned have agreed upon the following:".
var formulaRE = regexp.MustCompile(`(?i)\bagreed\s+(?:(?:up)?on\s+the\s+following|as\s+follows)\s*:`)

// afterFormula splits a paragraph after an opening formula, so that what
// is agreed is a clause of its own: "… have agreed upon the following:it is
// understood that …" (a web copy without the space) gives the formula and
// "it is understood that …".
func (d *doc) afterFormula(p para) []para {
	loc := formulaRE.FindStringIndex(p.text)
	if loc == nil || strings.TrimSpace(p.text[loc[1]:]) == "" {
		return []para{p}
	}
	rest := p.text[loc[1]:]
	skip := len(rest) - len(strings.TrimLeft(rest, " \t\r\n"))
	head := para{start: p.start, end: p.start + loc[1], line: p.line, text: p.text[:loc[1]]}
	tail := para{start: p.start + loc[1] + skip, end: p.end, line: p.line + strings.Count(p.text[:loc[1]+skip], "\n"), text: rest[skip:]}
	return []para{head, tail}
}

// titleCase writes a heading in capitals in title case: "ADDITIONAL
// PROTOCOL" → "Additional Protocol"; roman numerals stay ("ANNEX II").
func titleCase(s string) string {
	if strings.ToUpper(s) != s {
		return s
	}
	words := strings.Fields(s)
	for i, w := range words {
		if strings.Trim(w, "IVX") == "" {
			continue
		}
		words[i] = w[:1] + strings.ToLower(w[1:])
	}
	return strings.Join(words, " ")
}

// annexHeading reports the heading of an annexed instrument.
func annexHeading(p para) bool {
	return !strings.Contains(p.text, "\n") && annexHeadingRE.MatchString(clean(unspace(p.text)))
}

// splitAnnexes reads the instruments annexed after the signatures: each
// opens with its heading and holds the paragraphs up to its own closing and
// signatures (those of the agreement's signatories, not listed again), or
// up to the next annex. Text after the signatures that no such heading
// opens is left unread, as before; an annex with no text of its own is
// dropped.
func (d *doc) splitAnnexes(rest []para) {
	var cur *article
	for _, p := range rest {
		t := clean(unspace(p.text))
		switch {
		case annexHeading(p):
			d.articles = append(d.articles, article{number: titleCase(strings.TrimRight(t, ".: ")), heading: p, annex: true})
			cur = &d.articles[len(d.articles)-1]
		case cur == nil:
			// Signatures after an annex's closing, or text no annex
			// heading opens: not read.
		case closingLike(t) || signedLike(p.text) || len(cur.paras) > 0 && d.officeLike(p):
			cur = nil // the annex's own closing and signatures
		default:
			cur.paras = append(cur.paras, d.afterFormula(p)...)
		}
	}
	kept := d.articles[:0]
	for _, a := range d.articles {
		if a.annex && len(nonDebris(a.paras)) == 0 {
			continue
		}
		kept = append(kept, a)
	}
	d.articles = kept
}

// articleTitle reports a paragraph that can be an article's title: a
// short line in title case without final punctuation or list marker,
// "Exchange of Information".
func articleTitle(p para) bool {
	t := clean(p.text)
	if t == "" || strings.Contains(p.text, "\n") || endsSentence(t) || strings.HasSuffix(t, ":") || wordCount(t) > 8 || listMarkerRE.MatchString(t) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsUpper(r)
}

// articlesEnd returns the index in rest where the last provision ends: at
// the closing ("Done at …") or at the first signature block.
func (d *doc) articlesEnd(rest []para, first int, heading func(para) (string, bool)) int {
	last := first
	for k := max(first, 0); k < len(rest); k++ {
		if _, ok := heading(rest[k]); ok {
			last = k
		}
	}
	from := last + 1 // a numbered point holds its own text
	if last >= 0 {
		if _, ok := articleHeading(rest[last]); ok {
			from++ // an "Article" heading is followed by its text
		}
	}
	for k := from; k < len(rest); k++ {
		t := rest[k].text
		if closingLike(t) {
			return k
		}
		if signedLike(t) {
			j := k
			for j-1 > last+1 && d.officeLike(rest[j-1]) {
				j--
			}
			return j
		}
	}
	return len(rest)
}

// officeLike reports a short paragraph without final punctuation: the office
// line above a signature.
func (d *doc) officeLike(p para) bool {
	t := clean(p.text)
	return t != "" && !endsSentence(t) && !strings.HasSuffix(t, ":") && wordCount(t) <= 25
}

func nonDebris(ps []para) []para {
	var out []para
	for _, p := range ps {
		if !debrisOnly(p.text) {
			out = append(out, p)
		}
	}
	return out
}
