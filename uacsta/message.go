package uacsta

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/cstagen/cstagen/runtime/xml"
)

// Content-Type and Content-Disposition of every CSTA body (ECMA TR/87,
// ECMA-323 Annex K).
const (
	ContentType        = "application/csta+xml"
	ContentDisposition = "signal;handling=required"
)

// Sentinel errors; test for them with errors.Is.
var (
	// ErrClosed reports a request ended by the end of the dialog: Close,
	// a BYE from the peer, or a failure (see Err).
	ErrClosed = errors.New("uacsta: dialog closed")
	// ErrTimeout reports a request whose response did not come within
	// Options.RequestTimeout.
	ErrTimeout = errors.New("uacsta: request timed out")
	// ErrServiceFailed reports a CSTAErrorCode: *XMLError wraps it.
	ErrServiceFailed = errors.New("uacsta: service request failed")
	// ErrStatus reports a SIP final response other than 2xx: *StatusError
	// wraps it.
	ErrStatus = errors.New("uacsta: SIP request failed")
	// ErrBadBody reports a body that is not a CSTA-XML document (no root
	// element).
	ErrBadBody = errors.New("uacsta: not a CSTA-XML document")
	// ErrTooManyPending reports a request refused because
	// Options.MaxPending requests already wait for a response.
	ErrTooManyPending = errors.New("uacsta: too many pending requests")
	// ErrByPeer reports a dialog that the peer ended with BYE.
	ErrByPeer = errors.New("uacsta: dialog ended by the peer")
	// ErrRefresh reports a dialog refresh (re-INVITE or UPDATE) that
	// failed: the dialog is gone (RFC 4028 10).
	ErrRefresh = errors.New("uacsta: dialog refresh failed")
	// ErrExpired reports a dialog whose RFC 4028 session interval passed
	// without a refresh: the server ended it.
	ErrExpired = errors.New("uacsta: session interval expired without refresh")
	// ErrRespondLater, returned by a request handler, answers the SIP
	// request with an empty 200 OK: the application sends the CSTA response
	// later with Respond (as an INFO).
	ErrRespondLater = errors.New("uacsta: response deferred")
	// ErrUnauthorized is what a Credentials callback returns for an
	// unknown user (the INVITE is challenged again).
	ErrUnauthorized = errors.New("uacsta: unauthorized")
)

// Message is an incoming CSTA-XML document handed to a callback. Its
// slices are only valid during the call: copy what must outlive it.
type Message struct {
	// Method is the SIP method that carried it: INVITE, INFO or NOTIFY.
	Method string
	// Root is the local name of the root element (MonitorStart,
	// DeliveredEvent, ...); NS its namespace URI, empty if none.
	Root, NS []byte
	// Body is the whole document.
	Body []byte
}

// StatusError is a SIP final response other than 2xx to an INVITE, INFO,
// UPDATE or BYE.
type StatusError struct {
	// Method is the request's method.
	Method string
	// Code and Reason are the response's status.
	Code   int
	Reason string
}

// Error implements error.
func (e *StatusError) Error() string {
	return fmt.Sprintf("uacsta: %s answered %d %s", e.Method, e.Code, e.Reason)
}

// Unwrap returns ErrStatus.
func (e *StatusError) Unwrap() error { return ErrStatus }

// XMLError is a CSTAErrorCode answering a request (ECMA-323: the root
// CSTAErrorCode holds one element naming the error category, whose text is
// the value).
type XMLError struct {
	// Request is the root element name of the failed request.
	Request string
	// Category is the local name of CSTAErrorCode's child (operation,
	// security, ..., privateErrorCode, unspecified); empty if none.
	Category string
	// Value is that child's text, white space trimmed.
	Value string
	// Body is the CSTAErrorCode document.
	Body []byte
}

// Error implements error.
func (e *XMLError) Error() string {
	if e.Value == "" {
		return fmt.Sprintf("uacsta: %s failed: CSTAErrorCode %s", e.Request, e.Category)
	}
	return fmt.Sprintf("uacsta: %s failed: CSTAErrorCode %s: %s", e.Request, e.Category, e.Value)
}

// Unwrap returns ErrServiceFailed.
func (e *XMLError) Unwrap() error { return ErrServiceFailed }

// kind classifies a document by its root element name, as ECMA-323 names
// them: ...Event is an event, ...Response or CSTAErrorCode answers a
// request, anything else is a request.
type kind int

const (
	kindRequest kind = iota
	kindResponse
	kindError
	kindEvent
)

func classify(root []byte) kind {
	switch {
	case string(root) == "CSTAErrorCode":
		return kindError
	case bytes.HasSuffix(root, []byte("Response")):
		return kindResponse
	case bytes.HasSuffix(root, []byte("Event")):
		return kindEvent
	}
	return kindRequest
}

