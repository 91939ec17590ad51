package callmodel

import (
	"strconv"
	"strings"
)

// DeviceID identifies a device: a station, group or trunk of the dial plan,
// or an external number of the outside world (ECMA-269 DeviceID).
type DeviceID string

// CallID identifies a call (ECMA-285 CallID, an OCTET STRING). The model
// issues decimal strings that are never reused during the model's life.
type CallID string

// ConnectionID identifies the relation between a call and a device
// (ECMA-285 ConnectionID, the "both" alternative). A ConnectionID with an
// empty Device names the call alone (the "callID" alternative), as in
// CallClearedEvent.clearedCall.
type ConnectionID struct {
	Call   CallID
	Device DeviceID
}

// String returns "call/device", or "call" when Device is empty.
func (c ConnectionID) String() string {
	if c.Device == "" {
		return string(c.Call)
	}
	return string(c.Call) + "/" + string(c.Device)
}

// CrossRefID is a monitor cross-reference identifier (ECMA-285
// MonitorCrossRefID, an OCTET STRING). The model issues decimal strings that
// are never reused during the model's life.
type CrossRefID string

// ConnectionState is an ECMA-269 local connection state. The values are those
// of ECMA-285 LocalConnectionState.
type ConnectionState uint8

// The connection states of ECMA-285 LocalConnectionState.
const (
	StateNull      ConnectionState = 0
	StateInitiated ConnectionState = 1
	StateAlerting  ConnectionState = 2
	StateConnected ConnectionState = 3
	StateHold      ConnectionState = 4
	StateQueued    ConnectionState = 5
	StateFail      ConnectionState = 6
)

var stateNames = [...]string{"null", "initiated", "alerting", "connected", "hold", "queued", "fail"}

// String returns the ASN.1 identifier of s ("null", "alerting", ...).
func (s ConnectionState) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return "ConnectionState(" + strconv.Itoa(int(s)) + ")"
}

// Cause is an ECMA-269 event cause. Its value is the ASN.1 identifier of the
// ECMA-285 EventCause enumeration, so that a protocol layer can map it by name.
type Cause string

// The event causes the model produces (ECMA-285 EventCause identifiers).
const (
	CauseNewCall              Cause = "newCall"
	CauseMakeCall             Cause = "makeCall"
	CauseNormal               Cause = "normal"
	CauseNormalClearing       Cause = "normalClearing"
	CauseConsultation         Cause = "consultation"
	CauseTransfer             Cause = "transfer"
	CauseConference           Cause = "conference"
	CauseRedirected           Cause = "redirected"
	CauseSingleStepTransfer   Cause = "singleStepTransfer"
	CauseCallForwardImmediate Cause = "callForwardImmediate"
	CauseCallForwardBusy      Cause = "callForwardBusy"
	CauseCallForwardNoAnswer  Cause = "callForwardNoAnswer"
	CauseDistributed          Cause = "distributed"
	CauseNoAvailableAgents    Cause = "noAvailableAgents"
	CauseBusy                 Cause = "busy"
	CauseDoNotDisturb         Cause = "doNotDisturb"
	CauseDestOutOfOrder       Cause = "destOutOfOrder"
	CauseTrunksBusy           Cause = "trunksBusy"
)

// EventKind is the kind of an event. Its String is the ASN.1 identifier of
// the event's alternative in ECMA-285 EventSpecificInfo (for example
// "delivered" in CallControlEvents, "doNotDisturb" in
// LogicalDeviceFeatureEvents), which is also the name of its bit in
// MonitorFilter.
type EventKind uint8

// The event kinds the model produces.
const (
	EventServiceInitiated EventKind = iota + 1
	EventOriginated
	EventDelivered
	EventEstablished
	EventHeld
	EventRetrieved
	EventTransferred
	EventConferenced
	EventDiverted
	EventConnectionCleared
	EventCallCleared
	EventFailed
	EventQueued
	EventDoNotDisturb
	EventForwarding
	EventBackInService
	EventOutOfService
	numEventKinds = iota
)

