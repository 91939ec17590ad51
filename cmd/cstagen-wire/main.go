// Command cstagen-wire works on CSTA traffic with the generated package
// csta: its decode command prints the CSTA messages of BER or CSTA-XML
// files, hex dumps and pcap/pcapng captures as typed values.
//
// Usage:
//
//	cstagen-wire decode [flags] FILE...
//
// cstagen forwards these commands here ("cstagen decode" runs
// "cstagen-wire decode" with the same arguments, standard streams and exit
// code): cstagen itself does not import csta, so that the generator builds
// in seconds. Install both with
//
//	go install github.com/cstagen/cstagen/cmd/cstagen github.com/cstagen/cstagen/cmd/cstagen-wire
//
// Exit codes: 0 success, 1 errors in the input, 2 wrong usage.
package main

import (
	"fmt"
	"io"
	"os"

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

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// handlers runs each command of wirecmd.Commands.
var handlers = map[string]func(args []string, stdout, stderr io.Writer) int{
	"decode": runDecode,
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "usage: %s <command> [flags] (or cstagen <command> [flags])\n\ncommands:\n", wirecmd.Name)
	for _, c := range wirecmd.Commands {
		fmt.Fprintf(w, "  %-9s %s\n", c.Name, c.Summary)
	}
	fmt.Fprintf(w, "\nRun '%s <command> -h' for the flags of a command.\n", wirecmd.Name)
}

func run(args []string, stdout, stderr io.Writer) int {
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
