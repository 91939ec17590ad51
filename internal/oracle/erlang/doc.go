// Package erlang is a differential oracle for the BER/DER codecs: it
// compiles the CSTA modules with Erlang/OTP's asn1ct and runs a small
// Erlang helper that decodes and encodes values on request. Tests use it
// both ways: values we encode are decoded by Erlang, values Erlang encodes
// are decoded by us, and our DER must equal Erlang's byte for byte.
//
// The entry point is Prepare, which returns an *Oracle with Decode, Encode,
// DecodeROSE and Close, and a Report of what it did. Erlang comes from the
// Debian packages erlang-base and erlang-asn1 (OTP 25 on bookworm); without
// erl, Prepare fails with ErrNoErlang.
//
// # Why the modules are rewritten
//
// asn1ct does not compile ECMA-285 as published (see
// shared/docs/schema-facts.md). Prepare writes a copy of every module to
// <workDir>/asn1-<hash>/<ModuleName>.asn1 with two rewrites and nothing
// else; Report.Rewrites lists each change with its line before and after.
//
// 1. ImplicitChoice: "[n] IMPLICIT T" where T ::= [APPLICATION k] CHOICE
// {...} becomes "[n] TUntagged", and TUntagged ::= CHOICE {...} (the same
// alternatives, copied verbatim) is added to T's module, exported and
// imported where T is. asn1ct rejects the original ("illegal implicit tag
// before 'CHOICE'") although it is legal: X.680 31.2.7 forbids IMPLICIT
// only on an *untagged* CHOICE. Both forms have the same octets:
//
//   - Original. T's own tag [APPLICATION k] is the outermost tag of T. An
//     implicit [n] replaces it (X.680 31.2.6, X.690 8.14.3), so the value is
//     encoded as a constructed [n] whose contents are the TLV of the chosen
//     alternative: [APPLICATION k] on the untagged CHOICE is explicit
//     (X.680 31.2.7), so T is a constructed TLV holding the alternative's
//     complete TLV, and the implicit [n] only changes its identifier.
//   - Rewrite. TUntagged is an untagged CHOICE; a tag on it is explicit
//     whatever the tagging mode (X.680 31.2.7 c), so [n] TUntagged is
//     encoded as a constructed [n] whose contents are the complete encoding
//     of the untagged CHOICE, which is the TLV of the chosen alternative
//     (X.690 8.13, 8.14.2).
//
// Same identifier octets (context n, constructed), same contents, hence same
// length octets. The model says so too: the effective tags
// (asn1.Type.Tags) of the place are [n] followed by the alternative's tags
// in both forms; the tests check this for every component of every type
// by comparing the models of the original and the rewritten modules.
// TUntagged is a new name, so nothing else changes; where a module under
// IMPLICIT or AUTOMATIC TAGS is rewritten, EXPLICIT is written out.
//
// 2. ImportName: in "FROM Name {oid}" where the OID identifies a module of
// another name, the name is replaced by that module's name. X.680 13.16
// lets the assigned identifier identify the module (the name is then only
// informative), and our front end resolves it that way (with a warning);
// asn1ct looks modules up by name only. The imported definitions are the
// same, so no encoding changes. In ECMA-285 this fixes
// "CSTA-error-definitioneq" (four location-tracking modules) and
// CSTACommonArguments "FROM CSTA-error-definition {... extension-types(129)}".
//
// The places are found from the resolved model (asn1.Compile), not by
// matching text: a written type with IMPLICIT on a reference whose resolved
// kind is CHOICE, across imports and modules; an import whose OID the
// model maps to another module.
//
// # Why textual edits and not syntax.Fprint
//
// The rewrites are applied as edits at token positions of the original
// text (syntax.Tokenize offsets), not by printing modified ASTs with
// syntax.Fprint. The copy then differs from the published module only in
// the listed places: comments stay, every line keeps its number (new
// assignments go just before END, and no other edit adds a line break), so
// asn1ct's messages point at the published lines, and a fault in the
// printer cannot silently change a module the oracle is meant to check us
// against.
//
// # Compiling
//
// Modules are compiled one by one (asn1ct cannot take ECMA-285 as one set
// because type names repeat across modules) with
// asn1ct:compile(File, [ber, der, {i, SrcDir}, {outdir, Dir}]), spread over
// Config.Workers Erlang processes, each with its own output directory. The
// der option makes the encoder produce DER (X.690 clause 10: DEFAULT values
// omitted, SET OF sorted); decoding accepts any BER. With undec_rest,
// bytes after a decoded value are reported (Decode fails) instead of being
// ignored.
//
// One fix is applied to the Erlang code asn1ct generates (listed per
// module as ModuleResult.Patched): under der, asn1ct 5.0 (OTP 25) checks a
// named BIT STRING against its DEFAULT with a function that has no clause
// for the empty list of names, which is what its own decoder returns for an
// empty named BIT STRING, so re-encoding any decoded MonitorFilter crashed
// with badarg. The patched clause treats [] like any other list of names:
// equal to an empty DEFAULT, hence omitted (X.690 11.5). Results are kept in
// <workDir>/ebin-<hash>, the hash covering every input, so a later Prepare
// with the same input reuses them (Report.Cached). A hand-written envelope
// module, RoseModule, is compiled with the CSTA modules so that whole ROSE
// APDUs can be decoded (DecodeROSE).
//
// # The helper protocol
//
// The helper, cstagen_oracle.erl (generated from a constant in this
// package), reads one request per line on standard input and answers one
// line on standard output: "decode <Module> <Type> <hex>", "encode <Module>
// <Type> <term>" and "rose <hex>", answered by "ok ..." or "error <reason>".
// Terms are printed with io_lib:format("~0p") and read back with
// erl_parse:parse_term, so Decode's output is Encode's input.
package erlang
