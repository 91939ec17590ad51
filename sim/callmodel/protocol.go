package callmodel

// This file is the design of the protocol layer that serves a Model over
// ECMA-285 BER (ROSE operations) and ECMA-323 CSTA-XML, as tables keyed by
// ASN.1 names, so that the wiring is mechanical:
//
//   - A request is an invoke of an Operation (by Code in BER, by its
//     XMLRequest root element in XML). The layer decodes the Argument,
//     calls Model.<Method> with the components listed in Args, and encodes
//     the Result components listed in Results (XMLResponse in XML).
//   - A *ServiceError becomes the universalFailure error (ROSE error code
//     local:1; XML root CSTAErrorCode) with the UniversalFailure CHOICE
//     alternative named by its Category and the enumerated value named by
//     its Value: both are ASN.1 identifiers (see ServiceErrors).
//   - Each Event becomes a cSTAEventReport invoke (OperationEventReport)
//     with crossRefIdentifier = Event.CrossRef and eventSpecificInfo the
//     alternative EventTypes gives for its Kind; the event's components
//     are filled from the Event fields its Fields list. The XML root
//     element is the EventType's XML ("DeliveredEvent").
//   - A monitor whose Events channel closes with ErrMonitorOverflow or
//     ErrClosed is reported with a switch-invoked monitorStop
//     (OperationMonitorStop, invoked by the switch).
//   - Causes (Event.Cause), connection states (ConnectionState.String),
//     forwarding types, device categories and system statuses are ASN.1
//     identifiers of their ECMA-285 enumerations: map by name.
//   - A MonitorFilter maps to a Filter bit by bit: the bit named
//     EventType.Name in the MonitorFilter component EventType.Filter
//     suppresses that Kind.
//
// TestProtocolTables checks every name and code here against the ECMA-285
// ASN.1 and the ECMA-323 index in ../shared.

// Invoker says which side invokes an operation.
type Invoker uint8

// The invokers.
const (
	ByClient Invoker = iota + 1 // the computing function (the application)
	BySwitch                    // the switching function (the Model)
	ByEither
)

// FieldMap maps one ASN.1 component (a dotted path within the argument,
// result or event type) to the Go value it carries: a Model method
// parameter or result, or an Event field.
type FieldMap struct {
	ASN1 string
	Go   string
}

// Operation is the ECMA-285 operation of one service.
type Operation struct {
	Method      string // the Model method (or "" for operations the layer answers itself)
	Name        string // the ASN.1 OPERATION value name
	Code        int    // the ROSE local operation code
	Module      string // the ASN.1 module that defines it
	Argument    string // the ASN.1 argument type
	Result      string // the ASN.1 result type; "" if the operation has none
	XMLRequest  string // the ECMA-323 root element of the invoke
	XMLResponse string // the ECMA-323 root element of the result; "" if none
	Invoker     Invoker
	Args        []FieldMap // argument components -> method parameters
	Results     []FieldMap // result components <- method results
}

