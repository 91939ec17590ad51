// Package callmodel is the call model of a simulated CSTA switching
// function: devices, calls and connections with ECMA-269 connection states,
// the ECMA-269 services that act on them, and the events those services
// produce. It knows no encoding: a protocol layer (BER or CSTA-XML; package
// sim is the one of this module) decodes a request, calls the Model method
// of the same name, and encodes the result, the *ServiceError, or the
// Events of the monitors.
//
// The entry type is Model, built by New from a Config whose DialPlan comes
// from ParseSpec. A SPEC text declares the devices:
//
//	station 100-120; station 130
//	group 200 members 101,102 acd queue 5
//	trunk 9 outside 0049,0033 lines 30
//
// Stations make and take calls. A group (hunt or ACD) gives each call to
// an available member, or queues it (connection state queued) until one is
// free. A trunk reaches the outside world: a dialled number that is no
// device of the plan is an external number of the trunk with the longest
// matching prefix, and the trunk's monitors see the calls of its external
// parties. See ParseSpec for the grammar.
//
// # Services and events
//
// Model methods implement MonitorStart and MonitorStop, SnapshotDevice,
// SnapshotCall, MakeCall, AnswerCall, ClearConnection, ClearCall, HoldCall,
// RetrieveCall, ConsultationCall, TransferCall, ConferenceCall,
// DeflectCall, SingleStepTransferCall, Set/GetDoNotDisturb,
// Set/GetForwarding, SystemStatus (both ways), GetSwitchingFunctionDevices
// and GetCSTAFeatures. Each method's comment lists the events it produces,
// in order, and the errors it returns. Events go to every monitor of every
// device involved in the call (a party before or after the event, or the
// diverting device) whose Filter allows the kind; each monitor receives
// them in order, with LocalState set to its own device's connection state
// after the event. Event causes are ECMA-285 EventCause identifiers;
// errors are *ServiceError values whose Category and Value are ECMA-285
// UniversalFailure identifiers, so the protocol layer maps them by name
// (see protocol.go for the tables of operations and event types).
//
// A call keeps its CallID for its life; a connection is identified by its
// call and device. TransferCall and ConferenceCall keep the held call's ID
// and list the old and new connection IDs of the joined parties.
//
// # Conventions
//
// Where ECMA-269 leaves a choice, the model makes these:
//
//   - MakeCall: ServiceInitiated and Originated have cause makeCall,
//     Delivered and Established newCall (OpenScape Voice, in ../shared
//     corpus, sends newCall on Originated too). ConsultationCall: all its
//     events, the Held included, have cause consultation. HoldCall and
//     RetrieveCall: cause normal. Clearing: normalClearing.
//   - A two-party call ends when one party clears: ConnectionCleared for
//     it, then for the other party, then CallCleared. A call also ends
//     when only alerting or queued parties are left.
//   - A station is busy when it has a connection not on hold: a call to
//     it follows forwarding on busy, or Failed (cause busy, or
//     doNotDisturb) on the called connection, the caller's connection
//     going to the fail state; an external caller then hangs up.
//   - Forwarding immediate and on busy produce Diverted before the station
//     alerts; no answer after RingCount rings of Config.RingInterval.
//     Redirections stop after 8 hops (Failed, cause busy).
//   - A group offers a call to an available member (no connection, in
//     service, not in do-not-disturb) with Diverted (cause distributed)
//     from the group, or queues it (Queued, cause noAvailableAgents) until
//     a member is free.
//   - TransferCall and ConferenceCall keep the held call's ID and
//     renumber the parties of the active call into it;
//     SingleStepTransferCall keeps the call's ID.
//   - A device is never twice in one call.
//
// # The outside world and scenarios
//
// IncomingCall, ExternalAnswer, ExternalHangup and SetOutOfService inject
// what the world outside the switch does. A Scenario (ParseScenario) is a
// timed script of such actions and of user actions:
//
//	at 0s call from 0049891234 to 101
//	at 2s answer 101
//	at 5s hangup external
//
// Scenario.Run plays it on a Clock; with a ManualClock shared with the
// Model, a test runs a scenario, ring timers included, without sleeping.
//
// # Concurrency and limits
//
// A Model is safe for concurrent use; one mutex serialises changes.
// Events are queued to each monitor's channel without blocking; a monitor
// whose queue is full is ended (Monitor.Err returns ErrMonitorOverflow)
// rather than silently losing events. Config bounds the calls, the
// monitors, the queue of each monitor and the size of conferences.
package callmodel
