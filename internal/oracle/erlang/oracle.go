package erlang

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Oracle is a running Erlang helper that decodes and encodes values of the
// compiled modules. Its methods are safe for concurrent use; requests are
// served one at a time.
//
// The helper talks over pipes with read and write deadlines, so no request
// waits longer than Config.RequestTimeout and no goroutine is left behind:
// a helper that misses a deadline is killed, the request fails with
// ErrTimeout, and the next request starts a new helper.
type Oracle struct {
	cfg      Config
	erl      string
	dir      string
	report   Report
	compiled map[string]bool

	mu     sync.Mutex
	p      *helperProc
	closed bool
}

// helperProc is one running helper.
type helperProc struct {
	cmd    *exec.Cmd
	stdin  *os.File // our end of the helper's standard input
	stdout *os.File // our end of the helper's standard output
	r      *bufio.Reader
	stderr *os.File // the helper's standard error, a file in the work directory
}

// Report returns what Prepare did: rewrites, per-module compile results,
// directories.
func (o *Oracle) Report() *Report { return &o.report }

// Compiled reports whether module compiled and can be used in requests.
func (o *Oracle) Compiled(module string) bool { return o.compiled[module] }

// Decode decodes der as type typ of module and returns Erlang's value,
// printed on one line with io_lib:format("~0p") (records as tuples, OCTET
// STRINGs and open types as binaries <<...>>).
func (o *Oracle) Decode(module, typ string, der []byte) (string, error) {
	if err := o.check("decode", module, typ); err != nil {
		return "", err
	}
	n := len("decode ") + len(module) + len(typ) + 2 + 2*len(der) + 1
	if n > o.cfg.MaxLine {
		return "", &RequestError{"decode", module, typ, fmt.Sprintf("request of %d bytes", n), ErrTooLarge}
	}
	req := make([]byte, 0, n)
	req = append(req, "decode "...)
	req = append(req, module...)
	req = append(req, ' ')
	req = append(req, typ...)
	req = append(req, ' ')
	req = hex.AppendEncode(req, der)
	req = append(req, '\n')
	return o.roundTrip("decode", module, typ, req)
}

// Encode encodes term, an Erlang term in the form Decode returns, as type
// typ of module and returns the DER octets asn1ct produces.
func (o *Oracle) Encode(module, typ, term string) ([]byte, error) {
	if err := o.check("encode", module, typ); err != nil {
		return nil, err
	}
	if bytes.ContainsAny([]byte(term), "\r\n") {
		return nil, &RequestError{"encode", module, typ, "term contains a line break", ErrBadRequest}
	}
	n := len("encode ") + len(module) + len(typ) + len(term) + 3
	if n > o.cfg.MaxLine {
		return nil, &RequestError{"encode", module, typ, fmt.Sprintf("request of %d bytes", n), ErrTooLarge}
	}
	req := make([]byte, 0, n)
	req = append(req, "encode "...)
	req = append(req, module...)
	req = append(req, ' ')
	req = append(req, typ...)
	req = append(req, ' ')
	req = append(req, term...)
	req = append(req, '\n')
	out, err := o.roundTrip("encode", module, typ, req)
	if err != nil {
		return nil, err
	}
	b, err := hex.DecodeString(out)
	if err != nil {
		return nil, &RequestError{"encode", module, typ, "reply is not hex: " + err.Error(), ErrHelper}
	}
	return b, nil
}

// ROSE is a ROSE APDU (X.880 clause 9) as Erlang decoded it with
// RoseModule.
type ROSE struct {
	Kind     string // "invoke", "returnResult", "returnError" or "reject"
	InvokeID int64  // the invoke ID (0 when absent)
	Absent   bool   // the invoke ID is the NULL "absent" choice
	// Code is the operation code (invoke, returnResult), the error code
	// (returnError), or "problem:number" (reject); local codes in decimal,
	// global ones as "oid:1.2.3"; "-" when a returnResult has no result.
	Code string
	// Value is the argument, result or error parameter: the octets of one
	// TLV; nil when absent.
	Value []byte
}

