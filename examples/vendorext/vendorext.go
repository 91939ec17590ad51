// Package vendorext shows a vendor's schema on top of csta: the vendor's
// ASN.1 module in asn1/ imports DeviceID and CSTACommonArguments from
// ECMA-285, and cstagen compiles it into the package vendorcsta, which holds
// only the vendor's types and uses csta's for the rest (cstagen generate
// -base, by default github.com/cstagen/cstagen/csta for the ECMA-285
// modules). This package adds what the generator does not know: that
// VendorPrivateData is what the vendor's switch puts in CSTAPrivateData
// (registered in privdata.Default, for cstagen decode and applications),
// and that its operations travel through conn (OtherOperations).
//
// After changing asn1/ (or upgrading cstagen), run
//
//	go generate ./...
//
// and commit the regenerated vendorcsta/.
package vendorext

//go:generate go tool cstagen generate -schemas ./asn1 -pkg vendorcsta -out ./vendorcsta

import (
	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/runtime/ber"
	"github.com/cstagen/cstagen/runtime/privdata"

	"example.com/vendorext/vendorcsta"
)

// PrivateData decodes the vendor's private data: an [APPLICATION 29]
// element in CSTAPrivateData's private alternative.
var PrivateData = privdata.Decoder{
	Name: "Vendor-CSTA-Extensions.VendorPrivateData",
	Tag:  ber.Application | ber.Constructed | 29,
	New:  func() privdata.Value { return new(vendorcsta.VendorPrivateData) },
}

func init() {
	if err := privdata.Register(PrivateData); err != nil {
		panic(err) // a second package registering the same tag: a build mistake
	}
}

// OtherOperations tells conn the vendor's operations, for
// conn.BEROptions.OtherOperations.
func OtherOperations(code int64) (responds, known bool) {
	op := vendorcsta.OperationByCode(code)
	return op != nil && op.Responds, op != nil
}

// Private returns the CSTAPrivateData carrying p in its private
// alternative.
func Private(p *vendorcsta.VendorPrivateData) (csta.CSTAPrivateData, error) {
	var pd csta.CSTAPrivateData
	b, err := p.AppendBER(nil)
	if err != nil {
		return pd, err
	}
	pd.SetPrivate()
	pd.PrivateBER = b
	return pd, nil
}

// FromPrivate decodes the vendor's data in pd into p, and reports false
// when pd holds no such data (another vendor's, a string, a bare NULL).
func FromPrivate(pd *csta.CSTAPrivateData, p *vendorcsta.VendorPrivateData) (bool, error) {
	if pd.GetChoice() != csta.CSTAPrivateDataChoicePrivate || len(pd.PrivateBER) == 0 || pd.PrivateBER[0] != 0x7d {
		return false, nil
	}
	return true, p.DecodeBER(pd.PrivateBER)
}

// SetCallRecording returns the vendor's setCallRecording argument for the
// device with the given dialing number, with the vendor's private data
// naming the agent.
func SetCallRecording(number, agent string, mode vendorcsta.RecordingMode) *vendorcsta.SetCallRecordingArgument {
	arg := &vendorcsta.SetCallRecordingArgument{
		Mode:        mode,
		PrivateData: &vendorcsta.VendorPrivateData{Version: 1, AgentID: []byte(agent), HasAgentID: agent != ""},
	}
	arg.Device.DeviceIdentifier.SetDialingNumber(csta.NumberDigits(number))
	return arg
}
