package fuzz

import (
	"bytes"
	"errors"
	"runtime"
	"testing"
	"unsafe"

	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/runtime/ber"
	"github.com/cstagen/cstagen/runtime/xml"
)

// The decode budget (ber.Limits.MaxAlloc, xml.Limits.MaxAlloc) bounds the
// memory a message can make. Issue 20 measured, before it: a 1 MiB
// getButtonInformation ReturnResult of tiny buttonItems allocated 1.3 GiB,
// peaked at 776 MiB and kept 263 MiB in the reused PDU; 3,800
// <buttonListItem/> in a 64 KiB CSTA-XML frame allocated 14 MiB.

// budgetOf is the default decode budget of an input of n bytes.
func budgetOf(n int) uint64 {
	return uint64(ber.DefaultAllocBase + ber.DefaultAllocPerByte*n)
}

// allocLimit is what decoding n bytes with the given number of Readers may
// allocate, derived from the budget: each Reader (a PDU decodes the ROSE
// envelope, then the argument or result, with one each) within the budget of
// its input, up to the size classes of the allocator (append rounds the
// arrays it charges up); the rest (the value of an operation made once per
// PDU, errors and the path they name) is below allocSlack.
func allocLimit(readers, n int) uint64 {
	b := uint64(readers) * budgetOf(n)
	return b + b/4 + allocSlack
}

// allocSlack is what a decode allocates outside the budget: the values of
// the first message of an operation, error values.
const allocSlack = 256 << 10

