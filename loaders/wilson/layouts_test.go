package wilson

import (
	"slices"
	"strings"
	"testing"

	"github.com/pactgraph/pactgraph/loaders"
)

// catalogued puts an invented translation under a catalogue header.
func catalogued(translation string) string {
	return `June 1, 1970

An invented agreement, 1 June 1970

Citation:

"An invented agreement, 1 June 1970", June 1, 1970, Wilson Center Digital Archive, Ruritanian State Archive (RSA), f. 1.

<https://digitalarchive.example.org/document/424242>

Contents:

Translation - English

` + translation
}

// parseLayout parses text and checks the report's invariants.
func parseLayout(t *testing.T, text string) *loaders.Report {
	t.Helper()
	rep, err := Parse("layout.txt", text, gazetteer(t))
	if err != nil {
		t.Fatal(err)
	}
	checkReport(t, rep)
	return rep
}

func nameOf(rep *loaders.Report, id string) string {
	for _, e := range rep.Entities {
		if e.ID == id {
			return e.Name
		}
	}
	return "?" + id
}

func partyNamesOf(rep *loaders.Report) []string {
	var out []string
	for _, p := range rep.Agreement.Parties {
		out = append(out, nameOf(rep, p))
	}
	return out
}

// TestPartiesFromPreamble: without a title block "Between …", the parties
// are the contracting sides that open the preamble, and no warning is due.
func TestPartiesFromPreamble(t *testing.T) {
	for _, tc := range []struct {
		name, translation string
		want              []string
	}{
		{"one sentence", "Treaty on the Prevention of Floods\n\nThe Government of Ruritania and the Government of Borduria, desiring to protect the valley of the river, have agreed as follows:\n\n",
			[]string{"Government of Ruritania", "Government of Borduria"}},
		{"a side a line", "Agreement on River Pilots\n\nThe Kingdom of Ruritania,\n\nthe Republic of Borduria and Northern Isles, and\n\nthe Grand Duchy of Syldavia\n\nHave agreed as follows:\n\n",
			[]string{"Kingdom of Ruritania", "Republic of Borduria and Northern Isles", "Grand Duchy of Syldavia"}},
		{"shared plural head", "Agreement on Pilot Licences\n\nThe Governments of Ruritania, Borduria and Syldavia, Parties to the River Convention signed at Klow on 1 May 1950;\n\nConsidering that pilots cross their borders;\n\nHave agreed as follows:\n\n",
			[]string{"Ruritania", "Borduria", "Syldavia"}},
		{"collective", "Convention on Bird Migration\n\nThe States Parties to this Convention, Recognizing the value of birds, Have agreed as follows:\n\n",
			[]string{"Parties to the Convention on Bird Migration"}},
		{"collective named by no treaty", "Agreement on the Return of Lost Boats\n\nThe Contracting Parties, Noting the number of boats lost on the lake, Have agreed as follows:\n\n",
			[]string{"Parties to the Agreement on the Return of Lost Boats"}},
		{"conference", "Protocol\n\nOn 3 March 1982 representatives of the ministries of the interior of Ruritania, Borduria and Syldavia met in Klow and agreed on the following.\n\n",
			[]string{"Ministry of the Interior of Ruritania", "Ministry of the Interior of Borduria", "Ministry of the Interior of Syldavia"}},
		{"sides after the recitals", "Agreement on Libraries\n\nGuided by the wish to deepen the friendship of their peoples, and in the interest of learning, the Ministry of Culture of Ruritania, the Academy of Letters of Borduria and the National Library of Syldavia have agreed as follows:\n\n",
			[]string{"Ministry of Culture of Ruritania", "Academy of Letters of Borduria", "National Library of Syldavia"}},
		{"sides after recitals of their own", "Agreement on Libraries\n\nConsidering the long friendship of their peoples,\n\nDesiring to exchange books,\n\nThe Ministry of Culture of Ruritania and the Academy of Letters of Borduria have agreed as follows:\n\n",
			[]string{"Ministry of Culture of Ruritania", "Academy of Letters of Borduria"}},
		{"the preamble's sides have agreed", "Agreement between Ruritania and Borduria\n\nThe Ministry of Interior of Ruritania and the Ministry of Interior of Borduria, guided by their friendship, have agreed as follows:\n\n",
			[]string{"Ministry of Interior of Ruritania", "Ministry of Interior of Borduria"}},
	} {
		rep := parseLayout(t, catalogued(tc.translation+"Article 1\n\nThe Parties shall exchange river charts.\n"))
		if got := partyNamesOf(rep); !slices.Equal(got, tc.want) {
			t.Errorf("%s: parties %q, want %q", tc.name, got, tc.want)
		}
		if len(rep.Warnings) > 0 {
			t.Errorf("%s: warnings %+v, want none", tc.name, rep.Warnings)
		}
	}
	rep := parseLayout(t, catalogued("Agreement on Pilot Licences\n\nThe Governments of Ruritania and Borduria have agreed as follows:\n\nArticle 1\n\nThe Parties shall exchange river charts.\n"))
	for _, p := range rep.Agreement.Parties {
		for _, e := range rep.Entities {
			if e.ID == p && e.Type != loaders.Territory {
				t.Errorf("%s is a %s, want the state of a government, a Territory", e.Name, e.Type)
			}
		}
	}
}

