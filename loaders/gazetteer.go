package loaders

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

//go:embed gazetteer.json
var gazetteerJSON []byte

// Gazetteer is world knowledge as data: known organisations, states, people
// and treaties, their aliases and their identifiers in other datasets.
type Gazetteer struct {
	// Sources names, per key, the dataset an identifier was confirmed from.
	Sources map[string]string `json:"sources"`
	Entries []Entry           `json:"entities"`
	byName  map[string]int
}

// Entry is one known thing.
type Entry struct {
	ID      string   `json:"id"`
	Type    string   `json:"type"`
	Name    string   `json:"name"`
	Aliases []string `json:"aliases"`
	// Demonyms are adjectives naming a state's people or side ("Soviet").
	Demonyms []string `json:"demonyms,omitempty"`
	// Within is the id of the state an organisation belongs to, if known.
	Within string `json:"within,omitempty"`
	// Date is the date of signature of a treaty.
	Date string `json:"date,omitempty"`
	// DatedNames are the official names a state had in turn, each for a
	// span of time: a document of 1972 calls Czechoslovakia the
	// "Czechoslovak Socialist Republic", one of 1955 the "Czechoslovak
	// Republic".
	DatedNames  []DatedName  `json:"dated_names,omitempty"`
	Identifiers []Identifier `json:"identifiers,omitempty"`
}

// DatedName is a name in use From a date (inclusive) Until another
// (exclusive), both ISO dates, either open when empty; Source is a key of
// Gazetteer.Sources.
type DatedName struct {
	Name   string `json:"name"`
	From   string `json:"from,omitempty"`
	Until  string `json:"until,omitempty"`
	Source string `json:"source"`
}

// NameOn returns the entry's name on the given ISO date: the dated name in
// use that day, else its canonical name.
func (e *Entry) NameOn(date string) string {
	if date != "" {
		for _, d := range e.DatedNames {
			if (d.From == "" || d.From <= date) && (d.Until == "" || date < d.Until) {
				return d.Name
			}
		}
	}
	return e.Name
}

// Identifier is the entry's key in another dataset and the source that
// confirms it (a key of Gazetteer.Sources).
type Identifier struct {
	Scheme string `json:"scheme"`
	Value  string `json:"value"`
	Source string `json:"source"`
}

// Names returns the entry's canonical name followed by its aliases and its
// dated names.
func (e *Entry) Names() []string {
	out := append([]string{e.Name}, e.Aliases...)
	for _, d := range e.DatedNames {
		out = append(out, d.Name)
	}
	return out
}

// SameAs returns the full IRIs of the entry in other datasets (Wikidata).
func (e *Entry) SameAs() []string {
	out := []string{}
	for _, id := range e.Identifiers {
		if id.Scheme == "wikidata" {
			out = append(out, "http://www.wikidata.org/entity/"+id.Value)
		}
	}
	return out
}

// DefaultGazetteer loads the gazetteer embedded in the binary.
func DefaultGazetteer() (*Gazetteer, error) {
	return ParseGazetteer(gazetteerJSON)
}

// ParseGazetteer reads a gazetteer from its JSON form and checks it: ids are
// unique, types are known and every identifier names a known source.
func ParseGazetteer(data []byte) (*Gazetteer, error) {
	var g Gazetteer
	if err := json.Unmarshal(data, &g); err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	g.byName = map[string]int{}
	seen := map[string]bool{}
	for i, e := range g.Entries {
		if e.ID == "" || seen[e.ID] {
			return nil, fmt.Errorf("gazetteer: entry %d: missing or duplicate id %q", i, e.ID)
		}
		seen[e.ID] = true
		switch e.Type {
		case Organisation, Person, Territory, Treaty:
		default:
			return nil, fmt.Errorf("gazetteer: %s: unknown type %q", e.ID, e.Type)
		}
		for _, id := range e.Identifiers {
			if _, ok := g.Sources[id.Source]; !ok {
				return nil, fmt.Errorf("gazetteer: %s: identifier %s:%s has no known source", e.ID, id.Scheme, id.Value)
			}
		}
		for _, d := range e.DatedNames {
			if _, ok := g.Sources[d.Source]; !ok || d.Name == "" {
				return nil, fmt.Errorf("gazetteer: %s: dated name %q has no name or no known source", e.ID, d.Name)
			}
		}
		for _, n := range e.Names() {
			if _, dup := g.byName[NormName(n)]; !dup {
				g.byName[NormName(n)] = i
			}
		}
	}
	return &g, nil
}

// Lookup finds the entry one of whose names equals name, ignoring case,
// punctuation and a leading "the".
func (g *Gazetteer) Lookup(name string) (*Entry, bool) {
	if g == nil {
		return nil, false
	}
	i, ok := g.byName[NormName(name)]
	if !ok {
		return nil, false
	}
	return &g.Entries[i], true
}

// Entry returns the entry with the given id.
func (g *Gazetteer) Entry(id string) (*Entry, bool) {
	if g == nil {
		return nil, false
	}
	for i := range g.Entries {
		if g.Entries[i].ID == id {
			return &g.Entries[i], true
		}
	}
	return nil, false
}

// NormName normalises a name for comparison: lower case, no leading
// "the", punctuation as spaces, single spaces. The result is the words of
// letters, digits and "_" in lower case, joined by single spaces.
func NormName(s string) string {
	if !isASCII(s) {
		return normNameUnicode(s)
	}
	// ASCII: one pass, no allocation when s is already normal.
	a, b := 0, len(s)
	for a < b && asciiSpace(s[a]) {
		a++
	}
	for b > a && asciiSpace(s[b-1]) {
		b--
	}
	if b-a >= 4 && lowerByte(s[a]) == 't' && lowerByte(s[a+1]) == 'h' && lowerByte(s[a+2]) == 'e' && s[a+3] == ' ' {
		a += 4
	}
	s = s[a:b]
	if normalASCII(s) {
		return s
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := lowerByte(s[i])
		if !wordByte(c) {
			continue
		}
		if len(out) > 0 && !wordByte(lowerByte(s[i-1])) {
			out = append(out, ' ')
		}
		out = append(out, c)
	}
	return string(out)
}

// normNameUnicode is NormName for any text.
func normNameUnicode(s string) string {
	s = strings.ToLower(s)
	s = strings.ReplaceAll(s, "’", "'")
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "the ")
	s = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
			return r
		}
		return ' '
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// normalASCII reports whether s is already a normal name: lower-case
// words of [a-z0-9_] separated by single spaces.
func normalASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' {
			if i == 0 || i == len(s)-1 || s[i-1] == ' ' {
				return false
			}
			continue
		}
		if !wordByte(c) {
			return false
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// asciiSpace is unicode.IsSpace for an ASCII byte.
func asciiSpace(c byte) bool {
	return c == ' ' || c >= '\t' && c <= '\r'
}

func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// wordByte is a lower-case ASCII letter, a digit or "_".
func wordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_'
}
