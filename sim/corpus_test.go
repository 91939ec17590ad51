package sim

import (
	"bytes"
	"encoding/hex"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cstagen/cstagen/conn"
	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/runtime/framing"
	"github.com/cstagen/cstagen/sim/callmodel"
)

// corpusPlan has the devices the corpus requests name.
const corpusPlan = "station 535; station 548; station 664; station 3021033; station 73124; station 4750; station 200-201; trunk 9 outside *"

// corpus reads a file of ../shared/corpus, skipping the test when the
// reference tree is absent.
func corpus(t *testing.T, dir, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "shared", "corpus", dir, name))
	if os.IsNotExist(err) {
		t.Skipf("reference corpus not present: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if dir == "ber" {
		raw, err := hex.DecodeString(strings.Join(strings.Fields(string(b)), ""))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return raw
	}
	return b
}

// startServer serves a new model of plan with cfg on a loopback listener.
func startServer(t *testing.T, plan string, cfg Config) (*Server, *callmodel.Model, string) {
	t.Helper()
	p, err := callmodel.ParseSpec(plan)
	if err != nil {
		t.Fatal(err)
	}
	m, err := callmodel.New(callmodel.Config{Plan: p})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Model = m
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	t.Cleanup(func() {
		srv.Close()
		if err := <-done; err != ErrServerClosed {
			t.Errorf("Serve = %v, want ErrServerClosed", err)
		}
		m.Close()
	})
	return srv, m, l.Addr().String()
}

// TestCorpusBER sends the HiPath AARQ and requests of ../shared/corpus/ber
// as they are and checks the AARE and each ReturnResult.
func TestCorpusBER(t *testing.T) {
	hipath := framing.Options{Prefix: framing.HiPathPrefix}
	_, _, addr := startServer(t, corpusPlan, Config{Encoding: BER, BER: conn.BEROptions{Framing: hipath}})
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	nc.SetDeadline(time.Now().Add(10 * time.Second))
	r := framing.NewBERReader(nc, hipath)

	if _, err := nc.Write(corpus(t, "ber", "095-ACSE-AARQ-framed.hex")); err != nil {
		t.Fatal(err)
	}
	pdu, err := r.ReadPDU()
	if err != nil {
		t.Fatal(err)
	}
	var a csta.ACSEAPDU
	if err := a.DecodeBER(pdu); err != nil || a.GetChoice() != csta.ACSEAPDUChoiceAare {
		t.Fatalf("got %v, %v; want an AARE", a.GetChoice(), err)
	}
	if a.Aare.Result != csta.AssociateResultAccepted {
		t.Fatalf("AARE result %v", a.Aare.Result)
	}
	if v, ok := conn.UserInformationVersions(a.Aare.UserInformation); !ok || v != csta.CSTAVersionVersionFour {
		t.Errorf("AARE version {%v}, %v; want versionFour", v, ok)
	}

	sysStatus := corpus(t, "ber", "092-systemStatus-invoke.hex") // without the HiPath header
	for _, tc := range []struct {
		file  string
		frame []byte
		code  int64
	}{
		{"088-makeCall-invoke-framed.hex", nil, csta.OpMakeCall},
		{"098-monitorStart-invoke-framed.hex", nil, csta.OpMonitorStart},
		{"097-snapshotDevice-invoke-framed.hex", nil, csta.OpSnapshotDevice},
		{"092-systemStatus-invoke.hex", append([]byte{0x26, 0x80, byte(len(sysStatus))}, sysStatus...), csta.OpSystemStatus},
	} {
		frame := tc.frame
		if frame == nil {
			frame = corpus(t, "ber", tc.file)
		}
		if _, err := nc.Write(frame); err != nil {
			t.Fatal(err)
		}
		var p csta.PDU
		for {
			pdu, err := r.ReadPDU()
			if err != nil {
				t.Fatalf("%s: %v", tc.file, err)
			}
			if err := p.DecodeBER(pdu); err != nil {
				t.Fatalf("%s: reply: %v", tc.file, err)
			}
			if p.ROSE.GetInvoke() == nil || p.Operation == nil || p.Operation.Code != csta.OpCSTAEventReport {
				break // not an event of the monitor
			}
		}
		rr := p.ROSE.GetReturnResult()
		if rr == nil {
			t.Errorf("%s: got %v, want a ReturnResult", tc.file, p.ROSE.String())
			continue
		}
		if res := rr.GetResult(); res != nil && res.Opcode.Local != tc.code {
			t.Errorf("%s: result of operation %d, want %d", tc.file, res.Opcode.Local, tc.code)
		}
		if tc.code == csta.OpMakeCall {
			mc, _ := p.Result.(*csta.MakeCallResult)
			if got := ConnectionOf(mc.GetCallingDevice(), nil); got.Device != "664" || got.Call == "" {
				t.Errorf("MakeCall result connection %v, want one of 664", got)
			}
		}
	}
}

// corpusXML are the CSTA-XML requests of ../shared/corpus and the root
// element of their responses.
var corpusXML = []struct {
	file, want string
}{
	{"012-MonitorStart.xml", "MonitorStartResponse"},
	{"027-MonitorStart.xml", "MonitorStartResponse"},
	{"037-MonitorStart.xml", "MonitorStartResponse"},
	{"029-MakeCall.xml", "MakeCallResponse"},
	{"049-MakeCall.xml", "MakeCallResponse"},
	{"060-MakeCall.xml", "MakeCallResponse"},
	{"009-StartApplicationSession.xml", "StartApplicationSessionPosResponse"},
	{"039-StartApplicationSession.xml", "StartApplicationSessionPosResponse"},
	{"048-StartApplicationSession.xml", "StartApplicationSessionPosResponse"},
	{"010-SystemStatus.xml", "SystemStatusResponse"},
	{"025-RequestSystemStatus.xml", "RequestSystemStatusResponse"},
	{"059-RequestSystemStatus.xml", "RequestSystemStatusResponse"},
}

// TestCorpusXML sends the Avaya, OpenScape and other requests of
// ../shared/corpus/xml as they are and checks each response.
func TestCorpusXML(t *testing.T) {
	for _, tc := range corpusXML {
		t.Run(tc.file, func(t *testing.T) {
			body := corpus(t, "xml", tc.file)
			_, _, addr := startServer(t, corpusPlan, Config{Encoding: XML})
			nc, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer nc.Close()
			nc.SetDeadline(time.Now().Add(10 * time.Second))
			if err := framing.NewXMLWriter(nc).WriteMessage(17, body); err != nil {
				t.Fatal(err)
			}
			id, reply, err := framing.NewXMLReader(nc, framing.XMLOptions{}).ReadMessage()
			if err != nil {
				t.Fatal(err)
			}
			var m csta.XMLMessage
			if err := m.DecodeXML(reply); err != nil {
				t.Fatalf("reply %s: %v", reply, err)
			}
			if id != 17 || m.RootName() != tc.want {
				t.Fatalf("reply %d %s, want 17 %s:\n%s", id, m.RootName(), tc.want, reply)
			}
			if ns := namespaceOf(body); !bytes.Equal(m.Namespace, ns) && len(ns) > 0 {
				t.Errorf("reply namespace %q, want the request's %q", m.Namespace, ns)
			}
		})
	}
}

// namespaceOf returns the namespace of a document's root element.
func namespaceOf(doc []byte) []byte {
	var m csta.XMLMessage
	if m.DecodeXML(doc) != nil {
		return nil
	}
	return bytes.Clone(m.Namespace)
}