var kindNames = [...]string{
	EventServiceInitiated:  "serviceInitiated",
	EventOriginated:        "originated",
	EventDelivered:         "delivered",
	EventEstablished:       "established",
	EventHeld:              "held",
	EventRetrieved:         "retrieved",
	EventTransferred:       "transferred",
	EventConferenced:       "conferenced",
	EventDiverted:          "diverted",
	EventConnectionCleared: "connectionCleared",
	EventCallCleared:       "callCleared",
	EventFailed:            "failed",
	EventQueued:            "queued",
	EventDoNotDisturb:      "doNotDisturb",
	EventForwarding:        "forwarding",
	EventBackInService:     "backInService",
	EventOutOfService:      "outOfService",
}

// String returns the ASN.1 identifier of k.
func (k EventKind) String() string {
	if k > 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "EventKind(" + strconv.Itoa(int(k)) + ")"
}

// callControl reports whether k is a call control event (one that has a
// localConnectionInfo).
func (k EventKind) callControl() bool { return k >= EventServiceInitiated && k <= EventQueued }

// EventKinds returns every event kind the model produces, in declaration order.
func EventKinds() []EventKind {
	ks := make([]EventKind, 0, numEventKinds)
	for k := EventKind(1); k <= numEventKinds; k++ {
		ks = append(ks, k)
	}
	return ks
}

// ParseEventKind returns the kind whose ASN.1 identifier is name.
func ParseEventKind(name string) (EventKind, bool) {
	for k := EventKind(1); k <= numEventKinds; k++ {
		if kindNames[k] == name {
			return k, true
		}
	}
	return 0, false
}

// Filter is a set of event kinds a monitor does not want, with the meaning
// of ECMA-269 MonitorFilter: a kind in the set is filtered out (not
// reported). The zero Filter reports every event.
type Filter uint64

// FilterOut returns a Filter that suppresses the given kinds.
func FilterOut(kinds ...EventKind) Filter {
	var f Filter
	for _, k := range kinds {
		f |= 1 << k
	}
	return f
}

// Allows reports whether a monitor with filter f receives events of kind k.
func (f Filter) Allows(k EventKind) bool { return f&(1<<k) == 0 }

// String lists the suppressed kinds, "{}" for the zero Filter.
func (f Filter) String() string {
	var names []string
	for k := EventKind(1); k <= numEventKinds; k++ {
		if !f.Allows(k) {
			names = append(names, k.String())
		}
	}
	return "{" + strings.Join(names, ",") + "}"
}

// ConnectionListEntry is one element of an ECMA-285 ConnectionList, as
// carried by Transferred and Conferenced events and by the results of
// TransferCall, ConferenceCall and SingleStepTransferCall.
type ConnectionListEntry struct {
	New      ConnectionID // newConnection
	Old      ConnectionID // oldConnection; zero when the connection is new
	Endpoint DeviceID     // endpoint.deviceID
}

// ForwardingType is an ECMA-285 ForwardingType; its value is the ASN.1
// identifier.
type ForwardingType string

// The forwarding types the model applies to incoming calls.
const (
	ForwardImmediate ForwardingType = "forwardImmediate"
	ForwardBusy      ForwardingType = "forwardBusy"
	ForwardNoAnswer  ForwardingType = "forwardNoAns"
)

// Forwarding is one forwarding setting of a device (an element of ECMA-285
// ForwardList, and the content of a ForwardingEvent).
type Forwarding struct {
	Type ForwardingType // forwardingType
	On   bool           // forwardStatus
	To   DeviceID       // forwardDN
	// RingCount is ringCount for ForwardNoAnswer: the call is forwarded
	// after this many rings of Config.RingInterval each. Zero means
	// Config.NoAnswerRings.
	RingCount int
}

