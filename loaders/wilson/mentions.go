package wilson

import "sort"

// mentionsIn returns the maximal mentions inside [s,e), in order.
//
// x.mentions is sorted by start and its mentions do not overlap (scan keeps
// the maximal ones), so their ends are sorted too: the mentions inside
// [s,e) are a run found by a binary search, not by a walk over every
// mention of the document for every clause (which made a long article's
// parse quadratic).
func (x *extractor) mentionsIn(s, e int) []mention {
	ms := x.mentions
	i := sort.Search(len(ms), func(i int) bool { return ms[i].start >= s })
	var out []mention
	for ; i < len(ms) && ms[i].start <= e; i++ {
		if ms[i].end <= e {
			out = append(out, ms[i])
		}
	}
	return out
}

// findMentions finds the maximal mentions of every known entity in the
// text, but on archival mark lines ("BStU 000124" names no one).
func (x *extractor) findMentions() {
	x.mentions = nil
	for _, m := range x.reg.scan(x.d.text, 0) {
		if !x.d.onMarkLine(m.start) {
			x.mentions = append(x.mentions, m)
		}
	}
}
