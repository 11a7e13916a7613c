package wilson

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pactgraph/pactgraph/loaders"
)

// agreementText lays out an invented agreement between two services in the
// Wilson layout, with one article holding body.
func agreementText(body string) string {
	return fmt.Sprintf(`

June 1, 1970

Agreement between the Ministry of Interior of Ruritania and the State Security Service of Borduria, 1 June 1970

Citation:

"Agreement between the Ministry of Interior of Ruritania and the State Security Service of Borduria, 1 June 1970", June 1, 1970, Wilson Center Digital Archive, Ruritanian State Archive (RSA), f. 1, pp. 1-3. Translated from Ruritanian for CWIHP by Ann Example.

<https://digitalarchive.wilsoncenter.org/document/424242>

Original Language:

Ruritanian

Contents:

Translation - English

Agreement

Between the Ministry of Interior of Ruritania (MIR) and the State Security Service of Borduria (SSSB)

The Ministry of Interior of Ruritania (MIR) and the State Security Service of Borduria (SSSB) have agreed as follows:

Article 1

%s

Minister of Interior of Ruritania

[Signed] Rudolf Rassendyll
1 June 1970

Director of the State Security Service of Borduria

[Signed] Kurt Plodovsky
1 June 1970
`, body)
}

func parseBody(t *testing.T, body string) *loaders.Report {
	t.Helper()
	rep, err := Parse("invented.txt", agreementText(body), gazetteer(t))
	if err != nil {
		t.Fatal(err)
	}
	checkReport(t, rep)
	return rep
}

func TestModality(t *testing.T) {
	tests := []struct {
		sentence string
		want     string
	}{
		{"Both sides will exchange information on hostile services.", loaders.MustDo},
		{"The Parties shall consult each other regularly.", loaders.MustDo},
		{"Both sides undertake to exchange information.", loaders.MustDo},
		{"Both sides are committed to the exchange of information.", loaders.MustDo},
		{"The MIR may recruit citizens of Borduria.", loaders.MayDo},
		{"The SSSB is permitted to station officers in Ruritania.", loaders.MayDo},
		{"The SSSB is entitled to recruit collaborators.", loaders.MayDo},
		{"The MIR will have a liaison office in Borduria.", loaders.MayDo},
		{"Secret material must not be transferred to third parties.", loaders.MustNotDo},
		{"(2) Neither side shall disclose the lists to third states.", loaders.MustNotDo},
		{"Information shall not be passed to third parties.", loaders.MustNotDo},
		{"The SSSB may not recruit citizens of Ruritania.", loaders.MustNotDo},
		{"Neither of the Parties shall join an alliance against the other.", loaders.MustNotDo},
		{"Neither Party shall pass information to a third party without the written consent of the other.", loaders.MustNotDo},
		{"No Party may disclose information received from the other.", loaders.MustNotDo},
		{"Neither side shall be obliged to extradite its own citizens.", loaders.MayDo},
		{"Neither High Contracting Party shall conclude any alliance directed against the other High Contracting Party.", loaders.MustNotDo},
		{"Neither Contracting Party may disclose information received from the other Contracting Party.", loaders.MustNotDo},
		// An auxiliary is read with the verb it governs, across adverbs.
		{"Either Party shall thereafter have the right to terminate the arrangement.", loaders.MayDo},
		{"The MIR shall be entitled to send two observers.", loaders.MayDo},
		{"Both sides will in principle be free to choose the venue.", loaders.MayDo},
		{"The Parties shall refrain from acts that harm the fishing fleets of the other.", loaders.MustNotDo},
		{"The SSSB must strictly abstain from recruiting citizens of Ruritania.", loaders.MustNotDo},
		{"The Parties shall apply the rules of the convention.", loaders.MustDo},
	}
	for _, tt := range tests {
		rep := parseBody(t, tt.sentence)
		if len(rep.Obligations) != 1 {
			t.Errorf("%q: got %d commitments, want 1", tt.sentence, len(rep.Obligations))
			continue
		}
		if got := rep.Obligations[0].Modality; got != tt.want {
			t.Errorf("%q: modality %s, want %s", tt.sentence, got, tt.want)
		}
	}
}

