package cayleysql

import (
	"fmt"
	"testing"

	"github.com/cayleygraph/quad"
)

// The cache gives back what was put, keeps about its budget in two
// generations (a value of the old one found moves to the new one), and a
// nil cache keeps nothing.
func TestValueCache(t *testing.T) {
	var none *ValueCache
	none.put("h", quad.String("x"))
	if v, ok := none.get("h"); ok || v != nil {
		t.Errorf("a nil cache gave %v, %v", v, ok)
	}

	const each = 64 + 4 + 4 // valueSize of a 4-byte string, and its 4-byte hash
	c := NewValueCache(20 * each)
	key := func(i int) string { return fmt.Sprintf("%04d", i) }
	val := func(i int) quad.Value { return quad.String(fmt.Sprintf("v%03d", i)) }
	for i := range 10 {
		c.put(key(i), val(i))
	}
	// The new generation is full (10 values, half the budget): the next
	// value starts another, and the first ten are the old one.
	c.put(key(10), val(10))
	if len(c.cur) != 1 || len(c.old) != 10 {
		t.Fatalf("after 11 values: %d new, %d old; want 1 and 10", len(c.cur), len(c.old))
	}
	if v, ok := c.get(key(3)); !ok || v != val(3) {
		t.Errorf("get(%s) from the old generation: %v, %v", key(3), v, ok)
	}
	for i := 11; i < 19; i++ {
		c.put(key(i), val(i))
	}
	// The new generation held 10 (10, 3 moved, 11–18): another starts,
	// and the first old one, with 0–2 and 4–9, is dropped.
	c.put(key(19), val(19))
	if _, ok := c.get(key(0)); ok {
		t.Errorf("%s kept after two generations", key(0))
	}
	for _, i := range []int{3, 10, 18, 19} {
		if v, ok := c.get(key(i)); !ok || v != val(i) {
			t.Errorf("get(%s): %v, %v; want %v", key(i), v, ok, val(i))
		}
	}
	if n := len(c.cur) + len(c.old); n > 20 {
		t.Errorf("%d values kept for a budget of 20", n)
	}
}