// DecodeROSE decodes apdu as a ROSE APDU.
func (o *Oracle) DecodeROSE(apdu []byte) (*ROSE, error) {
	const typ = "ROSEapdu"
	n := len("rose ") + 2*len(apdu) + 1
	if n > o.cfg.MaxLine {
		return nil, &RequestError{"rose", RoseModule, typ, fmt.Sprintf("request of %d bytes", n), ErrTooLarge}
	}
	req := make([]byte, 0, n)
	req = append(req, "rose "...)
	req = hex.AppendEncode(req, apdu)
	req = append(req, '\n')
	out, err := o.roundTrip("rose", RoseModule, typ, req)
	if err != nil {
		return nil, err
	}
	bad := func(why string) (*ROSE, error) {
		return nil, &RequestError{"rose", RoseModule, typ, fmt.Sprintf("%s in reply %.200q", why, out), ErrHelper}
	}
	f := strings.Fields(out)
	if len(f) != 4 {
		return bad("4 fields expected")
	}
	r := &ROSE{Kind: f[0], Code: f[2]}
	if f[1] == "absent" {
		r.Absent = true
	} else if r.InvokeID, err = strconv.ParseInt(f[1], 10, 64); err != nil {
		return bad("bad invoke ID")
	}
	if f[3] != "-" {
		if r.Value, err = hex.DecodeString(f[3]); err != nil {
			return bad("bad value")
		}
	}
	return r, nil
}

// check validates a request's module and type names: the module must have
// compiled, the type must be an ASN.1 typereference (X.680 12.2).
func (o *Oracle) check(op, module, typ string) error {
	if !o.compiled[module] {
		return &RequestError{op, module, typ, "not among the compiled modules", ErrUnknownModule}
	}
	if !isTypeReference(typ) {
		return &RequestError{op, module, typ, "not a type reference", ErrBadRequest}
	}
	return nil
}

