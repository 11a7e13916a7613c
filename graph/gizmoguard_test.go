package graph_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pactgraph/pactgraph/graph"
)

// TestGizmoOneStepBounded: each query below makes hundreds of MiB to GiBs
// in one of goja's instructions (a concatenation, a builtin given a
// length), which the memory watcher cannot stop halfway, or recurses until
// the stack takes the memory. Under a 64 MiB budget each is refused with
// an error wrapping ErrInvalid that says what it would have taken in one
// step, before it is made (the watcher, which stops a query after the
// fact, says "took"); no deadline is set.
func TestGizmoOneStepBounded(t *testing.T) {
	s := limitedStore(t, graph.QueryLimits{Memory: 64 << 20})
	ctx := context.Background()
	for _, c := range []struct{ query, want string }{
		{doubling, "in one step"},
		{`var s="x"; for(var i=0;i<30;i++){s+=s}; g.Emit(s.length)`, "in one step"},
		{"var s=\"x\"; for(var i=0;i<30;i++){s=`${s}${s}`}; g.Emit(s.length)", "in one step"},
		{`g.Emit("x".repeat(1<<30).length)`, "in one step"},
		{`g.Emit("x".padStart(1<<30).length)`, "in one step"},
		{`var s="xx"; for(var i=0;i<30;i++){s=s.replace(/x/g,"$&$&")}; g.Emit(s.length)`, "in one step"},
		{`var s="xx"; for(var i=0;i<30;i++){s=s.concat(s)}; g.Emit(s.length)`, "in one step"},
		{`g.Emit(new Array(1<<30).join("x").length)`, "in one step"},
		{`g.Emit(Array.from({length: 1e8}).length)`, "in one step"},
		{`g.Emit(new Array(1e8).fill(0).length)`, "in one step"},
		{`function f(n){return f(n+1)+1}; g.Emit(f(0))`, "nested more than"},
		{`var f = n => f(n+1)+1; g.Emit(f(0))`, "nested more than"},
		{`function f(){return [1].map(f)}; g.Emit(f())`, "nested more than"},
		{`var o = {}; for (var i = 0; i < 20000; i++) o = {o: o}; g.Emit(JSON.stringify(o).length)`, "nested more than"},
		{`g.Emit(eval("1+1"))`, "compiled at run time"},
		{`g.Emit((function(){}).constructor("return 1")())`, "compiled at run time"},
		{`var __pactgraph = {v: function(x){return x}}; g.Emit(1)`, "reserved"},
	} {
		_, _, err := s.Query(ctx, graph.Query{Lang: "gizmo", Text: c.query, Limit: 10})
		if !errors.Is(err, graph.ErrInvalid) || err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error wrapping ErrInvalid that says %q", c.query, err, c.want)
		}
	}
}

// TestGizmoGuardKeepsMeaning: the rewritten queries answer what the
// queries do without a budget.
func TestGizmoGuardKeepsMeaning(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	bounded := limitedStore(t, graph.QueryLimits{Memory: 64 << 20})
	free := limitedStore(t, graph.QueryLimits{})
	for _, q := range []string{
		`g.Emit("a" + "b" + 1 + 2)`,
		`g.Emit(1 + 2 + "a")`,
		`var x = "a"; x += 1 + 2; x += "b"; g.Emit(x)`,
		`var a = 1, b = 2; g.Emit(((a)) + (b) /* c */ + ((a + b)))`,
		`var o = {toString: function(){return "o"}, valueOf: function(){return 7}}; g.Emit(o + 1, "" + o, ` + "`${o}`" + `)`,
		"var n = 3; g.Emit(`n=${n + 1}, ${`inner ${n}`}`)",
		`function f(){ "use strict"; return this === undefined } g.Emit(f())`,
		`function f(a, b){ return arguments.length + (new.target === undefined) } g.Emit(f(1, 2, 3))`,
		`function f(a){ "use strict"; function h(){ return 2 } return h() + a } g.Emit(f(1))`,
		`var o = {m: function(){ return [1, 2].map(x => x + this.k) }, k: 1}; g.Emit(o.m())`,
		`var o = {n: 2, m: function(){ return this.n + 1 }}; g.Emit(o.m())`,
		`var f = (a, b) => ({a: a, b: b}); g.Emit(f(1, 2))`,
		`var f = x => (x, x + 1); g.Emit(f(1))`,
		`function fib(n){ return n < 2 ? n : fib(n-1) + fib(n-2) } g.Emit(fib(15))`,
		`function C(x){ this.x = x } g.Emit(new C(4).x)`,
		`class K { constructor(x){ this.x = x } get y(){ return this.x + 1 } } g.Emit(new K(1).y)`,
		`function* gen(){ yield 1; yield 2 } var t = 0; for (var v of gen()) t += v; g.Emit(t)`,
		`g.Emit("ab".repeat(3), "x".padStart(4, "-"), [1, 2, 3].join("+"), "a-b".replace(/(\w)/g, "[$1]"), "aXa".replaceAll("a", function(m){ return m + m }))`,
		`g.Emit(Array.from([1, 2]).map(x => x * 2).filter(x => x > 2), Object.keys({a: 1}), [1].concat([2], 3))`,
		`g.Emit("é" + "ü", "日本" + 1)`,
		`g.Emit(JSON.stringify({a: [1, {b: "c"}], d: null, e: {toJSON: function(){ return 5 }}}), JSON.stringify([1, 2], null, 2), JSON.stringify("x"))`,
		`g.V().Out().Limit(3).ForEach(function(d){ g.Emit(d.id + "!") })`,
		`var n = 0; g.V().ForEach(function(d){ n += 1 }); g.Emit(n > 0)`,
	} {
		want, _, werr := free.Query(ctx, graph.Query{Lang: "gizmo", Text: q, Limit: 100})
		got, _, gerr := bounded.Query(ctx, graph.Query{Lang: "gizmo", Text: q, Limit: 100})
		if fmt.Sprint(want, werr) != fmt.Sprint(got, gerr) {
			t.Errorf("%s:\n got %v %v\nwant %v %v", q, got, gerr, want, werr)
		}
		if werr != nil {
			t.Errorf("%s: %v", q, werr)
		}
	}
}
