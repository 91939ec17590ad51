// Package wirecmd names the commands of cstagen-wire, the command that
// works on CSTA traffic with the generated csta package (decode,
// transcode, simulate).
// cstagen, the generator's command, does not import csta, so that it
// builds in seconds and can regenerate csta even when csta does not
// compile; it forwards these commands to cstagen-wire instead
// (cmd/cstagen/forward.go), and both list them from here.
//
// Adding a command to cstagen-wire means adding it to Commands, so that
// cstagen forwards it and lists it in its usage; a test of cstagen-wire
// checks that the two agree.
package wirecmd

// Name is the name of the command binary.
const Name = "cstagen-wire"

// Package is its import path, for go build and go install.
const Package = "github.com/cstagen/cstagen/cmd/cstagen-wire"

// A Command is one command of cstagen-wire.
type Command struct {
	Name    string // as typed after cstagen or cstagen-wire
	Summary string // one line for the usage text
}

// Commands are the commands of cstagen-wire, in the order usage lists them.
var Commands = []Command{
	{"decode", "decode CSTA messages (BER, CSTA-XML, CSTA-XML in SIP) from files, hex dumps or pcap/pcapng captures and print them as typed values"},
	{"transcode", "read CSTA messages as decode does and write each in the other encoding (BER to CSTA-XML, CSTA-XML to BER)"},
	{"simulate", "run a CSTA switch simulator (BER or CSTA-XML, TCP or TLS) serving a dial plan, with scripted calls from outside"},
}

// Lookup returns the command of that name, or nil.
func Lookup(name string) *Command {
	for i := range Commands {
		if Commands[i].Name == name {
			return &Commands[i]
		}
	}
	return nil
}
