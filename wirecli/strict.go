package wirecli

import (
	"errors"
	"io"
	"unicode/utf8"

	"github.com/cstagen/cstagen/runtime/xml"
)

// wellFormed checks that doc is well-formed XML 1.0 with namespaces: it
// reads every token with the tokenizer's Strict flag, which generated
// decoders do not set (csta.XMLMessage.Strict is about the schema), and
// returns the first *xml.SyntaxError.
func wellFormed(doc []byte) error {
	dec := xml.NewDecoder(doc, nil)
	dec.SetFlags(xml.Strict)
	for {
		if _, err := dec.Next(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// writable checks a document about to be written: well-formed as lenient
// reading takes it (what a peer sent beyond XML 1.0 and the decoder kept
// may stay), and UTF-8 throughout, which lenient reading does not check.
func writable(doc []byte) error {
	dec := xml.NewDecoder(doc, nil)
	for {
		if _, err := dec.Next(); err == io.EOF {
			break
		} else if err != nil {
			return err
		}
	}
	if !utf8.Valid(doc) {
		return errors.New("bytes that are not UTF-8")
	}
	return nil
}
