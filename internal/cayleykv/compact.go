package cayleykv

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/boltdb/bolt"
)

// compactBatch is how many keys Compact writes in one transaction: bolt
// holds a transaction's pages in memory until it commits.
const compactBatch = 100_000

// Compaction says what Compact did. The sizes are of the store's pages,
// free ones included: bolt grows the file ahead of them, in steps.
type Compaction struct {
	Keys                    int64
	BytesBefore, BytesAfter int64
	// Leftover is the size of the copy an interrupted compaction left
	// beside the store (killed, it could not remove it), removed first;
	// 0 when there was none.
	Leftover int64
}

// Compact rewrites the bolt file of the store in dir with every page full
// and none free, as a bulk load leaves it with pages part empty and a
// fifth of its pages free. It copies the file's keys in order into a new
// file beside it and renames that over the old one only when the copy is
// complete and synced: a failed or cancelled compaction leaves the store
// as it was. The store must not be open (Compact holds bolt's lock while it
// copies), and its file must exist. progress, when not nil, is called
// every so often with the keys copied so far.
func Compact(ctx context.Context, dir string, progress func(keys int64)) (Compaction, error) {
	path := filepath.Join(dir, File)
	var res Compaction
	fi, err := os.Stat(path)
	if err != nil {
		return res, err
	}
	if err := checkUnlocked(path); err != nil {
		return res, fmt.Errorf("bolt store %s: %w", path, err)
	}
	src, err := bolt.Open(path, fi.Mode().Perm(), &bolt.Options{Timeout: time.Second})
	if err != nil {
		return res, fmt.Errorf("bolt store %s: not a readable bolt file: %w", path, err)
	}
	defer src.Close()

	tmp := path + ".compact"
	if res.Leftover, err = removeLeftover(tmp); err != nil {
		return res, err
	}
	dst, err := bolt.Open(tmp, fi.Mode().Perm(), &bolt.Options{Timeout: time.Second})
	if err != nil {
		return res, fmt.Errorf("create %s: %w", tmp, err)
	}
	// Synced once at the end, not at every transaction.
	dst.NoSync = true
	c := &compactor{ctx: ctx, dst: dst, progress: progress}
	err = src.View(func(tx *bolt.Tx) error {
		res.BytesBefore = tx.Size()
		return c.copy(nil, tx.Cursor().Bucket())
	})
	if err == nil {
		err = c.commit()
	} else if c.tx != nil {
		c.tx.Rollback() // before Close, which waits for it
	}
	if err == nil {
		err = dst.Sync()
	}
	if err == nil {
		err = dst.View(func(tx *bolt.Tx) error {
			res.BytesAfter = tx.Size()
			return nil
		})
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return res, fmt.Errorf("compacting %s: %w (the store is unchanged)", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return res, fmt.Errorf("compacting %s: %w (the store is unchanged)", path, err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync() // the rename itself
		d.Close()
	}
	res.Keys = c.keys
	return res, nil
}

// removeLeftover removes the copy a compaction killed before it could
// clean up left at tmp, and returns its size (0 when there was none). It is
// called with the store's lock held: no compaction of it is running, so a
// copy there is nobody's.
func removeLeftover(tmp string) (int64, error) {
	fi, err := os.Lstat(tmp)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("leftover of an interrupted compaction: %w", err)
	}
	if err := os.Remove(tmp); err != nil {
		return 0, fmt.Errorf("remove the leftover of an interrupted compaction: %w", err)
	}
	return max(fi.Size(), 1), nil
}

// compactor writes the keys it is given, in order, into dst, committing
// every compactBatch keys.
type compactor struct {
	ctx      context.Context
	dst      *bolt.DB
	tx       *bolt.Tx
	buckets  map[string]*bolt.Bucket // of tx, by path
	n        int
	keys     int64
	progress func(keys int64)
}

// copy copies the keys and buckets of b, whose path is path, depth first.
func (c *compactor) copy(path [][]byte, b *bolt.Bucket) error {
	return b.ForEach(func(k, v []byte) error {
		if v == nil {
			if sub := b.Bucket(k); sub != nil {
				if err := c.put(path, k, nil); err != nil {
					return err
				}
				return c.copy(append(path[:len(path):len(path)], k), sub)
			}
		}
		return c.put(path, k, v)
	})
}

// put writes k into the bucket at path: the bucket k when v is nil, else
// the value v.
func (c *compactor) put(path [][]byte, k, v []byte) error {
	if c.n >= compactBatch {
		if err := c.commit(); err != nil {
			return err
		}
	}
	if c.tx == nil {
		if err := c.ctx.Err(); err != nil {
			return err
		}
		tx, err := c.dst.Begin(true)
		if err != nil {
			return err
		}
		c.tx, c.buckets, c.n = tx, map[string]*bolt.Bucket{}, 0
	}
	b, err := c.bucket(path)
	if err != nil {
		return err
	}
	c.n++
	c.keys++
	if v == nil {
		_, err = b.CreateBucket(k)
		return err
	}
	return b.Put(k, v)
}

// bucket opens the bucket at path in the current transaction, filling its
// pages whole: keys arrive in order, and no page is written twice.
func (c *compactor) bucket(path [][]byte) (*bolt.Bucket, error) {
	key := bucketPath(path)
	if b, ok := c.buckets[key]; ok {
		return b, nil
	}
	var b *bolt.Bucket
	if len(path) == 0 {
		b = c.tx.Cursor().Bucket()
	} else {
		parent, err := c.bucket(path[:len(path)-1])
		if err != nil {
			return nil, err
		}
		if b = parent.Bucket(path[len(path)-1]); b == nil {
			return nil, fmt.Errorf("bucket %q vanished during the copy", path)
		}
	}
	b.FillPercent = 1
	c.buckets[key] = b
	return b, nil
}

func (c *compactor) commit() error {
	if c.tx == nil {
		return nil
	}
	err := c.tx.Commit()
	c.tx, c.buckets = nil, nil
	if err == nil && c.progress != nil {
		c.progress(c.keys)
	}
	return err
}
