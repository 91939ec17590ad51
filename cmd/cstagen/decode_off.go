//go:build nodecode

package main

import (
	"fmt"
	"io"
)

// Built with -tags nodecode, cstagen has no decode command and does not
// import the generated package csta, so it can regenerate csta even when
// the committed csta does not compile:
//
//	go run -tags nodecode ./cmd/cstagen generate -pkg csta -out ./csta

const decodeSummary = "decode CSTA messages (not in this build: it was made with -tags nodecode)"

const decodeExample = "cstagen decode -port 2555 link.pcapng"

// runDecode reports that this build has no decoder.
func runDecode(_ []string, _, stderr io.Writer) int {
	fmt.Fprintln(stderr, "cstagen decode: this cstagen was built with -tags nodecode; rebuild it without that tag")
	return exitUsage
}
