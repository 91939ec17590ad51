package gen

import (
	"fmt"
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

// namer assigns every generated type its Go name. A name is a function of
// the ASN.1 module and type name alone (gen/README.md, "Names"): GoName of
// the type's name, unless the overrides rename the type (goname) or give
// the BIT STRING types of its module a suffix (gosuffix); a type written in
// place is named after its parent and component. Two types that would get
// the same Go name are an error that names both, never a silent renaming,
// so adding a module can never rename a type that already exists.
type namer struct {
	names map[*asn1.TypeDef]string
	taken map[string]string // Go name -> what claimed it, for errors
	errs  []string
}

// newNamer names the given type assignments. renames and suffixes come from
// the overrides (goname, gosuffix); reserved are the names the generated
// package defines itself.
func newNamer(defs []*asn1.TypeDef, renames map[*asn1.TypeDef]string, suffixes map[*asn1.Module]string, reserved []string) *namer {
	n := &namer{names: map[*asn1.TypeDef]string{}, taken: map[string]string{}}
	for _, r := range reserved {
		n.taken[r] = "a name the generated package defines itself"
	}
	for _, d := range defs {
		name, ok := renames[d]
		if !ok {
			name = GoName(d.Name)
			if suf, ok := suffixes[d.Module]; ok && d.Type.Underlying().Kind == asn1.KindBitString {
				name += suf
			}
		}
		n.names[d] = n.claim(name, originOf(d))
	}
	return n
}

// claim marks name as taken by origin and returns it; a name already taken
// is recorded as an error naming both.
func (n *namer) claim(name, origin string) string {
	if prev, ok := n.taken[name]; ok {
		n.errs = append(n.errs, fmt.Sprintf("Go name %s of %s is also the name of %s: add a goname directive to the overrides for one of them", name, origin, prev))
		return name
	}
	n.taken[name] = origin
	return name
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
