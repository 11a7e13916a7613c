package api

import "github.com/gin-gonic/gin"

// contentSecurityPolicy is the policy of every answer. The explorer loads
// its scripts, styles, worker and data from the server alone, has no inline
// script, handler or style attribute (it sets styles through the CSSOM),
// and is framed by no page: an answer rendered by a browser, if one ever
// is, cannot run script from elsewhere or be clickjacked.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; font-src 'self'; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the headers that tell browsers how to treat every
// answer: the policy above, no guessing of content types, no framing.
func (s *Server) securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY") // frame-ancestors for older browsers
	c.Next()
}

// uncached marks a read's answer "Cache-Control: no-cache": a cache between
// the client and the server (a proxy, a load balancer, a CDN; some keep an
// answer without the header for minutes) must ask the server again each
// time. Several servers may share one database, and a write through one
// must show on the others at once (docs/scaling.md); no server keeps a
// read of the database either.
func (s *Server) uncached(c *gin.Context) {
	c.Header("Cache-Control", "no-cache")
	c.Next()
}
