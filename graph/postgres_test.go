package graph

import (
	"context"
	"database/sql"
	"testing"
)

// pactgraph's pool keeps the connections reads opened at once, up to
// pgIdleConns, rather than closing all but two and opening others for
// the next reads (a new server process on PostgreSQL's side each).
func TestPostgresKeepsConnections(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, Config{Backend: Postgres, Path: postgresURL(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// pgIdleConns reads at once, each holding its connection until all
	// have one.
	var conns []*sql.Conn
	for range pgIdleConns {
		c, err := st.pg.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.PingContext(ctx); err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	for _, c := range conns {
		c.Close()
	}
	s := st.pg.Stats()
	if s.MaxIdleClosed != 0 || s.Idle != pgIdleConns {
		t.Errorf("after %d reads at once: %d connections closed as too many idle, %d kept; want none closed, %d kept",
			pgIdleConns, s.MaxIdleClosed, s.Idle, pgIdleConns)
	}
}
