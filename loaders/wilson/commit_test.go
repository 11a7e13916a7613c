package wilson

import (
	"strings"
	"testing"

	"github.com/pactgraph/pactgraph/loaders"
)

// TestListItems: a lead-in and its items are one commitment whose text
// covers both; an item that negates the lead-in is a prohibition of its
// own.
func TestListItems(t *testing.T) {
	rep := parseBody(t, "Both sides undertake:\n\n(a)to train the border guards of the other side;\n\n(b)to exchange maps of the frontier zone;\n\n(c)not to fly aircraft over the frontier zone.")
	if len(rep.Obligations) != 2 {
		t.Fatalf("got %d commitments, want 2: %+v", len(rep.Obligations), rep.Obligations)
	}
	lead, neg := rep.Obligations[0], rep.Obligations[1]
	if !strings.HasPrefix(lead.Text, "Both sides undertake:") || !strings.HasSuffix(lead.Text, "frontier zone;") || lead.Modality != loaders.MustDo {
		t.Errorf("lead-in: %s %q, want the lead-in and items (a), (b)", lead.Modality, lead.Text)
	}
	if neg.Text != "(c)not to fly aircraft over the frontier zone." || neg.Modality != loaders.MustNotDo || len(neg.Bearers) != 2 {
		t.Errorf("negated item: %s %v %q", neg.Modality, neg.Bearers, neg.Text)
	}
}

// TestPresentTense: an operative sentence in the present tense binds; a
// present passive binds its agent.
func TestPresentTense(t *testing.T) {
	tests := []struct {
		sentence string
		want     int // commitments
	}{
		{"The MIR and the SSSB exchange lists of wanted persons every month.", 1},
		{"Both sides hereby agree:\n\n- to open a joint training school;\n\n- to publish a joint bulletin.", 1},
		{"The SSSB informs the MIR of every arrest of a Ruritanian citizen.", 1},
		{"The Ministry of Interior of Ruritania declares all claims of the SSSB settled.", 1},
		{"The training of officers is conducted by the State Security Service of Borduria.", 1},
		{"The training of officers is conducted in the old academy.", 0},
		{"The Parties have a long tradition of friendship.", 0},
		{"The Parties agreed on this text in Vienna.", 0},
	}
	for _, tt := range tests {
		rep := parseBody(t, tt.sentence)
		if len(rep.Obligations) != tt.want {
			t.Errorf("%q: got %d commitments, want %d: %+v", tt.sentence, len(rep.Obligations), tt.want, rep.Obligations)
			continue
		}
		if tt.want > 0 && rep.Obligations[0].Modality != loaders.MustDo {
			t.Errorf("%q: modality %s, want obligation", tt.sentence, rep.Obligations[0].Modality)
		}
	}
}

// TestSentencesAreCommitments: two sentences of one paragraph with their
// own subjects are two commitments, even of the same type; a sentence
// that names no actor of its own continues the one before.
func TestSentencesAreCommitments(t *testing.T) {
	tests := []struct {
		body string
		want int
	}{
		{"Both sides will exchange lists of wanted persons. They will exchange reports on smuggling.", 2},
		{"This Agreement shall remain in force for ten years. It shall be extended for further periods of five years.", 1},
		{"Both sides will keep transferred documents secret. Their classification will be marked on every page.", 1},
		{"As regards Ruritania the present Agreement shall apply to its European territory only.", 0},
	}
	for _, tt := range tests {
		if rep := parseBody(t, tt.body); len(rep.Obligations) != tt.want {
			t.Errorf("%q: got %d commitments, want %d: %+v", tt.body, len(rep.Obligations), tt.want, rep.Obligations)
		}
	}
}

