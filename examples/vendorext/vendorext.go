// Package vendorext shows the go generate workflow of a downstream module:
// a vendor's ASN.1 module in asn1/ compiled by cstagen into the package
// vendorcsta, which this package uses to build the vendor's operation.
//
// After changing asn1/ (or upgrading cstagen), run
//
//	go generate ./...
//
// and commit the regenerated vendorcsta/.
package vendorext

//go:generate go tool cstagen generate -schemas ./asn1 -pkg vendorcsta -out ./vendorcsta

import "example.com/vendorext/vendorcsta"

// SetCallRecording returns the BER encoding of the vendor's setCallRecording
// argument for the device with the given dialing number, with the vendor's
// private data naming the agent.
func SetCallRecording(number, agent string, mode vendorcsta.RecordingMode) ([]byte, error) {
	arg := vendorcsta.SetCallRecordingArgument{
		Mode:        mode,
		PrivateData: &vendorcsta.VendorPrivateData{Version: 1, AgentID: []byte(agent), HasAgentID: agent != ""},
	}
	arg.Device.SetDialingNumber(vendorcsta.DeviceNumber(number))
	return arg.AppendBER(nil)
}