// isTypeReference reports whether s is an X.680 12.2 typereference: an
// upper-case letter, then letters, digits and single hyphens, not ending
// in a hyphen.
func isTypeReference(s string) bool {
	if s == "" || s[0] < 'A' || s[0] > 'Z' || s[len(s)-1] == '-' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if c == '-' && s[i-1] == '-' || c != '-' && !isAlnum(c) {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// roundTrip sends one request line and reads one reply line.
func (o *Oracle) roundTrip(op, module, typ string, req []byte) (string, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	fail := func(reason string, err error) (string, error) {
		return "", &RequestError{op, module, typ, reason, err}
	}
	if o.closed {
		return fail("oracle closed", ErrClosed)
	}
	if o.p == nil {
		if err := o.start(); err != nil {
			return fail(err.Error(), ErrHelper)
		}
	}
	p := o.p
	deadline := time.Now().Add(o.cfg.RequestTimeout)
	if err := p.stdin.SetWriteDeadline(deadline); err != nil {
		o.stop(true)
		return fail(err.Error(), ErrHelper)
	}
	if _, err := p.stdin.Write(req); err != nil {
		o.stop(true)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return fail(fmt.Sprintf("writing the request took over %v", o.cfg.RequestTimeout), ErrTimeout)
		}
		return fail(o.died(err), ErrHelper)
	}
	line, err := o.readLine(deadline)
	if err != nil {
		o.stop(true)
		switch {
		case errors.Is(err, os.ErrDeadlineExceeded):
			return fail(fmt.Sprintf("no reply within %v", o.cfg.RequestTimeout), ErrTimeout)
		case errors.Is(err, ErrTooLarge):
			return fail(err.Error(), ErrTooLarge)
		}
		return fail(o.died(err), ErrHelper)
	}
	switch {
	case bytes.HasPrefix(line, []byte("ok ")):
		return string(line[3:]), nil
	case bytes.HasPrefix(line, []byte("error bad_term ")):
		return fail("not an Erlang term: "+string(line[15:]), ErrBadRequest)
	case bytes.HasPrefix(line, []byte("error ")):
		return fail(string(line[6:]), ErrErlang)
	}
	o.stop(true)
	return fail(fmt.Sprintf("unexpected reply %.200q", line), ErrHelper)
}

// readLine reads one line (without its newline) before deadline, at most
// MaxLine bytes.
func (o *Oracle) readLine(deadline time.Time) ([]byte, error) {
	p := o.p
	if err := p.stdout.SetReadDeadline(deadline); err != nil {
		return nil, err
	}
	var line []byte
	for {
		frag, err := p.r.ReadSlice('\n')
		if len(line)+len(frag) > o.cfg.MaxLine {
			return nil, fmt.Errorf("%w: reply longer than %d bytes", ErrTooLarge, o.cfg.MaxLine)
		}
		line = append(line, frag...)
		switch {
		case err == nil:
			return bytes.TrimRight(line, "\r\n"), nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		default:
			return nil, err
		}
	}
}

// start launches the helper and waits for its "ready" line. o.mu is held.
func (o *Oracle) start() error {
	inR, inW, err := os.Pipe()
	if err != nil {
		return err
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		inR.Close()
		inW.Close()
		return err
	}
	errF, err := os.CreateTemp(o.dir, "helper-stderr-*.log")
	if err != nil {
		inR.Close()
		inW.Close()
		outR.Close()
		outW.Close()
		return err
	}
	args := append(append([]string{}, erlFlags...), "-pa", o.report.BeamDir, "-run", "cstagen_oracle", "serve")
	cmd := exec.Command(o.erl, args...)
	cmd.Dir = o.dir
	cmd.Env = erlEnv()
	cmd.Stdin, cmd.Stdout, cmd.Stderr = inR, outW, errF
	err = cmd.Start()
	// The child has its own copies of its pipe ends.
	inR.Close()
	outW.Close()
	if err != nil {
		inW.Close()
		outR.Close()
		errF.Close()
		os.Remove(errF.Name())
		return fmt.Errorf("%w: starting %s: %v", ErrHelper, o.erl, err)
	}
	o.p = &helperProc{cmd: cmd, stdin: inW, stdout: outR, r: bufio.NewReaderSize(outR, 64<<10), stderr: errF}
	deadline := time.Now().Add(o.cfg.StartTimeout)
	for {
		line, err := o.readLine(deadline)
		if err != nil {
			msg := o.died(err)
			o.stop(true)
			return fmt.Errorf("%w: helper did not start: %s", ErrHelper, msg)
		}
		if string(line) == "ready" {
			return nil
		}
	}
}

// died describes why the helper failed: err plus the end of its stderr.
func (o *Oracle) died(err error) string {
	if o.p == nil {
		return err.Error()
	}
	b, _ := os.ReadFile(o.p.stderr.Name())
	if s := bytes.TrimSpace(tail(b, 1000)); len(s) > 0 {
		return fmt.Sprintf("%v (stderr: %s)", err, s)
	}
	return err.Error()
}

// stop ends the helper: it closes standard input, which makes the helper
// halt, and kills it at once (kill) or if it has not exited within a
// second. o.mu is held.
func (o *Oracle) stop(kill bool) error {
	p := o.p
	if p == nil {
		return nil
	}
	o.p = nil
	p.stdin.Close()
	if kill {
		p.cmd.Process.Kill()
	}
	t := time.AfterFunc(time.Second, func() { p.cmd.Process.Kill() })
	werr := p.cmd.Wait()
	t.Stop()
	p.stdout.Close()
	p.stderr.Close()
	os.Remove(p.stderr.Name())
	return werr
}

// Close stops the helper. Further requests fail with ErrClosed. Closing
// twice is harmless.
func (o *Oracle) Close() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		return nil
	}
	o.closed = true
	if err := o.stop(false); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return fmt.Errorf("%w: helper exited: %v", ErrHelper, err)
		}
		return err
	}
	return nil
}
