package ber_test

import (
	"errors"
	"fmt"

	"github.com/cstagen/cstagen/runtime/ber"
)

// Decoding a ROSE Invoke header the way generated code does: one sub-Reader
// per constructed element, contents as zero-copy slices, End to close.
func ExampleReader() {
	pdu := []byte{0xa1, 0x0c, 0x02, 0x01, 0x01, 0x02, 0x02, 0x00, 0xd3, 0x30, 0x03, 0x0a, 0x01, 0x02}
	r := ber.NewReader(pdu, nil)
	var inv, arg ber.Reader
	if err := r.ReadElement(ber.Context|ber.Constructed|1, &inv); err != nil {
		fmt.Println(err)
		return
	}
	id, _ := inv.ReadInt64(ber.IntegerTag)
	op, _ := inv.ReadInt64(ber.IntegerTag)
	_ = inv.ReadElement(ber.SequenceTag, &arg)
	status, _ := arg.ReadInt64(ber.EnumeratedTag)
	fmt.Println(id, op, status, inv.End(&arg), r.End(&inv), r.Finish())

	// A wrong tag names both tags and the offset.
	r = ber.NewReader(pdu, nil)
	err := r.ReadElement(ber.Context|ber.Constructed|2, &inv)
	fmt.Println(ber.WrapField(err, "ROSEapdus", "returnResult"))
	fmt.Println(errors.Is(err, ber.ErrTagMismatch))
	// Output:
	// 1 211 2 <nil> <nil> <nil>
	// ber: ROSEapdus.returnResult at offset 0: tag mismatch: want [2] constructed, got [1] constructed
	// true
}

// Encoding backwards: size first, then write from the end.
func ExamplePutHeader() {
	arcs := []uint32{1, 3, 12, 0, 285, 200}
	n := ber.SizeOID(arcs)
	b := make([]byte, ber.SizeHeader(ber.OIDTag, n)+n)
	i := ber.PutOID(b, len(b), arcs)
	i = ber.PutHeader(b, i, ber.OIDTag, n)
	fmt.Printf("% x (start %d)\n", b, i)
	// Output: 06 07 2b 0c 00 82 1d 81 48 (start 0)
}
