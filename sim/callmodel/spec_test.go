package callmodel

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseSpec(t *testing.T) {
	src := `# office
station 100-102; station 0130, 150
group 200 members 101,102 acd queue 5   # sales
group 201 members 100
trunk 9 outside 0049,0033 lines 30
trunk 8 outside *`
	got, err := ParseSpec(src)
	if err != nil {
		t.Fatal(err)
	}
	want := &DialPlan{
		Stations: []DeviceID{"100", "101", "102", "0130", "150"},
		Groups: []Group{
			{ID: "200", Members: []DeviceID{"101", "102"}, Mode: ACD, Queue: 5},
			{ID: "201", Members: []DeviceID{"100"}, Mode: Hunt},
		},
		Trunks: []Trunk{
			{ID: "9", Outside: []string{"0049", "0033"}, Lines: 30},
			{ID: "8", Outside: []string{"*"}},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseSpec (-want +got):\n%s", diff)
	}
}

func TestParseSpecErrors(t *testing.T) {
	tests := []struct {
		src  string
		pos  Pos
		kind error
		msg  string // a substring of the message
	}{
		{"phone 100", Pos{1, 1}, ErrUnknownWord, `"phone"`},
		{"station", Pos{1, 8}, ErrSyntax, "missing device ID"},
		{"station 100,", Pos{1, 13}, ErrSyntax, "missing device ID"},
		{"station 100;\nstation 99-101", Pos{2, 9}, ErrBadNumber, "equal length"},
		{"station 120-100", Pos{1, 9}, ErrBadNumber, "range"},
		{"station 1a-1b", Pos{1, 9}, ErrBadNumber, "range"},
		{"station 100-102\nstation 101", Pos{2, 9}, ErrDuplicateDevice, "101 already declared at 1:9"},
		{"station 100 101", Pos{1, 13}, ErrSyntax, `unexpected "101"`},
		{"station 10%", Pos{1, 9}, ErrSyntax, "not a device ID"},
		{"station 100\ngroup 200 members 100,105", Pos{2, 23}, ErrUnknownDevice, "105 is not a station"},
		{"station 100\ngroup 200 with 100", Pos{2, 11}, ErrSyntax, `want "members"`},
		{"station 100\ngroup 200 members 100 queue 0", Pos{2, 29}, ErrBadNumber, "queue length"},
		{"trunk 9 outside", Pos{1, 16}, ErrSyntax, "missing outside prefix"},
		{"trunk 9 outside 00,+x%", Pos{1, 20}, ErrSyntax, "not a number prefix"},
		{"trunk 9 outside 00 lines many", Pos{1, 26}, ErrBadNumber, "line count"},
		{"station 0-999999", Pos{1, 9}, ErrBadNumber, "equal length"},
		{"station 000000-999999", Pos{1, 9}, ErrLimit, "more than"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			_, err := ParseSpec(tt.src)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v, want a *ParseError", err)
			}
			if pe.Pos != tt.pos || !errors.Is(err, tt.kind) || !strings.Contains(pe.Msg, tt.msg) {
				t.Errorf("error %v (%v at %v), want %v at %v with %q", err, pe.Err, pe.Pos, tt.kind, tt.pos, tt.msg)
			}
		})
	}
}

func TestNewRejectsBadPlan(t *testing.T) {
	for _, p := range []*DialPlan{
		{Stations: []DeviceID{"1", "1"}},
		{Stations: []DeviceID{""}},
		{Stations: []DeviceID{"1"}, Groups: []Group{{ID: "2", Members: []DeviceID{"3"}}}},
		{Trunks: []Trunk{{ID: "9"}}, Groups: []Group{{ID: "2", Members: []DeviceID{"9"}}}},
	} {
		if _, err := New(Config{Plan: p}); err == nil {
			t.Errorf("New(%+v) succeeded", p)
		}
	}
}
