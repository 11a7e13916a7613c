package graph

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/pactgraph/pactgraph/internal/cayleykv"
	"github.com/pactgraph/pactgraph/internal/fulltext"
)

// Compacted says what Compact did. The sizes are of the store's pages,
// free ones included: bolt grows the file ahead of them, in steps.
type Compacted struct {
	Path          string `json:"path"`
	Keys          int64  `json:"keys"`
	BytesBefore   int64  `json:"bytes_before"`
	BytesAfter    int64  `json:"bytes_after"`
	DurationNanos int64  `json:"duration_ns"`
	// Leftover is the size of the copy an interrupted compaction left
	// beside the store (killed, it could not remove it), removed first;
	// 0 when there was none.
	Leftover int64 `json:"leftover_bytes,omitempty"`
	// SearchMerged says whether the store's search index had its segments
	// merged (fulltext.Merge), and the sizes of its files before and after.
	SearchMerged      bool  `json:"search_merged"`
	SearchBytesBefore int64 `json:"search_bytes_before,omitempty"`
	SearchBytesAfter  int64 `json:"search_bytes_after,omitempty"`
}

// Compact rewrites a bolt store's file with every page full and none free,
// as a bulk load leaves it with pages part empty and a fifth of its pages
// free: the store takes less disk, and a server reading it maps fewer
// pages (internal/cayleykv's Compact). Then it merges the segments of the
// store's search index (fulltext.Merge). A failed or cancelled compaction
// leaves the store as it was, and a merge is bleve's, done whole or not at
// all. The store must not be open. progress, when not nil, is called
// every so often with the keys copied so far.
func Compact(ctx context.Context, cfg Config, progress func(keys int64)) (Compacted, error) {
	if cfg.Backend != "" && cfg.Backend != Bolt {
		return Compacted{}, errorf(ErrInvalid, "only a %s store can be compacted, not %s", Bolt, cfg.Backend)
	}
	if cfg.Path == "" {
		return Compacted{}, errorf(ErrInvalid, "the bolt store to compact needs a path")
	}
	path := filepath.Join(cfg.Path, cayleykv.File)
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return Compacted{Path: path}, errorf(ErrNotFound, "bolt store %s", path)
	}
	start := time.Now()
	c, err := cayleykv.Compact(ctx, cfg.Path, progress)
	res := Compacted{Path: path, Keys: c.Keys, BytesBefore: c.BytesBefore, BytesAfter: c.BytesAfter, Leftover: c.Leftover}
	if err != nil {
		return res, err
	}
	dir := filepath.Join(cfg.Path, textDir)
	if cfg.Log != nil {
		cfg.Log.Info("merging the segments of the search index", "dir", dir)
	}
	res.SearchBytesBefore = dirSize(dir)
	if res.SearchMerged, err = fulltext.Merge(ctx, dir); err != nil {
		return res, err
	}
	res.SearchBytesAfter = dirSize(dir)
	res.DurationNanos = time.Since(start).Nanoseconds()
	return res, nil
}

// dirSize is the size of the files under dir; 0 when there is none.
func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// CompactsAfterLoad says whether a load that took a bolt store from before
// to after quads should be followed by Compact: when the load at least
// doubled the store. A bulk load leaves about a quarter of the file
// slack (the pages freed by its last transactions, and those of the
// indexes written at random, split part full), which a server maps with
// the rest. Copying only after a doubling copies, over any run of loads,
// at most twice the quads the store ends with; a few documents added to a
// large store are never followed by a copy of all of it.
func CompactsAfterLoad(before, after int64) bool {
	return after > before && after >= 2*before
}