// TestSecondPartyWithoutArticle: "the X of A and Ministry of … of B".
func TestSecondPartyWithoutArticle(t *testing.T) {
	rep := parseLayout(t, catalogued("Protocol\n\nbetween the Ministry of State Security of Ruritania and Ministry of the Interior of Borduria\n\nThe Parties have agreed as follows:\n\nArticle 1\n\nBoth sides will exchange information.\n"))
	want := []string{"Ministry of State Security of Ruritania", "Ministry of the Interior of Borduria"}
	if got := partyNamesOf(rep); !slices.Equal(got, want) {
		t.Errorf("parties %q, want %q", got, want)
	}
}

// TestTitleInCapitals: a title block in capitals ends its parties at the
// topic as one in lower case does.
func TestTitleInCapitals(t *testing.T) {
	rep := parseLayout(t, catalogued("CONVENTION BETWEEN THE MINISTRY OF FISHERIES OF RURITANIA AND THE FISHERIES BOARD OF BORDURIA CONCERNING THE LAKE OF ZEMBLA\n\nThe Parties have agreed as follows:\n\nArticle 1\n\nBoth sides will exchange information.\n"))
	want := []string{"MINISTRY OF FISHERIES OF RURITANIA", "FISHERIES BOARD OF BORDURIA"}
	if got := partyNamesOf(rep); !slices.Equal(got, want) {
		t.Errorf("parties %q, want %q", got, want)
	}
}

// TestTitleBlockLayouts: a letter-spaced heading, a title-block line
// ending in a full stop and an editor's bracket.
func TestTitleBlockLayouts(t *testing.T) {
	rep := parseLayout(t, catalogued("A G R E E M E N T\n\n[Translated from the Ruritanian]\n\nbetween the Ministry of Interior of Ruritania [...] and the State Security Service of Borduria.\n\nThe Parties have agreed as follows:\n\nArticle 1\n\nBoth sides will exchange information.\n"))
	want := []string{"Ministry of Interior of Ruritania", "State Security Service of Borduria"}
	if got := partyNamesOf(rep); !slices.Equal(got, want) {
		t.Errorf("parties %q, want %q", got, want)
	}
	for _, e := range rep.Entities {
		if strings.ContainsAny(e.Name, "[]") {
			t.Errorf("entity %q holds an editor's bracket", e.Name)
		}
	}
	if !strings.HasPrefix(rep.Agreement.Entity, "agreement") {
		t.Errorf("agreement %q, want it named for the letter-spaced AGREEMENT", rep.Agreement.Entity)
	}
}

