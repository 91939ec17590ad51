// Command cstagen compiles the CSTA ASN.1 modules (ECMA-285) and inspects
// them: it generates Go packages, lists the operation and event tables and
// checks schema folders.
//
// Usage:
//
//	cstagen generate [-schemas DIR[,DIR...]] [-base PKG[=DIR],...] [-pkg NAME] [-out DIR]
//	                                         write a Go package with types and codecs
//	cstagen ops    [-schemas DIR[,DIR...]]   one line per operation, by code
//	cstagen events [-schemas DIR[,DIR...]]   one line per event type
//	cstagen check  [-schemas DIR[,DIR...]]   parse and resolve; print counts or errors
//	cstagen decode [flags] FILE...           print the CSTA messages in BER or XML files,
//	                                         hex dumps and pcap/pcapng captures as typed values
//	cstagen transcode -to xml|ber [flags] FILE...
//	                                         write each of those messages in the other encoding
//	cstagen simulate -listen ADDR -encoding ber|xml [-prefix hipath|none] [-tls cert,key] [-devices SPEC] [-script FILE]
//	                                         run a CSTA switch simulator
//
// Without -schemas the schemas embedded in the binary (the project's
// schemas/ folder, ECMA-285 4th edition with ROSE and ACSE) are used.
// With -schemas, modules that import from modules the folders do not define
// are compiled with the base sets of -base that define them: by default
// the embedded schemas, as compiled in github.com/cstagen/cstagen/csta.
// generate then references those types in that package instead of
// generating them again (a vendor's module that imports DeviceID gets
// fields of type csta.DeviceID); a base set is not used when the folders
// define one of its modules themselves.
//
// cstagen does not import the generated package csta, so it builds in
// seconds and regenerates csta even when csta does not compile. The
// commands that work on CSTA traffic with csta (decode, transcode, simulate) are in the command
// cstagen-wire: cstagen forwards them to it, as git runs its external
// commands, with the same arguments, standard streams and exit code. It
// runs the cstagen-wire beside its own executable, else the one on PATH,
// else builds one with the go command (go install
// github.com/cstagen/cstagen/cmd/cstagen-wire saves that build).
//
// Exit codes: 0 success, 1 errors in the input (printed with file:line:col),
// 2 wrong usage.
package main

