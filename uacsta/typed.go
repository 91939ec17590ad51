package uacsta

import (
	"context"
	"errors"
	"fmt"
)

// TypedXML is a CSTA-XML message that encodes and decodes itself, what the
// generated ECMA-323 codec provides (the same interface as conn.TypedXML):
// AppendXML appends the whole document, DecodeXML decodes one.
type TypedXML interface {
	AppendXML(dst []byte) ([]byte, error)
	DecodeXML(src []byte) error
}

// ErrUndecodable reports a response document that resp.DecodeXML
// refused; the error wraps DecodeXML's too.
var ErrUndecodable = errors.New("uacsta: undecodable response")

// Invoke sends req, encoded by its AppendXML, as InvokeXML does, and
// decodes the response into resp with its DecodeXML (resp may be nil to
// ignore it).
func (c *Conn) Invoke(ctx context.Context, req, resp TypedXML) error {
	body, err := req.AppendXML(nil)
	if err != nil {
		return err
	}
	doc, err := c.invoke(ctx, nil, body)
	if err != nil || resp == nil {
		return err
	}
	if err := resp.DecodeXML(doc); err != nil {
		return fmt.Errorf("%w: %w", ErrUndecodable, err)
	}
	return nil
}
