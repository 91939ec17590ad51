package csta

import (
	"bytes"
	"encoding/hex"
	"testing"

	"github.com/cstagen/cstagen/runtime/ber"
	"github.com/google/go-cmp/cmp"
)

// extensionsTag is the tag of CSTACommonArguments, which is coded inside
// the messages that hold it (ber.DecodeContent codes it on its own).
const extensionsTag = ber.Application | ber.Constructed | 30

// TestPrivateDataBER decodes vendor private data of the shapes real
// switches send in place of CSTAPrivateData's private NULL (HiPath's
// [PRIVATE 1] constructed, Panasonic's [6] and [UNIVERSAL 8] constructed,
// nested ones), in extensions.privateData: each item keeps its whole
// element, the value re-encodes byte for byte, and a reused value keeps
// nothing of the previous message.
func TestPrivateDataBER(t *testing.T) {
	items := []struct {
		name   string
		hex    string
		choice CSTAPrivateDataChoice
		raw    bool // kept in PrivateBER
	}{
		{"string", "040141", CSTAPrivateDataChoiceString_, false},
		{"null", "0500", CSTAPrivateDataChoicePrivate, false},
		{"private 1 constructed", "e103040141", CSTAPrivateDataChoicePrivate, true},
		{"context 6 constructed", "a6020500", CSTAPrivateDataChoicePrivate, true},
		{"universal 8 constructed", "2803020105", CSTAPrivateDataChoicePrivate, true},
		{"nested", "e107a005e203040142", CSTAPrivateDataChoicePrivate, true},
		{"private primitive long tag", "df8a0102cafe", CSTAPrivateDataChoicePrivate, true},
	}
	var all []byte
	for _, it := range items {
		b, err := hex.DecodeString(it.hex)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, b...)

		var pd CSTAPrivateData
		if err := ber.DecodeChoice(b, &pd, nil); err != nil {
			t.Fatalf("%s: %v", it.name, err)
		}
		if pd.GetChoice() != it.choice {
			t.Errorf("%s: choice %v, want %v", it.name, pd.GetChoice(), it.choice)
		}
		if it.raw && !bytes.Equal(pd.PrivateBER, b) {
			t.Errorf("%s: PrivateBER % x, want % x", it.name, pd.PrivateBER, b)
		}
		if !it.raw && pd.PrivateBER != nil {
			t.Errorf("%s: PrivateBER % x, want none", it.name, pd.PrivateBER)
		}
		out, err := ber.AppendChoice(nil, &pd)
		if err != nil {
			t.Fatalf("%s: encode: %v", it.name, err)
		}
		if !bytes.Equal(out, b) {
			t.Errorf("%s: re-encoded % x, want % x", it.name, out, b)
		}
	}

	// All of them in the privateData list of a CSTACommonArguments.
	list := append([]byte{0xa1, byte(len(all))}, all...)
	src := append([]byte{0x7e, byte(len(list))}, list...)
	var ext CSTACommonArguments
	if err := ber.DecodeContent(src, extensionsTag, &ext, nil); err != nil {
		t.Fatalf("extensions: %v", err)
	}
	if got := len(ext.GetPrivateData()); got != len(items) {
		t.Fatalf("extensions: %d private data items, want %d", got, len(items))
	}
	out, err := ber.AppendContent(nil, extensionsTag, &ext)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, src) {
		t.Errorf("extensions re-encoded\n% x, want\n% x", out, src)
	}

	// Reused for a message with only a string: no vendor bytes left.
	only := []byte{0x7e, 0x05, 0xa1, 0x03, 0x04, 0x01, 0x41}
	if err := ber.DecodeContent(only, extensionsTag, &ext, nil); err != nil {
		t.Fatal(err)
	}
	var fresh CSTACommonArguments
	if err := ber.DecodeContent(only, extensionsTag, &fresh, nil); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&fresh, &ext, apiView); diff != "" {
		t.Errorf("reused value differs from a fresh decode (-fresh +reused):\n%s", diff)
	}
}