func TestNoCommitment(t *testing.T) {
	for _, s := range []string{
		"Cooperation between both sides has a long tradition.",
		"Its numerical strength will be decided according to operative needs.",
		"Delegations of specialists will occur via the authorities in charge.",
		// savings clauses keep something out of the agreement's reach
		"Nothing in this Agreement shall prevent the sides from keeping their earlier arrangements.",
		"(b) Nothing contained in this Article shall be deemed to restrict the rights of third states.",
		"The duties owed under earlier conventions shall not be affected by this Agreement.",
		"The present Agreement does not affect, and shall not be construed as affecting, the membership of either side in other organisations.",
	} {
		if rep := parseBody(t, s); len(rep.Obligations) != 0 {
			t.Errorf("%q: got %d commitments, want none: %+v", s, len(rep.Obligations), rep.Obligations)
		}
	}
}

func TestBearers(t *testing.T) {
	tests := []struct {
		sentence string
		want     []string // names; "all" for every party
	}{
		{"Both sides will exchange information.", []string{"all"}},
		{"Each side shall inform the other without delay.", []string{"all"}},
		{"The Contracting Parties will consult each other.", []string{"all"}},
		{"The MIR will provide offices to the SSSB.", []string{"MIR"}},
		{"The State Security Service of Borduria will bear the costs.", []string{"SSSB"}},
		{"In order to protect citizens of Ruritania, the SSSB will provide assistance to the MIR.", []string{"SSSB"}},
		{"Costs for delegations will be borne by the SSSB.", []string{"SSSB"}},
		{"Respective levels of classification will be issued by the sending side.", []string{"all"}},
		{"The coordination between both sides will go through the liaison office.", nil},
		{"The MIR and the SSSB will hold annual meetings.", []string{"MIR", "SSSB"}},
		{"Each of the High Contracting Parties shall inform the others.", []string{"all"}},
		{"The receiving Party shall bear the costs of their accommodation.", []string{"all"}},
		{"The Ruritanian side may send liaison officers to Borduria.", []string{"MIR"}},
		{"The Bordurian Party shall provide them with offices.", []string{"SSSB"}},
		{"In the event of an attack on one of the Parties, the other Party shall render it all assistance.", []string{"all"}},
		{"In the event of an armed attack on one of the High Contracting Parties, the other High Contracting Party shall immediately render it assistance.", []string{"all"}},
		{"If one side so requests, the other side will send experts.", []string{"all"}},
		{"Each High Contracting Party shall inform the other of its plans.", []string{"all"}},
		{"Neither High Contracting Party shall take part in any coalition.", []string{"all"}},
		{"Either Contracting Party may request consultations.", []string{"all"}},
		{"The Governments Parties to this Agreement shall meet once a year.", []string{"all"}},
	}
	for _, tt := range tests {
		rep := parseBody(t, tt.sentence)
		if tt.want == nil {
			if len(rep.Obligations) != 0 {
				t.Errorf("%q: got bearers %v, want no commitment", tt.sentence, rep.Obligations[0].Bearers)
			}
			continue
		}
		if len(rep.Obligations) == 0 {
			t.Errorf("%q: no commitment", tt.sentence)
			continue
		}
		want := map[string]bool{}
		for _, n := range tt.want {
			if n == "all" {
				for _, p := range rep.Agreement.Parties {
					want[p] = true
				}
				continue
			}
			want[entityByName(rep, n)] = true
		}
		got := rep.Obligations[0].Bearers
		if len(got) != len(want) {
			t.Errorf("%q: bearers %v, want %v", tt.sentence, got, tt.want)
			continue
		}
		for _, id := range got {
			if !want[id] {
				t.Errorf("%q: bearers %v, want %v", tt.sentence, got, tt.want)
			}
		}
	}
}

func entityByName(rep *loaders.Report, name string) string {
	for _, e := range rep.Entities {
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			if n == name {
				return e.ID
			}
		}
	}
	return "?" + name
}

