package uacsta

import (
	"bytes"
	"context"
	"errors"
	"testing"
)

// rawDoc is a TypedXML that keeps its document as is; strict refuses
// any document whose root is not want.
type rawDoc struct {
	doc  []byte
	want string
}

func (r *rawDoc) AppendXML(dst []byte) ([]byte, error) { return append(dst, r.doc...), nil }

func (r *rawDoc) DecodeXML(src []byte) error {
	if r.want != "" && rootOf(src) != r.want {
		return errors.New("unexpected root " + rootOf(src))
	}
	r.doc = bytes.Clone(src)
	return nil
}

func TestInvokeTyped(t *testing.T) {
	var w switchSim
	_, target := startServer(t, "tcp", w.options(InSIPResponse))
	c := dial(t, "tcp", target, Options{})
	ctx := context.Background()
	resp := &rawDoc{want: "MonitorStartResponse"}
	if err := c.Invoke(ctx, &rawDoc{doc: doc("MonitorStart", "")}, resp); err != nil {
		t.Fatal(err)
	}
	if !contains(resp.doc, "<monitorCrossRefID>7<") {
		t.Fatalf("response %s", resp.doc)
	}
	if err := c.Invoke(ctx, &rawDoc{doc: doc("MonitorStart", "")}, &rawDoc{want: "Other"}); !errors.Is(err, ErrUndecodable) {
		t.Fatalf("refused response: %v, want ErrUndecodable", err)
	}
	if err := c.Invoke(ctx, &rawDoc{doc: doc("MonitorStart", "")}, nil); err != nil {
		t.Fatalf("nil resp: %v", err)
	}
}
