package wilson

import "unicode/utf8"

// abbrevTail is how many bytes before a full stop abbrevEnds reads: more
// than the longest match of abbrevRE ("arts." with a long s, 'ſ', is six
// bytes), plus the byte before it that `\b` looks at.
const abbrevTail = 16

// abbrevEnds reports whether text[s:end] ends in an abbreviation's full
// stop, as abbrevRE.MatchString(text[s:end]) does, reading only its last
// abbrevTail bytes. abbrevRE is anchored at the end, but Go's regexp still
// tries it from every position of its input: on a sentence of many
// initials ("A. B. C. …"), which never ends, each full stop read the
// whole sentence again.
func abbrevEnds(text string, s, end int) bool {
	from := max(s, end-abbrevTail)
	for from > s && !utf8.RuneStart(text[from]) {
		from--
	}
	return abbrevRE.MatchString(text[from:end])
}