func TestTypes(t *testing.T) {
	tests := []struct {
		sentence string
		want     string
	}{
		{"Both sides will exchange information about the adversary.", "information-exchange"},
		{"Both sides will coordinate their measures against hostile centres.", "coordination"},
		{"The MIR will provide operative support and assistance to the SSSB.", "operative-support"},
		{"Both sides will provide mutual assistance in criminal matters.", "legal-assistance"},
		{"The SSSB is permitted to recruit citizens of Ruritania as secret collaborators.", "recruitment"},
		{"The SSSB will bear the costs of its liaison officers.", "cost-bearing"},
		{"The MIR will provide offices, vehicles and medical care to the officers of the SSSB.", "logistical-support"},
		{"Both sides will organise the exchange of vacationers and patients.", "personnel-exchange"},
		{"Both sides will maintain regular contacts and consult each other.", "consultation"},
		{"Both sides will maintain the secrecy of transferred documents.", "confidentiality"},
		{"Each side shall give the plans it receives the same level of security as the sending side gives them.", "confidentiality"},
		{"The sides shall work out procedures for the implementation of this Agreement.", "coordination"},
		{"Both sides may sign additional protocols.", "amendment"},
		{"This Agreement shall remain in force for five years.", "duration"},
		{"This Agreement is subject to ratification.", "ratification"},
		{"This Agreement comes into force upon signature.", "entry-into-force"},
		{"The Parties shall refrain from the threat or use of force.", "non-aggression"},
		{"The Parties shall settle their disputes by peaceful means.", "peaceful-settlement"},
		{"Both sides will protect the communications of the government.", "protection"},
		{"Both sides will paint the building blue.", "other"},
		{"The Parties will strengthen their cooperation in the political, economic, scientific and cultural fields.", "economic-cooperation"},
		{"The Parties shall render each other economic and scientific-technical assistance.", "economic-cooperation"},
		{"In the event of an armed attack on one of the Parties, the other Party shall render it military assistance.", "defense"},
		{"Each Party shall inform the other of any hostile activity directed against it.", "information-exchange"},
		{"Neither Party shall pass information received under this Agreement to a third party without the written consent of the other.", "confidentiality"},
		{"The MIR may send liaison officers to Borduria.", "personnel-exchange"},
		{"The SSSB shall provide them with offices and housing.", "logistical-support"},
		{"The MIR may send officers to the Academy of the Ministry of Interior of Ruritania.", "personnel-exchange"},
	}
	for _, tt := range tests {
		rep := parseBody(t, tt.sentence)
		if len(rep.Obligations) != 1 {
			t.Errorf("%q: got %d commitments, want 1", tt.sentence, len(rep.Obligations))
			continue
		}
		if got := rep.Obligations[0].Type; got != tt.want {
			t.Errorf("%q: type %s, want %s", tt.sentence, got, tt.want)
		}
	}
}

func TestSplitByType(t *testing.T) {
	rep := parseBody(t, "The Parties undertake, in accordance with their laws, to refrain from the threat or use of force, and to settle their disputes by peaceful means.")
	var types []string
	for _, o := range rep.Obligations {
		types = append(types, o.Type)
	}
	if strings.Join(types, ",") != "non-aggression,peaceful-settlement" {
		t.Errorf("types %v, want non-aggression then peaceful-settlement", types)
	}
}

func TestUnknownParties(t *testing.T) {
	rep := parseBody(t, "Both sides will exchange information about the United States.")
	if len(rep.Agreement.Parties) != 2 {
		t.Fatalf("parties %v, want 2", rep.Agreement.Parties)
	}
	if got := entityByName(rep, "MIR"); got != rep.Agreement.Parties[0] {
		t.Errorf("MIR is %s, want the first party %s", got, rep.Agreement.Parties[0])
	}
	if len(rep.Signatures) != 2 || rep.Signatures[1].OnBehalfOf != rep.Agreement.Parties[1] {
		t.Errorf("signatures %+v, want the second on behalf of %s", rep.Signatures, rep.Agreement.Parties[1])
	}
	o := rep.Obligations[0]
	if len(o.Targets) != 1 || o.Targets[0] != "usa" {
		t.Errorf("targets %v, want [usa]", o.Targets)
	}
	if rep.Document.SourceID == nil || *rep.Document.SourceID != "424242" {
		t.Errorf("source id %v, want 424242", rep.Document.SourceID)
	}
	if rep.Document.ArchiveReference == nil || *rep.Document.ArchiveReference != "Ruritanian State Archive (RSA), f. 1, pp. 1-3" {
		t.Errorf("archive reference %v", rep.Document.ArchiveReference)
	}
}

func TestTreatyReference(t *testing.T) {
	rep := parseBody(t, "According to the treaty between Ruritania and Borduria on legal assistance from 3 March 1961, both sides will provide assistance in criminal matters.")
	if len(rep.Obligations) != 1 || len(rep.Obligations[0].References) != 1 {
		t.Fatalf("commitments %+v, want one with one reference", rep.Obligations)
	}
	id := rep.Obligations[0].References[0]
	for _, e := range rep.Entities {
		if e.ID == id && (e.Type != loaders.Treaty || e.Date != "1961-03-03") {
			t.Errorf("reference %+v, want a Treaty of 1961-03-03", e)
		}
	}
}

