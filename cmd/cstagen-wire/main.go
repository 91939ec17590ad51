// Command cstagen-wire works on CSTA traffic with the generated package
// csta: its decode command prints the CSTA messages of BER or CSTA-XML
// files, hex dumps and pcap/pcapng captures as typed values; its transcode
// command writes each of them in the other encoding, and its simulate
// command runs a CSTA switch simulator (package sim).
//
// Usage:
//
//	cstagen-wire decode [flags] FILE...
//	cstagen-wire transcode -to xml|ber [flags] FILE...
//	cstagen-wire simulate -listen ADDR -encoding ber|xml [-prefix hipath|none] [-tls cert,key] [-devices SPEC] [-script FILE]
//
// cstagen forwards these commands here ("cstagen decode" runs
// "cstagen-wire decode" with the same arguments, standard streams and exit
// code): cstagen itself does not import csta, so that the generator builds
// in seconds. Install both with
//
//	go install github.com/cstagen/cstagen/cmd/cstagen github.com/cstagen/cstagen/cmd/cstagen-wire
//
// The commands are package wirecli, which a vendor's own build of this
// command calls after registering its private data decoders.
//
// Exit codes: 0 success, 1 errors in the input, 2 wrong usage.
package main

import (
	"os"

	"github.com/cstagen/cstagen/wirecli"
)

func main() {
	os.Exit(wirecli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
