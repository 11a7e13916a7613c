package graph

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/file"
	"github.com/dop251/goja/parser"
	"github.com/dop251/goja/token"
)

// This file bounds what one step of a Gizmo query may allocate. The memory
// watcher (limits.go) stops a query between two of goja's instructions, but
// goja runs one instruction to its end: one concatenation of two 128 MiB
// strings, one Array.from({length: 1e7}) or one fill of a sparse array
// allocates and touches hundreds of MiB (12 s for the last two on the
// project's VM), and while it copies Go cannot stop the world, so the
// watcher waits with everything else. goja has no limit on a string's or an
// array's size and Cayley builds the VM out of pactgraph's reach, so the
// bound is written into the query: guardGizmo rewrites its JavaScript so
// that every value an allocating step starts from is checked first, and
// prepends a prelude (on the query's first line, so line numbers hold) that
// wraps the builtins which allocate from a number rather than from values
// already built.
//
// What one step may allocate is then a few times maxString characters (or
// maxElems elements) for the budget in force; everything beyond is built in
// many steps, between which the watcher and the deadline can stop the
// query. Recursion is bounded in depth, JavaScript's and the Go stack's of
// goja's builtins that call back into JavaScript.

// guardName is the one global the prelude defines; a query that names it is
// refused, so that it cannot shadow the guards.
const guardName = "__pactgraph"

// maxDepth bounds the calls of JavaScript functions a query may nest.
const maxDepth = 2048

// guardLimits are the bounds of one step for a memory budget: a string of
// at most a sixteenth of the budget (two bytes a character at most), an
// array of at most a sixty-fourth of it in elements (goja's values take 16
// bytes and more).
func guardLimits(budget int64) (maxString, maxElems int64) {
	return max(budget/16, 1<<10), max(budget/64, 1<<10)
}

// guardGizmo returns the query with its steps bounded for the budget. A
// query that does not parse is returned as it is, for Cayley to report.
func guardGizmo(text string, budget int64) (string, error) {
	if budget <= 0 {
		return text, nil
	}
	if strings.Contains(text, guardName) {
		return "", errorf(ErrInvalid, "query: the name %s is reserved", guardName)
	}
	prog, err := parser.ParseFile(nil, "", text, 0)
	if err != nil {
		return text, nil
	}
	r := &rewriter{src: text}
	r.walk(reflect.ValueOf(prog))
	maxString, maxElems := guardLimits(budget)
	return fmt.Sprintf(prelude, guardName, maxString, maxElems, maxDepth, bytesString(budget)) + r.apply(), nil
}

// An edit inserts text at a byte offset of the query: an opening (of a
// wrapping call) or a closing. At one offset, closings come before
// openings, an inner closing before an outer one, an outer opening before
// an inner one; seq is the order the walk met them in (outer first).
type edit struct {
	at      int
	closing bool
	seq     int
	text    string
}

type rewriter struct {
	src   string
	edits []edit
}

func (r *rewriter) wrap(from, to int, open, close string) {
	n := len(r.edits)
	if from < 0 || to < from || to > len(r.src) {
		return // a position goja got wrong: this step goes unchecked
	}
	if from == to {
		// Nothing inside: one edit, after whatever closes here.
		r.edits = append(r.edits, edit{at: to, closing: true, seq: n, text: open + close})
		return
	}
	r.edits = append(r.edits, edit{at: from, seq: n, text: open}, edit{at: to, closing: true, seq: n, text: close})
}

// check wraps an expression in a call that checks its value's size and
// returns it unchanged. Literals are left alone: their size is the query's.
func (r *rewriter) check(e ast.Expression) {
	switch e.(type) {
	case *ast.NumberLiteral, *ast.StringLiteral, *ast.BooleanLiteral, *ast.NullLiteral:
		return
	}
	if t, ok := e.(*ast.TemplateLiteral); ok && len(t.Expressions) == 0 {
		return
	}
	r.wrap(offset(start(e)), offset(e.Idx1()), guardName+".v(", ")")
}