// TestProvisionsWithoutArticles: numbered points are the provisions where
// there are no "Article" headings; section headings are no article text.
func TestProvisionsWithoutArticles(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		numbers    []string
	}{
		{"digits", "1. The sides shall exchange lists of smugglers.\n\n2. The sides shall meet every year.\n", []string{"1", "2"}},
		{"roman", "I. The sides shall exchange lists of smugglers.\n\nII. The sides shall meet every year.\n", []string{"I", "II"}},
		{"letters", "a) the sides shall exchange lists of smugglers;\n\nb) the sides shall meet every year.\n", []string{"a", "b"}},
	} {
		rep := parseLayout(t, catalogued("Protocol\n\nbetween the Ministry of Interior of Ruritania and the State Security Service of Borduria\n\nThe sides agreed on the following:\n\n"+tc.body))
		var got []string
		for _, a := range rep.Articles {
			got = append(got, a.Number)
		}
		if !slices.Equal(got, tc.numbers) || len(rep.Obligations) != 2 {
			t.Errorf("%s: articles %q with %d commitments, want %q with 2", tc.name, got, len(rep.Obligations), tc.numbers)
		}
	}
	rep := parseLayout(t, catalogued("Agreement\n\nBetween the Ministry of Interior of Ruritania and the State Security Service of Borduria\n\nChapter I\n\nGeneral Provisions\n\nArticle 1\n\nThe sides shall meet every year.\n\nCHAPTER II\n\nArticle 2\n\nThe sides shall exchange lists.\n"))
	if len(rep.Articles) != 2 || strings.Contains(rep.Articles[0].Text, "CHAPTER") || len(rep.Warnings) > 0 {
		t.Errorf("articles %+v, warnings %+v: want two, without the chapter headings", rep.Articles, rep.Warnings)
	}
}

// TestTreatySignatures: "For the X:" followed by "(sd.)", "(s.)",
// "(signed)" names, several for one side, names in capitals, a protocol's
// text after the blocks, and a block at the start.
func TestTreatySignatures(t *testing.T) {
	body := "Agreement\n\nBetween the Government of Ruritania and the Government of Borduria\n\nArticle 1\n\nThe Parties shall exchange river charts.\n\n" +
		"DONE at Klow on 2 June 1970, in two originals in the English language.\n\n" +
		"For the Government of Ruritania:\n\n(sd.) A. PETROV\n\n(s.) B. Ivanov\n\nFor the Government of Borduria,\n\n(signed) C. Novak\n\n" +
		"Protocol\n\nAt the signing of the Agreement the undersigned have agreed that pilots of the one Party will be treated as those of the other.\n\n" +
		"For the Government of Ruritania:\n\n(sd.) A. PETROV\n"
	rep := parseLayout(t, catalogued(body))
	type sig struct{ person, party string }
	var got []sig
	for _, s := range rep.Signatures {
		got = append(got, sig{nameOf(rep, s.Person), nameOf(rep, s.OnBehalfOf)})
		if len(s.Office) > 100 {
			t.Errorf("office %q: a sentence, no office", s.Office)
		}
	}
	want := []sig{{"A. PETROV", "Government of Ruritania"}, {"B. Ivanov", "Government of Ruritania"}, {"C. Novak", "Government of Borduria"}}
	if !slices.Equal(got, want) {
		t.Errorf("signatures %q, want %q", got, want)
	}

	start := "Protocol\n\nFor the Ministry of Interior of Ruritania:\n(signed) A. Petrov\n\nFor the State Security Service of Borduria:\n(signed) C. Novak\n\n" +
		"1. The sides shall exchange lists of smugglers.\n"
	rep = parseLayout(t, catalogued(start))
	if len(rep.Signatures) != 2 || len(rep.Agreement.Parties) != 2 || len(rep.Obligations) != 1 {
		t.Errorf("signatures at the start: %d signatures, parties %q, %d commitments; want 2, both sides as parties, 1",
			len(rep.Signatures), partyNamesOf(rep), len(rep.Obligations))
	}
}

// TestPartialReports: what cannot be read gives a warning and the rest of
// the report; a file that is not UTF-8 is read as Latin-1.
func TestPartialReports(t *testing.T) {
	rep := parseLayout(t, catalogued("Notes of a meeting\n\nThe delegations discussed the river.\n"))
	var msgs []string
	for _, w := range rep.Warnings {
		msgs = append(msgs, w.Message)
	}
	all := strings.Join(msgs, "\n")
	if !strings.Contains(all, `expected "Article" headings`) || !strings.Contains(all, "expected the parties") {
		t.Errorf("warnings %q, want the missing provisions and parties", msgs)
	}

	latin1 := strings.Replace(agreementText("Both sides will exchange information."), "Ann Example", "Ann Ex\xe9mple", 1)
	rep = parseLayout(t, latin1)
	if len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0].Message, "Latin-1") || !strings.Contains(rep.Text, "Exémple") {
		t.Errorf("Latin-1: warnings %+v; want one, and the text decoded", rep.Warnings)
	}
}

