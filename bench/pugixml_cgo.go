//go:build pugixml && cgo

package bench

// The cgo side of the pugixml benchmark (pugixml_test.go): pugixml.cpp
// wraps pugixml's parser in loops callable from Go. Only built with -tags
// pugixml (make bench sets it when pugixml's header or pkg-config file and
// a C++ compiler are installed, e.g. Debian libpugixml-dev), so that normal
// builds need neither.

/*
#cgo LDFLAGS: -lpugixml -lstdc++
#include <stddef.h>

long cstagen_pugi_parse_n(const char *src, size_t n, char *buf, long iters);
int cstagen_pugi_check(const char *src, size_t n, const char *child, char *out, size_t cap, long *offset);
void cstagen_pugi_counters(unsigned long long *allocs, unsigned long long *bytes);
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// pugiParseN parses src n times with xml_document::load_buffer_inplace,
// each time on a fresh copy in buf (len(buf) >= len(src)), in one C loop.
// src and buf are Go memory that the C code does not keep.
func pugiParseN(src, buf []byte, n int) error {
	r := C.cstagen_pugi_parse_n((*C.char)(unsafe.Pointer(&src[0])), C.size_t(len(src)), (*C.char)(unsafe.Pointer(&buf[0])), C.long(n))
	if r != 0 {
		return fmt.Errorf("pugixml: parse status %d", int(r-1))
	}
	return nil
}

// pugiCheck parses src once (a copying parse) and returns the root
// element's name and the text of its child element named child, or the
// parse status and error offset.
func pugiCheck(src []byte, child string) (root, text string, status, offset int) {
	var out [256]C.char
	var off C.long
	cchild := append([]byte(child), 0)
	st := C.cstagen_pugi_check((*C.char)(unsafe.Pointer(&src[0])), C.size_t(len(src)), (*C.char)(unsafe.Pointer(&cchild[0])), &out[0], C.size_t(len(out)), &off)
	s := C.GoString(&out[0])
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			root, text = s[:i], s[i+1:]
			break
		}
	}
	return root, text, int(st), int(off)
}

// pugiCounters returns how many times pugixml allocated, and the bytes it
// asked for, since the process started.
func pugiCounters() (allocs, bytes uint64) {
	var a, b C.ulonglong
	C.cstagen_pugi_counters(&a, &b)
	return uint64(a), uint64(b)
}
