package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pactgraph/pactgraph/graph"
	"github.com/pactgraph/pactgraph/loaders"
	"github.com/pactgraph/pactgraph/loaders/synth"
)

// source gives the generated documents to the loader.
func source(docs []synth.Doc) loaders.Source {
	return func(yield func(name, text string) bool) {
		for _, d := range docs {
			if !yield(d.Name, d.Text) {
				return
			}
		}
	}
}

// read is one read of the mix, which the store answers directly and
// the API over HTTP.
type read struct {
	kind  string // search, search2, entity, neighbours1, neighbours2, gizmo; over HTTP only: documents, document, graph, commitments
	arg   string
	gizmo string
}

// readsPerRound is how many reads a round of reads holds.
const readsPerRound = 6

// reads is rounds of the mix, each about a party of the corpus: a search
// of one word of its id and one of two (a type-ahead of several words),
// its entity, neighbours at depth 1 and 2, and a Gizmo query.
func reads(parties []string, rounds int) []read {
	var out []read
	for i := range rounds {
		party := parties[(i*7919)%len(parties)]
		words := strings.Split(party, "-")
		gz := fmt.Sprintf(`g.V("<%s>").In("<%s>").Out("<%s>").All()`, graph.IRI(party), graph.Bearer, graph.OfType)
		out = append(out,
			read{kind: "search", arg: words[len(words)-1]},
			read{kind: "search2", arg: strings.Join(words[max(0, len(words)-2):], " ")},
			read{kind: "entity", arg: party},
			read{kind: "neighbours1", arg: party},
			read{kind: "neighbours2", arg: party},
			read{kind: "gizmo", gizmo: gz},
		)
	}
	return out
}

func (r read) direct(ctx context.Context, s *graph.Store) error {
	var err error
	switch r.kind {
	case "search", "search2":
		_, _, err = s.Search(ctx, r.arg, "", 0, 20)
	case "entity":
		_, err = s.Entity(ctx, r.arg, graph.LinkPage{})
	case "neighbours1":
		_, err = s.Neighbours(ctx, r.arg, 1, 200)
	case "neighbours2":
		_, err = s.Neighbours(ctx, r.arg, 2, 200)
	case "gizmo":
		_, _, err = s.Query(ctx, graph.Query{Lang: "gizmo", Text: r.gizmo, Limit: 100})
	}
	return err
}

func (r read) http(ctx context.Context, c *http.Client, base string) error {
	var req *http.Request
	var err error
	switch r.kind {
	case "search", "search2":
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/search?limit=20&q="+url.QueryEscape(r.arg), nil)
	case "entity":
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/entities/"+url.PathEscape(r.arg), nil)
	case "neighbours1", "neighbours2":
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/entities/"+url.PathEscape(r.arg)+"/neighbours?limit=200&depth="+r.kind[len(r.kind)-1:], nil)
	case "gizmo":
		req, err = http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v1/query/gizmo?limit=100", strings.NewReader(r.gizmo))
	case "documents":
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/documents?limit=100&offset="+r.arg, nil)
	case "document":
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/documents/"+url.PathEscape(r.arg), nil)
	case "graph":
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/graph", nil)
	case "commitments":
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/commitments?"+r.arg, nil)
	default:
		return fmt.Errorf("bench: no HTTP request for %q", r.kind)
	}
	if err != nil {
		return err
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("bench: %s %s: %s", req.Method, req.URL, resp.Status)
	}
	return nil
}

// timeReads runs the mix once to warm up, then again timing each read.
func timeReads(ctx context.Context, mix []read, do func(context.Context, read) error) ([]time.Duration, error) {
	for _, r := range mix {
		if err := do(ctx, r); err != nil {
			return nil, fmt.Errorf("bench: %s %s: %w", r.kind, r.arg, err)
		}
	}
	out := make([]time.Duration, 0, len(mix))
	for _, r := range mix {
		start := time.Now()
		if err := do(ctx, r); err != nil {
			return nil, fmt.Errorf("bench: %s %s: %w", r.kind, r.arg, err)
		}
		out = append(out, time.Since(start))
	}
	return out, nil
}

func percentile(ds []time.Duration, p int) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := (len(s)*p + 99) / 100
	return ms(s[max(i-1, 0)])
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// peakRSSMB is the process's peak resident set (VmHWM), in MB.
func peakRSSMB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// resetPeakRSS starts the process's peak RSS (VmHWM) again from its
// present RSS, so that a run measures its own peak (Linux's clear_refs;
// elsewhere it does nothing, and the peak is the process's).
func resetPeakRSS() {
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}
