package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// e2eToken is the token the browser test's server takes from the
// environment (PACTGRAPH_TOKEN), for the writes of testUnsafeLinks.
const e2eToken = "e2e-token"

// testUnsafeLinks plants, through Cayley's v2 write, a "javascript:" URL as
// the Warsaw Treaty document's URL, an identifier and a property: the
// details show them as text, never as a link, and clicking the citation's
// URL runs nothing. Every link on the page is http(s) (or a blob of an
// export).
func testUnsafeLinks(t *testing.T, p *page) {
	const (
		doc    = "<https://w3id.org/pactgraph/id/fixture-warsaw-treaty-1955>"
		treaty = "<https://w3id.org/pactgraph/id/warsaw-treaty>"
		js     = `javascript:document.body.dataset.pwned='yes'`
	)
	body := doc + ` <http://schema.org/url> "` + js + `" .
` + treaty + ` <http://www.w3.org/2002/07/owl#sameAs> <` + js + `> .
` + treaty + ` <http://schema.org/description> "` + js + `" .
`
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, p.base+"/api/v2/write", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+e2eToken)
	req.Header.Set("Content-Type", "application/n-quads")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("plant the URLs: %s", res.Status)
	}

	p.open(t, "#warsaw-treaty")
	browserDo(p.ctx, t, "wait for the citation", chromedp.WaitVisible(chromedp.CSS("#details .provenance .citation .cite-url")))
	cite := eval[map[string]string](t, p, "read the citation's URL", `(() => {
		const u = document.querySelector("#details .provenance .citation .cite-url");
		return {tag: u.tagName, text: u.textContent};
	})()`)
	if cite["tag"] == "A" || cite["text"] != js {
		t.Errorf("the citation's URL is %v, want the text %q, not a link", cite, js)
	}
	browserDo(p.ctx, t, "click the citation's URL", chromedp.Click(chromedp.CSS("#details .provenance .citation .cite-url")))
	bad := eval[[]string](t, p, "read the links", `[...document.querySelectorAll("a[href]")]
		.filter(a => !["http:", "https:", "blob:"].includes(new URL(a.href, location.href).protocol)).map(a => a.outerHTML)`)
	if len(bad) > 0 {
		t.Errorf("links that are not http(s): %q", bad)
	}
	if got := eval[string](t, p, "read what ran", `document.body.dataset.pwned || ""`); got != "" {
		t.Errorf("the planted URL ran script: pwned=%q", got)
	}
	if details := browserRun(p.ctx, t, "read the details", chromedp.Text(chromedp.ID("details"))); !strings.Contains(details, js) {
		t.Errorf("the details do not show the planted values as text:\n%.500s", details)
	}
}
