// Command gencsta regenerates the csta package from the embedded schemas
// with the XML overrides of schemas.XMLOverrides: go generate ./csta runs
// it. Like cmd/cstagen, it does not import csta (a test of cmd/cstagen
// checks), so that csta can be regenerated even when its current files do
// not compile.
package main

import (
	"fmt"
	"os"

	"github.com/cstagen/cstagen/asn1"
	"github.com/cstagen/cstagen/gen"
	"github.com/cstagen/cstagen/schemas"
)

func main() {
	if err := run("."); err != nil {
		fmt.Fprintln(os.Stderr, "gencsta:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	files, err := asn1.ReadDir(schemas.FS, ".")
	if err != nil {
		return err
	}
	m, err := asn1.Compile(files, nil)
	if err != nil {
		return err
	}
	out, err := gen.Generate(m, gen.Options{Package: "csta", Source: "embedded ECMA-285 schemas", XMLOverrides: schemas.XMLOverrides})
	if err != nil {
		return err
	}
	if err := gen.WriteDir(dir, out); err != nil {
		return err
	}
	fmt.Printf("wrote package csta: %d files\n", len(out))
	return nil
}
