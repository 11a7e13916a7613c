// order.js: the order a reader expects of articles and commitments: by
// document, then by article number (roman or arabic, as numbers, not as
// strings: II before IX before X), then in the order of the text.

const ROMAN = { i: 1, v: 5, x: 10, l: 50, c: 100, d: 500, m: 1000 };

// articleNumber reads "XI", "11", "3a" or "preamble" as a number to sort
// by (the preamble first); NaN when it is none of these.
export function articleNumber(number) {
  const s = String(number || "").trim().toLowerCase();
  if (s === "preamble") return 0;
  const arabic = /^(\d+)/.exec(s);
  if (arabic) return Number(arabic[1]);
  if (!/^[ivxlcdm]+$/.test(s)) return NaN;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const v = ROMAN[s[i]];
    n += i + 1 < s.length && ROMAN[s[i + 1]] > v ? -v : v;
  }
  return n;
}

const collator = new Intl.Collator("en", { numeric: true });

// Ids of the documents' parts: "<document>.article-<number>",
// "<document>.commitment-<n>" (n in the order of the text),
// "<document>.signature-<n>".
const PART = /^(.*)\.(article|commitment|signature)-(.+)$/;

// compareParts orders two nodes ({id}) of documents: parts of one document
// by article number or place in the text, other nodes by id, numbers in
// ids as numbers.
export function compareParts(a, b) {
  const pa = PART.exec(a.id || "");
  const pb = PART.exec(b.id || "");
  if (pa && pb && pa[1] === pb[1] && pa[2] === pb[2]) {
    if (pa[2] === "article") {
      const d = articleNumber(pa[3]) - articleNumber(pb[3]);
      if (d) return d;
    }
    return collator.compare(pa[3], pb[3]);
  }
  return collator.compare(a.id || "", b.id || "");
}

// compareRows orders rows of GET /api/commitments: by document, then
// article number, then place in the text.
export function compareRows(a, b) {
  return collator.compare(a.document || "", b.document || "") ||
    (articleNumber(a.article_number) || 0) - (articleNumber(b.article_number) || 0) ||
    a.span[0] - b.span[0];
}
