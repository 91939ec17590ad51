package conn

import (
	"bytes"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/runtime/framing"
	"github.com/google/go-cmp/cmp"
)

// corpusFile reads a hex file of ../shared/corpus/ber (relative to the
// repository root), skipping the test when the reference tree is absent.
func corpusFile(t *testing.T, name string) []byte {
	t.Helper()
	path := filepath.Join("..", "..", "shared", "corpus", "ber", name)
	text, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		t.Skipf("reference corpus not present: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	raw, err := hex.DecodeString(strings.Join(strings.Fields(string(text)), ""))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return raw
}

// TestCorpusHiPathAARQ decodes corpus file 095, the AARQ of a HiPath
// client behind the HiPath prefix (26 80 len).
func TestCorpusHiPathAARQ(t *testing.T) {
	raw := corpusFile(t, "095-ACSE-AARQ-framed.hex")
	r := framing.NewBERReader(bytes.NewReader(raw), framing.Options{Prefix: framing.HiPathPrefix})
	pdu, err := r.ReadPDU()
	if err != nil {
		t.Fatal(err)
	}
	var a csta.ACSEAPDU
	if err := a.DecodeBER(pdu); err != nil {
		t.Fatal(err)
	}
	if a.Choice != csta.ACSEAPDUChoiceAarq {
		t.Fatalf("decoded a %v, want aarq", a.Choice)
	}
	q := a.Aarq
	if diff := cmp.Diff(CSTA2Context, []uint32(q.ASOContextName)); diff != "" {
		t.Errorf("application context (-want +got):\n%s", diff)
	}
	if !q.HasSenderACSERequirements || q.CallingAuthenticationValue == nil || !q.HasUserInformation || len(q.UserInformation) != 1 {
		t.Fatalf("AARQ components: %+v", q)
	}
	ext := &q.UserInformation[0]
	if ext.Encoding.Choice != csta.ExternalEncodingChoiceSingleASN1Type || ext.HasDirectReference {
		t.Fatalf("EXTERNAL encoding %v", ext.Encoding.Choice)
	}
	var ui csta.ACSEUserInformationForCSTA
	if err := ui.DecodeBER(ext.Encoding.SingleASN1Type); err != nil {
		t.Fatalf("user information: %v", err)
	}
	if ui.Choice != csta.ACSEUserInformationForCSTAChoiceNewDefinition || ui.NewDefinition.CSTAVersion != csta.CSTAVersionVersionFour {
		t.Errorf("user information %v {%v}, want newDefinition {versionFour}", ui.Choice, ui.NewDefinition.CSTAVersion)
	}
	if v, ok := UserInformationVersions(q.UserInformation); !ok || v != csta.CSTAVersionVersionFour {
		t.Errorf("UserInformationVersions = {%v}, %v", v, ok)
	}
}

// TestCorpusHiPathAARQAccepted sends corpus file 095 as it is to AcceptBER
// configured like a HiPath and checks the AARE.
func TestCorpusHiPathAARQAccepted(t *testing.T) {
	checkGoroutines(t)
	raw := corpusFile(t, "095-ACSE-AARQ-framed.hex")
	cn, sn := tcpPair(t, false)
	hipath := framing.Options{Prefix: framing.HiPathPrefix}
	type res struct {
		c   *BERConn
		err error
	}
	ch := make(chan res, 1)
	go func() {
		c, err := AcceptBER(sn, BEROptions{ApplicationContext: CSTA2Context, Framing: hipath})
		ch <- res{c, err}
	}()
	if _, err := cn.Write(raw); err != nil {
		t.Fatal(err)
	}
	cn.SetReadDeadline(time.Now().Add(waitTimeout))
	pdu, err := framing.NewBERReader(cn, hipath).ReadPDU()
	if err != nil {
		t.Fatal(err)
	}
	r := <-ch
	if r.err != nil {
		t.Fatal(r.err)
	}
	defer r.c.Close()
	var a csta.ACSEAPDU
	if err := a.DecodeBER(pdu); err != nil || a.Choice != csta.ACSEAPDUChoiceAare {
		t.Fatalf("got %v, %v; want an AARE", a.Choice, err)
	}
	v, err := checkAARE(a.Aare, csta.CSTAVersionVersionFour)
	if err != nil || v != csta.CSTAVersionVersionFour || r.c.Version() != v {
		t.Errorf("AARE: version {%v}, %v; server chose {%v}", v, err, r.c.Version())
	}
	// The client vanishes without release: the switch side ends with the
	// end of the stream.
	cn.Close()
	if err := waitErr(t, r.c); !errors.Is(err, io.EOF) {
		t.Errorf("Err = %v, want io.EOF", err)
	}
}

// TestCorpusHiPathAARQAcceptContexts sends corpus file 095 (CSTA2Context)
// to a switch side whose ApplicationContext is CSTA3Context: it is
// accepted only when AcceptContexts lists CSTA2Context, and the AARE
// repeats it.
func TestCorpusHiPathAARQAcceptContexts(t *testing.T) {
	raw := corpusFile(t, "095-ACSE-AARQ-framed.hex")
	hipath := framing.Options{Prefix: framing.HiPathPrefix}
	for _, tc := range []struct {
		name   string
		accept [][]uint32
		want   csta.AssociateResult
	}{
		{"CSTA3 only", nil, csta.AssociateResultRejectedPermanent},
		{"CSTA3 and CSTA2", [][]uint32{CSTA2Context}, csta.AssociateResultAccepted},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cn, sn := tcpPair(t, false)
			ch := make(chan *BERConn, 1)
			go func() {
				c, _ := AcceptBER(sn, BEROptions{ApplicationContext: CSTA3Context, AcceptContexts: tc.accept, Framing: hipath})
				ch <- c
			}()
			if _, err := cn.Write(raw); err != nil {
				t.Fatal(err)
			}
			cn.SetReadDeadline(time.Now().Add(waitTimeout))
			pdu, err := framing.NewBERReader(cn, hipath).ReadPDU()
			if err != nil {
				t.Fatal(err)
			}
			var a csta.ACSEAPDU
			if err := a.DecodeBER(pdu); err != nil || a.Choice != csta.ACSEAPDUChoiceAare {
				t.Fatalf("got %v, %v; want an AARE", a.Choice, err)
			}
			if a.Aare.Result != tc.want || !slices.Equal(a.Aare.ASOContextName, CSTA2Context) {
				t.Errorf("AARE %v in context %v, want %v in CSTA2Context", a.Aare.Result, a.Aare.ASOContextName, tc.want)
			}
			cn.Close()
			if c := <-ch; c != nil {
				waitErr(t, c)
				c.Close()
			}
		})
	}
}
