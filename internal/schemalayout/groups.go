package schemalayout

// A group is one output file: the ECMA-285 modules of one ECMA-269 service
// group. Events sit with the services of their group, as ECMA-269 and the
// capability lists of CSTA-capability-exchange (CallControlServList,
// CallControlEvtsList, ...) arrange them.
type group struct {
	file    string   // output file name
	title   string   // what the file holds, for its header comment
	modules []string // module names, in output order
}

// groups lists every ECMA-285 module exactly once; Generate fails when a
// module of the reference is missing here or listed twice.
var groups = []group{
	{
		file:  "csta-call-control-services.asn1",
		title: "CSTA call control services and call control events (ECMA-269 service group Call Control)",
		modules: []string{
			"CSTA-accept-call", "CSTA-alternate-call", "CSTA-answer-call",
			"CSTA-call-back-call-related", "CSTA-call-back-message-call-related",
			"CSTA-camp-on-call", "CSTA-clear-call", "CSTA-clear-connection",
			"CSTA-conference-call", "CSTA-consultation-call", "CSTA-deflect-call",
			"CSTA-dial-digits", "CSTA-directed-pickup-call", "CSTA-group-pickup-call",
			"CSTA-hold-call", "CSTA-intrude-call", "CSTA-join-call", "CSTA-make-call",
			"CSTA-make-connection", "CSTA-make-predictive-call", "CSTA-park-call",
			"CSTA-reconnect-call", "CSTA-retrieve-call", "CSTA-send-message",
			"CSTA-single-step-conference", "CSTA-single-step-transfer", "CSTA-transfer-call",
			// events
			"CSTA-bridged-event", "CSTA-call-cleared-event", "CSTA-conferenced-event",
			"CSTA-connection-cleared-event", "CSTA-delivered-event", "CSTA-digits-dialed-event",
			"CSTA-diverted-event", "CSTA-established-event", "CSTA-failed-event",
			"CSTA-held-event", "CSTA-network-capabilities-changed-event",
			"CSTA-network-reached-event", "CSTA-offered-event", "CSTA-originated-event",
			"CSTA-queued-event", "CSTA-retrieved-event", "CSTA-service-initiated-event",
			"CSTA-transferred-event",
		},
	},
	{
		file:  "csta-call-associated.asn1",
		title: "CSTA call associated features: services and events (ECMA-269 service group Call Associated Features)",
		modules: []string{
			"CSTA-associate-data", "CSTA-cancel-telephony-tones",
			"CSTA-change-connection-information", "CSTA-generate-digits",
			"CSTA-generate-telephony-tones", "CSTA-send-user-information",
			// events
			"CSTA-call-information-event", "CSTA-charging-event",
			"CSTA-digits-generated-event", "CSTA-telephony-tones-generated-event",
			"CSTA-service-completion-failure-event",
		},
	},
	{
		file:  "csta-media-attachment.asn1",
		title: "CSTA media attachment services and events (ECMA-269 service group Media Attachment)",
		modules: []string{
			"CSTA-attach-media-service", "CSTA-detach-media-service",
			// events
			"CSTA-media-attached-event", "CSTA-media-detached-event",
		},
	},
	{
		file:  "csta-routeing.asn1",
		title: "CSTA routeing services (ECMA-269 service group Routeing)",
		modules: []string{
			"CSTA-route-register", "CSTA-route-register-cancel", "CSTA-route-register-abort",
			"CSTA-re-route-request", "CSTA-route-end-request", "CSTA-route-reject",
			"CSTA-route-request", "CSTA-route-select-request", "CSTA-route-used-request",
		},
	},
	{
		file:  "csta-physical-device.asn1",
		title: "CSTA physical device features: services and events (ECMA-269 service group Physical Device Features)",
		modules: []string{
			"CSTA-button-press", "CSTA-get-auditory-apparatus-information",
			"CSTA-get-button-information", "CSTA-get-display", "CSTA-get-hookswitch-status",
			"CSTA-get-lamp-information", "CSTA-get-lamp-mode",
			"CSTA-get-message-waiting-indicator", "CSTA-get-microphone-gain",
			"CSTA-get-microphone-mute", "CSTA-get-ringer-status", "CSTA-get-speaker-mute",
			"CSTA-get-speaker-volume", "CSTA-set-button-information", "CSTA-set-display",
			"CSTA-set-hookswitch-status", "CSTA-set-lamp-mode",
			"CSTA-set-message-waiting-indicator", "CSTA-set-microphone-gain",
			"CSTA-set-microphone-mute", "CSTA-set-ringer-status", "CSTA-set-speaker-mute",
			"CSTA-set-speaker-volume",
			// events
			"CSTA-button-information-event", "CSTA-button-press-event",
			"CSTA-display-updated-event", "CSTA-hookswitch-event", "CSTA-lamp-mode-event",
			"CSTA-message-waiting-event", "CSTA-microphone-gain-event",
			"CSTA-microphone-mute-event", "CSTA-ringer-status-event",
			"CSTA-speaker-mute-event", "CSTA-speaker-volume-event",
		},
	},
	{
		file:  "csta-logical-device.asn1",
		title: "CSTA logical device features: services and events (ECMA-269 service group Logical Device Features)",
		modules: []string{
			"CSTA-call-back-non-call-related", "CSTA-call-back-message-non-call-related",
			"CSTA-cancel-call-back", "CSTA-cancel-call-back-message", "CSTA-get-agent-state",
			"CSTA-get-auto-answer", "CSTA-get-auto-work-mode", "CSTA-get-caller-id-status",
			"CSTA-get-call-back", "CSTA-get-do-not-disturb", "CSTA-get-forwarding",
			"CSTA-get-last-number-dialed", "CSTA-get-presence-state", "CSTA-get-routeing-mode",
			"CSTA-set-agent-state", "CSTA-set-auto-answer", "CSTA-set-auto-work-mode",
			"CSTA-set-caller-id-status", "CSTA-set-do-not-disturb", "CSTA-set-forwarding",
			"CSTA-set-presence-state", "CSTA-set-routeing-mode",
			// events
			"CSTA-agent-busy-event", "CSTA-agent-logged-on-event", "CSTA-agent-logged-off-event",
			"CSTA-agent-not-ready-event", "CSTA-agent-ready-event",
			"CSTA-agent-working-after-call-event", "CSTA-auto-answer-event",
			"CSTA-auto-work-mode-event", "CSTA-call-back-event", "CSTA-call-back-message-event",
			"CSTA-caller-id-status-event", "CSTA-do-not-disturb-event", "CSTA-forwarding-event",
			"CSTA-presence-state-event", "CSTA-routeing-mode-event",
		},
	},
	{
		file:  "csta-device-maintenance.asn1",
		title: "CSTA device maintenance events (ECMA-269 service group Device Maintenance)",
		modules: []string{
			"CSTA-back-in-service-event", "CSTA-device-capabilities-changed-event",
			"CSTA-out-of-service-event", "CSTA-partially-in-service-event",
		},
	},
	{
		file:  "csta-io-services.asn1",
		title: "CSTA I/O services (ECMA-269 service group I/O Services)",
		modules: []string{
			"CSTA-io-register", "CSTA-io-register-abort", "CSTA-io-register-cancel",
			"CSTA-data-path-resumed", "CSTA-data-path-suspended", "CSTA-fast-data",
			"CSTA-resume-data-path", "CSTA-send-broadcast-data", "CSTA-send-data",
			"CSTA-send-multicast-data", "CSTA-start-data-path", "CSTA-stop-data-path",
			"CSTA-suspend-data-path",
		},
	},
	{
		file:  "csta-data-collection.asn1",
		title: "CSTA data collection services (ECMA-269 service group Data Collection)",
		modules: []string{
			"CSTA-data-collected", "CSTA-data-collection-resumed",
			"CSTA-data-collection-suspended", "CSTA-resume-data-collection",
			"CSTA-start-data-collection", "CSTA-stop-data-collection",
			"CSTA-suspend-data-collection",
		},
	},
	{
		file:  "csta-voice-unit.asn1",
		title: "CSTA voice unit services and events (ECMA-269 service group Voice Unit)",
		modules: []string{
			"CSTA-activate", "CSTA-clear", "CSTA-deactivate", "CSTA-concatenate-message",
			"CSTA-delete-message", "CSTA-queue", "CSTA-play-message",
			"CSTA-query-voice-attribute", "CSTA-record-message", "CSTA-reposition",
			"CSTA-resume", "CSTA-review", "CSTA-start", "CSTA-set-voice-attribute",
			"CSTA-stop", "CSTA-suspend", "CSTA-synthesize-message",
			// events
			"CSTA-bookmark-reached-event", "CSTA-completed-event", "CSTA-dtmf-detected-event",
			"CSTA-emptied-event", "CSTA-interruption-detected-event",
			"CSTA-not-recognized-event", "CSTA-play-event", "CSTA-recognized-event",
			"CSTA-record-event", "CSTA-review-event", "CSTA-silence-timeout-expired-event",
			"CSTA-speech-detected-event", "CSTA-started-event", "CSTA-stop-event",
			"CSTA-suspend-play-event", "CSTA-suspend-record-event",
			"CSTA-voice-attributes-change-event", "CSTA-voice-error-occured-event",
		},
	},
	{
		file:  "csta-location.asn1",
		title: "CSTA location services (ECMA-269 service group Location Services)",
		modules: []string{
			"CSTA-get-location-information", "CSTA-set-location-information",
			"CSTA-location-tracking-session-resumed", "CSTA-location-tracking-session-suspended",
			"CSTA-resume-location-tracking-session", "CSTA-location-information-report",
			"CSTA-start-location-tracking-session", "CSTA-stop-location-tracking-session",
			"CSTA-suspend-location-tracking-session", "CSTA-get-location-tracking-capabilities",
			"CSTA-get-location-tracking-sessions", "CSTA-location-session-info",
		},
	},
	{
		file:  "csta-capability-exchange.asn1",
		title: "CSTA capability exchange services and their types (ECMA-269 service group Capability Exchange)",
		modules: []string{
			"CSTA-get-csta-features-service", "CSTA-get-logical-device-information",
			"CSTA-get-physical-device-information", "CSTA-get-switching-function-capabilities",
			"CSTA-get-switching-function-devices", "CSTA-switching-function-devices",
			// types
			"CSTA-capability-exchange",
		},
	},
	{
		file:  "csta-snapshot.asn1",
		title: "CSTA snapshot services (ECMA-269 service group Snapshot)",
		modules: []string{
			"CSTA-snapshot-call", "CSTA-snapshot-device", "CSTA-snapshot-call-data",
			"CSTA-snapshot-device-data",
		},
	},
	{
		file:  "csta-monitoring.asn1",
		title: "CSTA monitoring services and the CSTA event report that carries every event (ECMA-269 service group Monitoring)",
		modules: []string{
			"CSTA-change-monitor-filter", "CSTA-monitor-start", "CSTA-monitor-stop",
			"CSTA-get-monitor", "CSTA-monitor-info",
			"CSTA-event-report-definitions",
		},
	},
	{
		file:  "csta-system.asn1",
		title: "CSTA system services (ECMA-269 service group System Services)",
		modules: []string{
			"CSTA-change-system-status-filter", "CSTA-system-register",
			"CSTA-system-register-abort", "CSTA-system-register-cancel",
			"CSTA-request-system-status", "CSTA-system-status",
			"CSTA-switching-function-capabilities-changed",
			"CSTA-switching-function-devices-changed", "CSTA-get-registrations",
			"CSTA-registration-info",
		},
	},
	{
		file:  "csta-cdr.asn1",
		title: "CSTA call detail record services and their types (ECMA-269 service group Call Detail Record)",
		modules: []string{
			"CSTA-call-detail-records-notification", "CSTA-call-detail-records-report",
			"CSTA-send-stored-call-detail-records", "CSTA-start-call-detail-records-transmission",
			"CSTA-stop-call-detail-records",
			// types
			"CSTA-call-detail-record",
		},
	},
	{
		file:  "csta-escape.asn1",
		title: "CSTA escape (vendor specific) services, the private event and their types (ECMA-269 service group Vendor Specific Extensions)",
		modules: []string{
			"CSTA-escape-register", "CSTA-escape-register-cancel", "CSTA-escape-register-abort",
			"CSTA-escape-service", "CSTA-private-data-version-selection",
			// events
			"CSTA-private-event",
			// types
			"CSTA-escape-types",
		},
	},
	{
		file:    "csta-security.asn1",
		title:   "CSTA security types",
		modules: []string{"CSTA-security"},
	},
	{
		file:    "csta-acse-user-info.asn1",
		title:   "CSTA application context information: the ACSE user information of CSTA associations",
		modules: []string{"CSTA-application-context-information-csta3"},
	},
	{
		file:  "csta-common-types.asn1",
		title: "CSTA shared type modules, imported across the service groups",
		modules: []string{
			"CSTA-error-definition", "CSTA-event-causes", "CSTA-switching-function-objects",
			"CSTA-device-identifiers", "CSTA-call-connection-identifiers",
			"CSTA-connection-states", "CSTA-status-reporting", "CSTA-device-feature-types",
			"CSTA-extension-types", "CSTA-call-control", "CSTA-charge-info",
			"CSTA-data-call-types", "CSTA-media-services", "CSTA-physical-device-feature",
			"CSTA-data-collection",
		},
	},
}

// roseOrder is the order of the X.880/X.881 modules in rose.asn1:
// each module after the ones it imports, where the set allows.
var roseOrder = []string{
	"Remote-Operations-Information-Objects",
	"Remote-Operations-Generic-ROS-PDUs",
	"Remote-Operations-Useful-Definitions",
	"Remote-Operations-Information-Objects-extensions",
}

// titleWords spells words of module names that are not plain English.
var titleWords = map[string]string{
	"csta": "CSTA", "csta3": "CSTA3", "io": "I/O", "dtmf": "DTMF", "id": "ID",
}
