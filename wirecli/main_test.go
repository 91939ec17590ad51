package wirecli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/cstagen/cstagen/internal/wirecmd"
)

func runCLI(args ...string) (stdout, stderr string, code int) {
	var out, errb bytes.Buffer
	code = Main(args, &out, &errb)
	return out.String(), errb.String(), code
}

// TestCommandsListed checks that the commands cstagen forwards
// (wirecmd.Commands) are the commands this binary runs.
func TestCommandsListed(t *testing.T) {
	for _, c := range wirecmd.Commands {
		if handlers[c.Name] == nil {
			t.Errorf("wirecmd.Commands lists %q, which has no handler", c.Name)
		}
	}
	for name := range handlers {
		if wirecmd.Lookup(name) == nil {
			t.Errorf("command %q is not in wirecmd.Commands: cstagen would not forward it", name)
		}
	}
}

func TestUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "usage: cstagen-wire"},
		{[]string{"help"}, 0, "decode "},
		{[]string{"generate"}, 2, `unknown command "generate"`},
	}
	for _, tc := range tests {
		_, errs, code := runCLI(tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("cstagen-wire %v: exit %d, stderr %q; want exit %d containing %q", tc.args, code, errs, tc.code, tc.want)
		}
	}
}
