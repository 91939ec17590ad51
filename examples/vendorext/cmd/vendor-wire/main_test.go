package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/wirecli"

	"example.com/vendorext"
	"example.com/vendorext/vendorcsta"
)

// TestDecodeShowsVendorValue decodes a MakeCall carrying the vendor's
// private data, as the stock cstagen-wire would, and finds the typed value
// beside the hex dump: the vendor's decoder is linked in.
func TestDecodeShowsVendorValue(t *testing.T) {
	pd, err := vendorext.Private(&vendorcsta.VendorPrivateData{Version: 7, AgentID: []byte("agent9"), HasAgentID: true})
	if err != nil {
		t.Fatal(err)
	}
	var arg csta.MakeCallArgument
	arg.CallingDevice.DeviceIdentifier.SetDialingNumber(csta.NumberDigits("601"))
	arg.CalledDirectoryNumber.DeviceIdentifier.SetDialingNumber(csta.NumberDigits("535"))
	arg.Extensions = &csta.CSTACommonArguments{PrivateData: []csta.CSTAPrivateData{pd}, HasPrivateData: true}
	var p csta.PDU
	p.SetInvoke(1, 10, &arg)
	apdu, err := p.AppendBER(nil)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "makecall.ber")
	if err := os.WriteFile(file, apdu, 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := wirecli.Main([]string{"decode", file}, &stdout, &stderr); code != 0 {
		t.Fatalf("decode: exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{"makeCall", vendorext.PrivateData.Name, "agent9"} {
		if !strings.Contains(out, want) {
			t.Errorf("decode output lacks %q:\n%s", want, out)
		}
	}
}
