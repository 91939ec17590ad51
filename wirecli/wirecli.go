// Package wirecli is the body of the command cstagen-wire, the commands that
// work on CSTA traffic with the generated package csta: decode prints the
// CSTA messages of BER or CSTA-XML files, hex dumps and pcap/pcapng captures
// as typed values; transcode writes each of them in the other encoding;
// simulate runs a CSTA switch simulator (package sim).
//
// cmd/cstagen-wire is Main and nothing else. A vendor builds the same tool
// with its own private data types by registering their decoders
// (runtime/privdata.Register) before calling Main: decode then shows that
// private data as typed values (examples/vendorext/cmd/vendor-wire).
//
// The commands, their flags and cstagen's forwarding to them are described
// in cmd/cstagen-wire.
package wirecli

import (
	"fmt"
	"io"

	"github.com/cstagen/cstagen/asn1"
	"github.com/cstagen/cstagen/internal/wirecmd"
	"github.com/cstagen/cstagen/schemas"
)

// Exit codes.
const (
	exitOK    = 0
	exitInput = 1
	exitUsage = 2
)

// handlers runs each command of wirecmd.Commands.
var handlers = map[string]func(args []string, stdout, stderr io.Writer) int{
	"decode":    runDecode,
	"simulate":  runSimulate,
	"transcode": runTranscode,
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "usage: %s <command> [flags] (or cstagen <command> [flags])\n\ncommands:\n", wirecmd.Name)
	for _, c := range wirecmd.Commands {
		fmt.Fprintf(w, "  %-9s %s\n", c.Name, c.Summary)
	}
	fmt.Fprintf(w, "\nRun '%s <command> -h' for the flags of a command.\n", wirecmd.Name)
}

// Main runs the command that args (without the program name) name, with its
// flags, writing to stdout and stderr, and returns the exit code: 0
// success, 1 errors in the input, 2 wrong usage.
func Main(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	if h := handlers[args[0]]; h != nil && wirecmd.Lookup(args[0]) != nil {
		return h(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "%s: unknown command %q\n\n", wirecmd.Name, args[0])
	usage(stderr)
	return exitUsage
}

// loadEmbedded compiles the embedded schemas, from which csta was
// generated.
func loadEmbedded() (*asn1.Model, error) {
	files, err := asn1.ReadDir(schemas.FS, ".")
	if err != nil {
		return nil, err
	}
	return asn1.Compile(files, nil)
}
