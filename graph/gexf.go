package graph

import (
	"encoding/xml"
	"fmt"
	"io"

	"github.com/cayleygraph/quad"
)

// GEXF 1.2 (https://gexf.net/1.2draft), which Gephi reads.
type gexfDoc struct {
	XMLName xml.Name  `xml:"gexf"`
	XMLNS   string    `xml:"xmlns,attr"`
	Version string    `xml:"version,attr"`
	Meta    gexfMeta  `xml:"meta"`
	Graph   gexfGraph `xml:"graph"`
}

type gexfMeta struct {
	Creator     string `xml:"creator"`
	Description string `xml:"description"`
}

type gexfGraph struct {
	DefaultEdgeType string           `xml:"defaultedgetype,attr"`
	Mode            string           `xml:"mode,attr"`
	Attributes      []gexfAttributes `xml:"attributes"`
	Nodes           []gexfNode       `xml:"nodes>node"`
	Edges           []gexfEdge       `xml:"edges>edge"`
}

type gexfAttributes struct {
	Class string          `xml:"class,attr"`
	Attrs []gexfAttribute `xml:"attribute"`
}

type gexfAttribute struct {
	ID    string `xml:"id,attr"`
	Title string `xml:"title,attr"`
	Type  string `xml:"type,attr"`
}

type gexfNode struct {
	ID     string        `xml:"id,attr"`
	Label  string        `xml:"label,attr"`
	Values []gexfAttrVal `xml:"attvalues>attvalue"`
}

type gexfEdge struct {
	ID     string        `xml:"id,attr"`
	Source string        `xml:"source,attr"`
	Target string        `xml:"target,attr"`
	Label  string        `xml:"label,attr"`
	Values []gexfAttrVal `xml:"attvalues>attvalue"`
}

type gexfAttrVal struct {
	For   string `xml:"for,attr"`
	Value string `xml:"value,attr"`
}

// newGEXFWriter is the quad.Writer of GEXF.
func newGEXFWriter(w io.Writer, _ string) quad.WriteCloser {
	return &drawWriter{w: w, write: writeGEXF}
}

func writeGEXF(w io.Writer, d drawing) error {
	doc := gexfDoc{
		XMLNS:   "http://www.gexf.net/1.2draft",
		Version: "1.2",
		Meta:    gexfMeta{Creator: "pactgraph", Description: "pactgraph export: nodes are IRIs (id), edges are the quads between them"},
		Graph: gexfGraph{
			DefaultEdgeType: "directed",
			Mode:            "static",
			Attributes: []gexfAttributes{
				{Class: "node", Attrs: []gexfAttribute{{ID: "type", Title: "type", Type: "string"}}},
				{Class: "edge", Attrs: []gexfAttribute{
					{ID: "predicate", Title: "predicate", Type: "string"},
					{ID: "provenance", Title: "provenance", Type: "string"},
				}},
			},
		},
	}
	for _, n := range d.nodes {
		gn := gexfNode{ID: n.ID, Label: n.Label}
		if n.Type != "" {
			gn.Values = []gexfAttrVal{{For: "type", Value: n.Type}}
		}
		doc.Graph.Nodes = append(doc.Graph.Nodes, gn)
	}
	for i, e := range d.edges {
		doc.Graph.Edges = append(doc.Graph.Edges, gexfEdge{
			ID: fmt.Sprint(i), Source: e.Source, Target: e.Target, Label: e.Label,
			Values: []gexfAttrVal{{For: "predicate", Value: e.Predicate}, {For: "provenance", Value: e.Provenance}},
		})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
