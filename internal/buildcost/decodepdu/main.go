// Command decodepdu decodes one BER-encoded csta.PDU from standard input
// and prints its invoke ID and operation: the smallest program that uses
// the csta package, whose linked size buildcost reports (issue 13 asks at
// most 6 MB, not stripped).
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/cstagen/cstagen/csta"
)

func main() {
	src, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var pdu csta.PDU
	if err := pdu.DecodeBER(src); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	id, _ := pdu.InvokeID()
	name := "unknown operation"
	if pdu.Operation != nil {
		name = pdu.Operation.Name
	}
	fmt.Println(pdu.ROSE.Choice, id, name)
}
