package bench

import (
	"testing"

	"github.com/cstagen/cstagen/asn1"
	"github.com/cstagen/cstagen/schemas"
)

// BenchmarkCompileSchemas parses and resolves every embedded schema module
// (ECMA-285 with ROSE and ACSE): the work behind every cstagen command.
func BenchmarkCompileSchemas(b *testing.B) {
	files, err := asn1.ReadDir(schemas.FS, ".")
	if err != nil {
		b.Fatal(err)
	}
	size := 0
	for _, f := range files {
		size += len(f.Src)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		m, err := asn1.Compile(files, nil)
		if err != nil {
			b.Fatal(err)
		}
		if len(m.Operations) == 0 {
			b.Fatal("no operations")
		}
	}
}
