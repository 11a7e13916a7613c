package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pactgraph/pactgraph/corpus"
	"github.com/pactgraph/pactgraph/viz"
)

const (
	// e2eTimeout bounds the whole browser test, the build of the binary
	// included (about 4 minutes on a busy 2-core machine, axe-core's
	// checks of every view among them).
	e2eTimeout = 8 * time.Minute
	// stepTimeout bounds one step in the browser, so that a step that waits
	// for what never comes fails while the page can still be read.
	stepTimeout = 20 * time.Second
)

// TestExplorer builds the real binary, serves the bundled corpus from a fresh
// bolt store with a document that needs review (reviewDoc) loaded beside it,
// and drives the explorer page in headless Chromium, one subtest per feature
// of the page (explorer_browser_test.go), in order, on one page: the first
// view shows the corpus in brief, a year's agreements and the main actors
// opening their ego views (explorer_corpus_browser_test.go); the graph
// is drawn; search with type-ahead finds the MfS as "Stasi" and opens its
// ego view; a click expands a node, "+N more" shows more and Collapse takes
// them away, old nodes staying where they were; the details show
// identifiers, the article text with the clause marked and the archival
// citation; paths are found on the server and drawn; the URL rebuilds the
// view on reload, back and forward; filters by type, commitment type,
// modality, document and dates; the "needs review" badge and filter; the
// commitment matrix, linked both ways with the graph; the searchable
// pickers of agreements and documents; the Gizmo console; the
// exports; and the canvas's list of visible nodes with the keyboard. It
// writes screenshots of the main views to $PACTGRAPH_SCREENSHOTS (`make
// screenshots` sets it to docs/screenshots), or to a temporary directory.
//
// Chromium is /usr/bin/chromium, or $PACTGRAPH_CHROMIUM.
func TestExplorer(t *testing.T) {
	chromium := chromiumPath(t)
	if err := viz.Check(viz.Assets()); err != nil {
		t.Fatalf("the page is incomplete: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), e2eTimeout)
	defer cancel()

	dir := t.TempDir()
	bin := buildBinary(ctx, t, dir)
	base := startBinary(ctx, t, bin, filepath.Join(dir, "db"))
	loadReviewDoc(ctx, t, base)
	browser := startBrowser(ctx, t, chromium)
	shots := os.Getenv("PACTGRAPH_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	p := &page{ctx: browser, base: base, shots: shots, downloads: t.TempDir()}
	for _, step := range []struct {
		name string
		run  func(*testing.T, *page)
	}{
		{"Home", testHome},
		{"Overview", testOverview},
		{"Search", testSearch},
		{"SearchText", testSearchText},
		{"Expand", testExpand},
		{"Details", testDetails},
		{"Paths", testPaths},
		{"Shareable", testShareable},
		{"Filters", testFilters},
		{"Review", testReview},
		{"Matrix", testMatrix},
		{"Pickers", testPickers},
		{"Console", testConsole},
		{"Export", testExport},
		{"Canvas", testCanvas},
		{"CanvasRoom", testCanvasRoom},
		{"CanvasLabels", testCanvasLabels},
		{"CanvasFilters", testCanvasFilters},
		{"CanvasShare", testCanvasShare},
		{"CanvasExport", testCanvasExport},
		{"Access", testAccess},
		{"UnsafeLinks", testUnsafeLinks},
		{"Commitments", testCommitments},
		{"CommitmentTable", testCommitmentTable},
		{"Datasets", testDatasets},
		{"PeopleSearch", testPeopleSearch},
	} {
		if !t.Run(step.name, func(t *testing.T) { step.run(t, p) }) {
			break // the steps share one page: the next starts where this one stopped
		}
	}
	if msg := browserRun(browser, t, "read #error", chromedp.TextContent(chromedp.ID("error"))); msg != "" {
		t.Errorf("the page shows an error: %s", msg)
	}
}

// chromiumPath returns the Chromium to drive, failing the test when there is
// none: the test is part of the suite, not an optional extra.
func chromiumPath(t testing.TB) string {
	t.Helper()
	path := os.Getenv("PACTGRAPH_CHROMIUM")
	if path == "" {
		path = "/usr/bin/chromium"
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no Chromium for the browser test (%v): `make test` installs it (apt-get install chromium), or set PACTGRAPH_CHROMIUM to a Chromium binary", err)
	}
	return path
}

// buildBinary builds this package, as the user would, into dir.
func buildBinary(ctx context.Context, t testing.TB, dir string) string {
	t.Helper()
	pkg, err := os.Getwd() // go test runs in the package directory
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "pactgraph")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, ".")
	cmd.Dir = pkg
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

var listening = regexp.MustCompile(`pactgraph: listening on (http://\S+)`)

// startBinary runs `pactgraph serve` on a free port with a new bolt store at
// dbpath and returns its base URL once it listens (after loading the corpus).
// At the end of the test it interrupts the server and expects a clean exit.
func startBinary(ctx context.Context, t testing.TB, bin, dbpath string) string {
	t.Helper()
	return startServer(ctx, t, bin, dbpath).url
}

// server is a running `pactgraph serve`.
type server struct {
	url    string
	cmd    *exec.Cmd
	log    *lockedBuffer
	exited chan struct{} // closed when it has exited, err then set
	err    error
}

// startServer is startBinary with more flags, and gives the process.
func startServer(ctx context.Context, t testing.TB, bin, dbpath string, flags ...string) *server {
	t.Helper()
	return startServe(ctx, t, bin, append([]string{"--db", "bolt", "--dbpath", dbpath}, flags...)...)
}

// startServe runs `pactgraph serve` on a free port with flags, which name
// the store, and gives the process once it listens.
func startServe(ctx context.Context, t testing.TB, bin string, flags ...string) *server {
	t.Helper()
	args := append([]string{"serve", "--addr", "127.0.0.1:0"}, flags...)
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "PACTGRAPH_TOKEN="+e2eToken)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, log: new(lockedBuffer), exited: make(chan struct{})}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	urlc := make(chan string, 1)
	go func() {
		// Read to the end, so the server never blocks on a full pipe.
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			s.log.WriteString(sc.Text() + "\n")
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case urlc <- m[1]:
				default:
				}
			}
		}
		io.Copy(io.Discard, stderr)
	}()
	go func() {
		s.err = cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() { stopBinary(t, s) })

	select {
	case s.url = <-urlc:
		return s
	case <-s.exited:
		t.Fatalf("pactgraph serve exited before listening: %v\n%s", s.err, s.log)
	case <-ctx.Done():
		t.Fatalf("pactgraph serve did not print %q in time: %v\n%s", "pactgraph: listening on", ctx.Err(), s.log)
	}
	return nil
}