// TestNoTreatyReference: an agreement still to be made ("an agreement on
// …"), the act of agreeing ("reach agreement on …") and the end of a
// longer title are no treaties; "the existing agreement on …" is one.
func TestNoTreatyReference(t *testing.T) {
	for _, c := range []struct {
		sentence string
		want     []string
	}{
		{"Both sides will work for the conclusion of an agreement on the protection of rivers.", nil},
		{"Both sides will negotiate with a view to reaching early agreement on measures against floods.", nil},
		{"Both sides will exchange charts according to the existing agreement on river pilots.", []string{"agreement on river pilots"}},
		{"Both sides will apply the Agreement between the Parties to the River Treaty regarding the Status of their Pilots.", []string{"Agreement between the Parties to the River Treaty regarding the Status of their Pilots"}},
	} {
		rep := parseBody(t, c.sentence)
		var got []string
		for _, e := range rep.Entities {
			if e.Type == loaders.Treaty && e.ID != rep.Agreement.Entity {
				got = append(got, e.Name)
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%q: treaties %q, want %q", c.sentence, got, c.want)
		}
	}
}

// TestMalformed checks that a text whose parts are not where the layout
// has them still gives a report, with a warning naming the line and what
// was expected, and that only a file that is not text is refused.
func TestMalformed(t *testing.T) {
	good := agreementText("Both sides will exchange information.")
	tests := []struct {
		name, text, want string
		line             int
	}{
		{"empty", "", "expected a date line", 1},
		{"no articles", strings.Replace(good, "Article 1", "Paragraph one", 1), `expected "Article" headings or numbered points`, 25},
		{"no contents", good[:strings.Index(good, "Contents:")], "expected the translation", 15},
		{"no title", "June 1, 1970\n\nCitation:\n\nSome citation.\n", "expected the document title", 3},
	}
	for _, tt := range tests {
		name := strings.ReplaceAll(tt.name, " ", "-") + ".txt"
		rep, err := Parse(name, tt.text, gazetteer(t))
		if err != nil {
			t.Errorf("%s: %v, want a report with a warning", tt.name, err)
			continue
		}
		checkReport(t, rep)
		found := false
		for _, w := range rep.Warnings {
			found = found || strings.Contains(w.Message, tt.want) && w.Line == tt.line
		}
		if !found {
			t.Errorf("%s: warnings %+v, want %q at line %d", tt.name, rep.Warnings, tt.want, tt.line)
		}
	}
	_, err := Parse("image.png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", gazetteer(t))
	if err == nil || !strings.HasPrefix(err.Error(), "wilson: image.png:2: expected text") {
		t.Errorf("binary file: error %v, want one naming the file, a line and that text was expected", err)
	}
}

func TestOneClauseSeveralCommitments(t *testing.T) {
	rep := parseBody(t, "This Agreement shall enter into force on the day of its signature and shall remain in force for five years.")
	var types []string
	for _, o := range rep.Obligations {
		types = append(types, o.Type)
	}
	if strings.Join(types, ",") != "entry-into-force,duration" {
		t.Errorf("types %v, want entry-into-force then duration", types)
	}
}

// TestRoleTerms: a term defined as a choice ("the term \"Sender or
// Office of Dispatch\" means …") names a role that one side or another
// plays, not a body; the sides that play it bear its commitments.
func TestRoleTerms(t *testing.T) {
	rep := parseBody(t, `For the purposes of this Agreement the term "Sender or Office of Dispatch" means the side first handing over a document.

Recipients and the Sender or Office of Dispatch shall inform each other of any loss of documents.`)
	for _, e := range rep.Entities {
		if strings.Contains(e.Name, "Office of Dispatch") {
			t.Errorf("entity %s %q, want none: a role term is no body", e.Type, e.Name)
		}
	}
	if len(rep.Obligations) != 1 || !slices.Equal(rep.Obligations[0].Bearers, rep.Agreement.Parties) {
		t.Errorf("commitments %+v, want one borne by the parties %v", rep.Obligations, rep.Agreement.Parties)
	}
}

func TestDefinitions(t *testing.T) {
	text := strings.Replace(agreementText("The Ruritanian Party may send liaison officers. The Bordurian Party shall provide them with housing."),
		"The Ministry of Interior of Ruritania (MIR) and the State Security Service of Borduria (SSSB) have",
		"The Federal Ministry of Interior of Ruritania (hereinafter \"the Ruritanian Party\") and the State Security Service of Borduria, hereinafter referred to as \"the Bordurian Party\", have", 1)
	text = strings.Replace(text, "Between the Ministry of Interior", "Between the Federal Ministry of Interior", 1)
	rep, err := Parse("definitions.txt", text, gazetteer(t))
	if err != nil {
		t.Fatal(err)
	}
	checkReport(t, rep)
	for _, name := range []string{"Ruritanian Party", "Bordurian Party"} {
		if id := entityByName(rep, name); !contains(rep.Agreement.Parties, id) {
			t.Errorf("%q is %s, want an alias of a party %v", name, id, rep.Agreement.Parties)
		}
	}
	if len(rep.Obligations) != 2 || rep.Obligations[0].Bearers[0] != rep.Agreement.Parties[0] || rep.Obligations[1].Bearers[0] != rep.Agreement.Parties[1] {
		t.Errorf("commitments %+v, want one of each party", rep.Obligations)
	}
	for _, e := range rep.Entities {
		if e.ID == rep.Agreement.Parties[0] && e.Type != loaders.Organisation {
			t.Errorf("%s is a %s, want an Organisation (head word Ministry)", e.Name, e.Type)
		}
	}
}

func TestDates(t *testing.T) {
	for in, want := range map[string]string{
		"6 December 1973":                     "1973-12-06",
		"December 6, 1973":                    "1973-12-06",
		"Dec. 6, 1973":                        "1973-12-06",
		"the sixth of December 1973":          "1973-12-06",
		"this twenty-first day of June, 1970": "1970-06-21",
		"3rd March, 1978":                     "1978-03-03",
		"signed on 3.3.1978 in Moscow":        "1978-03-03",
		"1.11.4, box 12":                      "",
		"31.2.1978":                           "",
	} {
		got, _, _ := findDate(in)
		if got != want {
			t.Errorf("findDate(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSignatureLayouts(t *testing.T) {
	text := agreementText("Both sides will exchange information.")
	text = text[:strings.Index(text, "Minister of Interior of Ruritania\n")] + "Signed in Ruritania on the first of June 1970.\n\nOn behalf of the Ministry of Interior of Ruritania: (signed) A. Rurik, Minister\n\nFor the State Security Service of Borduria:\n(signed) B. Bordo\nChairman of the State Security Service\n"
	rep, err := Parse("sigs.txt", text, gazetteer(t))
	if err != nil {
		t.Fatal(err)
	}
	checkReport(t, rep)
	if len(rep.Signatures) != 2 {
		t.Fatalf("signatures %+v, want 2", rep.Signatures)
	}
	for i, s := range rep.Signatures {
		if s.OnBehalfOf != rep.Agreement.Parties[i] || s.Date == nil || *s.Date != "1970-06-01" {
			t.Errorf("signature %d: %+v, want on behalf of %s on 1970-06-01", i, s, rep.Agreement.Parties[i])
		}
	}
	if rep.Signatures[1].Office != "Chairman of the State Security Service" {
		t.Errorf("office %q, want the line below the name", rep.Signatures[1].Office)
	}
}

func TestWordHeadingsAndPlaceDate(t *testing.T) {
	for s, want := range map[string]string{"Article One": "One", "ARTICLE TWENTY-ONE": "TWENTY-ONE", "Article 3": "3", "Article IV.": "IV"} {
		if got, ok := headingMatch(s); !ok || got != want {
			t.Errorf("headingMatch(%q) = %q, %v; want %q", s, got, ok, want)
		}
	}
	for _, s := range []string{"Article Five Hundred", "Article and", "Article Definitions"} {
		if _, ok := headingMatch(s); ok {
			t.Errorf("headingMatch(%q) is a heading", s)
		}
	}
	if pl, ok := placeDate("Moscow, 6 April 1957"); !ok || pl != "Moscow" {
		t.Errorf("placeDate = %q, %v", pl, ok)
	}
	if _, ok := placeDate("Moscow, the capital of the Soviet Union"); ok {
		t.Error("a place without a date is no closing line")
	}
}

func TestArchivalMarks(t *testing.T) {
	lx, err := loadLexicon()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"Top Secret!", "SECRET", "Copy No. 2 of 3", "[Stamp]", "[handwritten:] Agreed. E. M.", "Page 2", "- 3 -", "BStU 000123"} {
		if !lx.archivalMark(s) {
			t.Errorf("archivalMark(%q) = false", s)
		}
	}
	for _, s := range []string{"Protocol", "[Signed] E. Mielke", "Article 2", "Secret collaborators shall be recruited.", "Secretariat"} {
		if lx.archivalMark(s) {
			t.Errorf("archivalMark(%q) = true", s)
		}
	}
	if !lx.pageBreak("\n\nPage 2\n\nBStU 000124\n\n") || lx.pageBreak("\n\n") || lx.pageBreak("\n\nArticle 3\n\n") {
		t.Error("pageBreak misreads a gap")
	}
}

// TestPartyNamesWithAnd: "and" inside an organ's name ("Ministry of Trade
// and Industry") joins two fields of work; between two names it separates
// two parties.
func TestPartyNamesWithAnd(t *testing.T) {
	const between = "Between the Ministry of Interior of Ruritania (MIR) and the State Security Service of Borduria (SSSB)"
	for _, tc := range []struct {
		between string
		want    []string
	}{
		{"Between Ministry of Trade and Industry of Ruritania and Ministry of Foreign Trade of Borduria",
			[]string{"Ministry of Trade and Industry of Ruritania", "Ministry of Foreign Trade of Borduria"}},
		{"Between the Ministry of Trade and Industry of Hungary and the Ministry of Foreign Trade of the GDR",
			[]string{"Ministry of Trade and Industry of Hungary", "Ministry of Foreign Trade of the GDR"}},
		{"Between Committee for Science and Technology of Ruritania and Ministry of Posts and Telecommunications of Borduria",
			[]string{"Committee for Science and Technology of Ruritania", "Ministry of Posts and Telecommunications of Borduria"}},
		{"Between Ministry of Interior of the CSSR and Ministry of Public Security of Cuba",
			[]string{"Ministry of Interior of the CSSR", "Ministry of Public Security of Cuba"}},
		{"Between the Ministry of Interior of the CSSR and the Ministry of Public Security of Cuba",
			[]string{"Ministry of Interior of the CSSR", "Ministry of Public Security of Cuba"}},
		{"Between Ministry of Foreign Trade of Ruritania and Ministry of Culture of Borduria",
			[]string{"Ministry of Foreign Trade of Ruritania", "Ministry of Culture of Borduria"}},
		{"Between Kingdom of Ruritania and Borduria",
			[]string{"Kingdom of Ruritania", "Borduria"}},
	} {
		text := strings.Replace(agreementText("Both sides will exchange information."), between, tc.between, 1)
		// the preamble names the sides only as a whole, so the title block's names hold
		text = strings.Replace(text, "The Ministry of Interior of Ruritania (MIR) and the State Security Service of Borduria (SSSB) have agreed", "The Parties have agreed", 1)
		rep, err := Parse("invented.txt", text, gazetteer(t))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range rep.Agreement.Parties {
			for _, e := range rep.Entities {
				if e.ID != p {
					continue
				}
				name := e.Name
				for _, w := range tc.want {
					if slices.Contains(e.Aliases, w) {
						name = w
					}
				}
				got = append(got, name)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s:\nparties %q\nwant    %q", tc.between, got, tc.want)
		}
	}
}

func TestDocumentNumber(t *testing.T) {
	for _, tc := range []struct{ url, want string }{
		{"https://digitalarchive.example.org/document/424242", "424242"},
		{"https://digitalarchive.example.org/document/424242/", "424242"},
		{"https://treaties.example.org/BWBV0001234", "BWBV0001234"},
		{"https://archive.example.org/document/424242-agreement-on-cooperation", "424242"},
		{"https://archive.example.org/document/agreement-on-cooperation-between-ruritania-and-borduria", ""},
		{"https://archive.example.org/document/agreement-1973", ""},
		{"https://archive.example.org/show?id=4711&lang=en", "4711"},
		{"https://archive.example.org/", ""},
	} {
		if got := documentNumber(tc.url); got != tc.want {
			t.Errorf("documentNumber(%q) = %q, want %q", tc.url, got, tc.want)
		}
	}
}
