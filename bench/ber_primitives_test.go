package bench

import (
	"bytes"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cstagen/cstagen/runtime/ber"
)

// berDeliveredPath is the HiPath DeliveredEvent capture (ROSE Invoke of
// cSTAEventReport, 176 octets, no link header).
var berDeliveredPath = filepath.Join("..", "..", "shared", "corpus", "ber", "089-cSTAEventReport-delivered-1.hex")

func berLoadDelivered(tb testing.TB) []byte {
	tb.Helper()
	return berLoadHex(tb, berDeliveredPath)
}

// berLoadHex returns the octets of the hex corpus file at path, skipping the
// benchmark when the corpus is absent.
func berLoadHex(tb testing.TB, path string) []byte {
	tb.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		tb.Skipf("corpus file absent: %v", err)
	}
	b, err := hex.DecodeString(strings.Join(strings.Fields(string(raw)), ""))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// BenchmarkWalkTLV is the speed floor: a bare walk over every TLV.
func BenchmarkWalkTLV(b *testing.B) {
	pdu := berLoadDelivered(b)
	b.SetBytes(int64(len(pdu)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ber.WalkTLV(pdu, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBERReaderWalk walks the same PDU through Reader.ReadAny.
func BenchmarkBERReaderWalk(b *testing.B) {
	pdu := berLoadDelivered(b)
	b.SetBytes(int64(len(pdu)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := berWalk(ber.NewReader(pdu, nil)); err != nil {
			b.Fatal(err)
		}
	}
}

// berWalk reads every element with ReadAny, recursing into constructed
// ones. The Reader travels by value: a self-recursive function that passed
// the address of its local sub-Reader would make the compiler move it to
// the heap.
func berWalk(r ber.Reader) (ber.Reader, error) {
	var c ber.Reader
	for !r.Empty() {
		t, err := r.ReadAny(&c)
		if err != nil {
			return r, err
		}
		if t.Constructed() {
			if c, err = berWalk(c); err != nil {
				return r, err
			}
			if err := r.End(&c); err != nil {
				return r, err
			}
		}
	}
	return r, nil
}

// The types and functions below are what cstagen is meant to generate for
// the path of the DeliveredEvent through ROSE and ECMA-285 (simplified: the
// CHOICEs keep only the alternatives this capture uses plus a raw fallback).
// They measure decoding into typed structs and encoding back against the
// WalkTLV floor.

type berDeviceID struct {
	Tag   ber.Tag // alternative: [0] dialingNumber, [1] deviceNumber, ...
	Value []byte
}

type berExtendedDeviceID struct {
	HasDevice bool
	Device    berDeviceID // deviceIdentifier
	NotKnown  bool        // [7] notKnown NULL
}

type berConnectionID struct {
	CallID    []byte // [0] OPTIONAL
	HasDevice bool
	Device    berDeviceID // [1] staticID
}

type berDeliveredEvent struct {
	Connection           berConnectionID     // [APPLICATION 11]
	AlertingDevice       berExtendedDeviceID // [APPLICATION 3]
	CallingDevice        berExtendedDeviceID // [APPLICATION 1]
	CalledDevice         berExtendedDeviceID // [APPLICATION 2]
	LastRedirection      berExtendedDeviceID // [APPLICATION 4]
	HasOriginatingNID    bool
	OriginatingNID       berConnectionID // [APPLICATION 11] OPTIONAL
	HasLocalConnection   bool
	LocalConnectionInfo  int64 // [APPLICATION 14] ENUMERATED OPTIONAL
	Cause                int64 // ENUMERATED
	HasNetworkCalled     bool
	NetworkCalledDevice  berExtendedDeviceID // [APPLICATION 5] OPTIONAL
	CorrelatorIDs        [][]byte            // [5] SEQUENCE OF SEQUENCE { [1] OCTET STRING }
	HasExtensions        bool
	ExtensionsTimestamp  []byte // [APPLICATION 30] { [0] { GeneralizedTime } }
	correlatorIDsStorage [4][]byte
}

type berInvoke struct {
	InvokeID    int64
	OpCode      int64
	CrossRefID  []byte // [APPLICATION 21]
	EventTag    ber.Tag
	Delivered   berDeliveredEvent
	scratch     []byte
	scratchUsed bool
}

const (
	berTagInvoke     = ber.Context | ber.Constructed | 1
	berTagCrossRef   = ber.Application | 21
	berTagCallCtrl   = ber.Context | ber.Constructed | 0
	berTagDelivered  = ber.Context | ber.Constructed | 4
	berTagConnection = ber.Application | ber.Constructed | 11
	berTagAlerting   = ber.Application | ber.Constructed | 3
	berTagCalling    = ber.Application | ber.Constructed | 1
	berTagCalled     = ber.Application | ber.Constructed | 2
	berTagLastRedir  = ber.Application | ber.Constructed | 4
	berTagLocalConn  = ber.Application | 14
	berTagNetCalled  = ber.Application | ber.Constructed | 5
	berTagCorrelator = ber.Context | ber.Constructed | 5
	berTagExtensions = ber.Application | ber.Constructed | 30
	berTagSecurity   = ber.Context | ber.Constructed | 0
	berTagNotKnown   = ber.Context | 7
)

func (x *berDeviceID) decode(r *ber.Reader) error {
	t, v, err := r.ReadAnyContents()
	if err != nil {
		return ber.WrapField(err, "DeviceID", "")
	}
	if t.Constructed() {
		return ber.UnknownAlternative(r.Offset(), "DeviceID", t)
	}
	x.Tag, x.Value = t, v
	return nil
}

func (x *berExtendedDeviceID) decode(r *ber.Reader) error {
	*x = berExtendedDeviceID{}
	var c ber.Reader
	off := r.Offset()
	t, err := r.ReadAny(&c)
	if err != nil {
		return ber.WrapField(err, "ExtendedDeviceID", "")
	}
	switch t {
	case ber.SequenceTag:
		if err := x.Device.decode(&c); err != nil {
			return ber.WrapField(err, "ExtendedDeviceID", "deviceIdentifier")
		}
		x.HasDevice = true
	case berTagNotKnown:
		if err := ber.ParseNull(c.Bytes()); err != nil {
			return ber.WrapField(ber.AtOffset(err, off), "ExtendedDeviceID", "notKnown")
		}
		x.NotKnown = true
		c = ber.Reader{}
	default:
		return ber.UnknownAlternative(off, "ExtendedDeviceID", t)
	}
	return r.End(&c)
}

// decodeWrapped decodes an explicitly tagged ExtendedDeviceID.
func (x *berExtendedDeviceID) decodeWrapped(r *ber.Reader, tag ber.Tag, field string) error {
	var c ber.Reader
	if err := r.ReadElement(tag, &c); err != nil {
		return ber.WrapField(err, "DeliveredEvent", field)
	}
	if err := x.decode(&c); err != nil {
		return ber.WrapField(err, "DeliveredEvent", field)
	}
	return r.End(&c)
}

func (x *berConnectionID) decode(r *ber.Reader) error {
	var seq, c, d ber.Reader
	if err := r.ReadElement(ber.SequenceTag, &seq); err != nil {
		return ber.WrapField(err, "ConnectionID", "")
	}
	*x = berConnectionID{}
	v, _, err := seq.ReadOptionalContents(ber.Context | 0)
	if err != nil {
		return ber.WrapField(err, "ConnectionID", "callID")
	}
	x.CallID = v
	if ok, err := seq.ReadOptional(ber.Context|ber.Constructed|1, &c); err != nil {
		return ber.WrapField(err, "ConnectionID", "staticID")
	} else if ok {
		if err := c.ReadElement(ber.SequenceTag, &d); err != nil {
			return ber.WrapField(err, "ConnectionID", "staticID")
		}
		if err := x.Device.decode(&d); err != nil {
			return ber.WrapField(err, "ConnectionID", "staticID")
		}
		if err := c.End(&d); err != nil {
			return err
		}
		if err := seq.End(&c); err != nil {
			return err
		}
		x.HasDevice = true
	}
	return r.End(&seq)
}

func (x *berDeliveredEvent) decode(r *ber.Reader) error {
	var c ber.Reader
	if err := r.ReadElement(berTagConnection, &c); err != nil {
		return ber.WrapField(err, "DeliveredEvent", "connection")
	}
	if err := x.Connection.decode(&c); err != nil {
		return ber.WrapField(err, "DeliveredEvent", "connection")
	}
	if err := r.End(&c); err != nil {
		return err
	}
	if err := x.AlertingDevice.decodeWrapped(r, berTagAlerting, "alertingDevice"); err != nil {
		return err
	}
	if err := x.CallingDevice.decodeWrapped(r, berTagCalling, "callingDevice"); err != nil {
		return err
	}
	if err := x.CalledDevice.decodeWrapped(r, berTagCalled, "calledDevice"); err != nil {
		return err
	}
	if err := x.LastRedirection.decodeWrapped(r, berTagLastRedir, "lastRedirectionDevice"); err != nil {
		return err
	}
	var err error
	if x.HasOriginatingNID, err = r.ReadOptional(berTagConnection, &c); err != nil {
		return ber.WrapField(err, "DeliveredEvent", "originatingNIDConnection")
	} else if x.HasOriginatingNID {
		if err := x.OriginatingNID.decode(&c); err != nil {
			return ber.WrapField(err, "DeliveredEvent", "originatingNIDConnection")
		}
		if err := r.End(&c); err != nil {
			return err
		}
	}
	lci, ok, err := r.ReadOptionalContents(berTagLocalConn)
	if err != nil {
		return ber.WrapField(err, "DeliveredEvent", "localConnectionInfo")
	}
	if x.HasLocalConnection = ok; ok {
		if x.LocalConnectionInfo, err = ber.ParseInt64(lci); err != nil {
			return ber.WrapField(err, "DeliveredEvent", "localConnectionInfo")
		}
	}
	if x.Cause, err = r.ReadInt64(ber.EnumeratedTag); err != nil {
		return ber.WrapField(err, "DeliveredEvent", "cause")
	}
	if x.HasNetworkCalled, err = r.ReadOptional(berTagNetCalled, &c); err != nil {
		return ber.WrapField(err, "DeliveredEvent", "networkCalledDevice")
	} else if x.HasNetworkCalled {
		if err := x.NetworkCalledDevice.decode(&c); err != nil {
			return ber.WrapField(err, "DeliveredEvent", "networkCalledDevice")
		}
		if err := r.End(&c); err != nil {
			return err
		}
	}
	x.CorrelatorIDs = x.correlatorIDsStorage[:0]
	if ok, err := r.ReadOptional(berTagCorrelator, &c); err != nil {
		return ber.WrapField(err, "DeliveredEvent", "correlatorIDs")
	} else if ok {
		for i := 0; !c.Empty(); i++ {
			var item ber.Reader
			if err := c.ReadElement(ber.SequenceTag, &item); err != nil {
				return ber.WrapIndex(err, "DeliveredEvent", "correlatorIDs", i)
			}
			v, err := item.ReadContents(ber.Context | 1)
			if err != nil {
				return ber.WrapIndex(err, "DeliveredEvent", "correlatorIDs", i)
			}
			if err := c.End(&item); err != nil {
				return err
			}
			x.CorrelatorIDs = append(x.CorrelatorIDs, v)
		}
		if err := r.End(&c); err != nil {
			return err
		}
	}
	if x.HasExtensions, err = r.ReadOptional(berTagExtensions, &c); err != nil {
		return ber.WrapField(err, "DeliveredEvent", "extensions")
	} else if x.HasExtensions {
		var d ber.Reader
		if err := c.ReadElement(berTagSecurity, &d); err != nil {
			return ber.WrapField(err, "DeliveredEvent", "extensions")
		}
		ts, err := d.ReadContents(ber.GeneralizedTimeTag)
		if err != nil {
			return ber.WrapField(err, "DeliveredEvent", "extensions")
		}
		if err := c.End(&d); err != nil {
			return err
		}
		if err := r.End(&c); err != nil {
			return err
		}
		x.ExtensionsTimestamp = ts
	}
	for !r.Empty() { // unknown extension additions
		if err := r.Skip(); err != nil {
			return err
		}
	}
	return nil
}

func (x *berInvoke) DecodeBER(src []byte) error {
	r := ber.NewReader(src, nil)
	var inv, arg, ev, del ber.Reader
	if err := r.ReadElement(berTagInvoke, &inv); err != nil {
		return ber.WrapField(err, "Invoke", "")
	}
	var err error
	if x.InvokeID, err = inv.ReadInt64(ber.IntegerTag); err != nil {
		return ber.WrapField(err, "Invoke", "invokeId")
	}
	if x.OpCode, err = inv.ReadInt64(ber.IntegerTag); err != nil {
		return ber.WrapField(err, "Invoke", "opcode")
	}
	if err := inv.ReadElement(ber.SequenceTag, &arg); err != nil {
		return ber.WrapField(err, "Invoke", "argument")
	}
	if x.CrossRefID, err = arg.ReadContents(berTagCrossRef); err != nil {
		return ber.WrapField(err, "CSTAEventReportArgument", "crossRefIdentifier")
	}
	if err := arg.ReadElement(berTagCallCtrl, &ev); err != nil {
		return ber.WrapField(err, "CSTAEventReportArgument", "eventSpecificInfo")
	}
	if err := ev.ReadElement(berTagDelivered, &del); err != nil {
		return ber.WrapField(err, "CallControlEvents", "delivered")
	}
	x.EventTag = berTagDelivered
	if err := x.Delivered.decode(&del); err != nil {
		return ber.WrapField(err, "CallControlEvents", "delivered")
	}
	for _, step := range [...]struct{ p, c *ber.Reader }{{&ev, &del}, {&arg, &ev}, {&inv, &arg}, {&r, &inv}} {
		if err := step.p.End(step.c); err != nil {
			return err
		}
	}
	return r.Finish()
}

// Encoding, vtprotobuf style: sizes first, then backwards.

func (x *berDeviceID) size() int { return ber.SizeHeader(x.Tag, len(x.Value)) + len(x.Value) }

func (x *berDeviceID) put(b []byte, i int) int {
	i = ber.PutBytes(b, i, x.Value)
	return ber.PutHeader(b, i, x.Tag, len(x.Value))
}

func (x *berExtendedDeviceID) size() int {
	if x.NotKnown {
		return 2
	}
	n := x.Device.size()
	return ber.SizeHeader(ber.SequenceTag, n) + n
}

func (x *berExtendedDeviceID) put(b []byte, i int) int {
	if x.NotKnown {
		return ber.PutHeader(b, i, berTagNotKnown, 0)
	}
	end := i
	i = x.Device.put(b, i)
	return ber.PutHeader(b, i, ber.SequenceTag, end-i)
}

func berSizeWrapped(tag ber.Tag, n int) int { return ber.SizeHeader(tag, n) + n }

func (x *berConnectionID) contentSize() int {
	n := 0
	if x.CallID != nil {
		n += ber.SizeHeader(ber.Context, len(x.CallID)) + len(x.CallID)
	}
	if x.HasDevice {
		d := x.Device.size()
		d += ber.SizeHeader(ber.SequenceTag, d)
		n += ber.SizeHeader(ber.Context|ber.Constructed|1, d) + d
	}
	return n
}

func (x *berConnectionID) size() int { return berSizeWrapped(ber.SequenceTag, x.contentSize()) }

func (x *berConnectionID) put(b []byte, i int) int {
	end := i
	if x.HasDevice {
		e := i
		i = x.Device.put(b, i)
		i = ber.PutHeader(b, i, ber.SequenceTag, e-i)
		i = ber.PutHeader(b, i, ber.Context|ber.Constructed|1, e-i)
	}
	if x.CallID != nil {
		i = ber.PutBytes(b, i, x.CallID)
		i = ber.PutHeader(b, i, ber.Context, len(x.CallID))
	}
	return ber.PutHeader(b, i, ber.SequenceTag, end-i)
}

func (x *berDeliveredEvent) contentSize() int {
	n := berSizeWrapped(berTagConnection, x.Connection.size())
	n += berSizeWrapped(berTagAlerting, x.AlertingDevice.size())
	n += berSizeWrapped(berTagCalling, x.CallingDevice.size())
	n += berSizeWrapped(berTagCalled, x.CalledDevice.size())
	n += berSizeWrapped(berTagLastRedir, x.LastRedirection.size())
	if x.HasOriginatingNID {
		n += berSizeWrapped(berTagConnection, x.OriginatingNID.size())
	}
	if x.HasLocalConnection {
		n += berSizeWrapped(berTagLocalConn, ber.SizeInt64(x.LocalConnectionInfo))
	}
	n += berSizeWrapped(ber.EnumeratedTag, ber.SizeInt64(x.Cause))
	if x.HasNetworkCalled {
		n += berSizeWrapped(berTagNetCalled, x.NetworkCalledDevice.size())
	}
	if len(x.CorrelatorIDs) > 0 {
		m := 0
		for _, c := range x.CorrelatorIDs {
			m += berSizeWrapped(ber.SequenceTag, berSizeWrapped(ber.Context|1, len(c)))
		}
		n += berSizeWrapped(berTagCorrelator, m)
	}
	if x.HasExtensions {
		n += berSizeWrapped(berTagExtensions, berSizeWrapped(berTagSecurity, berSizeWrapped(ber.GeneralizedTimeTag, len(x.ExtensionsTimestamp))))
	}
	return n
}

func (x *berDeliveredEvent) put(b []byte, i int) int {
	if x.HasExtensions {
		e := i
		i = ber.PutBytes(b, i, x.ExtensionsTimestamp)
		i = ber.PutHeader(b, i, ber.GeneralizedTimeTag, e-i)
		i = ber.PutHeader(b, i, berTagSecurity, e-i)
		i = ber.PutHeader(b, i, berTagExtensions, e-i)
	}
	if len(x.CorrelatorIDs) > 0 {
		e := i
		for k := len(x.CorrelatorIDs) - 1; k >= 0; k-- {
			ie := i
			i = ber.PutBytes(b, i, x.CorrelatorIDs[k])
			i = ber.PutHeader(b, i, ber.Context|1, ie-i)
			i = ber.PutHeader(b, i, ber.SequenceTag, ie-i)
		}
		i = ber.PutHeader(b, i, berTagCorrelator, e-i)
	}
	wrapped := func(i int, tag ber.Tag, d *berExtendedDeviceID) int {
		e := i
		i = d.put(b, i)
		return ber.PutHeader(b, i, tag, e-i)
	}
	if x.HasNetworkCalled {
		i = wrapped(i, berTagNetCalled, &x.NetworkCalledDevice)
	}
	e := i
	i = ber.PutInt64(b, i, x.Cause)
	i = ber.PutHeader(b, i, ber.EnumeratedTag, e-i)
	if x.HasLocalConnection {
		e := i
		i = ber.PutInt64(b, i, x.LocalConnectionInfo)
		i = ber.PutHeader(b, i, berTagLocalConn, e-i)
	}
	if x.HasOriginatingNID {
		e := i
		i = x.OriginatingNID.put(b, i)
		i = ber.PutHeader(b, i, berTagConnection, e-i)
	}
	i = wrapped(i, berTagLastRedir, &x.LastRedirection)
	i = wrapped(i, berTagCalled, &x.CalledDevice)
	i = wrapped(i, berTagCalling, &x.CallingDevice)
	i = wrapped(i, berTagAlerting, &x.AlertingDevice)
	e = i
	i = x.Connection.put(b, i)
	return ber.PutHeader(b, i, berTagConnection, e-i)
}

func (x *berInvoke) SizeBER() int {
	del := berSizeWrapped(berTagDelivered, x.Delivered.contentSize())
	arg := berSizeWrapped(berTagCrossRef, len(x.CrossRefID)) + berSizeWrapped(berTagCallCtrl, del)
	inv := berSizeWrapped(ber.IntegerTag, ber.SizeInt64(x.InvokeID)) +
		berSizeWrapped(ber.IntegerTag, ber.SizeInt64(x.OpCode)) +
		berSizeWrapped(ber.SequenceTag, arg)
	return berSizeWrapped(berTagInvoke, inv)
}

// MarshalToSizedBuffer encodes x so that it ends at len(b), which must be at
// least SizeBER(), and returns the number of octets written.
func (x *berInvoke) MarshalToSizedBuffer(b []byte) int {
	i := len(b)
	end := i
	i = x.Delivered.put(b, i)
	i = ber.PutHeader(b, i, berTagDelivered, end-i)
	i = ber.PutHeader(b, i, berTagCallCtrl, end-i)
	i = ber.PutBytes(b, i, x.CrossRefID)
	i = ber.PutHeader(b, i, berTagCrossRef, len(x.CrossRefID))
	i = ber.PutHeader(b, i, ber.SequenceTag, end-i)
	e := i
	i = ber.PutInt64(b, i, x.OpCode)
	i = ber.PutHeader(b, i, ber.IntegerTag, e-i)
	e = i
	i = ber.PutInt64(b, i, x.InvokeID)
	i = ber.PutHeader(b, i, ber.IntegerTag, e-i)
	i = ber.PutHeader(b, i, berTagInvoke, end-i)
	return end - i
}

// TestBERDeliveredRoundTrip checks the hand-written codec the benchmarks
// use: decoding the capture and encoding it again gives the same octets.
func TestBERDeliveredRoundTrip(t *testing.T) {
	pdu := berLoadDelivered(t)
	var x berInvoke
	if err := x.DecodeBER(pdu); err != nil {
		t.Fatal(err)
	}
	if x.InvokeID != 0x9d || x.OpCode != 21 || string(x.Delivered.CallingDevice.Device.Value) != "017662754949" ||
		x.Delivered.Cause != 0x16 || len(x.Delivered.CorrelatorIDs) != 2 || string(x.Delivered.ExtensionsTimestamp) != "20121207193401" {
		t.Errorf("decoded %+v", x)
	}
	if n := x.SizeBER(); n != len(pdu) {
		t.Fatalf("SizeBER = %d, want %d", n, len(pdu))
	}
	out := make([]byte, x.SizeBER())
	if n := x.MarshalToSizedBuffer(out); n != len(out) || !bytes.Equal(out, pdu) {
		t.Errorf("re-encoded\n% x\nwant\n% x", out, pdu)
	}
	if a := testing.AllocsPerRun(100, func() { _ = x.DecodeBER(pdu) }); a != 0 {
		t.Errorf("DecodeBER: %v allocs", a)
	}
	if a := testing.AllocsPerRun(100, func() { x.MarshalToSizedBuffer(out[:x.SizeBER()]) }); a != 0 {
		t.Errorf("encode: %v allocs", a)
	}
	// An error names the path and the offset.
	bad := bytes.Clone(pdu)
	bad[49] = 0x30 // the callingDevice [APPLICATION 1] becomes SEQUENCE
	err := x.DecodeBER(bad)
	if err == nil || !strings.Contains(err.Error(), "CallControlEvents.delivered.callingDevice at offset 49: tag mismatch: want [APPLICATION 1] constructed, got [UNIVERSAL 16] constructed") {
		t.Errorf("error = %v", err)
	}
}

// BenchmarkBERDecodeDelivered decodes the capture into typed structs.
func BenchmarkBERDecodeDelivered(b *testing.B) {
	pdu := berLoadDelivered(b)
	var x berInvoke
	b.SetBytes(int64(len(pdu)))
	b.ReportAllocs()
	for b.Loop() {
		if err := x.DecodeBER(pdu); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBEREncodeDelivered sizes and encodes the decoded capture into a
// reused buffer.
func BenchmarkBEREncodeDelivered(b *testing.B) {
	pdu := berLoadDelivered(b)
	var x berInvoke
	if err := x.DecodeBER(pdu); err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 0, 256)
	b.SetBytes(int64(len(pdu)))
	b.ReportAllocs()
	for b.Loop() {
		n := x.SizeBER()
		buf = buf[:n]
		x.MarshalToSizedBuffer(buf)
	}
}
