package api

import "net/http"

// routes registers every route of the API. docs/api.md describes each.
func (s *Server) routes() {
	r := s.engine
	r.Use(s.recovery, s.logRequests)
	r.Use(s.securityHeaders)

	// Reads: every one runs under QueryTimeout, and is kept by no cache.
	read := r.Group("/", s.uncached, s.deadline(s.cfg.QueryTimeout))
	read.GET("/healthz", get(s, s.health))
	read.GET("/api/search", get(s, s.search))
	read.GET("/api/search/text", get(s, s.searchText))
	read.GET("/api/entities/:id", get(s, s.entity))
	read.GET("/api/entities/:id/neighbours", get(s, s.neighbours))
	read.GET("/api/graph", get(s, s.overview))
	read.GET("/api/documents", get(s, s.documents))
	read.GET("/api/documents/:id", get(s, s.document))
	read.GET("/api/corpus", get(s, s.corpus))
	read.GET("/api/corpus/documents", get(s, s.corpusDocuments))
	read.GET("/api/export", s.export)
	read.GET("/api/paths", get(s, s.paths))
	read.GET("/api/commitments", get(s, s.commitments))

	// Cayley queries, at both the v1 route and the one Cayley moved it to.
	for _, path := range []string{"/api/v1/query/:lang", "/query/:lang"} {
		read.POST(path, s.v1Query)
		read.GET(path, s.v1Query)
	}
	// Cayley's HTTP API v2 (api/cayley.go).
	read.GET("/api/v2/query", s.v2Query)
	read.POST("/api/v2/query", s.v2Query)
	read.GET("/api/v2/read", s.v2Read)
	read.POST("/api/v2/read", s.v2Read)
	read.GET("/api/v2/formats", s.v2Formats)
	// Linked Data: every node IRI resolves (api/linked.go).
	read.GET("/id/:id", s.linked)

	// Writes: need the bearer token; run under LoadTimeout.
	write := r.Group("/", s.requireToken, s.deadline(s.cfg.LoadTimeout))
	write.POST("/api/documents", put(s, http.StatusCreated, s.load))
	write.POST("/api/v2/write", s.v2Write(false))
	write.POST("/api/v2/delete", s.v2Write(true))
	write.POST("/api/graphs/:name", s.importGraph)

	// Everything else: the front end's static files, or a JSON 404 under
	// /api/ and /query/.
	r.NoRoute(s.static)
}
