package wirecli

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// command is the flag set of one subcommand (decode, transcode, simulate),
// whose usage prints the command's text, its flags and its examples.
type command struct {
	*flag.FlagSet
	name   string // "cstagen decode"
	stderr io.Writer
}

// newCommand returns the flag set of the command name, writing on stderr.
func newCommand(name, usage, example string, stderr io.Writer) *command {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
		fmt.Fprintf(stderr, "\nexamples:\n%s\n", example)
	}
	return &command{FlagSet: fs, name: name, stderr: stderr}
}

// parse parses args. It reports false, with the exit status, when the
// command is not to run: exitOK for -h, exitUsage for bad flags (the flag
// package has printed why, and the usage).
func (c *command) parse(args []string) (int, bool) {
	if err := c.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, false
		}
		return exitUsage, false
	}
	return exitOK, true
}

// usageErr prints the message, then the usage, and returns exitUsage.
func (c *command) usageErr(format string, a ...any) int {
	fmt.Fprintf(c.stderr, c.name+": "+format+"\n", a...)
	c.Usage()
	return exitUsage
}