// TestWebCopy: a copy of a web page, a paragraph a line without blank
// lines, a line of non-breaking spaces and curly quotes, reads as the file
// with blank lines does.
func TestWebCopy(t *testing.T) {
	text := agreementText("Both sides will exchange information.\n\nEach side shall bear its own costs.")
	web := strings.ReplaceAll(strings.ReplaceAll(text, "\n\n", "\n"), "\"Agreement", "\u201cAgreement")
	web = strings.Replace(web, "\nArticle 1", "\n\u00a0\u00a0\nArticle 1", 1)
	want, got := parseLayout(t, text), parseLayout(t, web)
	if !slices.Equal(partyNamesOf(got), partyNamesOf(want)) || len(got.Obligations) != len(want.Obligations) || got.Document.Title != want.Document.Title {
		t.Errorf("web copy: parties %q, %d commitments, title %q; want %q, %d, %q",
			partyNamesOf(got), len(got.Obligations), got.Document.Title, partyNamesOf(want), len(want.Obligations), want.Document.Title)
	}
}

// TestAnnexedProtocol: an instrument after the signatures ("ADDITIONAL
// PROTOCOL") is read as a provision numbered by its heading and is a
// treaty of its own, named after the agreement; its opening formula is no
// commitment, what it agrees on is; its closing and signatures end it. A
// closing in capitals ("IN WITNESS WHEREOF", "DONE at") is no part of the
// last article.
func TestAnnexedProtocol(t *testing.T) {
	rep := parseLayout(t, catalogued("Agreement between the Government of Ruritania and the Government of Borduria for the avoidance of floods on the Zembla\n\n"+
		"The Parties have agreed as follows:\n\nArticle 1\n\nThe Parties shall exchange river charts.\n\n"+
		"IN WITNESS WHEREOF the undersigned have signed this Agreement.\n\nDONE at Klow on 1 June 1970 in two copies.\n\n"+
		"For the Government of Ruritania:\n\n(sd.) A. PETROV\n\nFor the Government of Borduria:\n\n(sd.) C. NOVAK\n\n"+
		"ADDITIONAL PROTOCOL\n\nAt the signing of the Agreement the undersigned have agreed upon the following:\n\n"+
		"the river police of each Party will be admitted to the ports of the other Party.\n\n"+
		"This Protocol shall form an integral part of the Agreement.\n\n"+
		"DONE at Klow on 1 June 1970.\n\nFor the Government of Ruritania:\n\n(sd.) A. PETROV\n"))
	var numbers []string
	for _, a := range rep.Articles {
		numbers = append(numbers, a.Number)
		if a.Number == "1" && strings.Contains(a.Text, "WITNESS") {
			t.Errorf("Article 1 holds the closing: %q", a.Text)
		}
	}
	if !slices.Equal(numbers, []string{"1", "Additional Protocol"}) {
		t.Errorf("provisions %q, want Article 1 and the Additional Protocol", numbers)
	}
	var protocol *loaders.Entity
	for i, e := range rep.Entities {
		if e.Type == loaders.Treaty && e.Name == "Additional Protocol to the invented agreement" {
			protocol = &rep.Entities[i]
		}
		if e.Type == loaders.Organisation && strings.Contains(e.Name, "floods") {
			t.Errorf("organisation %q runs into the title's purpose", e.Name)
		}
	}
	if protocol == nil || protocol.ID != rep.Agreement.Entity+"-additional-protocol" {
		t.Errorf("protocol entity %+v, want a Treaty whose id is the agreement's and its heading's", protocol)
	}
	var inProtocol []string
	for _, o := range rep.Obligations {
		if o.Article == "Additional Protocol" {
			inProtocol = append(inProtocol, o.Text)
		}
	}
	if len(inProtocol) != 1 || !strings.HasPrefix(inProtocol[0], "the river police") {
		t.Errorf("the protocol's commitments %q, want the admission of the river police only", inProtocol)
	}
	if got := partyNamesOf(rep); !slices.Equal(got, []string{"Government of Ruritania", "Government of Borduria"}) {
		t.Errorf("parties %q, want the two governments, without the title's purpose", got)
	}
}

// TestTreatyTitleIsNoBody: a capitalised name before a treaty's head word
// ("the Air Services Agreement") is part of the treaty's title, no
// organisation.
func TestTreatyTitleIsNoBody(t *testing.T) {
	rep := parseBody(t, "The Parties shall apply the River Services Agreement of 1950 to the new ports.")
	for _, e := range rep.Entities {
		if e.Type == loaders.Organisation && e.Name == "River Services" {
			t.Errorf("organisation %q, want none", e.Name)
		}
	}
}

