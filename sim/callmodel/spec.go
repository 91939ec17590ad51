package callmodel

import (
	"fmt"
	"strconv"
	"strings"
)

// DialPlan is the configuration of the switching function's devices, as
// ParseSpec reads it from a SPEC text.
type DialPlan struct {
	Stations []DeviceID
	Groups   []Group
	Trunks   []Trunk
}

// GroupMode says how a group picks the member that gets a call.
type GroupMode uint8

// The group modes.
const (
	// Hunt offers a call to the first idle member in member order
	// (ECMA-269 hunt group, DeviceCategory groupHunt).
	Hunt GroupMode = iota
	// ACD offers a call to the member that has been idle longest
	// (ECMA-269 ACD group, DeviceCategory groupACD).
	ACD
)

// Group is an ACD or hunt group: calls to it go to an idle member, or wait
// in its queue (connection state queued) until one becomes idle.
type Group struct {
	ID      DeviceID
	Members []DeviceID // stations, in hunting order
	Mode    GroupMode
	// Queue is the number of calls that may wait; a call beyond it fails
	// with cause busy. Zero means DefaultGroupQueue.
	Queue int
}

// DefaultGroupQueue is the queue length of a group whose SPEC gives none.
const DefaultGroupQueue = 10

// Trunk is a network interface device to the outside world.
type Trunk struct {
	ID DeviceID
	// Outside lists the prefixes of the external numbers the trunk
	// reaches; "*" matches every number.
	Outside []string
	// Lines bounds the trunk's simultaneous external parties; zero means
	// no bound.
	Lines int
}

// maxSpecDevices bounds the devices of one SPEC (ranges make big plans
// cheap to write).
const maxSpecDevices = 100000

