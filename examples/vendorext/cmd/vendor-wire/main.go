// Command vendor-wire is cstagen-wire (decode, transcode, simulate) built
// with the vendor's package: importing vendorext registers its private data
// decoder in privdata.Default, so that decode shows the vendor's private
// data as typed vendorcsta values instead of only a hex dump and a TLV
// outline.
//
//	go run ./cmd/vendor-wire decode capture.pcap
package main

import (
	"os"

	"github.com/cstagen/cstagen/wirecli"

	_ "example.com/vendorext" // registers vendorext.PrivateData
)

func main() {
	os.Exit(wirecli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