import (
	"errors"
	"flag"
	"fmt"
	"go/token"
	"io"
	"os"
	"strings"

	"github.com/cstagen/cstagen/asn1"
	"github.com/cstagen/cstagen/gen"
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

// forward runs the commands of cstagen-wire; tests replace it.
var forward = newForwarder()

type command struct {
	name, summary, example string
	run                    func(m *asn1.Model, stdout io.Writer) int
}

var commands = []command{
	{"generate", "generate a Go package (types, BER codecs, operation and event tables) from the schemas", "cstagen generate -schemas ./asn1 -pkg mycsta -out ./mycsta", nil},
	{"ops", "print one line per operation, sorted by code: <code> <name> <ArgumentType> <ResultType or -> <errors or ->", "cstagen ops | grep -i makecall", runOps},
	{"events", "print one line per event type: <category> <tag> <EventTypeName>", "cstagen events | grep callControl", runEvents},
	{"check", "parse and resolve the schemas; print counts, or the errors with their positions", "cstagen check -schemas ./asn1", nil},
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: cstagen <command> [flags]\n\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\ncommands of %s, which cstagen runs (beside this executable, on PATH,\nor built with the go command; go install %s):\n", wirecmd.Name, wirecmd.Package)
	for _, c := range wirecmd.Commands {
		fmt.Fprintf(w, "  %-9s %s\n", c.Name, c.Summary)
	}
	fmt.Fprintln(w, "\nRun 'cstagen <command> -h' for the flags of a command.")
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		fs := flag.NewFlagSet("cstagen "+c.name, flag.ContinueOnError)
		fs.SetOutput(stderr)
		dirs := fs.String("schemas", "", "comma-separated folders of ASN.1 modules (*.asn1, *.asn); default: the embedded ECMA-285 schemas")
		baseFlag := fs.String("base", cstaPackage, "with -schemas: comma-separated Go packages generated earlier, IMPORTPATH (the embedded schemas) or IMPORTPATH=DIR (the schemas in DIR), whose modules the schemas may import: their types are used from that package, not generated again; none: no such package")
		var pkg, out *string
		var strictEnum, allMessages, unrollAll *bool
		var unroll *string
		if c.name == "generate" {
			pkg = fs.String("pkg", "csta", "name of the generated Go package")
			out = fs.String("out", ".", "folder to write the generated files into (created if missing)")
			strictEnum = fs.Bool("strict-enumerated", false, "reject ENUMERATED values a type without extension marker does not list (X.680); default: keep them, as csta does")
			unrollAll = fs.Bool("unroll-all", false, "unroll the BER codecs of every type; default: only of the types on the path of events (the event types, the types that hold them and that they hold) and of the ROSE PDU, the others being compact (the same codecs through calls, for a package that compiles in less time and memory)")
			unroll = fs.String("unroll", "", "comma-separated types (Module.Type, or Type when one module defines it) whose BER codecs are unrolled too, with those of every type they hold")
			allMessages = fs.Bool("all-messages", false, "give every type AppendBER, DecodeBER, AppendXML and DecodeXML; default: only the message types (operation arguments and results, errors, events, and types no other type refers to), which keeps a large package quick to compile; a package on top of -base always has them")
		}
		fs.Usage = func() {
			fmt.Fprintf(stderr, "usage: cstagen %s [flags]\n\n%s\n\nflags:\n", c.name, c.summary)
			fs.PrintDefaults()
			fmt.Fprintf(stderr, "\nexample:\n  %s\n", c.example)
		}
		if err := fs.Parse(args[1:]); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return exitOK
			}
			return exitUsage
		}
		if fs.NArg() > 0 {
			fmt.Fprintf(stderr, "cstagen %s: unexpected argument %q\n", c.name, fs.Arg(0))
			fs.Usage()
			return exitUsage
		}
		sets, err := parseBaseFlag(*baseFlag)
		if err != nil {
			fmt.Fprintf(stderr, "cstagen %s: %v\n", c.name, err)
			return exitUsage
		}
		m, base, code := load(*dirs, sets, stderr, c.name == "check")
		if c.name == "check" {
			return runCheck(m, code, stdout)
		}
		if c.name == "generate" {
			if code != exitOK {
				return code
			}
			source := "embedded ECMA-285 schemas"
			if *dirs != "" {
				source = *dirs
			}
			opts := gen.Options{Package: *pkg, Source: source, Base: base, StrictEnumerated: *strictEnum, AllMessages: *allMessages, UnrollAll: *unrollAll}
			for _, name := range strings.Split(*unroll, ",") {
				if name = strings.TrimSpace(name); name != "" {
					opts.Unroll = append(opts.Unroll, name)
				}
			}
			return runGenerate(m, opts, *out, stdout, stderr)
		}
		if code != exitOK {
			return code
		}
		return c.run(m, stdout)
	}
	if wirecmd.Lookup(args[0]) != nil {
		return forward.run(args[0], args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "cstagen: unknown command %q\n\n", args[0])
	usage(stderr)
	return exitUsage
}