// responseName returns the root element name that answers request root.
func responseName(root string) string { return root + "Response" }

var decoders = sync.Pool{New: func() any { return xml.NewDecoder(nil, nil) }}

// RootName returns the local name and namespace URI of the root element
// of doc. When the document is not well-formed enough for the tokenizer
// (real servers send such documents), the name is taken from the first
// start tag by a plain scan, without namespace. ok is false when doc has no
// element at all.
func RootName(doc []byte) (local, ns []byte, ok bool) {
	d := decoders.Get().(*xml.Decoder)
	defer decoders.Put(d)
	d.Reset(doc)
	name, ok, err := d.ReadStart()
	if err == nil && ok {
		local, ns = name.Local, d.NS()
		d.Reset(nil)
		return local, ns, true
	}
	d.Reset(nil)
	for i := 0; i+1 < len(doc); i++ {
		if doc[i] != '<' || doc[i+1] == '?' || doc[i+1] == '!' || doc[i+1] == '/' {
			continue
		}
		j := i + 1
		for j < len(doc) && !strings.ContainsRune(" \t\r\n/>", rune(doc[j])) {
			j++
		}
		name := doc[i+1 : j]
		if k := bytes.IndexByte(name, ':'); k >= 0 {
			name = name[k+1:]
		}
		return name, nil, len(name) > 0
	}
	return nil, nil, false
}

// parseXMLError builds the *XMLError of a CSTAErrorCode document (its
// Body is a copy).
func parseXMLError(request string, doc []byte) *XMLError {
	e := &XMLError{Request: request, Body: bytes.Clone(doc)}
	d := xml.NewDecoder(e.Body, nil)
	if _, ok, err := d.ReadStart(); err != nil || !ok {
		return e
	}
	name, ok, err := d.ReadStart()
	if err != nil || !ok {
		return e
	}
	e.Category = string(name.Local)
	var scratch []byte
	if text, err := d.ReadText(&scratch); err == nil {
		e.Value = string(xml.TrimSpace(text))
	}
	return e
}

// appendEmptyResponse appends <name xmlns="ns"/>.
func appendEmptyResponse(dst []byte, name string, ns []byte) []byte {
	dst = xml.AppendDeclaration(dst)
	dst = xml.AppendStartOpen(dst, name)
	if len(ns) > 0 {
		dst = xml.AppendAttrBytes(dst, "xmlns", ns)
	}
	return xml.AppendEmptyClose(dst)
}

// AppendSystemStatusResponse appends the answer to a RequestSystemStatus:
// <RequestSystemStatusResponse xmlns="ns"><systemStatus>status</systemStatus></...>,
// as the Server sends by default in the 200 OK of the INVITE.
func AppendSystemStatusResponse(dst []byte, ns []byte, status string) []byte {
	const name = "RequestSystemStatusResponse"
	dst = xml.AppendDeclaration(dst)
	dst = xml.AppendStartOpen(dst, name)
	if len(ns) > 0 {
		dst = xml.AppendAttrBytes(dst, "xmlns", ns)
	}
	dst = xml.AppendStartClose(dst)
	dst = xml.AppendStartOpen(dst, "systemStatus")
	dst = xml.AppendStartClose(dst)
	dst = xml.AppendTextString(dst, status)
	dst = xml.AppendEnd(dst, "systemStatus")
	return xml.AppendEnd(dst, name)
}

// AppendErrorCode appends a CSTAErrorCode document with one category
// element holding value (an empty element when value is empty).
func AppendErrorCode(dst []byte, ns []byte, category, value string) []byte {
	dst = xml.AppendDeclaration(dst)
	dst = xml.AppendStartOpen(dst, "CSTAErrorCode")
	if len(ns) > 0 {
		dst = xml.AppendAttrBytes(dst, "xmlns", ns)
	}
	dst = xml.AppendStartClose(dst)
	if value == "" {
		dst = xml.AppendEmpty(dst, category)
	} else {
		dst = xml.AppendStartOpen(dst, category)
		dst = xml.AppendStartClose(dst)
		dst = xml.AppendTextString(dst, value)
		dst = xml.AppendEnd(dst, category)
	}
	return xml.AppendEnd(dst, "CSTAErrorCode")
}

// DefaultRequestSystemStatus is the INVITE body when Options.InviteBody is
// nil: a RequestSystemStatus in the ECMA-323 edition 3 namespace.
var DefaultRequestSystemStatus = []byte(`<?xml version="1.0" encoding="UTF-8"?>` +
	`<RequestSystemStatus xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed3"/>`)
