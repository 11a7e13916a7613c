package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pactgraph/pactgraph/corpus"
	"github.com/pactgraph/pactgraph/graph/graphtest"
)

// visibleWithin is how soon a write through one server must show on
// another serving the same database (issue 13).
const visibleWithin = time.Second

// The document the two-server test loads: the bundled Stasi–KGB agreement
// under a name of its own, so that every node it adds (the document, its
// agreement, its articles) is new to the store.
const (
	twinDoc       = "twoservers-stasi-kgb"
	twinAgreement = "agreement-" + twinDoc
	twinArticle   = twinDoc + ".article-XVIII" // the last article, which the second version drops
	twinOrg       = "twoservers-lighthouse-authority"
)

// TestTwoServersOnePostgres starts two `pactgraph serve` on one new
// PostgreSQL database and checks that what is written through one is read
// through the other as soon as the write is answered: nothing either
// process keeps serves the database's earlier state. B reads every route
// the test checks before each write, so that a value B kept would be there
// to be served stale.
//
//  1. A loads a document (the bundled Stasi–KGB agreement under a new name):
//     on B, search finds its agreement, the entity of its last article is
//     there, and the overview and the list of documents show it.
//  2. A loads a version that renames the agreement, with as many quads: on
//     B, search finds the new name and no longer the old, and the overview
//     and the documents list give the new one.
//  3. A loads a version without the last article: on B, the article is
//     gone from the entity route, the overview and the document.
//  4. B writes quads of a new organisation through Cayley's v2 API, and A
//     finds it; A deletes them (v2 delete, the API's one delete), and B no
//     longer does.
//
// Each change must show on the other server in a request sent within
// visibleWithin of the writer's answer; the test logs how long each took.
// What the reads themselves cost (a search on PostgreSQL scans the names)
// is not counted: it is a matter of latency, not of staleness.
//
// It runs when PACTGRAPH_POSTGRES_URL names a server (scripts/postgres.sh),
// in a database of its own.
func TestTwoServersOnePostgres(t *testing.T) {
	db := graphtest.Postgres(t) // skips without PACTGRAPH_POSTGRES_URL
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	text, err := corpus.Files().Open("wilson-115715-stasi-kgb-1973.txt")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(text)
	text.Close()
	if err != nil {
		t.Fatal(err)
	}
	v1 := string(raw)
	// The second version renames the agreement with a word of the same
	// length: the same quads but for the names, and the same number of
	// them, so that a value kept while the count of quads stays the same
	// would be served stale. The third drops Article XVIII, its heading
	// and its one paragraph.
	v2 := strings.ReplaceAll(v1, "Agreement on Cooperation between", "Agreement on Partnership between")
	heading := "\nArticle XVIII\n\n"
	cut := strings.Index(v2, heading)
	end := -1
	if cut >= 0 {
		end = strings.Index(v2[cut+len(heading):], "\n\n")
	}
	if v2 == v1 || end < 0 {
		t.Fatal("the bundled document changed: the test's versions of it no longer differ as they should")
	}
	v3 := v2[:cut+1] + v2[cut+len(heading)+end+2:]

	bin := buildBinary(ctx, t, t.TempDir())
	store := []string{"--db", "postgres", "--dbpath", db.Path}
	// A fills the empty database with the bundled corpus before it
	// listens; B starts on a full one.
	a := startServe(ctx, t, bin, store...).url
	b := startServe(ctx, t, bin, store...).url

	search := func(base, q, id string) func() (bool, error) {
		return func() (bool, error) {
			var hits []struct{ ID string }
			err := getJSON(ctx, base+"/api/search?limit=1000&q="+url.QueryEscape(q), &hits)
			return slices.ContainsFunc(hits, func(h struct{ ID string }) bool { return h.ID == id }), err
		}
	}
	entity := func(base, id string) func() (bool, error) {
		return func() (bool, error) {
			err := getJSON(ctx, base+"/api/entities/"+id, nil)
			if err == errNotFound {
				return false, nil
			}
			return err == nil, err
		}
	}
	// A node of a list, by id, and its name or title.
	type item struct{ ID, Name, Title string }
	overview := func(base string) func() ([]item, error) {
		return func() ([]item, error) {
			var g struct{ Nodes []item }
			err := getJSON(ctx, base+"/api/graph?limit=1000", &g)
			return g.Nodes, err
		}
	}
	documents := func(base string) func() ([]item, error) {
		return func() ([]item, error) {
			var docs []item
			err := getJSON(ctx, base+"/api/documents?limit=1000", &docs)
			return docs, err
		}
	}
	// named: the list holds id, under a name or title that contains word.
	named := func(list func() ([]item, error), id, word string) func() (bool, error) {
		return func() (bool, error) {
			items, err := list()
			return slices.ContainsFunc(items, func(n item) bool {
				return n.ID == id && strings.Contains(n.Name+n.Title, word)
			}), err
		}
	}
	drawn := func(base, id string) func() (bool, error) { return named(overview(base), id, "") }
	articles := func(base string, n int) func() (bool, error) {
		return func() (bool, error) {
			var d struct{ Articles []struct{ ID string } }
			err := getJSON(ctx, base+"/api/documents/"+twinDoc, &d)
			return len(d.Articles) == n, err
		}
	}
	not := func(f func() (bool, error)) func() (bool, error) {
		return func() (bool, error) { ok, err := f(); return !ok, err }
	}
	type check struct {
		what string
		ok   func() (bool, error)
	}
	// step reads every check's route on reader, expecting it not to hold
	// yet, has write done, then asks every check at once until it holds.
	step := func(name, reader string, write func() string, checks ...check) {
		t.Helper()
		for _, c := range checks {
			if ok, err := c.ok(); err != nil || ok {
				t.Fatalf("%s: before the write, %s: %v, %v; want false", name, c.what, ok, err)
			}
		}
		answer := write()
		written := time.Now()
		errs := make([]error, len(checks))
		var wg sync.WaitGroup
		for i, c := range checks {
			wg.Go(func() {
				sent, took, err := visible(written, visibleWithin, c.ok)
				if err != nil {
					errs[i] = fmt.Errorf("%s: %s on %s: %w", name, c.what, reader, err)
					return
				}
				t.Logf("%s: %s on %s: sent %v after the write's answer, answered %v after it",
					name, c.what, reader, sent.Round(time.Millisecond), took.Round(time.Millisecond))
			})
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatalf("%v\nthe write's answer: %s", err, answer)
		}
	}

	step("load", b, func() string { return postDoc(ctx, t, a, v1) },
		check{"search finds the agreement", search(b, "Cooperation between the Stasi", twinAgreement)},
		check{"its last article is an entity", entity(b, twinArticle)},
		check{"the overview draws it", drawn(b, twinArticle)},
		check{"the documents list it", named(documents(b), twinDoc, "")},
	)
	if ok, err := articles(b, 18)(); !ok || err != nil {
		t.Fatalf("document %s on B: want its 18 articles (%v)", twinDoc, err)
	}
	before := quadCount(ctx, t, b)
	step("rename", b, func() string { return postDoc(ctx, t, a, v2) },
		check{"search finds the agreement's new name", search(b, "Partnership between the Stasi", twinAgreement)},
		check{"search no longer finds its old name", not(search(b, "Cooperation between the Stasi", twinAgreement))},
		check{"the overview names it anew", named(overview(b), twinAgreement, "Partnership")},
		check{"the documents list its new title", named(documents(b), twinDoc, "Partnership")},
	)
	if after := quadCount(ctx, t, b); after != before {
		t.Errorf("renaming changed the number of quads from %d to %d: the test no longer shows that a value kept while it is unchanged is not served", before, after)
	}
	step("replace", b, func() string { return postDoc(ctx, t, a, v3) },
		check{"the dropped article is no entity", not(entity(b, twinArticle))},
		check{"the overview no longer draws it", not(drawn(b, twinArticle))},
		check{"the document has 17 articles", articles(b, 17)},
	)
	iri := "<https://w3id.org/pactgraph/id/" + twinOrg + ">"
	quads := iri + " <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/Organization> <https://w3id.org/pactgraph/graph/twoservers> .\n" +
		iri + " <http://schema.org/name> \"Twoservers Lighthouse Authority\" <https://w3id.org/pactgraph/graph/twoservers> .\n"
	step("v2 write", a, func() string { return postWrite(ctx, t, b, "/api/v2/write", quads) },
		check{"search finds the organisation", search(a, "Twoservers Lighthouse", twinOrg)},
		check{"it is an entity", entity(a, twinOrg)},
	)
	step("v2 delete", b, func() string { return postWrite(ctx, t, a, "/api/v2/delete", quads) },
		check{"search no longer finds the organisation", not(search(b, "Twoservers Lighthouse", twinOrg))},
		check{"it is no entity", not(entity(b, twinOrg))},
	)
}