// Operations maps the services of the Model to ECMA-285 operations.
var Operations = []Operation{
	{Method: "MonitorStart", Name: "monitorStart", Code: 71, Module: "CSTA-monitor-start",
		Argument: "MonitorStartArgument", Result: "MonitorStartResult",
		XMLRequest: "MonitorStart", XMLResponse: "MonitorStartResponse", Invoker: ByClient,
		Args: []FieldMap{{"monitorObject.deviceObject", "dev"}, {"requestedMonitorFilter", "filter"}},
		Results: []FieldMap{{"crossRefIdentifier", "(*Monitor).CrossRef()"},
			{"actualmonitorFilter", "(*Monitor).Filter()"}}},
	{Method: "MonitorStop", Name: "monitorStop", Code: 73, Module: "CSTA-monitor-stop",
		Argument: "MonitorStopArgument", Result: "MonitorStopResult",
		XMLRequest: "MonitorStop", XMLResponse: "MonitorStopResponse", Invoker: ByEither,
		Args: []FieldMap{{"crossRefIdentifier", "ref"}}},
	{Method: "SnapshotDevice", Name: "snapshotDevice", Code: 74, Module: "CSTA-snapshot-device",
		Argument: "SnapshotDeviceArgument", Result: "SnapshotDeviceResult",
		XMLRequest: "SnapshotDevice", XMLResponse: "SnapshotDeviceResponse", Invoker: ByClient,
		Args:    []FieldMap{{"snapshotObject", "dev"}},
		Results: []FieldMap{{"crossRefIDorSnapshotData.snapshotData", "[]DeviceSnapshot: connectionIdentifier <- Connection, localCallState.compoundCallState <- States"}}},
	{Method: "SnapshotCall", Name: "snapshotCall", Code: 75, Module: "CSTA-snapshot-call",
		Argument: "SnapshotCallArgument", Result: "SnapshotCallResult",
		XMLRequest: "SnapshotCall", XMLResponse: "SnapshotCallResponse", Invoker: ByClient,
		Args:    []FieldMap{{"snapshotObject", "call"}},
		Results: []FieldMap{{"crossRefIDorSnapshotData.snapshotData", "[]CallSnapshot: deviceOnCall <- Device, callIdentifier <- Connection, localConnectionState <- State"}}},
	{Method: "MakeCall", Name: "makeCall", Code: 10, Module: "CSTA-make-call",
		Argument: "MakeCallArgument", Result: "MakeCallResult",
		XMLRequest: "MakeCall", XMLResponse: "MakeCallResponse", Invoker: ByClient,
		Args:    []FieldMap{{"callingDevice", "calling"}, {"calledDirectoryNumber", "called"}},
		Results: []FieldMap{{"callingDevice", "ConnectionID"}}},
	{Method: "AnswerCall", Name: "answerCall", Code: 2, Module: "CSTA-answer-call",
		Argument: "AnswerCallArgument", Result: "AnswerCallResult",
		XMLRequest: "AnswerCall", XMLResponse: "AnswerCallResponse", Invoker: ByClient,
		Args: []FieldMap{{"callToBeAnswered", "id"}}},
	{Method: "ClearConnection", Name: "clearConnection", Code: 5, Module: "CSTA-clear-connection",
		Argument: "ClearConnectionArgument", Result: "ClearConnectionResult",
		XMLRequest: "ClearConnection", XMLResponse: "ClearConnectionResponse", Invoker: ByClient,
		Args: []FieldMap{{"connectionToBeCleared", "id"}}},
	{Method: "ClearCall", Name: "clearCall", Code: 4, Module: "CSTA-clear-call",
		Argument: "ClearCallArgument", Result: "ClearCallResult",
		XMLRequest: "ClearCall", XMLResponse: "ClearCallResponse", Invoker: ByClient,
		Args: []FieldMap{{"callToBeCleared", "call"}}},
	{Method: "HoldCall", Name: "holdCall", Code: 9, Module: "CSTA-hold-call",
		Argument: "HoldCallArgument", Result: "HoldCallResult",
		XMLRequest: "HoldCall", XMLResponse: "HoldCallResponse", Invoker: ByClient,
		Args: []FieldMap{{"callToBeHeld", "id"}}},
	{Method: "RetrieveCall", Name: "retrieveCall", Code: 14, Module: "CSTA-retrieve-call",
		Argument: "RetrieveCallArgument", Result: "RetrieveCallResult",
		XMLRequest: "RetrieveCall", XMLResponse: "RetrieveCallResponse", Invoker: ByClient,
		Args: []FieldMap{{"callToBeRetrieved", "id"}}},
	{Method: "ConsultationCall", Name: "consultationCall", Code: 7, Module: "CSTA-consultation-call",
		Argument: "ConsultationCallArgument", Result: "ConsultationCallResult",
		XMLRequest: "ConsultationCall", XMLResponse: "ConsultationCallResponse", Invoker: ByClient,
		Args:    []FieldMap{{"existingCall", "existing"}, {"consultedDevice", "consulted"}},
		Results: []FieldMap{{"initiatedCall", "ConnectionID"}}},
	{Method: "TransferCall", Name: "transferCall", Code: 16, Module: "CSTA-transfer-call",
		Argument: "TransferCallArgument", Result: "TransferCallResult",
		XMLRequest: "TransferCall", XMLResponse: "TransferCallResponse", Invoker: ByClient,
		Args:    []FieldMap{{"heldCall", "held"}, {"activeCall", "act"}},
		Results: []FieldMap{{"transferredCall", "ConnectionID"}, {"connections", "[]ConnectionListEntry"}}},
	{Method: "ConferenceCall", Name: "conferenceCall", Code: 6, Module: "CSTA-conference-call",
		Argument: "ConferenceCallArgument", Result: "ConferenceCallResult",
		XMLRequest: "ConferenceCall", XMLResponse: "ConferenceCallResponse", Invoker: ByClient,
		Args:    []FieldMap{{"heldCall", "held"}, {"activeCall", "act"}},
		Results: []FieldMap{{"conferenceCall", "ConnectionID"}, {"connections", "[]ConnectionListEntry"}}},
	{Method: "DeflectCall", Name: "deflectCall", Code: 218, Module: "CSTA-deflect-call",
		Argument: "DeflectCallArgument", Result: "DeflectCallResult",
		XMLRequest: "DeflectCall", XMLResponse: "DeflectCallResponse", Invoker: ByClient,
		Args: []FieldMap{{"callToBeDiverted", "id"}, {"newDestination", "dest"}}},
	{Method: "SingleStepTransferCall", Name: "singleStepTrans", Code: 50, Module: "CSTA-single-step-transfer",
		Argument: "SingleStepTransArgument", Result: "SingleStepTransResult",
		XMLRequest: "SingleStepTransferCall", XMLResponse: "SingleStepTransferCallResponse", Invoker: ByClient,
		Args:    []FieldMap{{"activeCall", "id"}, {"transferredTo", "dest"}},
		Results: []FieldMap{{"transferredCall", "ConnectionID"}, {"connections", "[]ConnectionListEntry"}}},
	{Method: "SetDoNotDisturb", Name: "setDoNotDisturb", Code: 316, Module: "CSTA-set-do-not-disturb",
		Argument: "SetDoNotDisturbArgument", Result: "SetDoNotDisturbResult",
		XMLRequest: "SetDoNotDisturb", XMLResponse: "SetDoNotDisturbResponse", Invoker: ByClient,
		Args: []FieldMap{{"device", "dev"}, {"doNotDisturbOn", "on"}}},
	{Method: "GetDoNotDisturb", Name: "getDoNotDisturb", Code: 308, Module: "CSTA-get-do-not-disturb",
		Argument: "GetDoNotDisturbArgument", Result: "GetDoNotDisturbResult",
		XMLRequest: "GetDoNotDisturb", XMLResponse: "GetDoNotDisturbResponse", Invoker: ByClient,
		Args:    []FieldMap{{"device", "dev"}},
		Results: []FieldMap{{"doNotDisturbOn", "bool"}}},
	{Method: "SetForwarding", Name: "setForwarding", Code: 317, Module: "CSTA-set-forwarding",
		Argument: "SetForwardingArgument", Result: "SetForwardingResult",
		XMLRequest: "SetForwarding", XMLResponse: "SetForwardingResponse", Invoker: ByClient,
		Args: []FieldMap{{"device", "dev"}, {"forwardingType", "f.Type"}, {"activateForward", "f.On"},
			{"forwardDN", "f.To"}, {"ringCount", "f.RingCount"}}},
	{Method: "GetForwarding", Name: "getForwarding", Code: 309, Module: "CSTA-get-forwarding",
		Argument: "GetForwardingArgument", Result: "GetForwardingResult",
		XMLRequest: "GetForwarding", XMLResponse: "GetForwardingResponse", Invoker: ByClient,
		Args:    []FieldMap{{"device", "dev"}},
		Results: []FieldMap{{"forwardingList", "[]Forwarding: forwardingType <- Type, forwardStatus <- On, forwardDN <- To, ringCount <- RingCount"}}},
	{Method: "SystemStatus", Name: "requestSysStat", Code: 210, Module: "CSTA-request-system-status",
		Argument: "RequestSysStatArg", Result: "RequestSysStatRes",
		XMLRequest: "RequestSystemStatus", XMLResponse: "RequestSystemStatusResponse", Invoker: ByClient,
		Results: []FieldMap{{"systemStatus", "SystemStatus"}}},
	{Method: "ReceiveSystemStatus", Name: "systemStatus", Code: 211, Module: "CSTA-system-status",
		Argument: "SystemStatusArg", Result: "SystemStatusRes",
		XMLRequest: "SystemStatus", XMLResponse: "SystemStatusResponse", Invoker: ByEither,
		// Invoked by the client: ReceiveSystemStatus(systemStatus).
		// Invoked by the switch: one invoke per value of WatchSystemStatus.
		Args: []FieldMap{{"systemStatus", "s"}}},
	{Method: "GetSwitchingFunctionDevices", Name: "getSwitchingFunctionDevices", Code: 204, Module: "CSTA-get-switching-function-devices",
		Argument: "GetSwitchingFunctionDevicesArgument", Result: "GetSwitchingFunctionDevicesResult",
		XMLRequest: "GetSwitchingFunctionDevices", XMLResponse: "GetSwitchingFunctionDevicesResponse", Invoker: ByClient,
		Args: []FieldMap{{"requestedDeviceCategory", "cat"}},
		// The result is a serviceCrossRefID the layer issues; the devices
		// follow in switchingFunctionDevices invokes
		// (OperationSwitchingFunctionDevices) carrying it.
		Results: []FieldMap{{"serviceCrossRefID", "(issued by the layer)"}}},
	{Method: "GetCSTAFeatures", Name: "getCSTAFeature", Code: 370, Module: "CSTA-get-csta-features-service",
		Argument: "GetCSTAFeatureArgument", Result: "GetCSTAFeatureResult",
		XMLRequest: "GetCSTAFeatures", XMLResponse: "GetCSTAFeaturesResponse", Invoker: ByClient,
		Results: []FieldMap{{"supportedServices", "Features.Services: list component -> service names"},
			{"supportedEvents", "Features.Events, grouped by EventTypes' FeatureList"}}},
}