// TestNamelessSignatures: "(sd.)" without a name records no signatory,
// but the side it signs for ("For the Government of X:") is a party when
// nothing else names the parties.
func TestNamelessSignatures(t *testing.T) {
	rep := parseLayout(t, catalogued("Treaty on River Pilots\n\nArticle 1\n\nThe Parties shall exchange river charts.\n\n"+
		"Done at Klow on 1 June 1970.\n\nFor the Government of Ruritania:\n\n(sd.)\n\nFor the Government of Borduria:\n\n(sd.)\n"))
	if got, want := partyNamesOf(rep), []string{"Government of Ruritania", "Government of Borduria"}; !slices.Equal(got, want) {
		t.Errorf("parties %q, want %q", got, want)
	}
	if len(rep.Signatures) != 0 {
		t.Errorf("signatures %+v, want none: nobody is named", rep.Signatures)
	}
	if len(rep.Warnings) != 0 {
		t.Errorf("warnings %+v, want none", rep.Warnings)
	}
}

// TestShortNamesOfParties: a party named without its state ("The Pilot
// Office" for the "Pilot Office of Zembla") is that party, also when no
// gazetteer knows the state and the name has no organisational head word.
func TestShortNamesOfParties(t *testing.T) {
	rep := parseLayout(t, catalogued("Agreement\n\nBetween the Pilot Office of Zembla and the River Watch of Syldavia\n\n"+
		"The Parties have agreed as follows:\n\nArticle 1\n\nThe Pilot Office shall keep the buoys lit.\n\nThe River Watch shall report every wreck to the Pilot Office.\n"))
	if len(rep.Obligations) != 2 {
		t.Fatalf("commitments %+v, want two", rep.Obligations)
	}
	for i, want := range []string{"Pilot Office of Zembla", "River Watch of Syldavia"} {
		if got := rep.Obligations[i].Bearers; len(got) != 1 || nameOf(rep, got[0]) != want {
			t.Errorf("commitment %d: bearers %v, want %s", i, got, want)
		}
	}
	for _, e := range rep.Entities {
		if e.Name == "Pilot Office" || e.Name == "River Watch" {
			t.Errorf("entity %q of its own, want a name of the party", e.Name)
		}
	}
}

