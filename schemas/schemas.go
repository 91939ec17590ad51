// Package schemas embeds the ASN.1 modules that cstagen compiles by default:
// the 268 modules of ECMA-285 4th edition grouped into one file per
// ECMA-269 service group, the ROSE (X.880/X.881) and ACSE (X.227bis)
// modules they import, a minimal X.501 InformationFramework, and the
// project's CSTA-ROSE-PDUs module. Every .asn1 file here is written by
// internal/schemagen; README.md says what each holds and which defects of
// the published text were fixed.
package schemas

import (
	"embed"
	"io/fs"
)

// FS holds the schema files, *.asn1, at its root.
//
//go:embed *.asn1
var FS embed.FS

// Names returns the names of the embedded schema files in lexical order.
func Names() []string {
	entries, err := fs.ReadDir(FS, ".")
	if err != nil {
		return nil // cannot happen: the root of an embed.FS always reads
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// XMLOverrides is csta-xml.overrides: the table of places where CSTA-XML
// (ECMA-323) departs from the names and shapes the generator derives from
// the ASN.1 (element spellings, DeviceID and ConnectionID as text, vendor
// private data kept verbatim). The file documents its format.
//
//go:embed csta-xml.overrides
var XMLOverrides []byte
