// Command decodepdu decodes one BER-encoded csta.PDU from standard input
// and prints it: the smallest program that uses the csta package, whose
// linked size buildcost reports (issue 13 asks at most 6 MB).
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
	fmt.Println(pdu.ROSE.String())
	if s, ok := pdu.Argument.(fmt.Stringer); ok {
		fmt.Println(s.String())
	}
}
