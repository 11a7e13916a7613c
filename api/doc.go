// Package api serves pactgraph's knowledge graph over HTTP.
//
// A Server is a value built by NewServer from a Config, a Reader (the reads
// of graph.Store that the read routes need, and the only store they use), a
// Writer (Cayley's quad writes and named graphs), a Loader (a document in
// the archive layout, loaded by cmd's wiring of loaders and graph) and the
// embedded front end as an fs.FS; store.go declares Reader and Writer. It
// owns its gin engine; no route is registered on a global mux. routes.go
// lists every route.
//
// The API speaks JSON:
//
//   - reads: search, entities and their neighbourhoods, the whole graph to
//     draw, documents with their articles (package graph's read model);
//   - Cayley queries (gizmo) at /api/v1/query/:lang and /query/:lang,
//     answered as {"result": [...]} like Cayley's own server;
//   - POST /api/documents, which needs "Authorization: Bearer <token>".
//
// Handlers take a typed request and return a typed response or an error;
// fail, in errors.go, is the only place that turns an error into a status and
// a {"error": "..."} body. Every read runs under Config.QueryTimeout and
// every load under Config.LoadTimeout, in the request's goroutine: the
// store stops when the deadline passes, and its error is answered 504. docs/api.md describes each route.
package api