// The operations the switch invokes on its own.
var (
	// OperationEventReport carries every Event.
	OperationEventReport = Operation{Name: "cSTAEventReport", Code: 21, Module: "CSTA-event-report-definitions",
		Argument: "CSTAEventReportArgument", Invoker: BySwitch,
		Args: []FieldMap{{"crossRefIdentifier", "Event.CrossRef"}, {"eventSpecificInfo", "Event (see EventTypes)"}}}
	// OperationSwitchingFunctionDevices delivers the devices of
	// GetSwitchingFunctionDevices.
	OperationSwitchingFunctionDevices = Operation{Method: "GetSwitchingFunctionDevices", Name: "switchingFunctionDevices", Code: 205,
		Module: "CSTA-switching-function-devices", Argument: "SwitchingFunctionDevicesArgument",
		XMLRequest: "SwitchingFunctionDevices", Invoker: BySwitch,
		Args: []FieldMap{{"serviceCrossRefID", "(the result's)"}, {"lastSegment", "true"},
			{"deviceList", "[]DeviceInfo: deviceID <- ID, deviceCategory <- Category (groupACD and groupHunt: group, with that deviceAttributes bit)"}}}
	// OperationUniversalFailure is the ROSE error of every ServiceError.
	OperationUniversalFailure = struct {
		Name, Module, Type, XML string
		Code                    int
	}{Name: "universalFailure", Module: "CSTA-error-definition", Type: "UniversalFailure", XML: "CSTAErrorCode", Code: 1}
)

