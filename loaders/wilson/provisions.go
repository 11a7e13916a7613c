package wilson

import (
	"regexp"
	"strings"
)

// The parts of a text between its preamble and its closing, where they are
// not "Article" headings: numbered points, the sections and chapters that
// hold articles, and signature blocks standing among them.

// lift takes the signature blocks out of ps, a preamble's or an article's
// paragraphs: a paragraph with a signature mark ("[Signed] Name", "(sd.)
// Name") and the "For the X" lines just above it. They join the
// signatures: a block may stand at the start of a protocol or between its
// parts.
func (d *doc) lift(ps []para) []para {
	var keep []para
	for k := 0; k < len(ps); k++ {
		if !signMark(ps[k].text) {
			keep = append(keep, ps[k])
			continue
		}
		j := len(keep)
		for j > 0 && forOnly(keep[j-1].text) {
			j--
		}
		d.sigs = append(d.sigs, keep[j:]...)
		d.sigs = append(d.sigs, ps[k])
		keep = keep[:j]
	}
	return keep
}

// signMark reports a paragraph with a line that is a signature mark and a
// name: "[Signed] A. Name", "(sd.) A. NAME".
func signMark(text string) bool {
	for _, l := range strings.Split(text, "\n") {
		if signedLineRE.MatchString(clean(l)) {
			return true
		}
	}
	return false
}

// forOnly reports a paragraph that is only "For the X" lines.
func forOnly(text string) bool {
	for _, l := range strings.Split(text, "\n") {
		if _, ok := forPrefix(clean(l)); !ok || wordCount(l) > 20 {
			return false
		}
	}
	return true
}

func firstHeading(ps []para, heading func(para) (string, bool)) int {
	for k, p := range ps {
		if _, ok := heading(p); ok {
			return k
		}
	}
	return -1
}

// pointRE is a numbered point opening a paragraph: "1.", "IV.", "§ 2",
// "a)", with its number.
var pointRE = regexp.MustCompile(`^(?:(\d{1,2})\.(?:\s|\p{Lu})|([IVXLC]{1,6})\.\s|§\s*(\d{1,3})\b|\(?([a-z])\)\s)`)

// pointHeadings returns a heading test for the numbered points of the kind
// the first point has (digits, Roman numerals, "§", letters), or nil when
// no paragraph opens with one.
func pointHeadings(ps []para) func(para) (string, bool) {
	for _, p := range ps {
		m := pointRE.FindStringSubmatch(clean(p.text))
		if m == nil {
			continue
		}
		kind := 1
		for m[kind] == "" {
			kind++
		}
		return func(q para) (string, bool) {
			m := pointRE.FindStringSubmatch(clean(q.text))
			if m == nil || m[kind] == "" {
				return "", false
			}
			return m[kind], true
		}
	}
	return nil
}

// sectionRE is the heading of a section or chapter that holds articles:
// "Chapter II", "SECTION 3 – Transport", or a Roman numeral alone.
var sectionRE = regexp.MustCompile(`^(?:(?:Chapter|CHAPTER|Section|SECTION|Part|PART)\s+(?:[IVXLC]+|\d+|[A-Z][a-z]+)|[IVXLC]{1,6})\.?(?:\s*[-–—:]\s*\S.*)?$`)

// sectionHeading reports a section heading at ps[k], or its title line,
// standing just before a heading: structure, not the text of the article
// before it.
func sectionHeading(ps []para, k int, heading func(para) (string, bool)) bool {
	next := func(i int) bool {
		if i >= len(ps) {
			return false
		}
		_, ok := heading(ps[i])
		return ok
	}
	if sectionRE.MatchString(clean(ps[k].text)) {
		return next(k+1) || k+2 < len(ps) && articleTitle(ps[k+1]) && next(k+2)
	}
	return k > 0 && sectionRE.MatchString(clean(ps[k-1].text)) && articleTitle(ps[k]) && next(k+1)
}

// structure drops the section headings from the paragraphs before the
// first provision.
func structure(ps []para, heading func(para) (string, bool)) []para {
	var out []para
	for k := range ps {
		if !sectionHeading(ps, k, heading) {
			out = append(out, ps[k])
		}
	}
	return out
}