// Event is an encoding-independent CSTA event report as one monitor
// receives it. Which fields are set depends on Kind; each field's comment
// names the ECMA-285 component it carries, per kind. Zero fields are absent.
type Event struct {
	// CrossRef is the crossRefIdentifier of the monitor the event is for.
	CrossRef CrossRefID
	// Kind is the event's type.
	Kind EventKind
	// Connection is the event's connection: connection (delivered,
	// diverted), establishedConnection, heldConnection, retrievedConnection,
	// droppedConnection, clearedCall (call only), failedConnection,
	// queuedConnection, originatedConnection, initiatedConnection, and
	// primaryOldCall (transferred, conferenced).
	Connection ConnectionID
	// SecondaryOldCall is secondaryOldCall (transferred, conferenced).
	SecondaryOldCall ConnectionID
	// Device is the event's subject device: alertingDevice,
	// answeringDevice, holdingDevice, retrievingDevice, releasingDevice,
	// initiatingDevice, callingDevice (originated), divertingDevice,
	// failingDevice, queue, transferringDevice, conferencingDevice, and
	// device (doNotDisturb, forwarding, backInService, outOfService).
	Device DeviceID
	// Calling, Called and LastRedirection are callingDevice, calledDevice
	// and lastRedirectionDevice (delivered, established, diverted, failed,
	// queued; originated has only calledDevice).
	Calling, Called, LastRedirection DeviceID
	// NewDestination is newDestination (diverted), TransferredTo is
	// transferredToDevice (transferred), AddedParty is addedParty
	// (conferenced).
	NewDestination, TransferredTo, AddedParty DeviceID
	// LocalState is localConnectionInfo: the state, after the event, of
	// the monitored device's connection in the event's call (StateNull if
	// it has none). It is meaningful for call control events only.
	LocalState ConnectionState
	// Cause is cause (call control events).
	Cause Cause
	// Connections is transferredConnections or conferenceConnections.
	Connections []ConnectionListEntry
	// DoNotDisturb is doNotDisturbOn (doNotDisturb).
	DoNotDisturb bool
	// Forwarding is forwardingType, forwardStatus, forwardTo and ringCount
	// (forwarding).
	Forwarding Forwarding
}

// DeviceCategory is an ECMA-285 ReqDeviceCategory identifier (the
// category a GetSwitchingFunctionDevices request names). In a
// SwitchingFunctionDevices DeviceList, both group categories are
// deviceCategory "group" with the deviceAttributes bit of the same name.
type DeviceCategory string

// The device categories of the dial plan.
const (
	CategoryStation          DeviceCategory = "station"
	CategoryGroupACD         DeviceCategory = "groupACD"
	CategoryGroupHunt        DeviceCategory = "groupHunt"
	CategoryNetworkInterface DeviceCategory = "networkInterface"
)

// DeviceInfo describes one device of the switching function (an element of
// ECMA-285 SwitchingFunctionDevices' DeviceList).
type DeviceInfo struct {
	ID       DeviceID
	Category DeviceCategory
	// Members lists a group's members in hunting order.
	Members []DeviceID
	// Outside lists a trunk's outside number prefixes ("*" for any).
	Outside []string
}

// SystemStatus is an ECMA-285 SystemStatus identifier.
type SystemStatus string

// The ECMA-285 SystemStatus values.
const (
	StatusInitializing      SystemStatus = "initializing"
	StatusEnabled           SystemStatus = "enabled"
	StatusNormal            SystemStatus = "normal"
	StatusMessagesLost      SystemStatus = "messagesLost"
	StatusDisabled          SystemStatus = "disabled"
	StatusOverloadImminent  SystemStatus = "overloadImminent"
	StatusOverloadReached   SystemStatus = "overloadReached"
	StatusOverloadRelieved  SystemStatus = "overloadRelieved"
	StatusPartiallyDisabled SystemStatus = "partiallyDisabled"
)

// DeviceSnapshot is one element of a SnapshotDevice result (ECMA-285
// SnapshotDeviceResponseInfo).
type DeviceSnapshot struct {
	// Connection is connectionIdentifier, the device's connection.
	Connection ConnectionID
	// States is localCallState as a compoundCallState: the device's own
	// connection state first, then those of the other connections of the
	// call in the order they joined.
	States []ConnectionState
}

// CallSnapshot is one element of a SnapshotCall result (ECMA-285
// SnapshotCallResponseInfo).
type CallSnapshot struct {
	Device     DeviceID        // deviceOnCall
	Connection ConnectionID    // callIdentifier
	State      ConnectionState // localConnectionState
}

// Features is the GetCSTAFeatures result: the supported services and the
// events the model can report.
type Features struct {
	// Services maps a component of GetCSTAFeatureResult.supportedServices
	// ("callControlServList") to the ASN.1 identifiers of the services of
	// that list the model supports ("makeCall", ...).
	Services map[string][]string
	// Events lists the kinds the model reports (EventTypes gives the
	// supportedEvents list of each).
	Events []EventKind
}