// load compiles the schemas, printing errors (and, if warn, warnings) to
// stderr. With dirs, the base sets the schemas import from are compiled
// with them; base maps their modules to their Go packages.
func load(dirs string, sets []baseSet, stderr io.Writer, warn bool) (_ *asn1.Model, base map[string]string, _ int) {
	var files []asn1.File
	embedded := dirs == ""
	if dirs == "" {
		fs, err := asn1.ReadDir(schemas.FS, ".")
		if err != nil {
			fmt.Fprintf(stderr, "cstagen: embedded schemas: %v\n", err)
			return nil, nil, exitInput
		}
		files = fs
	} else {
		for _, dir := range strings.Split(dirs, ",") {
			fs, err := asn1.ReadDir(os.DirFS(dir), ".")
			if err != nil {
				fmt.Fprintf(stderr, "cstagen: reading schemas in %s: %v\n", dir, err)
				return nil, nil, exitInput
			}
			if len(fs) == 0 {
				fmt.Fprintf(stderr, "cstagen: no *.asn1 or *.asn files in %s\n", dir)
				return nil, nil, exitInput
			}
			for i := range fs {
				fs[i].Name = strings.TrimSuffix(dir, "/") + "/" + fs[i].Name
			}
			files = append(files, fs...)
		}
		var err error
		if files, base, err = withBase(files, sets); err != nil {
			fmt.Fprintf(stderr, "cstagen: %v\n", err)
			return nil, nil, exitInput
		}
		for _, b := range sets {
			for _, pkg := range base {
				embedded = embedded || b.dir == "" && pkg == b.pkg
			}
		}
	}
	m, err := asn1.Compile(files, nil)
	if m != nil && warn {
		for _, w := range m.Warnings {
			if embedded && benignEmbedded(w) {
				continue
			}
			fmt.Fprintln(stderr, w)
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return m, base, exitInput
	}
	return m, base, exitOK
}

// embeddedWarnings are the warnings the embedded schemas give on purpose
// (schemas/README.md, "Kept as published, on purpose"): the CSTA modules
// import the ROSE classes under X.880's version1 object identifier, and
// rose.asn1 is version2, found by name. check does not repeat them for the
// embedded schemas (a test fails when the embedded set warns about
// anything else); schemas given with -schemas get every warning.
var embeddedWarnings = []string{
	"import FROM Remote-Operations-Information-Objects: no module has object identifier {2.4.5.0}; using module Remote-Operations-Information-Objects {2.4.5.1} by name",
}

// benignEmbedded reports whether w is one of embeddedWarnings.
func benignEmbedded(w error) bool {
	for _, s := range embeddedWarnings {
		if strings.Contains(w.Error(), s) {
			return true
		}
	}
	return false
}

func typeName(t *asn1.Type) string {
	switch {
	case t == nil:
		return "-"
	case t.Ref != nil:
		return t.Ref.Name
	default:
		return strings.ReplaceAll(t.Kind.String(), " ", "-")
	}
}

func runOps(m *asn1.Model, w io.Writer) int {
	for _, op := range m.Operations {
		var errs []string
		for _, e := range op.Errors {
			errs = append(errs, e.Name)
		}
		es := "-"
		if len(errs) > 0 {
			es = strings.Join(errs, ",")
		}
		fmt.Fprintf(w, "%d %s %s %s %s\n", op.Code, op.Name, typeName(op.Argument), typeName(op.Result), es)
	}
	return exitOK
}

func runEvents(m *asn1.Model, w io.Writer) int {
	for _, e := range m.Events {
		fmt.Fprintf(w, "%s %s %s\n", e.Category, e.Tag, e.TypeName())
	}
	return exitOK
}

func runCheck(m *asn1.Model, code int, w io.Writer) int {
	if code != exitOK {
		return code
	}
	modules, types := 0, 0
	for _, mod := range m.Modules {
		if !mod.Builtin {
			modules++
			types += len(mod.Types)
		}
	}
	fmt.Fprintf(w, "modules %d, types %d, operations %d, events %d\n", modules, types, len(m.Operations), len(m.Events))
	return exitOK
}

func runGenerate(m *asn1.Model, opts gen.Options, out string, stdout, stderr io.Writer) int {
	pkg := opts.Package
	if !token.IsIdentifier(pkg) {
		fmt.Fprintf(stderr, "cstagen generate: -pkg %q is not a Go package name\n", pkg)
		return exitUsage
	}
	files, err := gen.Generate(m, opts)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitInput
	}
	if err := gen.WriteDir(out, files); err != nil {
		fmt.Fprintf(stderr, "cstagen generate: %v\n", err)
		return exitInput
	}
	fmt.Fprintf(stdout, "wrote package %s: %d files in %s\n", pkg, len(files), out)
	return exitOK
}