// stopBinary interrupts the server as Ctrl-C would and waits for it; a
// server that does not stop within 15 s is killed.
func stopBinary(t testing.TB, s *server) {
	t.Helper()
	if err := s.cmd.Process.Signal(os.Interrupt); err != nil && !errors.Is(err, os.ErrProcessDone) {
		t.Errorf("interrupt pactgraph serve: %v", err)
	}
	select {
	case <-s.exited:
		if s.err != nil {
			t.Errorf("pactgraph serve did not exit cleanly on SIGINT: %v", s.err)
		}
	case <-time.After(15 * time.Second):
		s.cmd.Process.Kill()
		<-s.exited
		t.Errorf("pactgraph serve did not stop within 15 s of SIGINT; killed it")
	}
	if t.Failed() {
		t.Logf("pactgraph serve's stderr:\n%s", s.log)
	}
}

// startBrowser starts a headless Chromium with a fresh profile. The flags
// that stop its background traffic matter: on a closed network Chromium
// otherwise waits on requests that never answer.
func startBrowser(ctx context.Context, t testing.TB, path string) context.Context {
	t.Helper()
	chromeLog := new(lockedBuffer)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(1400, 900),
		chromedp.CombinedOutput(chromeLog),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	// Start the browser now, so the console is watched from the first page.
	if err := chromedp.Do(bctx); err != nil {
		cancelBrowser()
		cancelAlloc()
		t.Fatalf("start Chromium %s: %v\n%s", path, err, chromeLog)
	}
	console := watchConsole(bctx)
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
		for _, m := range console.messages() {
			if m.IsException() {
				t.Errorf("the page threw: %s", m)
			} else if strings.Contains(m.Text, "Content Security Policy") {
				t.Errorf("the page broke the server's Content-Security-Policy: %s", m)
			} else if t.Failed() {
				t.Logf("console: %s", m)
			}
		}
	})
	return bctx
}

