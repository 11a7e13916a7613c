package loaders

import "testing"

// TestNameOn checks that an entry is named as it was on a given day, and
// that a dated name needs a known source.
func TestNameOn(t *testing.T) {
	e := Entry{Name: "Ruritania", DatedNames: []DatedName{
		{Name: "Kingdom of Ruritania", Until: "1948-03-01"},
		{Name: "People's Republic of Ruritania", From: "1948-03-01", Until: "1990-01-01"},
	}}
	for date, want := range map[string]string{
		"1947-12-31": "Kingdom of Ruritania",
		"1948-03-01": "People's Republic of Ruritania",
		"1989-12-31": "People's Republic of Ruritania",
		"1990-01-01": "Ruritania",
		"":           "Ruritania",
	} {
		if got := e.NameOn(date); got != want {
			t.Errorf("NameOn(%q) = %q, want %q", date, got, want)
		}
	}
	_, err := ParseGazetteer([]byte(`{"sources": {}, "entities": [{"id": "r", "type": "Territory", "name": "R", "dated_names": [{"name": "S", "source": "nowhere"}]}]}`))
	if err == nil {
		t.Error("a dated name without a known source was accepted")
	}
}
