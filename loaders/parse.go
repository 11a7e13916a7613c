package loaders

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ParseContextFunc reads one document of a layout into a report, as
// ParseFunc does, and stops when ctx ends with an error that wraps
// context.Cause(ctx) and names the file.
type ParseContextFunc func(ctx context.Context, name, text string, gaz *Gazetteer) (*Report, error)

// parse runs the Loader's parser on one document, under DocTimeout when it
// is set. A document the parser refuses is an error that matches
// graph.ErrInvalid; a parse stopped by its context is the parser's error
// (naming the file and the line it reached), which matches the context's
// cause (context.DeadlineExceeded for a deadline), not ErrInvalid. A
// ParseFunc cannot be stopped: its report is dropped when the context ended
// meanwhile.
func (l *Loader) parse(ctx context.Context, name, text string) (*Report, error) {
	if l.DocTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, l.DocTimeout, docDeadline(l.DocTimeout))
		defer cancel()
	}
	var r *Report
	var err error
	switch {
	case l.ParseContext != nil:
		r, err = l.ParseContext(ctx, name, text, l.Gazetteer)
	case ctx.Err() != nil:
		return nil, fmt.Errorf("load %s: %w", name, context.Cause(ctx))
	default:
		r, err = l.Parse(name, text, l.Gazetteer)
	}
	switch {
	case err != nil && ctx.Err() != nil && errors.Is(err, context.Cause(ctx)):
		return nil, err
	case err != nil:
		return nil, invalid{err}
	case ctx.Err() != nil:
		return nil, fmt.Errorf("load %s: %w", name, context.Cause(ctx))
	}
	return r, nil
}

// docDeadline is the cause of a parse stopped by DocTimeout.
func docDeadline(d time.Duration) error {
	return fmt.Errorf("%w: a document may take at most %v", context.DeadlineExceeded, d)
}