// TestPlanTasks: a plan's numbered task that names no verb ("1. Exchange
// of charts …") followed by the lines that assign it ("Responsible: …",
// "Deadline: …") is an obligation of those the "Responsible" line names,
// else of both sides; a section heading above the tasks is none.
func TestPlanTasks(t *testing.T) {
	rep := parseLayout(t, catalogued("Plan\n\nbetween the Pilot Office of Zembla (PO) and the River Watch of Syldavia (RW)\n\n"+
		"The PO and the RW have agreed on the following tasks:\n\n"+
		"I. Safety of the river\n\n"+
		"1. Exchange of charts of the lower river.\nResponsible: PO\nDeadline: continuously\n\n"+
		"2. Joint inspection of the buoys.\nDeadline: 1982\n"))
	var got [][2]string
	for _, o := range rep.Obligations {
		var names []string
		for _, b := range o.Bearers {
			names = append(names, nameOf(rep, b))
		}
		got = append(got, [2]string{o.Text, strings.Join(names, "; ")})
	}
	want := [][2]string{
		{"Exchange of charts of the lower river.", "Pilot Office of Zembla"},
		{"Joint inspection of the buoys.", "Pilot Office of Zembla; River Watch of Syldavia"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("commitments %q, want %q", got, want)
	}
}

// TestPastedTranslation: a catalogue typed with blank lines and a
// translation pasted from a web page without them (a block of eight
// lines or more) is read a paragraph a line: the last provision does not
// run into the signatures. "The ministries" are the parties when the
// parties are ministries; "borne by the sending ministry" is the sending
// party's duty.
func TestPastedTranslation(t *testing.T) {
	rep := parseLayout(t, catalogued("P r o t o c o l\n"+
		"On 2 October 1979 representatives of the ministries of the interior of Ruritania, Borduria and Syldavia met in Klow and agreed on the following.\n"+
		"1. The ministries shall exchange information on river smugglers twice a year.\n"+
		"2. Costs of the delegations are borne by the sending ministry.\n"+
		"For the Ministry of the Interior of Ruritania\n[Signed] A. Petrov\n[Signed] B. Ivanov\n"+
		"For the Ministry of the Interior of Borduria\n[Signed] C. Novak\n"+
		"For the Ministry of the Interior of Syldavia\n[Signed] D. Kovac\n"))
	if len(rep.Obligations) != 2 {
		t.Fatalf("commitments %+v, want two", rep.Obligations)
	}
	for _, o := range rep.Obligations {
		if !slices.Equal(o.Bearers, rep.Agreement.Parties) || len(o.Bearers) != 3 {
			t.Errorf("%q: bearers %v, want the three parties %v", o.Text, o.Bearers, rep.Agreement.Parties)
		}
	}
	if got := rep.Obligations[1].Type; got != "cost-bearing" {
		t.Errorf("%q: type %s, want cost-bearing", rep.Obligations[1].Text, got)
	}
	if len(rep.Signatures) != 4 || rep.Signatures[0].Office != "" {
		t.Errorf("signatures %+v, want four, none with a provision for office", rep.Signatures)
	}
}

// TestTitleInCapitalsNamesAsWritten: a party named in a title in capitals
// is named as the text writes it in lower case elsewhere; the parties of
// another treaty as a whole are an organisation, not that treaty.
func TestTitleInCapitalsNamesAsWritten(t *testing.T) {
	rep := parseLayout(t, catalogued("TREATY OF FRIENDSHIP BETWEEN THE REPUBLIC OF ZEMBLA AND THE KINGDOM OF SYLDAVIA\n\n"+
		"The Republic of Zembla and the Kingdom of Syldavia, Parties to the River Treaty, have agreed as follows:\n\n"+
		"Article 1\n\nThe High Contracting Parties shall develop their friendship and co-operation in the political, economic and cultural fields.\n"))
	if got, want := partyNamesOf(rep), []string{"Republic of Zembla", "Kingdom of Syldavia"}; !slices.Equal(got, want) {
		t.Errorf("parties %q, want %q", got, want)
	}
	if got := rep.Obligations[0].Type; got != "economic-cooperation" {
		t.Errorf("type %s, want economic-cooperation", got)
	}
	rep = parseLayout(t, catalogued("Protocol on Pilots\n\nThe Parties to the River Treaty, Desiring to train pilots, Have agreed as follows:\n\nArticle 1\n\nThe Parties shall exchange pilots.\n"))
	for _, e := range rep.Entities {
		if e.Name == "Parties to the River Treaty" && e.Type != loaders.Organisation {
			t.Errorf("%q is a %s, want an Organisation", e.Name, e.Type)
		}
	}
}

// TestEmptyAnnex: an annex heading followed at once by its closing and
// signatures, then text no heading opens, gives no provision and no
// panic; a second annex after it is read.
func TestEmptyAnnex(t *testing.T) {
	rep := parseLayout(t, catalogued("Agreement between the Government of Ruritania and the Government of Borduria\n\n"+
		"The Parties have agreed as follows:\n\nArticle 1\n\nThe Parties shall exchange river charts.\n\n"+
		"For the Government of Ruritania:\n\n(sd.) A. PETROV\n\n"+
		"Protocol\n\nDONE at Klow on 1 June 1970.\n\nFor the Government of Ruritania:\n\n(sd.) A. PETROV\n\n"+
		"Some note of the archive about the copy.\n\n"+
		"Annex II\n\nThe Parties shall mark the channel with buoys.\n"))
	var numbers []string
	for _, a := range rep.Articles {
		numbers = append(numbers, a.Number)
	}
	if !slices.Equal(numbers, []string{"1", "Annex II"}) {
		t.Errorf("provisions %q, want Article 1 and Annex II", numbers)
	}
}

// TestDateLineIsNoTask: a closing's "Date:" line after the last article
// makes no task of the sentence before it.
func TestDateLineIsNoTask(t *testing.T) {
	rep := parseLayout(t, catalogued("Agreement\n\nBetween the Pilot Office of Zembla and the River Watch of Syldavia\n\n"+
		"The Parties have agreed as follows:\n\nArticle 1\n\nThe Parties shall exchange charts.\n\n"+
		"Article 2\n\nThe charts of the upper river remain with the Pilot Office.\nDate: 1 June 1970\nPlace: Klow\n"))
	for _, o := range rep.Obligations {
		if o.Article == "2" {
			t.Errorf("commitment %q, want none: a statement followed by the closing's date", o.Text)
		}
	}
}