// EventType is how one EventKind is carried.
type EventType struct {
	Kind        EventKind
	Group       string     // the EventSpecificInfo alternative ("callControlEvents")
	Filter      string     // the MonitorFilter component whose bit Kind.String() suppresses it ("callControl")
	FeatureList string     // the GetCSTAFeatureResult.supportedEvents component ("callControlEvtsList")
	Type        string     // the ASN.1 event type ("DeliveredEvent")
	XML         string     // the ECMA-323 root element: Type, except "TransferedEvent" (sic)
	Fields      []FieldMap // event components <- Event fields
}

// call control event components common to several events.
var (
	fLocal = FieldMap{"localConnectionInfo", "LocalState"}
	fCause = FieldMap{"cause", "Cause"}
)

func ccFields(conn, subject string, extra ...FieldMap) []FieldMap {
	f := []FieldMap{{conn, "Connection"}, {subject, "Device"}}
	f = append(f, extra...)
	return append(f, fLocal, fCause)
}

var (
	fCalling = FieldMap{"callingDevice", "Calling"}
	fCalled  = FieldMap{"calledDevice", "Called"}
	fRedir   = FieldMap{"lastRedirectionDevice", "LastRedirection"}
)

// EventTypes maps every EventKind to its ECMA-285 event, in EventKind
// order.
var EventTypes = []EventType{
	{EventServiceInitiated, "callControlEvents", "callControl", "callControlEvtsList", "ServiceInitiatedEvent", "ServiceInitiatedEvent",
		ccFields("initiatedConnection", "initiatingDevice")},
	{EventOriginated, "callControlEvents", "callControl", "callControlEvtsList", "OriginatedEvent", "OriginatedEvent",
		ccFields("originatedConnection", "callingDevice", fCalled)},
	{EventDelivered, "callControlEvents", "callControl", "callControlEvtsList", "DeliveredEvent", "DeliveredEvent",
		ccFields("connection", "alertingDevice", fCalling, fCalled, fRedir)},
	{EventEstablished, "callControlEvents", "callControl", "callControlEvtsList", "EstablishedEvent", "EstablishedEvent",
		ccFields("establishedConnection", "answeringDevice", fCalling, fCalled, fRedir)},
	{EventHeld, "callControlEvents", "callControl", "callControlEvtsList", "HeldEvent", "HeldEvent",
		ccFields("heldConnection", "holdingDevice")},
	{EventRetrieved, "callControlEvents", "callControl", "callControlEvtsList", "RetrievedEvent", "RetrievedEvent",
		ccFields("retrievedConnection", "retrievingDevice")},
	{EventTransferred, "callControlEvents", "callControl", "callControlEvtsList", "TransferredEvent", "TransferedEvent",
		ccFields("primaryOldCall", "transferringDevice", FieldMap{"secondaryOldCall", "SecondaryOldCall"},
			FieldMap{"transferredToDevice", "TransferredTo"}, FieldMap{"transferredConnections", "Connections"})},
	{EventConferenced, "callControlEvents", "callControl", "callControlEvtsList", "ConferencedEvent", "ConferencedEvent",
		ccFields("primaryOldCall", "conferencingDevice", FieldMap{"secondaryOldCall", "SecondaryOldCall"},
			FieldMap{"addedParty", "AddedParty"}, FieldMap{"conferenceConnections", "Connections"})},
	{EventDiverted, "callControlEvents", "callControl", "callControlEvtsList", "DivertedEvent", "DivertedEvent",
		ccFields("connection", "divertingDevice", FieldMap{"newDestination", "NewDestination"}, fCalling, fCalled, fRedir)},
	{EventConnectionCleared, "callControlEvents", "callControl", "callControlEvtsList", "ConnectionClearedEvent", "ConnectionClearedEvent",
		ccFields("droppedConnection", "releasingDevice")},
	{EventCallCleared, "callControlEvents", "callControl", "callControlEvtsList", "CallClearedEvent", "CallClearedEvent",
		[]FieldMap{{"clearedCall", "Connection"}, fCause}},
	{EventFailed, "callControlEvents", "callControl", "callControlEvtsList", "FailedEvent", "FailedEvent",
		ccFields("failedConnection", "failingDevice", fCalling, fCalled, fRedir)},
	{EventQueued, "callControlEvents", "callControl", "callControlEvtsList", "QueuedEvent", "QueuedEvent",
		ccFields("queuedConnection", "queue", fCalling, fCalled, fRedir)},
	{EventDoNotDisturb, "logicalDeviceFeatureEvents", "logicalDeviceFeature", "logicalEvtsList", "DoNotDisturbEvent", "DoNotDisturbEvent",
		[]FieldMap{{"device", "Device"}, {"doNotDisturbOn", "DoNotDisturb"}}},
	{EventForwarding, "logicalDeviceFeatureEvents", "logicalDeviceFeature", "logicalEvtsList", "ForwardingEvent", "ForwardingEvent",
		[]FieldMap{{"device", "Device"}, {"forwardingType", "Forwarding.Type"}, {"forwardStatus", "Forwarding.On"},
			{"forwardTo", "Forwarding.To"}, {"ringCount", "Forwarding.RingCount"}}},
	{EventBackInService, "deviceMaintenanceEvents", "maintenance", "deviceMaintEvtsList", "BackInServiceEvent", "BackInServiceEvent",
		[]FieldMap{{"device", "Device"}}},
	{EventOutOfService, "deviceMaintenanceEvents", "maintenance", "deviceMaintEvtsList", "OutOfServiceEvent", "OutOfServiceEvent",
		[]FieldMap{{"device", "Device"}}},
}

