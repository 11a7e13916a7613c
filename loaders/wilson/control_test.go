package wilson

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/pactgraph/pactgraph/loaders"
)

// TestControlCharacters puts a control character where the Warsaw Treaty
// fixture has a space — in an article heading, an article's text, the
// title block's "Between", a signature — and checks that the report is the
// clean document's (its quoted texts, read from the file, hold the
// character where the space was) plus one warning naming the line.
func TestControlCharacters(t *testing.T) {
	raw, err := os.ReadFile("testdata/fixture-warsaw-treaty-1955.txt")
	if err != nil {
		t.Fatal(err)
	}
	clean := string(raw)
	p, err := NewParser(gazetteer(t))
	if err != nil {
		t.Fatal(err)
	}
	want, err := p.Parse(t.Context(), "warsaw.txt", clean)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		line       string // the line, and the space in it ("_")
		control    string
		warnedLine int
		message    string
	}{
		{"Article_2", "\x00", 35, "control character U+0000 read as a space"},
		{"Article_3", "\x1b\x00", 0, ""}, // two for one space: not the clean document; checked below
		{"The Contracting Parties declare their_readiness", "\x7f", 37, "control character U+007F read as a space"},
		{"Between the_People's Republic of Albania", "\u0085", 27, "control character U+0085 read as a space"},
		{"[Signed] Otto_Grotewohl", "\x0c", 87, "control character U+000C read as a space"},
	} {
		from := strings.Replace(c.line, "_", " ", 1)
		if !strings.Contains(clean, from) {
			t.Fatalf("the fixture has no %q", from)
		}
		text := strings.Replace(clean, from, strings.Replace(c.line, "_", c.control, 1), 1)
		got, err := p.Parse(t.Context(), "warsaw.txt", text)
		if err != nil {
			t.Fatalf("%q: %v", c.line, err)
		}
		checkReport(t, got)
		if c.message == "" {
			// Two code points for one: every span after it moves by one,
			// but the articles are the same, and the line is named.
			if numbers(got) != numbers(want) || len(got.Warnings) != 1 || got.Warnings[0].Line != 39 ||
				got.Warnings[0].Message != "control characters U+001B, U+0000 read as spaces" {
				t.Errorf("%q: articles %s, warnings %+v", c.line, numbers(got), got.Warnings)
			}
			continue
		}
		if diff := cmp.Diff([]loaders.Warning{{Line: c.warnedLine, Message: c.message}}, got.Warnings); diff != "" {
			t.Errorf("%q: warnings (-want +got):\n%s", c.line, diff)
		}
		// The report without its warnings, its quoted texts read with the
		// control character as a space, is the clean document's.
		got.Warnings = nil
		for i := range got.Articles {
			got.Articles[i].Text = strings.ReplaceAll(got.Articles[i].Text, c.control, " ")
		}
		for i := range got.Obligations {
			got.Obligations[i].Text = strings.ReplaceAll(got.Obligations[i].Text, c.control, " ")
		}
		if diff := cmp.Diff(reportJSON(t, want), reportJSON(t, got)); diff != "" {
			t.Errorf("%q: the report is not the clean document's (-want +got):\n%s", c.line, diff)
		}
	}
}

func numbers(r *loaders.Report) string {
	var ns []string
	for _, a := range r.Articles {
		ns = append(ns, a.Number)
	}
	return strings.Join(ns, " ")
}

func reportJSON(t *testing.T, r *loaders.Report) string {
	t.Helper()
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestControlsAsSpaces checks that a text without control characters is
// read as it is, with no warnings, and one with them as spaces.
func TestControlsAsSpaces(t *testing.T) {
	for _, s := range []string{"", "plain\ttext\r\n", "é□ — “quoted” \u00a0 \u00ff"} {
		if got, w := controlsAsSpaces(s); got != s || w != nil {
			t.Errorf("controlsAsSpaces(%q) = %q, %v", s, got, w)
		}
	}
	if got, _ := controlsAsSpaces("a\x00b\u0085c\x7f"); got != "a b c " {
		t.Errorf("controls read as %q", got)
	}
}