// start is where an expression begins. goja's Idx0 is 0 for new.target,
// and so for every expression that begins with it.
func start(e ast.Expression) file.Idx {
	switch e := e.(type) {
	case *ast.MetaProperty:
		return e.Meta.Idx
	case *ast.BinaryExpression:
		return start(e.Left)
	case *ast.AssignExpression:
		return start(e.Left)
	case *ast.ConditionalExpression:
		return start(e.Test)
	case *ast.DotExpression:
		return start(e.Left)
	case *ast.BracketExpression:
		return start(e.Left)
	case *ast.CallExpression:
		return start(e.Callee)
	case *ast.SequenceExpression:
		if len(e.Sequence) > 0 {
			return start(e.Sequence[0])
		}
	case *ast.UnaryExpression:
		if e.Postfix {
			return start(e.Operand)
		}
	}
	return e.Idx0()
}

// offset converts goja's position (1-based) to a byte offset.
func offset[T ~int](idx T) int { return int(idx) - 1 }

// walk visits every node of the tree, outer before inner, and records the
// edits: operands of + and +=, substitutions of untagged templates, and the
// bodies of functions, which count their depth.
func (r *rewriter) walk(v reflect.Value) {
	switch v.Kind() {
	case reflect.Interface:
		if !v.IsNil() {
			r.walk(v.Elem())
		}
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		r.node(v.Interface())
		r.walk(v.Elem())
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				r.walk(v.Field(i))
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			r.walk(v.Index(i))
		}
	}
}

func (r *rewriter) node(n any) {
	switch n := n.(type) {
	case *ast.BinaryExpression:
		if n.Operator == token.PLUS {
			r.check(n.Left)
			r.check(n.Right)
		}
	case *ast.AssignExpression:
		if n.Operator == token.PLUS { // goja's +=
			r.check(n.Right)
		}
	case *ast.TemplateLiteral:
		if n.Tag == nil {
			for _, e := range n.Expressions {
				r.check(e)
			}
		}
	case *ast.FunctionLiteral:
		if !n.Async && !n.Generator && n.Body != nil {
			r.body(n.Body)
		}
	case *ast.ArrowFunctionLiteral:
		if n.Async {
			return
		}
		switch b := n.Body.(type) {
		case *ast.BlockStatement:
			r.body(b)
		case *ast.ExpressionBody:
			// Inside any parentheses around the body.
			r.wrap(offset(start(b.Expression)), offset(b.Expression.Idx1()),
				guardName+".call(() => (", "))")
		}
	}
}

// body counts a function's depth while its body runs: enter, and leave in
// a finally; after the directives ("use strict"), which stay the
// function's. (An arrow function around the body would be shorter, but
// goja panics on arguments read in an arrow function there.)
func (r *rewriter) body(b *ast.BlockStatement) {
	from, open := offset(b.LeftBrace)+1, guardName+".enter();try{"
	for _, st := range b.List {
		e, ok := st.(*ast.ExpressionStatement)
		if !ok {
			break
		}
		if _, ok := e.Expression.(*ast.StringLiteral); !ok {
			break
		}
		from, open = offset(e.Idx1()), ";"+open
	}
	r.wrap(from, offset(b.RightBrace), open, "}finally{"+guardName+".leave()}")
}

// apply writes the query with its edits.
func (r *rewriter) apply() string {
	sort.SliceStable(r.edits, func(i, j int) bool {
		a, b := r.edits[i], r.edits[j]
		switch {
		case a.at != b.at:
			return a.at < b.at
		case a.closing != b.closing:
			return a.closing
		case a.closing:
			return a.seq > b.seq
		}
		return a.seq < b.seq
	})
	var b strings.Builder
	last := 0
	for _, e := range r.edits {
		b.WriteString(r.src[last:e.at])
		b.WriteString(e.text)
		last = e.at
	}
	b.WriteString(r.src[last:])
	return b.String()
}

