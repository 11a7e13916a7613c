package wilson

import (
	"context"
	"fmt"
	"strings"

	"github.com/pactgraph/pactgraph/loaders"
)

// A parse stops when its context ends: before each step of the extraction
// and at every clause and commitment of the commitments, which are most of
// a parse. Every step is linear in the document's length, so a parse stops
// within a step's time of its deadline. The error names the file, the line
// of the clause reached (when it stopped at one) and the context's cause,
// which it wraps (errors.Is(err, context.DeadlineExceeded) holds for a
// deadline).

// stop is the extraction's context and, once it ended, the error to return.
type stop struct {
	ctx context.Context
	err error
}

func newStop(ctx context.Context) stop { return stop{ctx: ctx} }

// stopped reports whether the parse must stop, at byte offset at of the
// text (-1 between steps, where no line is being read). It asks ctx.Err()
// each time: a clause takes microseconds, a check nanoseconds.
func (x *extractor) stopped(at int) bool {
	if x.stop.err != nil {
		return true
	}
	if x.stop.ctx.Err() == nil {
		return false
	}
	x.stop.err = x.d.stoppedErr(x.stop.ctx, at)
	return true
}

// stoppedErr is the error of a parse stopped at byte offset at (or -1) by
// ctx.
func (d *doc) stoppedErr(ctx context.Context, at int) error {
	cause := context.Cause(ctx)
	if at < 0 {
		return &loaders.StoppedError{Name: d.fileName(), Err: fmt.Errorf("wilson: %s: stopped reading: %w", d.fileName(), cause)}
	}
	line := 1 + strings.Count(d.text[:at], "\n")
	return &loaders.StoppedError{Name: d.fileName(), Line: line,
		Err: fmt.Errorf("wilson: %s:%d: stopped reading at this line: %w", d.fileName(), line, cause)}
}
