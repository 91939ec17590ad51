package main

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Role says what a benchmark is to the gate.
type Role int

const (
	// Floor is the reference of its group (a walk over the same bytes
	// that decodes nothing): ratios are to it. It is our code, so it must
	// not allocate either.
	Floor Role = iota + 1
	// Codec is our codec: it must not allocate, and its ratio to the floor
	// must not exceed its threshold.
	Codec
	// Peer is another implementation, reported for comparison only; it is
	// skipped when the bench binary was built without it (build tags).
	Peer
)

// Entry is one benchmark of the configuration.
type Entry struct {
	Group string
	Name  string // without the Benchmark prefix
	Role  Role
	Max   float64 // largest ratio to the floor allowed; 0 for none
	Cache bool    // measured with --cache-sim=yes (decode benchmarks)
	Vs    []string
}

// Config is the parsed configuration file, entries in file order.
type Config struct {
	Entries []Entry
}

// floor returns the floor of group g, or nil.
func (c *Config) floor(g string) *Entry {
	for i := range c.Entries {
		if e := &c.Entries[i]; e.Group == g && e.Role == Floor {
			return e
		}
	}
	return nil
}

// ParseConfig reads the configuration: one benchmark a line,
//
//	group  name  role  max  [cache] [vs=Peer1,Peer2]
//
// with role floor, codec or peer, max a ratio to the group's floor or "-"
// (floors and peers have none), blank lines and '#' comments ignored.
// Each group has exactly one floor, listed before the other members.
func ParseConfig(r io.Reader) (*Config, error) {
	c := &Config{}
	seen := map[string]bool{}
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if i := strings.IndexByte(text, '#'); i >= 0 {
			text = text[:i]
		}
		f := strings.Fields(text)
		if len(f) == 0 {
			continue
		}
		bad := func(format string, args ...any) error {
			return fmt.Errorf("line %d: %s", line, fmt.Sprintf(format, args...))
		}
		if len(f) < 4 {
			return nil, bad("want: group name role max [cache] [vs=...]")
		}
		e := Entry{Group: f[0], Name: f[1]}
		switch f[2] {
		case "floor":
			e.Role = Floor
		case "codec":
			e.Role = Codec
		case "peer":
			e.Role = Peer
		default:
			return nil, bad("role %q: want floor, codec or peer", f[2])
		}
		if f[3] != "-" {
			v, err := strconv.ParseFloat(f[3], 64)
			if err != nil || v <= 0 {
				return nil, bad("max %q: want a positive ratio or -", f[3])
			}
			if e.Role != Codec {
				return nil, bad("only a codec has a max ratio")
			}
			e.Max = v
		}
		for _, opt := range f[4:] {
			switch {
			case opt == "cache":
				e.Cache = true
			case strings.HasPrefix(opt, "vs="):
				e.Vs = strings.Split(strings.TrimPrefix(opt, "vs="), ",")
			default:
				return nil, bad("unknown option %q", opt)
			}
		}
		if seen[e.Name] {
			return nil, bad("%s listed twice", e.Name)
		}
		seen[e.Name] = true
		fl := c.floor(e.Group)
		switch {
		case e.Role == Floor && fl != nil:
			return nil, bad("group %s has a second floor", e.Group)
		case e.Role != Floor && fl == nil:
			return nil, bad("group %s: its floor must come first", e.Group)
		}
		c.Entries = append(c.Entries, e)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for _, e := range c.Entries {
		for _, v := range e.Vs {
			if !seen[v] {
				return nil, fmt.Errorf("%s: vs=%s is not listed", e.Name, v)
			}
		}
	}
	if len(c.Entries) == 0 {
		return nil, fmt.Errorf("no benchmarks")
	}
	return c, nil
}
