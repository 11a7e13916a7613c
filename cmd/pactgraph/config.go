package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/pactgraph/pactgraph/graph"
)

// storeFlags are the flags every command that opens the store shares.
type storeFlags struct {
	backend string
	path    string
	// log says what the store reports on its own (building its search
	// index), on the command's stderr.
	log *slog.Logger
}

func (f *storeFlags) register(fs *flag.FlagSet, stderr io.Writer) {
	f.log = slog.New(slog.NewTextHandler(stderr, nil))
	fs.StringVar(&f.backend, "db", graph.Bolt, "store backend: bolt, bbolt, memstore or postgres")
	fs.StringVar(&f.path, "dbpath", "", "data directory (bolt, bbolt) or postgres:// URL (postgres); default for bolt and bbolt: $XDG_DATA_HOME/pactgraph/<db>")
}

// config gives the store's configuration, defaulting the path of an
// on-disk backend to a directory under the user's data directory.
func (f *storeFlags) config() (graph.Config, error) {
	cfg := graph.Config{Backend: f.backend, Path: f.path, Log: f.log}
	switch f.backend {
	case graph.Bolt, graph.BBolt:
		if cfg.Path == "" {
			dir, err := dataDir()
			if err != nil {
				return cfg, err
			}
			cfg.Path = filepath.Join(dir, f.backend)
		}
	case graph.Memstore:
	case graph.Postgres:
		if cfg.Path == "" {
			return cfg, usageError{"--db postgres needs --dbpath postgres://user:password@host/db"}
		}
	default:
		return cfg, usageError{fmt.Sprintf("--db %q: want bolt, bbolt, memstore or postgres", f.backend)}
	}
	return cfg, nil
}

func (f *storeFlags) open(ctx context.Context) (*graph.Store, error) {
	cfg, err := f.config()
	if err != nil {
		return nil, err
	}
	return graph.Open(ctx, cfg)
}

// byteSize is a flag of a number of bytes, written as GOMEMLIMIT is: an
// integer, or one followed by B, KiB, MiB, GiB or TiB.
type byteSize int64

func (b *byteSize) String() string { return strconv.FormatInt(int64(*b), 10) }

func (b *byteSize) Set(s string) error {
	num, mul := strings.TrimSpace(s), int64(1)
	for _, u := range []struct {
		suffix string
		mul    int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40}, {"B", 1}} {
		if n, ok := strings.CutSuffix(num, u.suffix); ok {
			num, mul = n, u.mul
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 || n > math.MaxInt64/mul {
		return fmt.Errorf("want a number of bytes, e.g. 268435456 or 256MiB")
	}
	*b = byteSize(n * mul)
	return nil
}

// dataDir is $XDG_DATA_HOME/pactgraph, or ~/.local/share/pactgraph.
func dataDir() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "pactgraph"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find a data directory: %w (set --dbpath)", err)
	}
	return filepath.Join(home, ".local", "share", "pactgraph"), nil
}

// parse parses args into fs after taking each flag's default from the
// environment variable PACTGRAPH_<NAME> when it is set: flags on the
// command line win over the environment, which wins over the defaults.
func parse(fs *flag.FlagSet, args []string, stderr io.Writer) error {
	fs.SetOutput(stderr)
	var bad error
	fs.VisitAll(func(f *flag.Flag) {
		name := envName(f.Name)
		f.Usage += fmt.Sprintf(" (env %s)", name)
		if v, ok := os.LookupEnv(name); ok && bad == nil {
			if err := f.Value.Set(v); err != nil {
				bad = usageError{fmt.Sprintf("%s=%q: %v", name, v, err)}
			}
		}
	})
	if bad != nil {
		return bad
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}

func envName(flagName string) string {
	return "PACTGRAPH_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}