// ServiceErrors returns every ServiceError the model returns, for a
// protocol layer that wants to build its UniversalFailure table up front.
func ServiceErrors() []*ServiceError {
	return []*ServiceError{
		ErrInvalidCallID, ErrInvalidConnectionID, ErrInvalidActiveConnectionID, ErrInvalidHeldConnectionID,
		ErrInvalidDeviceID, ErrInvalidCallingDeviceID, ErrInvalidCalledDeviceID, ErrInvalidDestinationDeviceID,
		ErrInvalidForwardingDest, ErrInvalidForwardingType, ErrInvalidMonitorObject, ErrInvalidMonitorCrossRefID,
		ErrInvalidParameterValue, ErrNotDifferentDevices, ErrNotSameDevice, ErrRequestIncompatible,
		ErrRequestIncompatibleDevice, ErrServiceNotSupported, ErrValueOutOfRange,
		ErrInvalidConnectionState, ErrInvalidActiveConnectionState, ErrInvalidHeldConnectionState,
		ErrInvalidCallingDeviceState, ErrConnectedCallExists, ErrNoActiveCall,
		ErrNoHeldCall, ErrNoCallToAnswer, ErrNoConnectionToClear,
		ErrResourceLimitExceeded, ErrOverallMonitorLimitExceeded, ErrConferenceMemberLimitExceeded,
		ErrDeviceOutOfService, ErrCallingDeviceOutOfService,
		ErrObjectMonitorLimitExceeded, ErrTrunkLimitExceeded,
	}
}

// Causes returns every Cause the model produces.
func Causes() []Cause {
	return []Cause{
		CauseNewCall, CauseMakeCall, CauseNormal, CauseNormalClearing, CauseConsultation, CauseTransfer,
		CauseConference, CauseRedirected, CauseSingleStepTransfer, CauseCallForwardImmediate,
		CauseCallForwardBusy, CauseCallForwardNoAnswer, CauseDistributed, CauseNoAvailableAgents,
		CauseBusy, CauseDoNotDisturb, CauseDestOutOfOrder, CauseTrunksBusy,
	}
}
