package privdata

import (
	"errors"
	"fmt"
	"testing"

	"github.com/cstagen/cstagen/runtime/ber"
)

// octets is a Value for tests: an element of one tag holding bytes.
type octets struct {
	tag  ber.Tag
	data []byte
}

func (o *octets) SizeBER() int { return ber.SizeTLV(o.tag, len(o.data)) }
func (o *octets) AppendBER(dst []byte) ([]byte, error) {
	n := o.SizeBER()
	b := make([]byte, n)
	i := ber.PutBytes(b, n, o.data)
	ber.PutHeader(b, i, o.tag, n-i)
	return append(dst, b...), nil
}
func (o *octets) DecodeBER(src []byte) error {
	r := ber.NewReader(src, nil)
	c, err := r.ReadContents(o.tag)
	if err != nil {
		return err
	}
	o.data = c
	return r.Finish()
}
func (o *octets) String() string { return fmt.Sprintf("%x", o.data) }

func TestRegistry(t *testing.T) {
	app29 := ber.Application | ber.Constructed | 29
	priv1 := ber.Private | ber.Constructed | 1
	var r Registry
	for _, d := range []Decoder{
		{Name: "plain", Tag: app29, New: func() Value { return &octets{tag: app29} }},
		{Name: "hipath", Tag: priv1, OID: []uint32{1, 3, 12, 2, 1, 1107}, New: func() Value { return &octets{tag: priv1} }},
		{Name: "other", Tag: priv1, New: func() Value { return &octets{tag: priv1} }},
	} {
		if err := r.Register(d); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Register(Decoder{Name: "again", Tag: app29, New: func() Value { return nil }}); !errors.Is(err, ErrDuplicate) {
		t.Errorf("second decoder for a tag: %v, want ErrDuplicate", err)
	}
	if err := r.Register(Decoder{Name: "none", Tag: app29 + 1}); !errors.Is(err, ErrNoNew) {
		t.Errorf("decoder without New: %v, want ErrNoNew", err)
	}
	tests := []struct {
		name string
		elem []byte
		want string // decoder name, "" for none
	}{
		{"by tag", []byte{0x7d, 0x03, 0x02, 0x01, 0x01}, "plain"},
		{"by OID", []byte{0xe1, 0x08, 0x06, 0x06, 0x2b, 0x0c, 0x02, 0x01, 0x88, 0x53}, "hipath"},
		{"other OID", []byte{0xe1, 0x08, 0x06, 0x06, 0x2b, 0x0c, 0x02, 0x01, 0x88, 0x54}, "other"},
		{"no OID", []byte{0xe1, 0x03, 0x02, 0x01, 0x05}, "other"},
		{"unknown tag", []byte{0xa6, 0x00}, ""},
		{"empty", nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := r.Lookup(tc.elem)
			got := ""
			if d != nil {
				got = d.Name
			}
			if got != tc.want {
				t.Fatalf("Lookup = %q, want %q", got, tc.want)
			}
			v, d2, err := r.Decode(tc.elem)
			if err != nil || d2 != d || (v == nil) != (d == nil) {
				t.Fatalf("Decode = %v, %v, %v", v, d2, err)
			}
			if v == nil {
				return
			}
			back, err := v.AppendBER(nil)
			if err != nil || string(back) != string(tc.elem) {
				t.Errorf("re-encoded %x, %v, want %x", back, err, tc.elem)
			}
		})
	}
	if allocs := testing.AllocsPerRun(10, func() { r.Lookup(tests[1].elem) }); allocs != 0 {
		t.Errorf("Lookup: %v allocations, want 0", allocs)
	}
	if _, d, err := r.Decode([]byte{0x7d, 0x01}); d == nil || err == nil {
		t.Errorf("truncated element: decoder %v, error %v; want the decoder and an error", d, err)
	}
}
