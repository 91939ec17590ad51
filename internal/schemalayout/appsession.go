package schemalayout

// The ECMA-354 application-session messages. ECMA-354 (1st edition, June
// 2004; also ISO/IEC 22534:2005) defines them in XML Schema only, in the
// namespace http://www.ecma-international.org/standards/ecma-354/appl_session,
// with no ASN.1 and no operation codes. They travel on the same links as
// CSTA-XML and open the session CSTA-XML runs in, so the project writes them
// down in ASN.1 to get typed Go values and the same codecs as for CSTA.
// Element names, their order, their types and the enumeration identifiers
// follow the schema; the XML Schema facts behind each choice:
//
//   - every message is a global element with an anonymous sequence, and its
//     children are qualified elements: a SEQUENCE per message, named as the
//     element;
//   - xsd:string and xsd:integer: UTF8String and INTEGER;
//   - applicationSpecificInfo and extensions hold xsd:any (unbounded): an
//     empty extensible SEQUENCE, whose children the CSTA-XML codec keeps
//     verbatim (xml.Extra);
//   - errorCode, sessionEndReason and sessionTermReason are xsd:choice of a
//     defined enumeration and free text;
//   - requestedSessionDuration, applicationSpecificInfo, actualSessionDuration
//     of the timer reset response and extensions are optional.
//
// The module has no OID, so as not to claim an arc the project does not own,
// and AUTOMATIC TAGS: the messages have no standard BER form, and automatic
// tags give them a well-defined one.
const appSessionHeader = `-- csta-application-session.asn1: the ECMA-354 application session messages
-- (StartApplicationSession, StopApplicationSession,
-- ResetApplicationSessionTimer, their responses, ApplicationSessionTerminated),
-- written in ASN.1 by the project: ECMA-354 (June 2004, = ISO/IEC 22534)
-- defines them in XML Schema only. Element names, order, types and
-- enumeration identifiers follow that schema; the tags (AUTOMATIC) and the
-- BER form are the project's own, as ECMA-354 has none.
`

var appSession = []byte(`Application-Session-Services DEFINITIONS AUTOMATIC TAGS ::= BEGIN
StartApplicationSession ::= SEQUENCE {
    applicationInfo ApplicationInfo,
    requestedProtocolVersions ProtocolVersions,
    requestedSessionDuration SessionDuration OPTIONAL,
    extensions SessionExtensions OPTIONAL }
ApplicationInfo ::= SEQUENCE {
    applicationID UTF8String,
    applicationSpecificInfo ApplicationSpecificInfo OPTIONAL }
ApplicationSpecificInfo ::= SEQUENCE { ... }
ProtocolVersions ::= SEQUENCE OF protocolVersion ProtocolVersion
ProtocolVersion ::= UTF8String
SessionID ::= UTF8String
SessionDuration ::= INTEGER
SessionExtensions ::= SEQUENCE { ... }
StartApplicationSessionPosResponse ::= SEQUENCE {
    sessionID SessionID,
    actualProtocolVersion ProtocolVersion,
    actualSessionDuration SessionDuration,
    extensions SessionExtensions OPTIONAL }
StartApplicationSessionNegResponse ::= SEQUENCE {
    errorCode StartApplicationSessionError,
    extensions SessionExtensions OPTIONAL }
StartApplicationSessionError ::= CHOICE {
    definedError ENUMERATED { invalidApplicationInfo(0), requestedProtocolVersionNotSupported(1), serverResourcesBusy(2), maxNumberSessions(3) },
    applError UTF8String }
StopApplicationSession ::= SEQUENCE {
    sessionID SessionID,
    sessionEndReason SessionEndReason,
    extensions SessionExtensions OPTIONAL }
SessionEndReason ::= CHOICE {
    definedEndReason ENUMERATED { normal(0) },
    appEndReason UTF8String }
StopApplicationSessionPosResponse ::= SEQUENCE {
    extensions SessionExtensions OPTIONAL }
StopApplicationSessionNegResponse ::= SEQUENCE {
    errorCode StopApplicationSessionError,
    extensions SessionExtensions OPTIONAL }
StopApplicationSessionError ::= CHOICE {
    definedError ENUMERATED { invalidSessionID(0) },
    applError UTF8String }
ResetApplicationSessionTimer ::= SEQUENCE {
    sessionID SessionID,
    requestedSessionDuration SessionDuration OPTIONAL,
    extensions SessionExtensions OPTIONAL }
ResetApplicationSessionTimerPosResponse ::= SEQUENCE {
    actualSessionDuration SessionDuration OPTIONAL,
    extensions SessionExtensions OPTIONAL }
ResetApplicationSessionTimerNegResponse ::= SEQUENCE {
    errorCode ResetApplicationSessionTimerError,
    extensions SessionExtensions OPTIONAL }
ResetApplicationSessionTimerError ::= CHOICE {
    definedError ENUMERATED { invalidSessionID(0), serverCannotResetSessionTimer(1) },
    applError UTF8String }
ApplicationSessionTerminated ::= SEQUENCE {
    sessionID SessionID,
    sessionTermReason SessionTermReason,
    extensions SessionExtensions OPTIONAL }
SessionTermReason ::= CHOICE {
    definedTermReason ENUMERATED { resourceLimitation(0), sessionTimerExpired(1) },
    serverTermReason UTF8String }
END
`)
