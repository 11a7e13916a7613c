package graph

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	"github.com/pactgraph/pactgraph/internal/cayleysql"
)

// The reads of the whole corpus that memo keeps in memory (the corpus in
// brief with its list of documents, the overview) are also written down
// with the store's stamp when read, so that a server starting on a store
// that has not changed since finds them at once instead of reading every
// document of the store again: at 1M quads that read took 0.3–2 s, the
// first visitors' wait. A value written down is used only while the
// store's stamp is the one it was read at, and by the same build of
// pactgraph (keptStamp): a store written since, or a server built from
// other code, reads it again (and writes it down again).
//
// On bolt and bbolt a file a value, in the store's directory (keptDir),
// written to a temporary file and renamed; on postgres a row a value of
// pactgraph_kept, in the database every server shares; on memstore,
// nothing.

// keeper writes down values read from the store, each under a name with
// the stamp it was read at.
type keeper interface {
	// load gives the value named name and its stamp; ok is false when
	// none was written down.
	load(ctx context.Context, name string) (stamp string, value []byte, ok bool, err error)
	save(ctx context.Context, name, stamp string, value []byte) error
}

// keptDir is the directory of a bolt or bbolt store's kept values.
const keptDir = "kept"

// fileKeeper keeps values in files of one directory: the stamp on the
// first line, the value after it.
type fileKeeper struct{ dir string }

func (k fileKeeper) load(_ context.Context, name string) (string, []byte, bool, error) {
	data, err := os.ReadFile(filepath.Join(k.dir, name))
	if errors.Is(err, os.ErrNotExist) {
		return "", nil, false, nil
	}
	if err != nil {
		return "", nil, false, err
	}
	stamp, value, ok := bytes.Cut(data, []byte("\n"))
	if !ok {
		return "", nil, false, fmt.Errorf("%s: no stamp line", filepath.Join(k.dir, name))
	}
	return string(stamp), value, true, nil
}

func (k fileKeeper) save(_ context.Context, name, stamp string, value []byte) error {
	if err := os.MkdirAll(k.dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(k.dir, name+".*.tmp")
	if err != nil {
		return err
	}
	_, err = f.Write(append(append([]byte(stamp), '\n'), value...))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(k.dir, name))
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// pgKeeper keeps values in the table pactgraph_kept; on a read-only
// database (a replica) it only reads them, as the primary's servers
// wrote them.
type pgKeeper struct {
	db       *sql.DB
	readOnly bool
}

// keptTable is created by addOwnTables.
const keptTable = `CREATE TABLE IF NOT EXISTS pactgraph_kept (name text PRIMARY KEY, stamp text NOT NULL, value bytea NOT NULL)`

func (k pgKeeper) load(ctx context.Context, name string) (string, []byte, bool, error) {
	var stamp string
	var value []byte
	err := k.db.QueryRowContext(ctx, `SELECT stamp, value FROM pactgraph_kept WHERE name = $1`, name).Scan(&stamp, &value)
	if errors.Is(err, sql.ErrNoRows) || cayleysql.IsUndefinedTable(err) {
		return "", nil, false, nil
	}
	if err != nil {
		return "", nil, false, err
	}
	return stamp, value, true, nil
}

func (k pgKeeper) save(ctx context.Context, name, stamp string, value []byte) error {
	if k.readOnly {
		return nil
	}
	_, err := k.db.ExecContext(ctx, `INSERT INTO pactgraph_kept (name, stamp, value) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO UPDATE SET stamp = excluded.stamp, value = excluded.value`, name, stamp, value)
	return err
}

// keptStamp is what a value read at the store's stamp at is written down
// with: the stamp and the build that read it, so that a build whose reads
// differ (a new field, a new order) never takes another's values.
func keptStamp(at string) string { return at + " by " + build() }

// build names this build of pactgraph: the commit it was built from, or,
// for a build of uncommitted changes or one without version control
// information (go test), its executable's path, size and time.
var build = sync.OnceValue(func() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		settings := map[string]string{}
		for _, s := range info.Settings {
			settings[s.Key] = s.Value
		}
		if rev := settings["vcs.revision"]; rev != "" && settings["vcs.modified"] != "true" {
			return rev
		}
	}
	if exe, err := os.Executable(); err == nil {
		if fi, err := os.Stat(exe); err == nil {
			return fmt.Sprintf("%s %d %d", exe, fi.Size(), fi.ModTime().UnixNano())
		}
	}
	// Unknown: this process's own, never taken by another.
	return fmt.Sprintf("process %d %d", os.Getpid(), time.Now().UnixNano())
})