// visible asks ok until it holds and gives how long after written the
// request that saw it was sent, and answered. It fails when no request
// sent within within of written saw it.
func visible(written time.Time, within time.Duration, ok func() (bool, error)) (sent, answered time.Duration, err error) {
	for {
		start := time.Now()
		seen, err := ok()
		if err != nil {
			return 0, 0, err
		}
		if seen {
			return start.Sub(written), time.Since(written), nil
		}
		if time.Since(written) > within {
			return 0, 0, fmt.Errorf("not seen %v after the write was answered (the last request sent %v after it)",
				time.Since(written).Round(time.Millisecond), start.Sub(written).Round(time.Millisecond))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// errNotFound is getJSON's error for a 404.
var errNotFound = errors.New("404 Not Found")

// getJSON reads url's JSON answer into v (nil: the body is not read).
func getJSON(ctx context.Context, url string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("GET %s: %w", url, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return fmt.Errorf("GET %s: %w", url, err)
	}
	switch {
	case res.StatusCode == http.StatusNotFound:
		return errNotFound
	case res.StatusCode != http.StatusOK:
		return fmt.Errorf("GET %s: %s: %s", url, res.Status, body)
	case v == nil:
		return nil
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("GET %s: %w", url, err)
	}
	return nil
}

// postDoc posts text as twinDoc to the server at base with the token, and
// gives its answer.
func postDoc(ctx context.Context, t *testing.T, base, text string) string {
	t.Helper()
	return postWrite(ctx, t, base, "/api/documents?name="+twinDoc, text)
}

// postWrite posts body to path of the server at base with the token, and
// gives its answer, failing t unless it is a success.
func postWrite(ctx context.Context, t *testing.T, base, path, body string) string {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+e2eToken)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	defer res.Body.Close()
	answer, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusCreated {
		t.Fatalf("POST %s: %s: %s", path, res.Status, answer)
	}
	return string(answer)
}

// quadCount is the number of quads the server at base says it has.
func quadCount(ctx context.Context, t *testing.T, base string) int64 {
	t.Helper()
	var h struct{ Quads int64 }
	if err := getJSON(ctx, base+"/healthz", &h); err != nil {
		t.Fatal(err)
	}
	return h.Quads
}
