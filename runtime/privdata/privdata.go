// Package privdata plugs typed decoders and encoders for a vendor's private
// data into CSTA without regenerating csta. ECMA-285 leaves the encoding of
// CSTAPrivateData's private alternative to each vendor ("replace NULL with
// another valid ASN.1 type"); csta keeps that element verbatim, whatever its
// tag, in CSTAPrivateData.PrivateBER. A [Registry] maps such an element to
// the vendor's Go type: by the element's tag, and where the vendor's data
// starts with an OBJECT IDENTIFIER naming the manufacturer, by that OID too.
//
// A vendor's type is any value with the codec methods cstagen generates
// ([Value]): a package generated on top of csta (cstagen generate -base)
// registers its private-data type, typically in an init function of a
// hand-written file next to the generated code, in [Default] (for tools
// such as cstagen decode) or in a Registry of the application's own, one
// per connection or per switch when different switches speak different
// vendors' data. Encoding needs no registry: the vendor type's AppendBER
// gives the element to put in PrivateBER.
//
// The package does not import csta: it works on the element's bytes.
package privdata

import (
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/cstagen/cstagen/runtime/ber"
)

// Value is a vendor's private data type: what cstagen generates for an
// ASN.1 type (the element with its own tags in BER, and a readable form).
type Value interface {
	SizeBER() int
	AppendBER(dst []byte) ([]byte, error)
	DecodeBER(src []byte) error
	String() string
}

// Decoder describes one vendor's private data.
type Decoder struct {
	// Name says what the data is, for people (cstagen decode prints it):
	// the ASN.1 module and type, e.g. "Vendor-CSTA-Extensions.VendorPrivateData".
	Name string
	// Tag is the identifier of the vendor's element, constructed bit
	// included (an [APPLICATION 29] SEQUENCE is ber.Application|ber.Constructed|29).
	Tag ber.Tag
	// OID, when not nil, narrows the match to the elements whose first
	// component is this OBJECT IDENTIFIER (a manufacturer identifier).
	OID []uint32
	// New returns a new value to decode into.
	New func() Value
}

// Errors of Register.
var (
	ErrNoNew     = errors.New("privdata: decoder without New")
	ErrDuplicate = errors.New("privdata: a decoder for this tag and OID is registered already")
)

// Registry maps vendor private data elements to their decoders. The zero
// value is empty and ready; it is safe for concurrent use.
type Registry struct {
	mu    sync.RWMutex
	byTag map[ber.Tag][]*Decoder
}

// Default is the registry of the process: vendor packages register in it,
// cstagen decode looks in it.
var Default = new(Registry)

// Register adds d to r. A decoder with an OID is tried before one without
// for the same tag; two decoders with the same tag and OID are an error.
func (r *Registry) Register(d Decoder) error {
	if d.New == nil {
		return fmt.Errorf("%w: %s", ErrNoNew, d.Name)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.byTag == nil {
		r.byTag = map[ber.Tag][]*Decoder{}
	}
	list := r.byTag[d.Tag]
	for _, e := range list {
		if slices.Equal(e.OID, d.OID) && (e.OID == nil) == (d.OID == nil) {
			return fmt.Errorf("%w: %s and %s (%s)", ErrDuplicate, e.Name, d.Name, d.Tag)
		}
	}
	d.OID = slices.Clone(d.OID)
	list = append(list, &d)
	// With an OID first: the most specific match wins.
	slices.SortStableFunc(list, func(a, b *Decoder) int {
		switch {
		case a.OID != nil && b.OID == nil:
			return -1
		case a.OID == nil && b.OID != nil:
			return 1
		}
		return 0
	})
	r.byTag[d.Tag] = list
	return nil
}

// Register adds d to Default; vendor packages call it from init and may
// panic on its error, which is a programming error.
func Register(d Decoder) error { return Default.Register(d) }

// Lookup returns the decoder for the BER element elem (the whole TLV of
// CSTAPrivateData.PrivateBER), or nil when none is registered. It
// allocates nothing.
func (r *Registry) Lookup(elem []byte) *Decoder {
	rd := ber.NewReader(elem, nil)
	t, ok := rd.PeekTag()
	if !ok {
		return nil
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	list := r.byTag[t]
	for _, d := range list {
		if d.OID == nil || firstOID(elem, d.OID) {
			return d
		}
	}
	return nil
}

// firstOID reports whether the constructed element elem starts with the
// OBJECT IDENTIFIER oid.
func firstOID(elem []byte, oid []uint32) bool {
	rd := ber.NewReader(elem, nil)
	_, _, err := rd.EnterAny()
	if err != nil {
		return false
	}
	var buf [16]uint32
	got, err := rd.ReadOID(ber.Universal|6, buf[:0])
	return err == nil && slices.Equal(got, oid)
}

// Decode decodes elem with its registered decoder into a new value. It
// returns nil, nil, nil when no decoder is registered for elem, and the
// decoder with the error when elem is no valid value of its type.
func (r *Registry) Decode(elem []byte) (Value, *Decoder, error) {
	d := r.Lookup(elem)
	if d == nil {
		return nil, nil, nil
	}
	v := d.New()
	if err := v.DecodeBER(elem); err != nil {
		return nil, d, fmt.Errorf("privdata: %s: %w", d.Name, err)
	}
	return v, d, nil
}
