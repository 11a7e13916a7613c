package wilson

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// para is one paragraph of the file: a run of non-blank lines. start and
// end are byte offsets of its trimmed text; line is its first line (1-based).
type para struct {
	start, end int
	line       int
	text       string
}

// paragraphs splits text at blank lines. marks are the offsets where the
// lines that are archival marks (in lx) start. A web copy without blank
// lines (perLine) is split at every line that ends a sentence or a
// heading, or whose next line opens with a capital.
func paragraphs(text string, lx *lexicon) (out []para, marks []int) {
	perLine := webCopy(text)
	long := longBlocks(text)
	cur := para{start: -1}
	flush := func() {
		if cur.start >= 0 {
			cur.text = text[cur.start:cur.end]
			out = append(out, cur)
		}
		cur = para{start: -1}
	}
	line, off := 1, 0
	for off <= len(text) {
		nl := strings.IndexByte(text[off:], '\n')
		end := len(text)
		if nl >= 0 {
			end = off + nl
		}
		raw := text[off:end]
		if lx.archivalMark(raw) {
			raw = "" // a mark ends a paragraph and never starts one
			marks = append(marks, off)
		}
		_, heading := headingMatch(clean(raw))
		if heading || listMarkerRE.MatchString(strings.TrimSpace(raw)) {
			flush()
		}
		if strings.TrimSpace(raw) == "" {
			flush()
		} else {
			s := off + len(raw) - len(strings.TrimLeftFunc(raw, unicode.IsSpace))
			e := off + len(strings.TrimRightFunc(raw, unicode.IsSpace))
			if cur.start < 0 {
				cur = para{start: s, line: line}
			}
			cur.end = e
			if len(long) > 0 && off >= long[0][1] {
				long = long[1:]
			}
			pasted := perLine || len(long) > 0 && off >= long[0][0]
			if heading || pasted && lineEnds(text[s:e], text[min(end+1, len(text)):]) {
				flush()
			}
		}
		if nl < 0 {
			break
		}
		off = end + 1
		line++
	}
	flush()
	return out, marks
}

// webBlockLines is the number of lines from which a block of text without
// a blank line is a web copy pasted into a file whose other parts have
// blank lines (a catalogue typed out, the translation pasted): no title
// block, signature block or paragraph of the archive's layout runs to as
// many lines.
const webBlockLines = 8

// longBlocks returns the [start, end) offsets of the blocks of
// webBlockLines lines or more between blank lines, in order.
func longBlocks(text string) [][2]int {
	var out [][2]int
	start, lines, off := 0, 0, 0
	for off <= len(text) {
		nl := strings.IndexByte(text[off:], '\n')
		end := len(text)
		if nl >= 0 {
			end = off + nl
		}
		if strings.TrimSpace(text[off:end]) == "" {
			if lines >= webBlockLines {
				out = append(out, [2]int{start, off})
			}
			lines = 0
		} else {
			if lines == 0 {
				start = off
			}
			lines++
		}
		if nl < 0 {
			break
		}
		off = end + 1
	}
	if lines >= webBlockLines {
		out = append(out, [2]int{start, len(text)})
	}
	return out
}

// webCopy reports a text of a web page's copy: twelve lines or more, and
// fewer blank lines than one for every ten, where a paragraph is a line.
func webCopy(text string) bool {
	lines, blank := 0, 0
	for l := range strings.Lines(text) {
		lines++
		if strings.TrimSpace(l) == "" {
			blank++
		}
	}
	return lines >= 12 && blank*10 < lines
}

// lineEnds reports whether a line of a web copy ends its paragraph: it
// ends a sentence, a clause or a heading (no final punctuation, and the
// next line opens with a capital or a number), not a line broken inside a
// sentence ("The Government of X and" / "the Government of Y").
func lineEnds(line, next string) bool {
	next = strings.TrimLeftFunc(next, unicode.IsSpace)
	r, _ := utf8.DecodeRuneInString(next)
	if endsSentence(line) || strings.HasSuffix(line, ":") {
		return true
	}
	return unicode.IsUpper(r) || unicode.IsDigit(r) || !unicode.IsLetter(r)
}

// isDebris reports layout debris: the boxes and private-use glyphs that
// archive conversions leave where bullets or tabs were.
func isDebris(r rune) bool {
	return (r >= 0x25A0 && r <= 0x25FF) || (r >= 0x2500 && r <= 0x257F) ||
		(r >= 0xE000 && r <= 0xF8FF) || r == 0xFFFD || r == 0xFEFF
}

