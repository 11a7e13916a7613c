package main

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pactgraph/pactgraph/corpus"
	"github.com/pactgraph/pactgraph/graph/graphtest"
)

// replicationLag bounds how long a write on the primary may take to reach
// the replica. Streaming replication is asynchronous: on an idle machine
// it takes milliseconds, on the busy 2-core test machine it was seen to
// take seconds. What the test checks is that the replica's server serves
// it once there, as no value it keeps can be stale.
const replicationLag = 20 * time.Second

// TestServeOnReplica starts `pactgraph serve` on a real streaming read
// replica (a hot standby made with pg_basebackup by scripts/postgres.sh)
// of the test command's PostgreSQL, beside a server on the primary:
//
//  1. the replica's server starts (it creates no table and builds no
//     index) and answers reads of what the primary holds: name search,
//     text search and an entity;
//  2. a write sent to it is refused with 403, saying the database is
//     read-only, and nothing is written;
//  3. a document loaded through the primary's server is found by search
//     and entity on the replica's, once replication brings it
//     (replicationLag).
func TestServeOnReplica(t *testing.T) {
	db := graphtest.Postgres(t) // skips without PACTGRAPH_POSTGRES_URL
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	bin := buildBinary(ctx, t, t.TempDir())
	primary := startServe(ctx, t, bin, "--db", "postgres", "--dbpath", db.Path).url

	// The replica copies the cluster as it is now, the test's database
	// and its bundled corpus with it. Its directory is not t.TempDir():
	// the postgres user must reach it.
	dir, err := os.MkdirTemp("", "pactgraph-replica-")
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(dir) // postgres.sh makes it, and owns it then
	script, err := filepath.Abs("../../scripts/postgres.sh")
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.CommandContext(ctx, script, "replica", os.Getenv(graphtest.PostgresEnv), dir).Output()
	t.Cleanup(func() {
		if err := exec.Command(script, "stop", dir).Run(); err != nil {
			t.Errorf("stop the replica: %v", err)
		}
	})
	if err != nil {
		t.Fatalf("start a replica: %v\n%s", err, stderrOf(err))
	}
	replicaURL, err := url.Parse(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatal(err)
	}
	own, err := url.Parse(db.Path)
	if err != nil {
		t.Fatal(err)
	}
	replicaURL.Path = own.Path // the test's database, on the replica
	replica := startServe(ctx, t, bin, "--db", "postgres", "--dbpath", replicaURL.String())

	// 1. Reads.
	type hit struct{ ID string }
	var fromPrimary, fromReplica []hit
	const q = "Committee for State Security"
	if err := getJSON(ctx, primary+"/api/search?q="+url.QueryEscape(q), &fromPrimary); err != nil {
		t.Fatal(err)
	}
	if err := getJSON(ctx, replica.url+"/api/search?q="+url.QueryEscape(q), &fromReplica); err != nil {
		t.Fatalf("search on the replica: %v\n%s", err, replica.log)
	}
	if len(fromPrimary) == 0 || !slices.Equal(fromPrimary, fromReplica) {
		t.Fatalf("search %q: the primary's server finds %v, the replica's %v", q, fromPrimary, fromReplica)
	}
	var text struct{ Total int }
	if err := getJSON(ctx, replica.url+"/api/search/text?q=counterintelligence", &text); err != nil || text.Total == 0 {
		t.Fatalf("text search on the replica: %d hits, %v", text.Total, err)
	}
	if err := getJSON(ctx, replica.url+"/api/entities/"+fromPrimary[0].ID, nil); err != nil {
		t.Fatalf("entity %s on the replica: %v", fromPrimary[0].ID, err)
	}
	if !strings.Contains(replica.log.String(), "read-only") {
		t.Errorf("the replica's server does not say at start that its database is read-only:\n%s", replica.log)
	}

	// 2. A write to the replica's server.
	before := quadCount(ctx, t, replica.url)
	f, err := corpus.Files().Open("wilson-115715-stasi-kgb-1973.txt")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, replica.url+"/api/documents?name="+twinDoc, strings.NewReader(string(doc)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+e2eToken)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	answer, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden || !strings.Contains(string(answer), "read-only") {
		t.Errorf("a write to the replica's server: %s %s; want 403 saying the database is read-only", res.Status, answer)
	}
	if after := quadCount(ctx, t, replica.url); after != before {
		t.Errorf("the refused write changed the store: %d quads, %d before", after, before)
	}

	// 3. A write through the primary's server.
	written := time.Now()
	postDoc(ctx, t, primary, string(doc))
	found := func() (bool, error) {
		var hits []hit
		err := getJSON(ctx, replica.url+"/api/search?limit=1000&q="+url.QueryEscape("Cooperation between the Stasi"), &hits)
		return slices.Contains(hits, hit{twinAgreement}), err
	}
	sent, took, err := visible(written, replicationLag, found)
	if err != nil {
		var p, r []hit
		getJSON(ctx, primary+"/api/search?limit=1000&q="+url.QueryEscape("Cooperation between the Stasi"), &p)
		getJSON(ctx, replica.url+"/api/search?limit=1000&q="+url.QueryEscape("Cooperation between the Stasi"), &r)
		t.Fatalf("the document loaded through the primary, searched on the replica: %v\nthe primary finds %v, the replica %v", err, p, r)
	}
	t.Logf("the primary's write found on the replica by a search sent %v after its answer, answered %v after it",
		sent.Round(time.Millisecond), took.Round(time.Millisecond))
	if err := getJSON(ctx, replica.url+"/api/entities/"+twinArticle, nil); err != nil {
		t.Errorf("entity %s on the replica: %v", twinArticle, err)
	}
}

// stderrOf gives what a failed command wrote to its stderr.
func stderrOf(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}
