package loaders

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Parser reads documents of one layout into reports; loaders/wilson's
// Parser reads the archive layout. What a parser knows of the world (its
// gazetteer) it is given when it is made.
type Parser interface {
	// Parse reads one document. name is the file's name or path: errors
	// name the file (and the line and what was expected) by it, and its
	// stem (without directory and extension) is the report's ID. When ctx
	// ends, Parse stops with an error that names the file and wraps
	// context.Cause(ctx).
	Parse(ctx context.Context, name, text string) (*Report, error)
}

// parse runs the Loader's parser on one document, under DocTimeout when it
// is set. A document the parser refuses is an error that matches
// graph.ErrInvalid; a parse stopped by its context is the parser's error
// (naming the file and the line it reached), which matches the context's
// cause (context.DeadlineExceeded for a deadline), not ErrInvalid. A
// report is dropped when the context ended meanwhile.
func (l *Loader) parse(ctx context.Context, name, text string) (*Report, error) {
	if l.DocTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, l.DocTimeout, docDeadline(l.DocTimeout))
		defer cancel()
	}
	r, err := l.Parser.Parse(ctx, name, text)
	switch {
	case err != nil && ctx.Err() != nil && errors.Is(err, context.Cause(ctx)):
		return nil, err
	case err != nil:
		return nil, invalid{err}
	case ctx.Err() != nil:
		return nil, fmt.Errorf("load %s: %w", name, context.Cause(ctx))
	case l.Strict && len(r.Warnings) > 0:
		w := r.Warnings[0]
		return nil, invalid{fmt.Errorf("%s:%d: %s (a warning is an error with --strict)", name, w.Line, w.Message)}
	}
	return r, nil
}

// docDeadline is the cause of a parse stopped by DocTimeout.
func docDeadline(d time.Duration) error {
	return fmt.Errorf("%w: a document may take at most %v", context.DeadlineExceeded, d)
}