// ParseSpec parses a SPEC text, the dial plan format:
//
//	spec    = stmt { (";" | newline) stmt }
//	stmt    = "station" items
//	        | "group" ID "members" items [ "hunt" | "acd" ] [ "queue" N ]
//	        | "trunk" ID "outside" PREFIX { "," PREFIX } [ "lines" N ]
//	items   = item { "," item }
//	item    = ID | NUMBER "-" NUMBER
//
// A range "100-120" names the numbers 100 to 120 inclusive; both ends have
// the same number of digits. "#" starts a comment. Device IDs are unique
// across the plan; group members must be stations of the plan (declared
// anywhere in it). Dialling a number that is no device of the plan reaches
// the outside world through the trunk with the longest matching prefix;
// a number may also be dialled with the trunk's ID in front ("9" then
// "0049891234" through trunk 9).
//
// Example:
//
//	station 100-120; station 130
//	group 200 members 101,102 acd queue 5
//	trunk 9 outside 0049,0033 lines 30
//
// Errors are *ParseError values with the position of the offending word.
func ParseSpec(src string) (*DialPlan, error) {
	stmts, err := lex(src)
	if err != nil {
		return nil, err
	}
	dp := &DialPlan{}
	seen := make(map[DeviceID]Pos)
	type memberRef struct {
		id  DeviceID
		pos Pos
	}
	var members []memberRef
	total := 0
	declare := func(id DeviceID, pos Pos) error {
		if prev, ok := seen[id]; ok {
			return &ParseError{Pos: pos, Err: ErrDuplicateDevice, Msg: fmt.Sprintf("%s already declared at %s", id, prev)}
		}
		total++
		if total > maxSpecDevices {
			return &ParseError{Pos: pos, Err: ErrLimit, Msg: fmt.Sprintf("more than %d devices", maxSpecDevices)}
		}
		seen[id] = pos
		return nil
	}
	for _, st := range stmts {
		p := &parser{st: st}
		kw, _ := p.word("keyword")
		switch kw.text {
		case "station":
			ids, poss, err := p.items()
			if err != nil {
				return nil, err
			}
			for i, id := range ids {
				if err := declare(id, poss[i]); err != nil {
					return nil, err
				}
			}
			dp.Stations = append(dp.Stations, ids...)
		case "group":
			id, pos, err := p.device("group ID")
			if err != nil {
				return nil, err
			}
			if err := declare(id, pos); err != nil {
				return nil, err
			}
			if err := p.expect("members"); err != nil {
				return nil, err
			}
			ids, poss, err := p.items()
			if err != nil {
				return nil, err
			}
			for i, m := range ids {
				members = append(members, memberRef{m, poss[i]})
			}
			g := Group{ID: id, Members: ids}
			if p.accept("acd") {
				g.Mode = ACD
			} else {
				p.accept("hunt")
			}
			if p.accept("queue") {
				if g.Queue, err = p.number("queue length", 1, 10000); err != nil {
					return nil, err
				}
			}
			dp.Groups = append(dp.Groups, g)
		case "trunk":
			id, pos, err := p.device("trunk ID")
			if err != nil {
				return nil, err
			}
			if err := declare(id, pos); err != nil {
				return nil, err
			}
			if err := p.expect("outside"); err != nil {
				return nil, err
			}
			t := Trunk{ID: id}
			for {
				w, err := p.word("outside prefix")
				if err != nil {
					return nil, err
				}
				if w.text != "*" && !validDeviceID(w.text) {
					return nil, &ParseError{Pos: w.pos, Err: ErrSyntax, Msg: fmt.Sprintf("%q is not a number prefix", w.text)}
				}
				t.Outside = append(t.Outside, w.text)
				if !p.accept(",") {
					break
				}
			}
			if p.accept("lines") {
				if t.Lines, err = p.number("line count", 1, 1000000); err != nil {
					return nil, err
				}
			}
			dp.Trunks = append(dp.Trunks, t)
		default:
			return nil, &ParseError{Pos: kw.pos, Err: ErrUnknownWord, Msg: fmt.Sprintf("%q, want station, group or trunk", kw.text)}
		}
		if err := p.done(); err != nil {
			return nil, err
		}
	}
	stations := make(map[DeviceID]bool, len(dp.Stations))
	for _, s := range dp.Stations {
		stations[s] = true
	}
	for _, m := range members {
		if !stations[m.id] {
			return nil, &ParseError{Pos: m.pos, Err: ErrUnknownDevice, Msg: fmt.Sprintf("group member %s is not a station", m.id)}
		}
	}
	return dp, nil
}

// items reads ID or range items separated by commas.
func (p *parser) items() ([]DeviceID, []Pos, error) {
	var ids []DeviceID
	var poss []Pos
	for {
		t, err := p.word("device ID or range")
		if err != nil {
			return nil, nil, err
		}
		lo, hi, isRange := strings.Cut(t.text, "-")
		if !isRange {
			if !validDeviceID(t.text) {
				return nil, nil, &ParseError{Pos: t.pos, Err: ErrSyntax, Msg: fmt.Sprintf("%q is not a device ID", t.text)}
			}
			ids, poss = append(ids, DeviceID(t.text)), append(poss, t.pos)
		} else {
			a, errA := strconv.ParseUint(lo, 10, 64)
			b, errB := strconv.ParseUint(hi, 10, 64)
			if errA != nil || errB != nil || len(lo) != len(hi) || a > b || !digits(lo) || !digits(hi) {
				return nil, nil, &ParseError{Pos: t.pos, Err: ErrBadNumber, Msg: fmt.Sprintf("%q is not a range of numbers of equal length", t.text)}
			}
			if b-a >= maxSpecDevices {
				return nil, nil, &ParseError{Pos: t.pos, Err: ErrLimit, Msg: fmt.Sprintf("range %q has more than %d numbers", t.text, maxSpecDevices)}
			}
			for n := a; n <= b; n++ {
				s := strconv.FormatUint(n, 10)
				s = strings.Repeat("0", len(lo)-len(s)) + s
				ids, poss = append(ids, DeviceID(s)), append(poss, t.pos)
			}
		}
		if !p.accept(",") {
			return ids, poss, nil
		}
	}
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
