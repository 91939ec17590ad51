package cti

// This file is the one place of the package that reads the shape of the
// generated event types (with transport.go, which builds requests).

import (
	"reflect"
	"strconv"
	"time"

	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/runtime/value"
)

// Event is one event of a monitored device, in memory of its own (safe to
// keep and to pass on).
type Event struct {
	// Device is the monitored device, as given to Monitor.
	Device string
	// CrossRef is the monitor's cross-reference ID on the connection that
	// carried the event (it changes when a redial restores the monitor).
	CrossRef string
	// Name is the event's name in ECMA-285 EventSpecificInfo
	// ("delivered", "connectionCleared", "doNotDisturb", ...), or
	// "restored" for the Gap a redial reports.
	Name string
	// Value is the typed event (*csta.DeliveredEvent, ...), a copy of its
	// own made with its Clone method; nil for "restored".
	Value csta.Message
	// Call and Party are the callID and deviceID of the event's connection
	// (its first ConnectionID component: connection, establishedConnection,
	// droppedConnection, ...), empty when it has none.
	Call, Party string
	// State is localConnectionInfo, the monitored device's connection
	// state after the event (call control events).
	State csta.LocalConnectionState
	// Cause is the event's cause, if it has one.
	Cause csta.EventCause
	// Gap, on a "restored" event, says what the application missed.
	Gap *Gap
}

// Gap is what a monitor missed while the connection was down: its events
// between Down and Up are lost, and Snapshot is the device's calls when the
// monitor was restored (SnapshotDevice), to resynchronise from.
type Gap struct {
	Down, Up time.Time
	// Err is why the connection was lost.
	Err error
	// Snapshot lists the device's connections after the restore; nil when
	// the switch did not answer SnapshotDevice.
	Snapshot []Connection
}

// Connection is a call's connection as a snapshot or call tracking sees it.
type Connection struct {
	Call, Device string
	State        csta.LocalConnectionState
}

// clone returns the copy of its own of a generated value, as its Clone
// method makes it.
func clone(m csta.Message) csta.Message {
	out, _ := value.CloneAny(m).(csta.Message)
	return out
}

// eventOf returns the event value inside an EventSpecificInfo (the set
// alternative of the set category) and its table entry.
func eventOf(esi *csta.EventSpecificInfo) (csta.Message, *csta.Event) {
	cat := setPointer(reflect.ValueOf(esi).Elem())
	if !cat.IsValid() {
		return nil, nil
	}
	ev := setPointer(cat.Elem())
	if !ev.IsValid() {
		return nil, nil
	}
	m, ok := ev.Interface().(csta.Message)
	if !ok {
		return nil, nil
	}
	return m, eventType(m)
}

// setPointer returns the first non-nil exported pointer field of struct v
// (the chosen alternative of a generated CHOICE).
func setPointer(v reflect.Value) reflect.Value {
	if v.Kind() != reflect.Struct {
		return reflect.Value{}
	}
	t := v.Type()
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		if t.Field(i).IsExported() && f.Kind() == reflect.Pointer && !f.IsNil() {
			return f
		}
	}
	return reflect.Value{}
}

// eventType returns the table entry of an event value, by its type name.
func eventType(m csta.Message) *csta.Event {
	name := reflect.TypeOf(m).Elem().Name()
	for i := range csta.Events {
		if csta.Events[i].Type == name {
			return &csta.Events[i]
		}
	}
	return nil
}

var connIDType = reflect.TypeOf(csta.ConnectionID{})

// newEvent fills the summary fields of an event from its value.
func newEvent(device, xref string, typ *csta.Event, v csta.Message) Event {
	e := Event{Device: device, CrossRef: xref, Value: v}
	if typ != nil {
		e.Name = typ.Name
	}
	if s, ok := v.(interface {
		GetLocalConnectionInfo() csta.LocalConnectionState
	}); ok {
		e.State = s.GetLocalConnectionInfo()
	}
	if c, ok := v.(interface{ GetCause() csta.EventCause }); ok {
		e.Cause = c.GetCause()
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer && !rv.IsNil() && rv.Elem().Kind() == reflect.Struct {
		s := rv.Elem()
		for i := 0; i < s.NumField(); i++ {
			if s.Field(i).Type() == connIDType {
				id := s.Field(i).Addr().Interface().(*csta.ConnectionID)
				e.Call, e.Party = connectionText(id)
				break
			}
		}
	}
	return e
}

// connectionText returns the callID and device of a ConnectionID.
func connectionText(v *csta.ConnectionID) (call, device string) {
	switch v.GetChoice() {
	case csta.ConnectionIDChoiceCallID:
		return string(v.GetCallID()), ""
	case csta.ConnectionIDChoiceDeviceID:
		return "", localDevice(v.GetDeviceID())
	case csta.ConnectionIDChoiceBoth:
		return string(v.GetBoth().GetCallID()), localDevice(v.GetBoth().GetDeviceID())
	}
	return "", ""
}

func localDevice(v *csta.LocalDeviceID) string {
	if s := v.GetStaticID(); s != nil {
		return DeviceText(s)
	}
	return string(v.GetDynamicID())
}

// DeviceText returns the number a DeviceID carries, whichever alternative
// of deviceIdentifier holds it.
func DeviceText(v *csta.DeviceID) string {
	d := v.GetDeviceIdentifier()
	switch {
	case len(d.GetDialingNumber()) > 0:
		return string(d.GetDialingNumber())
	case len(d.GetImplicitPublic()) > 0:
		return string(d.GetImplicitPublic())
	case len(d.GetImplicitPrivate()) > 0:
		return string(d.GetImplicitPrivate())
	case len(d.GetOther()) > 0:
		return string(d.GetOther())
	case d.GetChoice() == csta.DeviceIDDeviceIdentifierChoiceDeviceNumber:
		return strconv.FormatInt(int64(d.GetDeviceNumber()), 10)
	}
	return ""
}

// Device returns a DeviceID carrying number as a dialingNumber.
func Device(number string) csta.DeviceID {
	var v csta.DeviceID
	v.DeviceIdentifier.SetDialingNumber(csta.NumberDigits(number))
	return v
}

// ConnectionID returns the ConnectionID of a call and device (callID
// alone when device is empty).
func ConnectionID(call, device string) csta.ConnectionID {
	var v csta.ConnectionID
	if device == "" {
		v.SetCallID(csta.CallID(call))
		return v
	}
	b := &csta.ConnectionIDBoth{CallID: csta.CallID(call)}
	d := Device(device)
	b.DeviceID.SetStaticID(&d)
	v.SetBoth(b)
	return v
}

// snapshotConnections reads a SnapshotDevice result.
func snapshotConnections(device string, res csta.Message) []Connection {
	r, ok := res.(*csta.SnapshotDeviceResult)
	if !ok {
		return nil
	}
	data := r.GetCrossRefIDorSnapshotData().GetSnapshotData()
	out := make([]Connection, 0, len(data))
	for i := range data {
		call, dev := connectionText(&data[i].ConnectionIdentifier)
		if dev == "" {
			dev = device
		}
		c := Connection{Call: call, Device: dev}
		if st := data[i].LocalCallState.GetCompoundCallState(); len(st) > 0 {
			c.State = st[0]
		}
		out = append(out, c)
	}
	return out
}
