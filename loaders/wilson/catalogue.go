package wilson

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"

	"github.com/pactgraph/pactgraph/loaders"
)

var (
	citeTitleRE  = regexp.MustCompile(`^["“]([^"“”]+)["”],\s*`)
	leadYearRE   = regexp.MustCompile(`^(?:[A-Z][a-z]+\s+)?(?:\d{1,2},?\s+)?(?:ca?\.\s*)?\d{4}\b`)
	translatedRE = regexp.MustCompile(`Translated(?: from ([A-Z][a-z]+))?(?: (?:for|by) ([^.]*?))?(?: by ([^.]+?))?\.`)
	sentenceEnd  = regexp.MustCompile(`\.\s+[A-Z][a-z]`)
	urlRE        = regexp.MustCompile(`https?://[^\s>]+`)
	creditRE     = regexp.MustCompile(`(?:support|funding|grant)s? from (?:the )?([A-Z][\w'&.-]*(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][\w'&.-]*)*)`)
)

// metadata reads the catalogue fields and the entities they name: the
// publisher, the holding archive, the translator and the funders.
func (x *extractor) metadata() {
	d := x.d
	x.meta = loaders.Document{Title: clean(d.title.text), Date: d.date}
	if ps := d.sections["Original Language"]; len(ps) > 0 {
		x.meta.OriginalLanguage = strp(clean(ps[0].text))
	}
	for _, p := range d.sections["Citation"] {
		if t := strings.TrimSpace(p.text); strings.HasPrefix(t, "<http") || strings.HasPrefix(t, "http") {
			x.setURL(urlRE.FindString(t))
			continue
		}
		if x.meta.Citation == "" {
			x.citation(clean(p.text))
		}
	}
	for _, p := range d.sections["Credits"] {
		for _, m := range creditRE.FindAllStringSubmatch(clean(p.text), -1) {
			x.reg.define(m[1], loaders.Organisation)
		}
	}
}

func (x *extractor) setURL(u string) {
	if u == "" {
		return
	}
	x.meta.URL = strp(u)
	x.meta.SourceID = strp(documentNumber(u))
}

var (
	// numberRE is a document number: digits, with a short prefix of
	// letters ("BWBV0004399") and separators between groups of digits.
	numberRE = regexp.MustCompile(`^(?:[A-Za-z]{0,8}[-_.]?)?\d+(?:[-_.]\d+)*$`)
	// numberedSlugRE is a slug after a number: "115715-agreement-on-…".
	numberedSlugRE = regexp.MustCompile(`^(\d{3,})-[A-Za-z]`)
)

// documentNumber returns the archive's number of the document a URL
// names, or "": the last path segment that is a number
// (".../document/115715", ".../BWBV0004399"), or the number that opens a
// slug (".../document/115715-agreement-on-cooperation"), or a query
// parameter's number ("?id=115715"). A slug alone
// (".../document/agreement-on-cooperation") is no number.
func documentNumber(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return ""
	}
	segs := strings.Split(strings.Trim(pu.Path, "/"), "/")
	for i := len(segs) - 1; i >= 0; i-- {
		seg := strings.TrimSuffix(strings.TrimSuffix(segs[i], ".html"), ".pdf")
		if numberRE.MatchString(seg) {
			return seg
		}
		if m := numberedSlugRE.FindStringSubmatch(seg); m != nil {
			return m[1]
		}
	}
	for _, vs := range pu.Query() {
		for _, v := range vs {
			if numberRE.MatchString(v) {
				return v
			}
		}
	}
	return ""
}

// citation reads `"Title", Date, Publisher, Archive, Reference. Translated
// from L for P by T.`
func (x *extractor) citation(c string) {
	x.meta.Citation = c
	rest := c
	if m := citeTitleRE.FindStringSubmatchIndex(rest); m != nil {
		rest = rest[m[1]:]
	}
	if _, loc, ok := findDate(rest); ok && loc[0] == 0 {
		rest = rest[loc[1]:]
	} else if loc := leadYearRE.FindStringIndex(rest); loc != nil {
		rest = rest[loc[1]:]
	}
	if m := translatedRE.FindStringSubmatch(rest); m != nil {
		if x.meta.OriginalLanguage == nil && m[1] != "" {
			x.meta.OriginalLanguage = strp(m[1])
		}
		if m[2] != "" && m[3] == "" {
			m[3], m[2] = m[2], ""
		}
		if m[2] != "" {
			x.reg.define(m[2], loaders.Organisation)
		}
		if t := strings.TrimSpace(m[3]); t != "" {
			x.meta.Translator = strp(t)
			x.person(t)
		}
	}
	if !strings.HasPrefix(rest, ",") {
		return
	}
	rest = strings.TrimSpace(rest[1:])
	if loc := sentenceEnd.FindStringIndex(rest); loc != nil {
		rest = rest[:loc[0]]
	}
	rest = strings.TrimSuffix(rest, ".")
	pub, ref, ok := strings.Cut(rest, ", ")
	if !ok {
		return
	}
	if isName(pub) {
		x.reg.define(pub, loaders.Organisation)
	}
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return
	}
	x.meta.ArchiveReference = strp(ref)
	holder, _, _ := strings.Cut(ref, ", ")
	if isName(holder) && strings.ContainsFunc(holder, unicode.IsLower) {
		long, short := holder, ""
		if i := strings.Index(holder, " ("); i > 0 && strings.HasSuffix(holder, ")") {
			long, short = holder[:i], holder[i+2:len(holder)-1]
		}
		if short != "" {
			x.reg.define(long, loaders.Organisation, short)
		} else {
			x.reg.define(long, loaders.Organisation)
		}
	}
}