func isSpaceOrDebris(r rune) bool { return unicode.IsSpace(r) || isDebris(r) }

// trimRange narrows [s,e) of text past spaces and debris at both ends.
func trimRange(text string, s, e int) (int, int) {
	for s < e {
		r, n := utf8.DecodeRuneInString(text[s:])
		if !isSpaceOrDebris(r) {
			break
		}
		s += n
	}
	for e > s {
		r, n := utf8.DecodeLastRuneInString(text[:e])
		if !isSpaceOrDebris(r) {
			break
		}
		e -= n
	}
	return s, e
}

// clean drops debris and folds runs of white space.
func clean(s string) string {
	if isASCII(s) {
		return cleanASCII(s) // no debris in ASCII
	}
	s = strings.Map(func(r rune) rune {
		if isDebris(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// joinFields is strings.Join(strings.Fields(s), " ").
func joinFields(s string) string {
	if isASCII(s) {
		return cleanASCII(s)
	}
	return strings.Join(strings.Fields(s), " ")
}

// cleanASCII is clean for ASCII text: its words joined by single spaces,
// s itself when it is so already.
func cleanASCII(s string) string {
	a, b := 0, len(s)
	for a < b && asciiSpace(s[a]) {
		a++
	}
	for b > a && asciiSpace(s[b-1]) {
		b--
	}
	s = s[a:b]
	folded := true
	for i := 0; i < len(s); i++ {
		if asciiSpace(s[i]) && (s[i] != ' ' || asciiSpace(s[i+1])) {
			folded = false
			break
		}
	}
	if folded {
		return s
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch {
		case !asciiSpace(s[i]):
			out = append(out, s[i])
		case !asciiSpace(s[i-1]):
			out = append(out, ' ')
		}
	}
	return string(out)
}

// asciiSpace is unicode.IsSpace for an ASCII byte.
func asciiSpace(c byte) bool { return c == ' ' || '\t' <= c && c <= '\r' }

func debrisOnly(s string) bool { return strings.TrimFunc(s, isSpaceOrDebris) == "" }

// headingRE is an article heading, with an optional title after a dash or
// colon: "Article 3 – Exchange of Information".
var headingRE = regexp.MustCompile(`^(?:(?:Article|ARTICLE|Art\.)\s+([IVXLCDM]+|\d+)|§\s*(\d+))\.?(?:\s*[-–—:]\s*\p{Lu}[^.;!?]*)?$`)

// onMarkLine reports whether byte offset at of the text lies on an
// archival mark line: the last mark line starting at or before at runs on
// to at. (Searching back from at for its line's start instead costs the
// line's length for every offset asked, quadratic on one long line.)
func (d *doc) onMarkLine(at int) bool {
	i, found := slices.BinarySearch(d.marks, at)
	if found {
		return true
	}
	if i == 0 {
		return false
	}
	return strings.IndexByte(d.text[d.marks[i-1]:at], '\n') < 0
}

// pageBreak reports a gap between two paragraphs made only of blank lines
// and archival marks, at least one of them.
func (lx *lexicon) pageBreak(gap string) bool {
	marks := 0
	for _, l := range strings.Split(gap, "\n") {
		switch {
		case strings.TrimSpace(l) == "":
		case lx.archivalMark(l):
			marks++
		default:
			return false
		}
	}
	return marks > 0
}

// archivalMark reports a line that is only an archival mark (lexicon.json,
// "archival_marks").
func (lx *lexicon) archivalMark(line string) bool {
	t := clean(line)
	for _, re := range lx.marks {
		if re.MatchString(t) {
			return true
		}
	}
	return false
}

// wordHeadingRE is an article heading with its number spelled out:
// "Article One", "ARTICLE TWENTY-ONE".
var wordHeadingRE = regexp.MustCompile(`^(?:Article|ARTICLE)\s+([A-Za-z]+(?:[- ][A-Za-z]+)?)\.?$`)

// cardinals are the numbers one to thirty-nine written as words; a heading
// keeps its number as written, as Roman numerals are kept.
var cardinals = func() map[string]int {
	m := map[string]int{}
	units := []string{"one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}
	teens := []string{"ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"}
	for i, u := range units {
		m[u] = i + 1
		m["twenty-"+u], m["twenty "+u] = 21+i, 21+i
		m["thirty-"+u], m["thirty "+u] = 31+i, 31+i
	}
	for i, t := range teens {
		m[t] = 10 + i
	}
	m["twenty"], m["thirty"] = 20, 30
	return m
}()

// headingMatch reports whether s is an article heading and returns its number.
func headingMatch(s string) (string, bool) {
	if !strings.HasPrefix(s, "Art") && !strings.HasPrefix(s, "ART") && !strings.HasPrefix(s, "§") {
		return "", false // both patterns start so
	}
	if m := headingRE.FindStringSubmatch(s); m != nil {
		return m[1] + m[2], true
	}
	if m := wordHeadingRE.FindStringSubmatch(s); m != nil {
		if _, ok := cardinals[strings.ToLower(m[1])]; ok {
			return m[1], true // the number as the document writes it
		}
	}
	return "", false
}

// articleHeading returns the number of an article heading paragraph.
func articleHeading(p para) (string, bool) {
	return headingMatch(clean(p.text))
}

const monthRE = `(January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)`

var (
	// "6 December 1973", "6th December, 1973", "6th day of December 1973"
	dateDMY = regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:day\s+)?(?:of\s+)?` + monthRE + `,?\s+(\d{4})\b`)
	// "December 6, 1973", "December 6th 1973"
	dateMDY = regexp.MustCompile(`\b` + monthRE + `\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`)
	// "the sixth of December 1973", "this third day of March, 1978"
	dateWords = regexp.MustCompile(`(?i)\b([a-z]+(?:[- ][a-z]+)?)\s+(?:day\s+)?of\s+` + monthRE + `,?\s+(\d{4})\b`)
	// "6.12.1973", "06. 12. 1973" (day first, as in the documents' languages)
	dateDots = regexp.MustCompile(`\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b`)
	dateISO  = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`)
)

// ordinals are the days written as words.
var ordinals = func() map[string]int {
	m := map[string]int{}
	units := []string{"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"}
	teens := []string{"tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth"}
	for i, u := range units {
		m[u] = i + 1
		m["twenty-"+u], m["twenty "+u] = 21+i, 21+i
	}
	for i, t := range teens {
		m[t] = 10 + i
	}
	m["twentieth"], m["thirtieth"], m["thirty-first"], m["thirty first"] = 20, 30, 31, 31
	return m
}()

var dateLineRE = regexp.MustCompile(`^(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+)?(?:\d{1,2},?\s+)?(?:ca?\.\s*)?\d{4}s?$`)

// dateLine reports a paragraph that is only a (possibly partial) date.
func dateLine(s string) bool { return dateLineRE.MatchString(strings.TrimSpace(s)) }

// dateCand is a date found in a text: its byte range and its parts.
type dateCand struct {
	loc          []int
	day, mon, yr string
}

// findDate returns the earliest date in s as ISO 8601 and its byte range.
func findDate(s string) (string, []int, bool) {
	var cs []dateCand
	if m := dateDMY.FindStringSubmatchIndex(s); m != nil {
		cs = append(cs, dateCand{m[:2], s[m[2]:m[3]], s[m[4]:m[5]], s[m[6]:m[7]]})
	}
	if m := dateMDY.FindStringSubmatchIndex(s); m != nil {
		cs = append(cs, dateCand{m[:2], s[m[4]:m[5]], s[m[2]:m[3]], s[m[6]:m[7]]})
	}
	for _, m := range dateWords.FindAllStringSubmatchIndex(s, -1) {
		if day, ok := ordinals[strings.ToLower(s[m[2]:m[3]])]; ok {
			cs = append(cs, dateCand{m[:2], itoa(day), s[m[4]:m[5]], s[m[6]:m[7]]})
			break
		}
		w := strings.Fields(s[m[2]:m[3]])
		if day, ok := ordinals[strings.ToLower(w[len(w)-1])]; ok {
			at := m[3] - len(w[len(w)-1])
			cs = append(cs, dateCand{[]int{at, m[1]}, itoa(day), s[m[4]:m[5]], s[m[6]:m[7]]})
			break
		}
	}
	if m := dateDots.FindStringSubmatchIndex(s); m != nil {
		if mon, err := strconv.Atoi(s[m[4]:m[5]]); err == nil && mon >= 1 && mon <= 12 {
			cs = append(cs, dateCand{m[:2], s[m[2]:m[3]], time.Month(mon).String(), s[m[6]:m[7]]})
		}
	}
	if m := dateISO.FindStringSubmatchIndex(s); m != nil {
		if t, err := time.Parse("2006-01-02", s[m[0]:m[1]]); err == nil {
			cs = append(cs, dateCand{m[:2], t.Format("2"), t.Format("January"), s[m[2]:m[3]]})
		}
	}
	best := -1
	for i, c := range cs {
		if best < 0 || c.loc[0] < cs[best].loc[0] {
			best = i
		}
	}
	if best < 0 {
		return "", nil, false
	}
	c := cs[best]
	t, err := time.Parse("2 Jan 2006", c.day+" "+c.mon[:3]+" "+c.yr)
	if err != nil {
		return "", nil, false
	}
	return t.Format("2006-01-02"), c.loc, true
}

// endsSentence reports whether s ends with terminal punctuation.
func endsSentence(s string) bool {
	s = strings.TrimRightFunc(s, isSpaceOrDebris)
	if s == "" {
		return false
	}
	switch s[len(s)-1] {
	case '.', '!', '?', ';', '"':
		return true
	}
	return strings.HasSuffix(s, "”") // a curly quote, as a straight one
}

// wordCount counts words.
func wordCount(s string) int {
	if !isASCII(s) {
		return len(strings.Fields(clean(s)))
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if !asciiSpace(s[i]) && (i == 0 || asciiSpace(s[i-1])) {
			n++
		}
	}
	return n
}

// runeIndex maps byte offsets of text to code-point offsets.
type runeIndex []int

func newRuneIndex(text string) runeIndex {
	idx := make(runeIndex, len(text)+1)
	n := 0
	for i := range text {
		for j := i; j < len(text) && (j == i || !utf8.RuneStart(text[j])); j++ {
			idx[j] = n
		}
		n++
	}
	idx[len(text)] = n
	return idx
}

// titleLine reports a paragraph that can be a line of a title block: one
// short line or a few, starting with a capital, without the punctuation
// that ends a recital (",", ";", ":") and not ending on a connective
// ("The Government of X and").
func titleLine(p para) bool {
	t := blockText(p)
	if t == "" || wordCount(t) > 40 || strings.Count(p.text, "\n") > 2 {
		return false
	}
	if _, ok := articleHeading(p); ok || signMark(p.text) || forOnly(p.text) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t)
	if !unicode.IsUpper(r) || strings.HasSuffix(t, ",") || strings.HasSuffix(t, ";") || strings.HasSuffix(t, ":") {
		return false
	}
	if endsSentence(t) && (wordCount(t) > 8 || !titleStop(t)) {
		return false // a sentence, unless a short title line: "AGREEMENT."
	}
	last := strings.ToLower(t[strings.LastIndexByte(t, ' ')+1:])
	return last != "and" && last != "of" && last != "the" && last != "between"
}

var modalRE = regexp.MustCompile(`(?i)\b(?:shall|will|may|must|agreed?|undertakes?)\b`)

// titleStop reports a title line that ends in a full stop ("AGREEMENT.",
// "between the Ministry X and the Ministry Y."): one sentence without other
// punctuation and without a modal verb.
func titleStop(t string) bool {
	if !strings.HasSuffix(t, ".") || wordCount(t) > 40 || modalRE.MatchString(t) {
		return false
	}
	body := strings.TrimSuffix(t, ".")
	return !strings.ContainsAny(body, ";:") && !strings.Contains(body, ". ")
}

// blockText is a title-block paragraph as one line: letter-spaced words
// joined ("A G R E E M E N T" → "AGREEMENT") and editorial brackets
// ("[Translated from the Russian]", "[…]") left out.
func blockText(p para) string {
	var lines []string
	for _, l := range strings.Split(p.text, "\n") {
		lines = append(lines, unspace(l))
	}
	return clean(editorialRE.ReplaceAllString(strings.Join(lines, " "), " "))
}

var wideSpaceRE = regexp.MustCompile(`\s{2,}`)

// editorialRE is an editor's note in square brackets, never part of a name.
var editorialRE = regexp.MustCompile(`\[[^\]\n]{0,80}\]`)

// unspace joins the letters of a letter-spaced line: "A G R E E M E N T" →
// "AGREEMENT", "P r o t o c o l  o n" → "Protocol on" (words set apart by
// two spaces or more). A line with a word of two letters or more is kept.
func unspace(line string) string {
	t := strings.TrimSpace(line)
	if len(strings.Fields(t)) < 3 {
		return line
	}
	var words []string
	for _, w := range wideSpaceRE.Split(t, -1) {
		letters := strings.Fields(w)
		for _, l := range letters {
			if utf8.RuneCountInString(l) != 1 {
				return line
			}
		}
		words = append(words, strings.Join(letters, ""))
	}
	return strings.Join(words, " ")
}
