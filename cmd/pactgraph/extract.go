package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/pactgraph/pactgraph/loaders"
	"github.com/pactgraph/pactgraph/loaders/wilson"
)

func extractCmd(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("extract", flag.ContinueOnError)
	asJSON := fl.Bool("json", false, "print the extraction report as JSON (../shared/eval/FORMAT.md)")
	strict := fl.Bool("strict", false, "make a warning an error: print no report for a document that was not read as expected")
	if err := parse(fl, args, stderr); err != nil {
		return err
	}
	if fl.NArg() != 1 {
		return usageError{"extract needs exactly one FILE"}
	}
	file := fl.Arg(0)
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	gaz, err := loaders.DefaultGazetteer()
	if err != nil {
		return err
	}
	r, err := wilson.Parse(file, string(data), gaz) // errors name the path; the id is its stem
	if err != nil {
		return err
	}
	printWarnings(stderr, file, r.Warnings)
	if *strict && len(r.Warnings) > 0 {
		return fmt.Errorf("%s: %d warnings, and --strict makes a warning an error", file, len(r.Warnings))
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(r)
	}
	return printTable(stdout, r)
}

// printTable shows a report for review by eye: the agreement, its parties
// and signatories, then one row per commitment.
func printTable(w io.Writer, r *loaders.Report) error {
	names := map[string]string{}
	for _, e := range r.Entities {
		names[e.ID] = e.Name
	}
	list := func(ids []string) string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = names[id]
			if out[i] == "" {
				out[i] = id
			}
		}
		return strings.Join(out, "; ")
	}
	fmt.Fprintf(w, "%s\n", r.Document.Title)
	if r.Agreement.Date != nil {
		fmt.Fprintf(w, "date: %s\n", *r.Agreement.Date)
	}
	fmt.Fprintf(w, "parties: %s\n\n", list(r.Agreement.Parties))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SIGNATORY\tOFFICE\tON BEHALF OF\tDATE")
	for _, s := range r.Signatures {
		date := ""
		if s.Date != nil {
			date = *s.Date
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", list([]string{s.Person}), s.Office, list([]string{s.OnBehalfOf}), date)
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "ARTICLE\tMODALITY\tBEARERS\tTYPE\tTEXT")
	for _, o := range r.Obligations {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", o.Article, o.Modality, list(o.Bearers), o.Type, clip(o.Text, 90))
	}
	return tw.Flush()
}

func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// printWarnings writes a report's warnings, each naming the file and line.
func printWarnings(w io.Writer, file string, warnings []loaders.Warning) {
	for _, x := range warnings {
		fmt.Fprintf(w, "%s:%d: warning: %s\n", file, x.Line, x.Message)
	}
}
