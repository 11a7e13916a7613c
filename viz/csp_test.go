package viz

import (
	"io/fs"
	"regexp"
	"testing"
)

// TestIndexHasNothingInline keeps the page within the server's
// Content-Security-Policy (api/headers.go), which runs no inline script
// and applies no inline style: every script and style is a file, every
// handler is added by a script. (The browser test fails on a violation at
// run time; this names the place.)
func TestIndexHasNothingInline(t *testing.T) {
	b, err := fs.ReadFile(Assets(), "index.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range inline(string(b)) {
		t.Errorf("index.html has %s", bad)
	}
	if got := inline(`<script>x()</script><p style="color:red" onclick="y()"><style></style><a href="javascript:z()">`); len(got) != 5 {
		t.Errorf("inline finds %q in a page with five, the check is broken", got)
	}
}

var (
	scriptTag = regexp.MustCompile(`(?i)<script\b[^>]*>`)
	scriptSrc = regexp.MustCompile(`(?i)\ssrc\s*=`)
	inlines   = map[string]*regexp.Regexp{
		"a style element":   regexp.MustCompile(`(?i)<style\b`),
		"a style attribute": regexp.MustCompile(`(?i)\sstyle\s*=`),
		"an event handler":  regexp.MustCompile(`(?i)\son[a-z]+\s*=`),
		"a javascript: URL": regexp.MustCompile(`(?i)javascript:`),
	}
)

// inline lists what in the HTML page would run or apply inline.
func inline(page string) []string {
	var out []string
	for _, tag := range scriptTag.FindAllString(page, -1) {
		if !scriptSrc.MatchString(tag) {
			out = append(out, "an inline script: "+tag)
		}
	}
	for what, re := range inlines {
		for _, m := range re.FindAllString(page, -1) {
			out = append(out, what+": "+m)
		}
	}
	return out
}