// prelude defines the guards and wraps the builtins that allocate from a
// number. It is one line. Its verbs: the guards' name, the longest string,
// the most elements, the deepest nesting of calls, the budget.
//
// v(x) refuses a string longer than maxString; enter and leave count the
// depth of calls, and call(f) runs f one level deeper; the wrapped builtins
// check the size of what they would make before they make it.
// JSON.stringify first walks its value in steps and refuses one nested
// more than maxDepth deep: goja walks it in one step, in time that grows
// with the square of the depth (40,000 levels: 6 s). eval and the Function constructors are taken away:
// code they compile would not be rewritten. ArrayBuffer, SharedArrayBuffer,
// DataView and the typed arrays, which allocate from a length, are taken
// away too; Gizmo has no use for them.
const prelude = `(function(){"use strict";` +
	`var G=this,N=%[1]q,S=%[2]d,E=%[3]d,D=%[4]d,B=%[5]q,depth=0,O=Object,K=O.keys,A=Array.prototype,P=String.prototype,` +
	`big=function(what,n,max){throw new RangeError("query: "+what+" would take more memory than a query may ("+B+"; at most "+max+" in one step)")},` +
	`str=function(n){if(n>S)big("a string of "+n+" characters",n,S)},` +
	`elems=function(n){if(n>E)big("an array of "+n+" elements",n,E)},` +
	`len=function(o){var n=o==null?0:Number(o.length);return n>0?n:0},` +
	`def=function(o,k,f){O.defineProperty(o,k,{value:f,writable:false,enumerable:false,configurable:false})},` +
	`around=function(o,k,check){var f=o[k];def(o,k,function(){check.apply(this,arguments);return f.apply(this,arguments)})},` +
	`no=function(){throw new TypeError("query: code compiled at run time is not allowed")};` +
	`var g={` +
	`v:function(x){if(typeof x==="string")str(x.length);return x},` +
	`enter:function(){if(depth>=D)throw new RangeError("query: calls nested more than "+D+" deep");depth++},` +
	`leave:function(){depth--},` +
	`call:function(f){g.enter();try{return f()}finally{depth--}}};` +
	`O.freeze(g);def(G,N,g);` +
	`around(P,"repeat",function(c){str(String(this).length*Number(c))});` +
	`around(P,"padStart",function(n){str(Number(n))});` +
	`around(P,"padEnd",function(n){str(Number(n))});` +
	`around(P,"concat",function(){var n=String(this).length;for(var i=0;i<arguments.length;i++)n+=String(arguments[i]).length;str(n)});` +
	`var rep=function(k){var f=P[k];def(P,k,function(p,r){var s=String(this),n=s.length,t=n;` +
	`if(typeof r==="function"){var h=r;r=function(){var x=h.apply(this,arguments);t+=String(x).length;str(t);return x}}` +
	`else{r=String(r);var d=r.split("$").length-1;if(d>0||n*r.length>S){var w=/\$[\x60']/.test(r);f.call(s,p,function(m){t+=r.length+d*(w?n:m.length);return""});str(t)}}` +
	`return f.call(s,p,r)})};rep("replace");rep("replaceAll");` +
	`around(String,"raw",function(t){var n=0,r=t&&t.raw;for(var i=0;i<len(r);i++)n+=String(r[i]).length;for(i=1;i<arguments.length;i++)n+=String(arguments[i]).length;str(n)});` +
	`around(A,"join",function(s){var n=len(this);elems(n);var m=(n>0?n-1:0)*(s===undefined?1:String(s).length);for(var i=0;i<n&&m<=S;i++)if(this[i]!=null)m+=String(this[i]).length;str(m)});` +
	`["map","filter","slice","splice","fill","copyWithin","reverse","sort","flat","flatMap","indexOf","lastIndexOf","includes","forEach","reduce","reduceRight","some","every","find","findIndex","keys","values","entries"].forEach(function(k){if(A[k])around(A,k,function(){elems(len(this))})});` +
	`around(A,"concat",function(){var n=len(this);for(var i=0;i<arguments.length;i++)n+=Array.isArray(arguments[i])?len(arguments[i]):1;elems(n)});` +
	`around(Array,"from",function(o){elems(len(o))});` +
	`["keys","values","entries","getOwnPropertyNames","assign"].forEach(function(k){around(O,k,function(o){if(o!=null&&typeof o==="object")elems(len(o))})});` +
	`var J=JSON.stringify;def(JSON,"stringify",function(v){var st=[v,0];while(st.length){var d=st.pop(),x=st.pop();` +
	`if(x===null||typeof x!=="object")continue;if(d>=D)throw new RangeError("query: a value nested more than "+D+" deep");` +
	`var ks=K(x);for(var i=0;i<ks.length;i++)st.push(x[ks[i]],d+1)}return J.apply(JSON,arguments)});` +
	`def(G,"eval",no);var F=[function(){},function*(){},async function(){}];` +
	`for(var i=0;i<F.length;i++)def(O.getPrototypeOf(F[i]),"constructor",no);def(G,"Function",no);` +
	`["ArrayBuffer","SharedArrayBuffer","DataView","Int8Array","Uint8Array","Uint8ClampedArray","Int16Array","Uint16Array","Int32Array","Uint32Array","Float32Array","Float64Array","BigInt64Array","BigUint64Array"].forEach(function(k){delete G[k]})` +
	`}).call(this);`
