package wilson

import (
	"context"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// countdown is a context that ends (context.Canceled) once its Err has
// been asked more than n times: it stops a parse at a known point, without
// a clock.
type countdown struct {
	context.Context
	n, asked int
}

func (c *countdown) Err() error {
	c.asked++
	if c.asked > c.n {
		return context.Canceled
	}
	return nil
}

// TestParseStops parses a long article under a context that ends after k
// checks, for k before the first step, between the steps and at a clause
// halfway through the article: the parse returns no report and an error
// that wraps context.Canceled and names the file (and, at a clause, its
// line), and asks the context nothing more after it ended — it stops at
// the first check, and a check comes at every clause.
func TestParseStops(t *testing.T) {
	p, err := NewParser(gazetteer(t))
	if err != nil {
		t.Fatal(err)
	}
	text := longArticle(2000)
	full := &countdown{Context: context.Background(), n: 1 << 30}
	if _, err := p.Parse(full, "long.txt", text); err != nil {
		t.Fatal(err)
	}
	if full.asked < 2000 {
		t.Fatalf("a parse of 2,000 clauses checked its context %d times, want one a clause at least", full.asked)
	}
	articleLine := 1 + strings.Count(text[:strings.Index(text, "\nArticle 1\n")+1], "\n")
	lineRE := regexp.MustCompile(`^wilson: long\.txt:(\d+): stopped reading at this line: context canceled$`)
	for _, k := range []int{0, 5, full.asked / 2} {
		ctx := &countdown{Context: context.Background(), n: k}
		rep, err := p.Parse(ctx, "long.txt", text)
		if rep != nil || !errors.Is(err, context.Canceled) {
			t.Fatalf("after %d checks: report %v, error %v; want no report and context.Canceled", k, rep != nil, err)
		}
		// The check that saw the end, and context.Cause reading Err once.
		if ctx.asked != k+2 {
			t.Errorf("after %d checks: the context was asked %d times, want %d: the parse went on after it ended", k, ctx.asked, k+2)
		}
		if k < 10 {
			if err.Error() != "wilson: long.txt: stopped reading: context canceled" {
				t.Errorf("stopped between steps: %q", err)
			}
			continue
		}
		m := lineRE.FindStringSubmatch(err.Error())
		if m == nil {
			t.Fatalf("stopped at a clause: %q, want the file and the line", err)
		}
		if line, _ := strconv.Atoi(m[1]); line <= articleLine+1 {
			t.Errorf("stopped halfway through the article at line %d, which is not in it (it starts at line %d)", line, articleLine)
		}
	}
}

// TestParseContextEnded parses under contexts that have already ended:
// cancelled, and past their deadline.
func TestParseContextEnded(t *testing.T) {
	p, err := NewParser(gazetteer(t))
	if err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	late, cancel := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel()
	for ctx, want := range map[context.Context]error{cancelled: context.Canceled, late: context.DeadlineExceeded} {
		if _, err := p.Parse(ctx, "late.txt", longArticle(10)); !errors.Is(err, want) || !strings.HasPrefix(err.Error(), "wilson: late.txt:") {
			t.Errorf("error %v, want %v naming the file", err, want)
		}
	}
}
