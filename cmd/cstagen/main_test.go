package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func runCLI(args ...string) (stdout, stderr string, code int) {
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return out.String(), errb.String(), code
}

func TestOps(t *testing.T) {
	out, errs, code := runCLI("ops")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 174 {
		t.Fatalf("%d operations, want 174", len(lines))
	}
	prev := -1
	for _, l := range lines {
		f := strings.Fields(l)
		if len(f) != 5 {
			t.Fatalf("line %q: want 5 fields", l)
		}
		code, err := strconv.Atoi(f[0])
		if err != nil || code <= prev {
			t.Fatalf("line %q: codes must be increasing integers", l)
		}
		prev = code
	}
	for _, want := range []string{
		"1 alternateCall AlternateCallArgument AlternateCallResult universalFailure",
		"10 makeCall MakeCallArgument MakeCallResult universalFailure",
		"21 cSTAEventReport CSTAEventReportArgument - -",
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("ops output lacks %q", want)
		}
	}
}

func TestEvents(t *testing.T) {
	out, errs, code := runCLI("events")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 74 {
		t.Fatalf("%d events, want 74", len(lines))
	}
	for _, want := range []string{"callControl [4] DeliveredEvent", "callControl [0] BridgedEvent", "vendorSpec [0] PrivateEvent"} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("events output lacks %q", want)
		}
	}
}

func TestCheck(t *testing.T) {
	out, errs, code := runCLI("check")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !regexp.MustCompile(`^modules \d+, types \d+, operations 174, events 74\n$`).MatchString(out) {
		t.Errorf("check output = %q", out)
	}

	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "bad.asn1"), []byte("M DEFINITIONS ::= BEGIN\nT ::= SEQUENCE { a Missing }\nEND\n"), 0o644)
	out, errs, code = runCLI("check", "-schemas", dir)
	if code != 1 {
		t.Errorf("exit %d for a bad schema, want 1", code)
	}
	if !strings.Contains(errs, "bad.asn1:2:") || !strings.Contains(errs, "undefined type Missing") {
		t.Errorf("stderr = %q, want the position and the message", errs)
	}
	if out != "" {
		t.Errorf("stdout = %q, want nothing on error", out)
	}

	good := t.TempDir()
	os.WriteFile(filepath.Join(good, "m.asn1"), []byte("M DEFINITIONS ::= BEGIN\nT ::= SEQUENCE { a INTEGER }\nEND\n"), 0o644)
	out, _, code = runCLI("check", "-schemas", good)
	if code != 0 || out != "modules 1, types 1, operations 0, events 0\n" {
		t.Errorf("check good folder: exit %d, %q", code, out)
	}
}

func TestUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "usage: cstagen"},
		{[]string{"bogus"}, 2, `unknown command "bogus"`},
		{[]string{"ops", "-h"}, 0, "example:"},
		{[]string{"ops", "-nope"}, 2, "flag provided but not defined"},
		{[]string{"events", "extra"}, 2, "unexpected argument"},
		{[]string{"check", "-schemas", "/nonexistent-dir"}, 1, "nonexistent-dir"},
	}
	for _, tc := range tests {
		_, errs, code := runCLI(tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("cstagen %v: exit %d, stderr %q; want exit %d containing %q", tc.args, code, errs, tc.code, tc.want)
		}
	}
}
