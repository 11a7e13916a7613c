package wilson

import (
	"strings"
	"testing"
)

// TestLexiconErrors reads lexicons holding data the parser cannot use:
// each is an error that names the list it is in, never a panic.
func TestLexiconErrors(t *testing.T) {
	for _, c := range []struct{ data, want string }{
		{`{`, "lexicon: unexpected end of JSON input"},
		{`{"archival_marks": ["(unclosed"]}`, "lexicon: archival_marks: "},
		{`{"side_words": [""]}`, "lexicon: side_words: "},
		{`{"heads": {"establishable": ["(Joint"]}}`, "lexicon: heads: establishable: "},
		{`{"types": [{"type": "x", "cues": {" ": 1}}]}`, "lexicon: type x: a cue without words"},
	} {
		lx, err := parseLexicon([]byte(c.data))
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s: lexicon %v, err %v, want %q", c.data, lx != nil, err, c.want)
		}
	}
}