// TestRecitalsAndAgents: a preamble's recitals are no commitments; a
// deferral whose agent is the parties is one; the words of a name decide
// no type.
func TestRecitalsAndAgents(t *testing.T) {
	for _, s := range []string{
		"Desiring that their services will work together more closely, the Parties have agreed as follows:",
		"The Parties, guided by the wish that friendship will grow, have agreed to conclude this Agreement.",
	} {
		text := strings.Replace(agreementText("Both sides will exchange information."),
			"have agreed as follows:", "have agreed as follows:\n\n"+s, 1)
		rep, err := Parse("invented.txt", text, gazetteer(t))
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range rep.Obligations {
			if o.Article == "preamble" {
				t.Errorf("%q: recital read as a commitment: %+v", s, o)
			}
		}
	}
	rep := parseBody(t, "The dates of the visits will be determined by mutual consent of the Parties.")
	if len(rep.Obligations) != 1 || len(rep.Obligations[0].Bearers) != 2 {
		t.Errorf("deferral by the Parties: %+v, want one commitment of both", rep.Obligations)
	}
	rep = parseBody(t, "Both sides will exchange information on smuggling through their organs of internal affairs.")
	if len(rep.Obligations) != 1 || rep.Obligations[0].Type != "information-exchange" {
		t.Errorf("organs of internal affairs: %+v, want information-exchange", rep.Obligations)
	}
}

// TestSentenceItems: a lettered paragraph that is a sentence of its own
// is a commitment of its own, not an item of the paragraph before; a
// lead-in the layout takes for an article's title still introduces its
// items.
func TestSentenceItems(t *testing.T) {
	rep := parseBody(t, "Claims arising from accidents shall be settled as follows\n\n(a)Each side shall bear the damage to its own vehicles.\n\n(b)The MIR shall pay for damage to third persons in Ruritania.")
	if len(rep.Obligations) != 3 || rep.Obligations[1].Text != "(a)Each side shall bear the damage to its own vehicles." {
		t.Errorf("got %+v, want the lead-in and (a), (b) as three commitments", rep.Obligations)
	}
	rep = parseBody(t, "Both sides shall promote\n\n(a)the exchange of museum exhibitions;\n\n(b)the translation of novels.")
	if len(rep.Obligations) != 1 || !strings.HasPrefix(rep.Obligations[0].Text, "Both sides shall promote") || !strings.HasSuffix(rep.Obligations[0].Text, "novels.") {
		t.Errorf("lead-in taken for a title: %+v, want one commitment over lead-in and items", rep.Obligations)
	}
}

// TestLeadershipAgent: a present passive whose agent acts through its
// leadership binds the agent.
func TestLeadershipAgent(t *testing.T) {
	rep := parseBody(t, "Co-operation in training is conducted by the leadership of the State Security Service of Borduria.")
	if len(rep.Obligations) != 1 || len(rep.Obligations[0].Bearers) != 1 {
		t.Errorf("got %+v, want one commitment of the SSSB", rep.Obligations)
	}
}

// TestClosingAndDeclaratory: closing clauses, role nouns and declaratory
// commitments get the modality, bearers and type a reader gives them.
func TestClosingAndDeclaratory(t *testing.T) {
	tests := []struct {
		sentence, modality, typ string
		bearers                 int
	}{
		{"Each Recipient shall treat the designs received under this Agreement as disclosed in confidence.", loaders.MustDo, "confidentiality", 2},
		{"If an inventor suffers loss through unauthorised use of his designs by a Recipient, that Recipient shall pay fair compensation.", loaders.MustDo, "cost-bearing", 2},
		{"Any Party may cease to be a party to this Agreement one year after its notice of denunciation has been received.", loaders.MayDo, "duration", 2},
		{"The instruments of approval of this Agreement shall be deposited with the Government of Borduria.", loaders.MustDo, "ratification", 2},
		{"The English and Ruritanian texts of this Agreement are equally authentic.", loaders.MustDo, "authentic-text", 2},
		{"The MIR renounces all further claims against the SSSB.", loaders.MustDo, "other", 1},
	}
	for _, tt := range tests {
		rep := parseBody(t, tt.sentence)
		if len(rep.Obligations) != 1 {
			t.Errorf("%q: got %d commitments, want 1", tt.sentence, len(rep.Obligations))
			continue
		}
		o := rep.Obligations[0]
		if o.Modality != tt.modality || o.Type != tt.typ || len(o.Bearers) != tt.bearers {
			t.Errorf("%q: %s %s %v, want %s %s, %d bearers", tt.sentence, o.Modality, o.Type, o.Bearers, tt.modality, tt.typ, tt.bearers)
		}
	}
}
