package cayleysql

import (
	"fmt"
	"testing"

	"github.com/cayleygraph/cayley/graph/refs"
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
	if len(c.kept.cur) != 1 || len(c.kept.old) != 10 {
		t.Fatalf("after 11 values: %d new, %d old; want 1 and 10", len(c.kept.cur), len(c.kept.old))
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
	if n := len(c.kept.cur) + len(c.kept.old); n > 20 {
		t.Errorf("%d values kept for a budget of 20", n)
	}
}

// A FirstCache seen at a state of the database gives what was kept at
// that state; a reader of a later state drops it, a reader of an earlier
// one neither uses nor adds to it; the zero Firsts keeps nothing.
func TestFirstCache(t *testing.T) {
	h := func(s string) refs.ValueHash { return refs.HashOf(quad.String(s)) }
	sp, sq, sr := pairKey{h("s"), h("p")}, pairKey{h("s"), h("q")}, pairKey{h("s"), h("r")}
	o, old := h("o"), h("old")
	var none Firsts
	none.put([]pairKey{sp}, map[pairKey]refs.ValueHash{sp: o})
	if _, ok := none.get(sp); ok {
		t.Error("the zero Firsts kept a first object")
	}
	c := NewFirstCache(1 << 20)
	c.At(5).put([]pairKey{sp, sq}, map[pairKey]refs.ValueHash{sp: o})
	if got, ok := c.At(5).get(sp); !ok || got != o {
		t.Errorf("at 5: %x, %v; want %x, true", got, ok, o)
	}
	if got, ok := c.At(5).get(sq); !ok || got.Valid() {
		t.Errorf("at 5, a pair with no object: %x, %v; want none, true", got, ok)
	}
	if _, ok := c.At(4).get(sp); ok {
		t.Error("a reader of an earlier state was given what was kept at 5")
	}
	c.At(4).put([]pairKey{sr}, map[pairKey]refs.ValueHash{sr: old})
	if _, ok := c.At(5).get(sr); ok {
		t.Error("what a reader of an earlier state read was kept")
	}
	if got, ok := c.At(5).get(sp); !ok || got != o {
		t.Errorf("at 5 after a reader of 4: %x, %v; want %x, true", got, ok, o)
	}
	if _, ok := c.At(6).get(sp); ok {
		t.Error("a reader of a later state was given what was kept at 5")
	}
	c.At(5).put([]pairKey{sp}, map[pairKey]refs.ValueHash{sp: o})
	if _, ok := c.At(6).get(sp); ok {
		t.Error("a reader of 5 kept a first object after a reader of 6 came")
	}
}