// consoleLog keeps the page's console messages and uncaught exceptions.
type consoleLog struct {
	mu   sync.Mutex
	msgs []chromedp.ConsoleMessage
}

func watchConsole(ctx context.Context) *consoleLog {
	c := new(consoleLog)
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			c.mu.Lock()
			c.msgs = append(c.msgs, m)
			c.mu.Unlock()
		}
	}()
	return c
}

func (c *consoleLog) messages() []chromedp.ConsoleMessage {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]chromedp.ConsoleMessage(nil), c.msgs...)
}

// browserDo runs steps in the browser and stops the test, saying what it was
// doing, when one fails.
func browserDo(ctx context.Context, t testing.TB, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v\n%s", what, err, pageState(ctx))
	}
}

// browserRun is browserDo for one step with a value.
func browserRun[T any](ctx context.Context, t testing.TB, what string, step chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, step)
	if err != nil {
		t.Fatalf("%s: %v\n%s", what, err, pageState(ctx))
	}
	return v
}

// pageState describes what the page shows, for a failure message. It uses
// its own short deadline: the test's own may be what ran out.
func pageState(ctx context.Context) string {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	state, err := chromedp.Run(ctx, chromedp.Evaluate[string](`["error", "results", "details"]
		.map(id => "#" + id + ": " + (document.getElementById(id)?.innerText ?? "(missing)").slice(0, 600))
		.join("\n")`))
	if err != nil {
		return fmt.Sprintf("(cannot read the page: %v)", err)
	}
	return state
}

// checkQuotes checks that every quote is words of the bundled corpus and, if
// mention is set, that one of them contains it.
func checkQuotes(t *testing.T, quotes []string, mention string) {
	t.Helper()
	text := corpusText(t)
	found := mention == ""
	for _, q := range quotes {
		q = squash(q)
		if q == "" {
			t.Errorf("an empty source quote in #details")
			continue
		}
		if !strings.Contains(text, q) {
			t.Errorf("#details quotes words that are not in the corpus: %.200q", q)
		}
		found = found || strings.Contains(q, mention)
	}
	if !found {
		t.Errorf("no source quote in #details mentions %q: %q", mention, quotes)
	}
}

// corpusText is every bundled document, with white space squashed.
func corpusText(t *testing.T) string {
	t.Helper()
	var all strings.Builder
	err := fs.WalkDir(corpus.Files(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(corpus.Files(), path)
		all.WriteString(squash(string(b)) + "\n")
		return err
	})
	if err != nil {
		t.Fatalf("read the corpus: %v", err)
	}
	return all.String()
}

func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

// browserScreenshot writes a PNG of the whole page to path.
func browserScreenshot(ctx context.Context, t testing.TB, path string) {
	t.Helper()
	png := browserRun(ctx, t, "take a screenshot", chromedp.FullScreenshot(100))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// lockedBuffer is a bytes.Buffer safe for one writer and readers in other
// goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) WriteString(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.WriteString(s)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
