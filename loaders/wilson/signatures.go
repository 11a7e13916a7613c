package wilson

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/pactgraph/pactgraph/loaders"
)

var (
	signedLineRE = regexp.MustCompile(`(?i)^(?:\[(?:signed|signature|initialled|initialed)\]|\((?:signed|signature|initialled|initialed|sd\.?|sgd\.?|s\.)\)|signed:?|initiall?ed:?)\s*(.*)$`)
	personRE     = regexp.MustCompile(`^(?:(?:[A-Z][\p{L}'.-]*|de|del|da|di|van|von|der|la|le|y)\s+){0,4}[A-Z][\p{L}'-]+$`)
)

// signatures reads the signature blocks: office lines or "For the <party>"
// above "[Signed] Name[, Office]", and an optional date line below.
func (x *extractor) signatures() {
	type block struct {
		person, office, party string
		date                  *string
		from, para            int  // paragraphs of the block's first line and of the name line
		after                 bool // the office is written below the name
	}
	x.sigParties = len(x.parties) == 0
	var bs []block
	var pending []string
	forParty := ""
	from := -1 // the paragraph of the block's first line, once it has one
	for pi, p := range x.d.sigs {
		lines := sigLines(p.text)
		for li, t := range lines {
			var last *block
			if len(bs) > 0 {
				last = &bs[len(bs)-1]
			}
			party, forLine := forPrefix(t)
			switch m := signedLineRE.FindStringSubmatch(t); {
			case m != nil:
				name, office, _ := strings.Cut(m[1], ", ")
				if strings.TrimSpace(name) == "" {
					// "[Signed] , Chairman", "(sd.)" alone: no signatory to
					// record, but "For the X" above it signed, a party
					// when no other text names the parties.
					if forParty != "" {
						x.onBehalf(forParty, "", len(x.parties))
					}
					pending, forParty, from = nil, "", -1
					break
				}
				if office == "" {
					office = strings.Join(pending, " ")
				}
				party := forParty
				if party == "" && len(pending) == 0 && last != nil {
					party = last.party // several signatories under one "For the X"
				}
				bs = append(bs, block{person: x.person(name).ID, office: office, party: party, from: firstOf(from, pi), para: pi})
				pending, forParty, from = nil, "", -1
			case last != nil && wordCount(t) <= 4 && isDate(t):
				iso, _, _ := findDate(t)
				last.date = &iso
			case forParty != "" && nameLine(t) && (len(pending) == 0 || strings.Contains(t, " ")) &&
				(strings.Contains(t, " ") || li+1 == len(lines) || !nameLine(lines[li+1]) || !strings.Contains(lines[li+1], " ")):
				// a single word above a full name is the office: "Chairman" / "Yu. V. Andropov"
				// "For the X" / ["Office"] / "Name" [/ "Office"], without a [Signed] mark
				bs = append(bs, block{person: x.person(t).ID, office: strings.Join(pending, " "), party: forParty, from: firstOf(from, pi), para: pi})
				pending, forParty, from = nil, "", -1
			case last != nil && last.para == pi && !forLine && (last.office == "" || last.after):
				last.office = strings.TrimSpace(last.office + " " + t) // the office below the name
				last.after = true
			case forLine:
				forParty = party
				from = firstOf(from, pi)
			case wordCount(t) > 25:
				pending, from = nil, -1 // a sentence, no office: "Done at …, in two originals …"
			default:
				pending = append(pending, t)
				from = firstOf(from, pi)
			}
		}
	}
	x.agrDate = x.d.date
	if x.agrDate == nil {
		x.agrDate = x.closeDate
	}
	for i, b := range bs {
		s := loaders.Signature{Person: b.person, Office: b.office, OnBehalfOf: x.onBehalf(b.party, b.office, i), Date: b.date,
			Text: x.signatureText(b.from, b.para)}
		switch {
		case s.Date != nil:
		case x.closeDate != nil:
			s.Date = x.closeDate
		default:
			s.Date = x.agrDate
		}
		if x.agrDate == nil {
			x.agrDate = s.Date
		}
		x.sigs = append(x.sigs, s)
	}
}

// firstOf is at, or else pi when at is -1 (not yet set).
func firstOf(at, pi int) int {
	if at < 0 {
		return pi
	}
	return at
}

