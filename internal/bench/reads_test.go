package bench

import (
	"testing"
	"time"
)

// Percentiles are by nearest rank: of fewer than 100 reads, the 99th is
// the slowest; of 400, the fourth slowest is still in it, the three
// slower left out.
func TestPercentileNearestRank(t *testing.T) {
	reads := func(n int) []time.Duration {
		ds := make([]time.Duration, n)
		for i := range ds {
			ds[i] = time.Duration(n-i) * time.Millisecond // slowest first
		}
		return ds
	}
	for _, c := range []struct {
		n, p int
		want float64
	}{
		{80, 99, 80}, {80, 100, 80}, {80, 50, 40},
		{400, 99, 396}, {400, 100, 400}, {1, 99, 1},
	} {
		if got := percentile(reads(c.n), c.p); got != c.want {
			t.Errorf("percentile %d of %d reads: %v ms, want %v", c.p, c.n, got, c.want)
		}
	}
}
