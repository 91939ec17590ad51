package gen

import (
	"sort"
	"strings"
	"unicode"

	"github.com/cstagen/cstagen/asn1"
)

// initialisms are written in capitals in Go names (Effective Go, golint).
var initialisms = map[string]string{
	"id": "ID", "ids": "IDs", "url": "URL", "uri": "URI", "sip": "SIP", "cdr": "CDR", "dtmf": "DTMF",
	"oid": "OID", "xml": "XML", "ber": "BER", "acse": "ACSE", "rose": "ROSE", "apdu": "APDU",
	"csta": "CSTA", "ip": "IP", "tcp": "TCP", "pdu": "PDU",
}

// GoName maps an ASN.1 reference or identifier to an exported Go name:
// hyphens separate words, the first letter is upper-cased, and a word that
// is a known initialism is written in capitals (AARQ-apdu -> AARQAPDU,
// callID -> CallID, cSTAEventReport -> CSTAEventReport).
func GoName(asn1Name string) string {
	var b strings.Builder
	for _, word := range strings.Split(asn1Name, "-") {
		if word == "" {
			continue
		}
		b.WriteString(goWord(word))
	}
	s := b.String()
	// A trailing "Id" or "Ids" after a lower-case letter is the initialism
	// ID: invokeId -> InvokeID (Go style), while Identifier is left alone.
	for _, suf := range []string{"Ids", "Id"} {
		if n := len(s) - len(suf); n > 0 && strings.HasSuffix(s, suf) && unicode.IsLower(rune(s[n-1])) {
			s = s[:n] + strings.ToUpper(suf[:2]) + suf[2:]
			break
		}
	}
	if s == "" || !unicode.IsLetter(rune(s[0])) {
		s = "X" + s
	}
	return s
}

func goWord(w string) string {
	if up, ok := initialisms[strings.ToLower(w)]; ok && strings.ToLower(w) == w {
		return up
	}
	// A leading lower-case run followed by upper case in ASN.1 is usually an
	// abbreviation written in lower case: cSTAEventReport -> CSTAEventReport.
	if len(w) > 1 && unicode.IsLower(rune(w[0])) && unicode.IsUpper(rune(w[1])) {
		return strings.ToUpper(w[:1]) + w[1:]
	}
	// Trailing initialism: "callId"-style names are rare in ECMA-285 but map
	// the same way: the word itself keeps its case after the first letter.
	return strings.ToUpper(w[:1]) + w[1:]
}

// unexported lower-cases the first letter of a Go name.
func unexported(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// namer assigns every generated type a unique, stable Go name.
type namer struct {
	names map[*asn1.TypeDef]string
	taken map[string]bool
}

// newNamer names the given type assignments. When several share a Go name,
// the most referenced keeps it (ties: module order) and the others are
// prefixed with their module's name without the "CSTA-" prefix
// (CapabilityExchangeSystemStatus).
func newNamer(defs []*asn1.TypeDef, refs map[*asn1.TypeDef]int, reserved []string) *namer {
	n := &namer{names: map[*asn1.TypeDef]string{}, taken: map[string]bool{}}
	for _, r := range reserved {
		n.taken[r] = true
	}
	groups := map[string][]*asn1.TypeDef{}
	var keys []string
	for _, d := range defs {
		g := GoName(d.Name)
		if _, ok := groups[g]; !ok {
			keys = append(keys, g)
		}
		groups[g] = append(groups[g], d)
	}
	sort.Strings(keys)
	order := map[*asn1.TypeDef]int{}
	for i, d := range defs {
		order[d] = i
	}
	for _, g := range keys {
		ds := groups[g]
		sort.SliceStable(ds, func(i, j int) bool {
			if refs[ds[i]] != refs[ds[j]] {
				return refs[ds[i]] > refs[ds[j]]
			}
			return order[ds[i]] < order[ds[j]]
		})
		for i, d := range ds {
			name := g
			if i > 0 || n.taken[name] {
				name = moduleWord(d.Module.Name) + g
			}
			for k := 2; n.taken[name]; k++ {
				name = moduleWord(d.Module.Name) + g + itoa(k)
			}
			n.taken[name] = true
			n.names[d] = name
		}
	}
	return n
}

// moduleWord is the Go form of a module name without its "CSTA-" prefix.
func moduleWord(module string) string {
	return GoName(strings.TrimPrefix(module, "CSTA-"))
}

// unique returns name, or name with a number, so that it is not taken; it
// marks the result taken.
func (n *namer) unique(name string) string {
	out := name
	for k := 2; n.taken[out]; k++ {
		out = name + itoa(k)
	}
	n.taken[out] = true
	return out
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	p := len(b)
	for i > 0 {
		p--
		b[p] = byte('0' + i%10)
		i /= 10
	}
	return string(b[p:])
}
