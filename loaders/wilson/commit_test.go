package wilson

import (
	"testing"

	"github.com/pactgraph/pactgraph/loaders"
)

// TestVerbGroups: an auxiliary is read with the verb it governs, across
// adverbs.
func TestVerbGroups(t *testing.T) {
	tests := []struct {
		sentence string
		want     string
	}{
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
