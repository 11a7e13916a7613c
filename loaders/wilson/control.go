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

// decode returns the file's text as UTF-8. A file that is not UTF-8 is
// read as Latin-1 (ISO 8859-1: every byte one code point, so spans count
// the same), with a warning at its first byte that is not UTF-8. A file
// that is not text, whose bytes are for a tenth or more control characters
// (a NUL, an escape: an image, an archive, a word processor's file), is an
// error naming the file and the line of its first one.
func decode(name, text string) (string, []loaders.Warning, error) {
	var warnings []loaders.Warning
	if !utf8.ValidString(text) {
		at := firstInvalid(text)
		warnings = append(warnings, loaders.Warning{Line: lineAt(text, at),
			Message: fmt.Sprintf("expected UTF-8 text, found byte 0x%02X: the file is read as Latin-1", text[at])})
		var b strings.Builder
		b.Grow(2 * len(text))
		for i := 0; i < len(text); i++ {
			b.WriteRune(rune(text[i]))
		}
		text = b.String()
	}
	controls, first := 0, -1
	for i := 0; i < len(text); i++ {
		if c := text[i]; c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			controls++
			if first < 0 {
				first = i
			}
		}
	}
	if controls > 0 && controls*10 >= len(text) {
		return "", nil, fmt.Errorf("wilson: %s:%d: expected text, found a binary file (%d of its %d bytes are control characters)", name, lineAt(text, first), controls, len(text))
	}
	return text, warnings, nil
}

func lineAt(text string, at int) int { return 1 + strings.Count(text[:at], "\n") }

// firstInvalid returns the byte offset of the first invalid UTF-8 sequence.
func firstInvalid(s string) int {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(s[i:]); n == 1 {
				return i
			}
		}
	}
	return len(s)
}
