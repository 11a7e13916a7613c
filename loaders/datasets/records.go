package datasets

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
)

// records.json is what pactgraph knows of the datasets beyond their files
// (world knowledge, each entry with its source): the datasets' pages, the
// names of records the files give by key only, and ATOP's codes in words.
//
//go:embed records.json
var recordsJSON []byte

type knowledge struct {
	Sources  map[string]string `json:"sources"`
	Datasets []struct {
		Name      string `json:"name"`
		URL       string `json:"url"`
		RecordURL string `json:"record_url"`
		Source    string `json:"source"`
	} `json:"datasets"`
	Alliances []struct {
		ATOPID string `json:"atopid"`
		Name   string `json:"name"`
		Source string `json:"source"`
	} `json:"atop_alliances"`
	Provisions []struct {
		Code   string            `json:"code"`
		Words  string            `json:"words"`
		Levels map[string]string `json:"levels"`
		Source string            `json:"source"`
	} `json:"atop_provisions"`
	People []struct {
		PersonID string `json:"person_id"`
		Name     string `json:"name"`
		Source   string `json:"source"`
	} `json:"pocom_people"`
	Roles []struct {
		ID     string `json:"role_title_id"`
		Words  string `json:"words"`
		Source string `json:"source"`
	} `json:"pocom_roles"`
}

// known is records.json read: lookups by key.
type known struct {
	page, recordURL        map[string]string // dataset → its page, its records' URL pattern
	alliance, person, role map[string]string // ATOP id, POCOM person id, POCOM role id → words
	provision              map[string]string // ATOP variable → words
	levels                 map[string]map[string]string
}

// readKnown reads records.json; an entry without a known source, key or
// words is an error naming it.
func readKnown(data []byte) (*known, error) {
	var k knowledge
	if err := json.Unmarshal(data, &k); err != nil {
		return nil, fmt.Errorf("records.json: %w", err)
	}
	out := &known{page: map[string]string{}, recordURL: map[string]string{}, alliance: map[string]string{},
		person: map[string]string{}, role: map[string]string{}, provision: map[string]string{}, levels: map[string]map[string]string{}}
	check := func(what, key, words, source string) error {
		if key == "" || words == "" {
			return fmt.Errorf("records.json: %s %q: key and words wanted", what, key)
		}
		if _, ok := k.Sources[source]; !ok {
			return fmt.Errorf("records.json: %s %q: source %q is not among the sources", what, key, source)
		}
		return nil
	}
	for _, d := range k.Datasets {
		if err := check("dataset", d.Name, d.URL, d.Source); err != nil {
			return nil, err
		}
		out.page[d.Name], out.recordURL[d.Name] = d.URL, d.RecordURL
	}
	for _, a := range k.Alliances {
		if err := check("ATOP alliance", a.ATOPID, a.Name, a.Source); err != nil {
			return nil, err
		}
		out.alliance[a.ATOPID] = a.Name
	}
	for _, p := range k.Provisions {
		if err := check("ATOP provision", p.Code, p.Words, p.Source); err != nil {
			return nil, err
		}
		out.provision[p.Code], out.levels[p.Code] = p.Words, p.Levels
	}
	for _, p := range k.People {
		if err := check("POCOM person", p.PersonID, p.Name, p.Source); err != nil {
			return nil, err
		}
		out.person[p.PersonID] = p.Name
	}
	for _, r := range k.Roles {
		if err := check("POCOM role", r.ID, r.Words, r.Source); err != nil {
			return nil, err
		}
		out.role[r.ID] = r.Words
	}
	return out, nil
}

// provisionWords is an ATOP provision in words, with its code and value:
// "military contact in peacetime: moderate (ATOP milcon = 2)". A variable
// the codebook entry does not give words for keeps its code.
func (k *known) provisionWords(code, value string) string {
	words, ok := k.provision[code]
	if !ok {
		return code
	}
	if l := k.levels[code][value]; l != "" {
		words += ": " + l
	}
	return words + " (ATOP " + code + " = " + value + ")"
}

// recordURL fills the dataset's pattern of record URLs with key; "" when it
// has none.
func (k *known) recordPage(dataset, field, key string) string {
	p := k.recordURL[dataset]
	if p == "" {
		return ""
	}
	return strings.ReplaceAll(p, "{"+field+"}", key)
}