// signatureText is the words of a signature block, the lines of its
// paragraphs from-to, one a line.
func (x *extractor) signatureText(from, to int) string {
	var lines []string
	for _, p := range x.d.sigs[from : to+1] {
		lines = append(lines, sigLines(p.text)...)
	}
	return strings.Join(lines, "\n")
}

var forRE = regexp.MustCompile(`(?i)^(?:for|on behalf of|in the name of)\s+(?:the\s+)?(.+?)\s*[:,]?$`)

// nameLine reports a line that may be a signatory's bare name.
func nameLine(t string) bool { return personRE.MatchString(t) && !strings.Contains(t, " of ") }

// forPrefix reads "For the <party>", "On behalf of the <party>:".
func forPrefix(t string) (string, bool) {
	m := forRE.FindStringSubmatch(t)
	if m == nil {
		return "", false
	}
	return m[1], true
}

var forColonRE = regexp.MustCompile(`(?i)^((?:for|on behalf of|in the name of)\s[^:]+:)\s*(\S.*)$`)

// sigLines returns the cleaned lines of a signature paragraph; "For the X:
// (signed) Name" on one line is two.
func sigLines(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		t := clean(line)
		if t == "" {
			continue
		}
		if m := forColonRE.FindStringSubmatch(t); m != nil {
			out = append(out, m[1], m[2])
			continue
		}
		out = append(out, t)
	}
	return out
}

func isDate(s string) bool {
	_, _, ok := findDate(s)
	return ok
}

// onBehalf picks the party a signatory signs for: the one named after "For
// the", else the one whose names share most words with the office, else the
// party in the same position.
func (x *extractor) onBehalf(forParty, office string, n int) string {
	if forParty != "" {
		if p := x.organOf(forParty); p != "" {
			return p
		}
		if e := x.reg.lookup(forParty); e != nil {
			if !contains(x.parties, e.ID) {
				x.parties = append(x.parties, e.ID)
			}
			return e.ID
		}
		if x.sigParties {
			// No other text names the parties: "For the X" names one,
			// however many words it shares with another.
			e := x.reg.define(forParty, x.headType(forParty))
			x.parties = append(x.parties, e.ID)
			return e.ID
		}
		office = forParty + " " + office
	}
	best, bestScore := "", 0
	ow := stems(office)
	for _, id := range x.parties {
		score := 0
		for _, n := range x.reg.byID[id].names {
			s := overlap(ow, x.stems(n))
			if s > score {
				score = s
			}
		}
		if score > bestScore {
			best, bestScore = id, score
		}
	}
	if best != "" {
		return best
	}
	if n < len(x.parties) {
		return x.parties[n]
	}
	if forParty != "" {
		return x.reg.define(forParty, x.headType(forParty)).ID
	}
	if len(x.parties) > 0 {
		return x.parties[0]
	}
	return ""
}

// organOf returns the party a name belongs to when it is not a party
// itself but an organ of one: "Government of the People's Republic of
// Bulgaria" signs for the party Bulgaria.
func (x *extractor) organOf(name string) string {
	if e := x.reg.lookup(name); e != nil && contains(x.parties, e.ID) {
		return e.ID
	}
	words := strings.Fields(name)
	for i := 1; i < len(words)-1; i++ {
		if words[i] != "of" {
			continue
		}
		if e := x.reg.lookup(strings.Join(words[i+1:], " ")); e != nil && contains(x.parties, e.ID) {
			return e.ID
		}
	}
	return ""
}

// stems returns stems(s), computed once in a document.
func (x *extractor) stems(s string) map[string]bool {
	if st, ok := x.stemsOf[s]; ok {
		return st
	}
	if x.stemsOf == nil {
		x.stemsOf = map[string]map[string]bool{}
	}
	st := stems(s)
	x.stemsOf[s] = st
	return st
}

func stems(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len(w) < 3 || stopSlug[w] {
			continue
		}
		if len(w) > 6 {
			w = w[:6]
		}
		out[w] = true
	}
	return out
}

func overlap(a, b map[string]bool) int {
	n := 0
	for w := range a {
		if b[w] {
			n++
		}
	}
	return n
}