// heapInUse returns the live heap after a collection.
func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// buttonResult is the BER of a ReturnResult of getButtonInformation whose
// buttonList holds n one-octet buttons (5 octets each on the wire).
func buttonResult(t testing.TB, n int) []byte {
	t.Helper()
	op := operationNamed(t, "getButtonInformation")
	list := make(csta.ButtonList, n)
	for k := range list {
		list[k].Button = csta.ButtonID{'1'}
	}
	var p csta.PDU
	p.SetResult(1, op.Code, &csta.GetButtonInformationResult{ButtonList: list})
	b, err := p.AppendBER(nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func operationNamed(t testing.TB, name string) *csta.Operation {
	for k := range csta.Operations {
		if csta.Operations[k].Name == name {
			return &csta.Operations[k]
		}
	}
	t.Fatalf("no operation %s", name)
	return nil
}

// TestBudgetBER decodes 1 MiB of tiny buttonItems into a reused PDU: the
// decode fails with ber.ErrBudget, having allocated within the budget, and
// the PDU keeps nothing of it; a message just within the budget decodes,
// and the list it made is dropped by the next message of the operation.
func TestBudgetBER(t *testing.T) {
	huge := buttonResult(t, (1<<20)/5)
	var p csta.PDU
	if err := p.DecodeBER(buttonResult(t, 1)); err != nil { // the operation's value exists
		t.Fatal(err)
	}
	base := heapInUse()
	var err error
	n := allocated(func() { err = p.DecodeBER(huge) })
	if !errors.Is(err, ber.ErrBudget) {
		t.Fatalf("decoding %d bytes of tiny items: %v, want ErrBudget", len(huge), err)
	}
	var be *ber.Error
	if !errors.As(err, &be) || be.Offset <= 0 || be.Offset >= len(huge) || be.Field == "" {
		t.Errorf("error %v: want an *ber.Error with the path and an offset inside the input", err)
	}
	kept := int64(heapInUse()) - int64(base)
	t.Logf("%d bytes: allocated %d (budget %d), kept %d: %v", len(huge), n, budgetOf(len(huge)), kept, err)
	if n > allocLimit(2, len(huge)) {
		t.Errorf("allocated %d bytes, more than %d", n, allocLimit(2, len(huge)))
	}
	if kept > 1<<20 {
		t.Errorf("the PDU keeps %d bytes after a failed decode", kept)
	}
	runtime.KeepAlive(huge)

	// The largest list of such items that fits the budget (a list is
	// charged once, for the array of all its items).
	size := int(unsafe.Sizeof(csta.ButtonListItem{}))
	items := 1
	for budgetOf(5*items*2) > uint64(items*size*2) {
		items *= 2
	}
	var q csta.PDU
	if err := q.DecodeBER(buttonResult(t, items)); err != nil {
		t.Fatalf("%d items: %v", items, err)
	}
	list := q.Result.(*csta.GetButtonInformationResult).ButtonList
	if c := cap(list) * size; c <= ber.DefaultMaxKeep {
		t.Fatalf("%d items take %d bytes: not enough to test MaxKeep", items, c)
	}
	if err := q.DecodeBER(buttonResult(t, 1)); err != nil {
		t.Fatal(err)
	}
	list = q.Result.(*csta.GetButtonInformationResult).ButtonList
	if c := cap(list) * size; c > ber.DefaultMaxKeep {
		t.Errorf("after a message of one item the list keeps %d bytes of capacity (MaxKeep %d)", c, ber.DefaultMaxKeep)
	}
}

// TestBudgetBERPrivateData is the other shape of issue 20: empty
// privateData items of two octets in the extensions of an event.
func TestBudgetBERPrivateData(t *testing.T) {
	body := bytes.Repeat([]byte{0x05, 0x00}, 400000)
	list := append(ber.AppendHeader(nil, ber.Context|ber.Constructed|1, len(body)), body...)
	ext := append(ber.AppendHeader(nil, ber.Application|ber.Constructed|30, len(list)), list...)
	var v csta.CSTACommonArguments
	var err error
	n := allocated(func() { err = ber.DecodeContent(ext, extensionsTag, &v, nil) })
	if !errors.Is(err, ber.ErrBudget) {
		t.Fatalf("decoding %d bytes of empty private data: %v, want ErrBudget", len(ext), err)
	}
	t.Logf("%d bytes: allocated %d: %v", len(ext), n, err)
	if n > allocLimit(1, len(ext)) {
		t.Errorf("allocated %d bytes, more than %d", n, allocLimit(1, len(ext)))
	}
}

// TestBudgetXML decodes 8,000 <buttonListItem/> in a 136 KB document (the
// list, allocated at once, would take 1.5 MB, over the budget of 1.35 MB):
// it fails with xml.ErrBudget within the budget, and the message keeps
// nothing of it.
func TestBudgetXML(t *testing.T) {
	doc := xmlButtons(8000)
	var m csta.XMLMessage
	if err := m.DecodeXML(xmlButtons(1)); err != nil {
		t.Fatal(err)
	}
	base := heapInUse()
	var err error
	n := allocated(func() { err = m.DecodeXML(doc) })
	var se *xml.SyntaxError
	if !errors.Is(err, xml.ErrBudget) || !errors.As(err, &se) || se.Offset <= 0 || se.Offset > len(doc) {
		t.Fatalf("decoding %d bytes: %v, want an *xml.SyntaxError wrapping ErrBudget with an offset", len(doc), err)
	}
	kept := int64(heapInUse()) - int64(base)
	t.Logf("%d bytes: allocated %d (budget %d), kept %d: %v", len(doc), n, budgetOf(len(doc)), kept, err)
	if n > allocLimit(1, len(doc)) {
		t.Errorf("allocated %d bytes, more than %d", n, allocLimit(1, len(doc)))
	}
	if kept > 1<<20 {
		t.Errorf("the message keeps %d bytes after a failed decode", kept)
	}
	runtime.KeepAlive(doc)
	// Within a budget that lets it through, the list is dropped by the
	// next document.
	r := xml.NewReader(&xml.Limits{MaxAlloc: 64 << 20})
	var v csta.GetButtonInformationResult
	if err := v.DecodeXMLFrom(resetTo(r, doc)); err != nil {
		t.Fatal(err)
	}
	size := int(unsafe.Sizeof(csta.ButtonListItem{}))
	if c := cap(v.ButtonList) * size; c <= xml.DefaultMaxKeep {
		t.Fatalf("8,000 items take %d bytes: not enough to test MaxKeep", c)
	}
	if err := v.DecodeXMLFrom(resetTo(r, xmlButtons(1))); err != nil {
		t.Fatal(err)
	}
	if c := cap(v.ButtonList) * size; c > xml.DefaultMaxKeep {
		t.Errorf("after a document of one item the list keeps %d bytes of capacity", c)
	}
}

func resetTo(r *xml.Reader, doc []byte) *xml.Reader {
	r.Reset(doc)
	return r
}

// xmlButtons is a GetButtonInformationResponse of n empty buttonListItems.
func xmlButtons(n int) []byte {
	b := []byte(`<GetButtonInformationResponse xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed3"><buttonList>`)
	b = append(b, bytes.Repeat([]byte(`<buttonListItem/>`), n)...)
	return append(b, `</buttonList></GetButtonInformationResponse>`...)
}

// TestListAllocatedOnce: a list is allocated once, whatever its length:
// decoding a message of 1,000 items into a new value makes as many
// allocations as decoding one of 10 (the decoder counts the items before it
// allocates, instead of growing the list by append).
func TestListAllocatedOnce(t *testing.T) {
	for _, tc := range []struct {
		name   string
		decode func(n int) func()
	}{
		{"BER", func(n int) func() {
			src := buttonResult(t, n)
			return func() {
				var p csta.PDU
				if err := p.DecodeBER(src); err != nil {
					t.Fatal(err)
				}
			}
		}},
		{"XML", func(n int) func() {
			list := make(csta.ButtonList, n)
			for k := range list {
				list[k].Button = csta.ButtonID{'1'}
			}
			src, err := (&csta.GetButtonInformationResult{ButtonList: list}).AppendXML(nil)
			if err != nil {
				t.Fatal(err)
			}
			return func() {
				var v csta.GetButtonInformationResult
				if err := v.DecodeXML(src); err != nil {
					t.Fatal(err)
				}
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			few := testing.AllocsPerRun(20, tc.decode(10))
			many := testing.AllocsPerRun(20, tc.decode(1000))
			if many != few {
				t.Errorf("a fresh decode of 1,000 items makes %v allocations, of 10 items %v", many, few)
			}
		})
	}
}
