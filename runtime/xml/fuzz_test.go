package xml

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

var fuzzSeeds = []string{
	`<a>x</a>`,
	`<?xml version="1.0" encoding="ISO-8859-1"?><a b='1' c="&lt;">t&#233;<![CDATA[x]]><!--c--><?p?><d/></a>`,
	`<p:a xmlns:p="u" xmlns="v"><b p:x="1" xml:lang="en"/></p:a>`,
	`<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>`,
	"\xEF\xBB\xBF<a>\r\n</a>",
	`<a><b></a>`,
	`<a xmlns:p="u" xmlns:q="u" p:x="1" q:x="2"/>`,
}

// FuzzDecoder checks that no input panics, that every error is a
// *SyntaxError with an in-range offset, that token offsets increase, and
// that Canonical is idempotent whenever it succeeds.
func FuzzDecoder(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	if files, err := readCorpusFiles(); err == nil {
		for _, b := range files {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lim := &Limits{MaxDepth: 64, MaxTokenLen: 1 << 12}
		d := NewDecoder(data, lim)
		d.SetFlags(ReportComments | ReportProcInsts | ReportDoctype)
		last := -1
		var err error
		for {
			var tok Token
			tok, err = d.Next()
			if err != nil {
				break
			}
			if tok.Offset <= last || tok.Offset >= len(data) {
				t.Fatalf("token offset %d after %d (len %d)", tok.Offset, last, len(data))
			}
			last = tok.Offset
			if tok.Kind == CharData && tok.Escaped {
				if _, err := Unescape(nil, tok.Data); err != nil {
					t.Fatalf("tokenizer accepted bad reference: %v", err)
				}
			}
			for i := 0; i < d.AttrCount() && tok.Kind == StartElement; i++ {
				var scratch []byte
				if _, err := d.AttrValue(i, &scratch); err != nil {
					t.Fatal(err)
				}
			}
		}
		checkErr(t, err, len(data))

		// Strict accepts a subset of what lenient mode does, with the same
		// tokens; its errors are as typed.
		if strictErr := fuzzStrict(t, data, lim); strictErr == io.EOF && err != io.EOF {
			t.Fatalf("Strict accepted what lenient mode rejects (%v): %q", err, data)
		} else {
			checkErr(t, strictErr, len(data))
		}

		// The helpers, as generated code drives them.
		d.Reset(data)
		var scratch []byte
		_, err = fuzzWalk(d, &scratch, 0)
		if err != nil {
			checkErr(t, err, len(data))
		}

		c, err := Canonical(data)
		if err != nil {
			checkErr(t, err, len(data)*8+64)
			return
		}
		c2, err := Canonical(c)
		if err != nil {
			t.Fatalf("Canonical of canonical form failed: %v\n%q\n%q", err, data, c)
		}
		if !bytes.Equal(c, c2) {
			t.Fatalf("Canonical not idempotent:\n%q\n%q\n%q", data, c, c2)
		}
	})
}

func checkErr(t *testing.T, err error, n int) {
	t.Helper()
	if err == io.EOF || err == nil {
		return
	}
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("error %T %v is not a *SyntaxError", err, err)
	}
	if se.Offset < 0 || se.Offset > n || se.Err == nil {
		t.Fatalf("bad error %+v", se)
	}
}

// fuzzWalk picks a helper by the first byte of each element name.
func fuzzWalk(d *Decoder, scratch *[]byte, depth int) (int, error) {
	n := 0
	for {
		name, ok, err := d.ReadStart()
		if err != nil || !ok {
			return n, err
		}
		n++
		var sel byte
		if len(name.Local) > 0 {
			sel = name.Local[0] % 4
		}
		switch sel {
		case 0:
			_, err = d.ReadText(scratch)
		case 1:
			err = d.SkipElement()
		case 2:
			var raw []byte
			raw, err = d.RawElement()
			if err == nil && (len(raw) == 0 || raw[0] != '<' || raw[len(raw)-1] != '>') {
				panic("bad raw element")
			}
		default:
			_, err = fuzzWalk(d, scratch, depth+1)
		}
		if err != nil {
			return n, err
		}
	}
}

// fuzzStrict reads data with a Strict Decoder, comparing each token with a
// lenient one's, and returns the error that ended the walk (io.EOF at the
// end).
func fuzzStrict(t *testing.T, data []byte, lim *Limits) error {
	t.Helper()
	d := NewDecoder(data, lim)
	d.SetFlags(ReportComments | ReportProcInsts | ReportDoctype | Strict)
	l := NewDecoder(data, lim)
	l.SetFlags(ReportComments | ReportProcInsts | ReportDoctype)
	for {
		tok, err := d.Next()
		if err != nil {
			return err
		}
		ltok, lerr := l.Next()
		if lerr != nil || tok.Kind != ltok.Kind || tok.Offset != ltok.Offset || !bytes.Equal(tok.NS, ltok.NS) || !bytes.Equal(tok.Data, ltok.Data) {
			t.Fatalf("Strict token %+v, lenient %+v (%v)", tok, ltok, lerr)
		}
	}
}
