package wilson

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/pactgraph/pactgraph/loaders"
)

// Control characters (U+0000–U+001F but tab, newline and carriage return;
// DEL; U+0080–U+009F) are layout debris of a conversion: a NUL byte, an
// escape, a C1 code where a Windows code page's dash or quote was. Parse
// reads each as a space, warns once for every line that holds any, and
// otherwise reads the document as it would without them: "Article\x002" is
// the heading "Article 2".
//
// Why a space and not nothing: one code point for one keeps every span the
// same in the text read and in the file, and a control character stands
// more often between words (a lost space, a tab) than inside one, where a
// space splits the word but removing it would join two ("Article\x002" →
// "Article2", no heading). The texts the report must quote exactly, the
// articles' and the commitments', are read back from the file at their
// spans, so they keep the characters.

func isControl(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r >= 0x7f && r <= 0x9f
}

// hasControl reports whether text holds a control character: a byte under
// 0x20 (but tab, newline, CR), DEL, or the UTF-8 of U+0080–U+009F (0xC2,
// then 0x80–0x9F).
func hasControl(text string) bool {
	for i := 0; i < len(text); i++ {
		switch b := text[i]; {
		case b < 0x20 && b != '\t' && b != '\n' && b != '\r', b == 0x7f:
			return true
		case b == 0xc2 && i+1 < len(text) && text[i+1] >= 0x80 && text[i+1] <= 0x9f:
			return true
		}
	}
	return false
}

// controlsAsSpaces returns text with every control character a space, and
// a warning for each line that held one; text itself, and no warnings, when
// there is none.
func controlsAsSpaces(text string) (string, []loaders.Warning) {
	if !hasControl(text) {
		return text, nil
	}
	var out strings.Builder
	out.Grow(len(text))
	var warnings []loaders.Warning
	line := 1
	var seen []rune // the control characters of this line, in order
	flush := func() {
		if len(seen) == 0 {
			return
		}
		names := make([]string, len(seen))
		for i, r := range seen {
			names[i] = fmt.Sprintf("U+%04X", r)
		}
		msg := "control character " + names[0] + " read as a space"
		if len(seen) > 1 {
			msg = "control characters " + strings.Join(names, ", ") + " read as spaces"
		}
		warnings = append(warnings, loaders.Warning{Line: line, Message: msg})
		seen = seen[:0]
	}
	for _, r := range text {
		switch {
		case r == '\n':
			flush()
			line++
		case isControl(r):
			if !slices.Contains(seen, r) {
				seen = append(seen, r)
			}
			r = ' '
		}
		out.WriteRune(r)
	}
	flush()
	return out.String(), warnings
}

// quoteFile makes the report quote the file: its Text is file, and the
// texts of its articles and commitments are the file's at their spans
// (which are the same in the text read, a control character for a space).
func quoteFile(rep *loaders.Report, file string) {
	rep.Text = file
	var cuts []int
	for _, a := range rep.Articles {
		cuts = append(cuts, a.Span[0], a.Span[1])
	}
	for _, o := range rep.Obligations {
		cuts = append(cuts, o.Span[0], o.Span[1])
	}
	sort.Ints(cuts)
	// byteAt maps the code-point offsets in cuts to byte offsets of file,
	// in one walk over it.
	byteAt := make(map[int]int, len(cuts))
	cp, b := 0, 0
	for _, c := range cuts {
		for cp < c && b < len(file) {
			_, n := utf8.DecodeRuneInString(file[b:])
			b += n
			cp++
		}
		byteAt[c] = b
	}
	at := func(sp [2]int) string { return file[byteAt[sp[0]]:byteAt[sp[1]]] }
	for i := range rep.Articles {
		rep.Articles[i].Text = at(rep.Articles[i].Span)
	}
	for i := range rep.Obligations {
		rep.Obligations[i].Text = at(rep.Obligations[i].Span)
	}
}
