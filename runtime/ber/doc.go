// Package ber holds the ITU-T X.690 Basic Encoding Rules primitives that
// cstagen's generated code and hand-written users call.
//
// Decoding goes through [Reader], a cursor over an input byte slice in the
// style of golang.org/x/crypto/cryptobyte: every read consumes one TLV and
// hands back a sub-Reader over its contents that shares memory with the input
// (no copies), knows its absolute offset in the top-level input (for error
// messages), its nesting depth, and the [Limits] that bound the work a
// hostile input can cause. Generated code goes down in place instead:
// [Reader.Enter] narrows the one Reader to an element's contents and
// [Reader.Leave] moves it past the element, with inlinable fast paths
// ([Reader.TryEnter], [Reader.TryContents], [Reader.TryLeave]) for the common
// single identifier octet and short-form length. Content octets are turned into Go values by plain
// functions ([ParseInt64], [ParseOID], [ParseReal], ...) or by the
// Reader.ReadX shorthands that also check the tag and attach the offset.
//
// Encoding is backwards, in the style of vtprotobuf: generated code first
// computes the exact size of the encoding with the Size* functions, allocates
// once, and then writes fields in reverse order with the Put* functions, each
// of which ends at index i and returns the new start index. Definite lengths
// therefore never force a copy. Append* helpers exist for forward, hand-written
// encoders.
//
// Every error a Reader returns is an [*Error] carrying the byte offset; it
// unwraps to one of the sentinel errors (ErrTruncated, ErrTagMismatch, ...)
// so callers can test it with errors.Is. Successful reads never allocate.
package ber
