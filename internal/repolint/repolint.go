// Package repolint checks the repository itself, as the lint step of make
// test runs it: today, that no large file is committed unless it is
// generated Go source (test binaries, captures and build outputs do not
// belong in the tree; .gitignore keeps most of them out, this check the
// rest).
package repolint

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// MaxFileSize is the largest size, in octets, of a committed file that is
// not generated Go source.
const MaxFileSize = 1 << 20

// A LargeFile is a file over the limit that is not generated Go source.
type LargeFile struct {
	Path string // slash-separated, relative to the root given to LargeFiles
	Size int64
}

func (f LargeFile) String() string { return fmt.Sprintf("%s (%d octets)", f.Path, f.Size) }

// generated is the line that marks generated Go source
// (https://go.dev/s/generatedcode).
var generated = regexp.MustCompile(`^// Code generated .* DO NOT EDIT\.$`)

// IsGenerated reports whether r starts with the Go marker line of generated
// source, "// Code generated ... DO NOT EDIT.". It reads at most the first
// line (up to 4096 octets).
func IsGenerated(r io.Reader) (bool, error) {
	line, err := bufio.NewReaderSize(io.LimitReader(r, 4096), 4096).ReadSlice('\n')
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return false, err
	}
	line = bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
	return generated.Match(line), nil
}

// LargeFiles returns the files among paths (relative to root, slash- or
// OS-separated) that are larger than limit octets and are not generated
// Go source (a .go file whose first line is the generated-code marker).
// Paths that do not exist (deleted in the work tree) are ignored.
func LargeFiles(root string, paths []string, limit int64) ([]LargeFile, error) {
	var out []LargeFile
	for _, p := range paths {
		name := filepath.Join(root, filepath.FromSlash(p))
		fi, err := os.Lstat(name)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if !fi.Mode().IsRegular() || fi.Size() <= limit {
			continue
		}
		if strings.HasSuffix(p, ".go") {
			f, err := os.Open(name)
			if err != nil {
				return nil, err
			}
			gen, err := IsGenerated(f)
			f.Close()
			if err != nil {
				return nil, fmt.Errorf("%s: %w", p, err)
			}
			if gen {
				continue
			}
		}
		out = append(out, LargeFile{Path: filepath.ToSlash(p), Size: fi.Size()})
	}
	return out, nil
}
