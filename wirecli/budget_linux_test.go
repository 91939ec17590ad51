package wirecli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/runtime/ber"
)

// wireArgsEnv makes the test binary run the command with the arguments it
// holds (separated by the unit separator, 0x1f) instead of the tests: a subprocess whose peak
// memory the kernel measures.
const wireArgsEnv = "CSTAGEN_WIRE_TEST_ARGS"

func TestMain(m *testing.M) {
	if args := os.Getenv(wireArgsEnv); args != "" {
		os.Exit(Main(strings.Split(args, "\x1f"), os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// maxDecodeRSS is what decode may take on a 1 MiB message of tiny list
// items (issue 20: 790 MB before the decode budget).
const maxDecodeRSS = 128 << 20

// TestDecodeBudgetRSS runs decode in a subprocess on 1 MiB messages whose
// values would take hundreds of MiB (tiny buttonItems in a
// getButtonInformation ReturnResult, in BER and in CSTA-XML; empty
// privateData items): it reports the decode budget error and stays under
// 128 MB of resident memory.
func TestDecodeBudgetRSS(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		msg  []byte
		ext  string
	}{
		{"BER buttonItems", tinyButtons(t, (1<<20-64)/5), ".ber"},
		{"BER privateData", tinyPrivateData(t, (1<<20-64)/2), ".ber"},
		{"XML buttonListItems", append(append([]byte(`<GetButtonInformationResponse xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed3"><buttonList>`),
			bytes.Repeat([]byte(`<buttonListItem/>`), (1<<20-200)/17)...), `</buttonList></GetButtonInformationResponse>`...), ".xml"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+tc.ext)
			if err := os.WriteFile(file, tc.msg, 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), wireArgsEnv+"=decode\x1f"+file)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			if cmd.ProcessState == nil {
				t.Fatal(err)
			}
			rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10 // KiB on Linux
			t.Logf("%d bytes: exit %d, max RSS %.1f MB: %s", len(tc.msg), cmd.ProcessState.ExitCode(), float64(rss)/1e6,
				strings.TrimSpace(firstLine(stderr.String()+stdout.String(), "budget")))
			if rss > maxDecodeRSS {
				t.Errorf("max RSS %d bytes, over %d", rss, maxDecodeRSS)
			}
			if cmd.ProcessState.ExitCode() != exitInput || !strings.Contains(stdout.String()+stderr.String(), "decode budget exceeded") {
				t.Errorf("exit %d, output without the budget error:\n%s\n%s", cmd.ProcessState.ExitCode(), excerptOf(stdout.String()), excerptOf(stderr.String()))
			}
		})
	}
}

// firstLine returns the first line of s that holds sub, or "".
func firstLine(s, sub string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			return l
		}
	}
	return ""
}

func excerptOf(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "..."
	}
	return s
}

// The messages are built as bytes, without their values: the test process
// must stay small, since the subprocess starts with its peak (Linux keeps
// the parent's maximum RSS across the vfork and exec that start it).

// tinyButtons is a getButtonInformation ReturnResult of n one-octet
// buttons, 5 octets each.
func tinyButtons(t *testing.T, n int) []byte {
	t.Helper()
	list := tlv(ber.Universal|ber.Constructed|16, bytes.Repeat([]byte{0x30, 0x03, 0x04, 0x01, '1'}, n))
	result := tlv(ber.Universal|ber.Constructed|16, append(opcode(t, "getButtonInformation"), tlv(ber.Universal|ber.Constructed|16, list)...))
	return tlv(ber.Context|ber.Constructed|2, append([]byte{0x02, 0x01, 0x01}, result...))
}

// tinyPrivateData is a getButtonInformation invoke whose extensions hold n
// empty privateData items (the private NULL, 2 octets each).
func tinyPrivateData(t *testing.T, n int) []byte {
	t.Helper()
	dev, err := (&csta.GetButtonInformationArgument{Device: csta.DeviceID{DeviceIdentifier: csta.DeviceIDDeviceIdentifier{
		Choice: csta.DeviceIDDeviceIdentifierChoiceDialingNumber, DialingNumber: csta.NumberDigits("1")}}}).AppendBER(nil)
	if err != nil || len(dev) < 2 || dev[1] >= 0x80 {
		t.Fatalf("%x: %v", dev, err)
	}
	ext := tlv(ber.Application|ber.Constructed|30, tlv(ber.Context|ber.Constructed|1, bytes.Repeat([]byte{0x05, 0x00}, n)))
	arg := tlv(ber.Universal|ber.Constructed|16, append(dev[2:], ext...))
	body := append(append([]byte{0x02, 0x01, 0x01}, opcode(t, "getButtonInformation")...), arg...)
	return tlv(ber.Context|ber.Constructed|1, body)
}

func tlv(tag ber.Tag, contents []byte) []byte {
	return append(ber.AppendHeader(nil, tag, len(contents)), contents...)
}

// opcode is the INTEGER element of the operation's local code.
func opcode(t *testing.T, name string) []byte {
	t.Helper()
	op, ok := csta.OperationByName(name)
	if !ok || op.Code <= 0 || op.Code >= 0x8000 {
		t.Fatalf("operation %s", name)
	}
	if op.Code < 0x80 {
		return []byte{0x02, 0x01, byte(op.Code)}
	}
	return []byte{0x02, 0x02, byte(op.Code >> 8), byte(op.Code)}
}
