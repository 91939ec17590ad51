// Package fuzz holds the fuzz targets and hostile-input tests of cstagen's
// decoders: the generated CSTA PDU and per-type decoders and the stream
// framers (the ASN.1 front end's target, FuzzSchema, lives in package asn1,
// which it can build without csta). Each target checks that no input panics
// or hangs, that allocation stays bounded by the input size, and that
// decode -> encode -> decode is stable. Seeds come from the generated
// encoders and, when present, from ../shared/corpus.
//
// make fuzz runs every target for FUZZTIME; make test runs each briefly.
package fuzz
