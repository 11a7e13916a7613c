package api

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// page is the part of a list a request asks for: Limit items from the
// Offset-th (?offset=&limit=).
type page struct {
	Offset, Limit int
	url           *url.URL // the request's, for the link to the next page
}

// list is one page of a list route's answer. Its body is the items alone,
// a JSON list as before paging existed (the explorer reads it so); the
// paging is said in headers: X-Total-Count, the number of items in all, and
// when more follow, Link: <…?offset=N&limit=L>; rel="next".
type list[T any] struct {
	items []T
	total int
	page  page
}

// paged is a response whose body is not the value itself and which sets
// headers; handle writes it so.
type paged interface {
	header(http.Header)
	body() any
}

func (l list[T]) body() any {
	if l.items == nil {
		return []T{}
	}
	return l.items
}

func (l list[T]) header(h http.Header) {
	h.Set("X-Total-Count", strconv.Itoa(l.total))
	next := l.page.Offset + len(l.items)
	if next >= l.total || len(l.items) == 0 {
		return
	}
	u := *l.page.url
	q := u.Query()
	q.Set("offset", strconv.Itoa(next))
	q.Set("limit", strconv.Itoa(l.page.Limit))
	u.RawQuery = q.Encode()
	u.Scheme, u.Host = "", ""
	h.Set("Link", fmt.Sprintf("<%s>; rel=\"next\"", u.RequestURI()))
}
