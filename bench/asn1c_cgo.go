//go:build asn1c

package bench

// The cgo side of the asn1c benchmark (asn1c_test.go): it loads the shared
// library that benchmark builds at run time from asn1c's output and calls
// its loops. The library is loaded with dlopen rather than linked, because
// its C sources are generated when the benchmark runs, after cgo has
// built this package. Only built with -tags asn1c, so that normal builds
// need neither asn1c nor a C compiler.

/*
#cgo LDFLAGS: -ldl
#include <dlfcn.h>
#include <stdlib.h>

typedef long (*decode_n_fn)(const void *, size_t, long);
typedef void *(*decode_fn)(const void *, size_t);
typedef long (*encode_n_fn)(void *, long, void *, size_t);
typedef void (*free_fn)(void *);
typedef void (*counters_fn)(unsigned long long *, unsigned long long *);

static long call_decode_n(void *f, const void *src, size_t n, long iters) { return ((decode_n_fn)f)(src, n, iters); }
static void *call_decode(void *f, const void *src, size_t n) { return ((decode_fn)f)(src, n); }
static long call_encode_n(void *f, void *v, long iters, void *out, size_t cap) { return ((encode_n_fn)f)(v, iters, out, cap); }
static void call_free(void *f, void *v) { ((free_fn)f)(v); }
static void call_counters(void *f, unsigned long long *allocs, unsigned long long *bytes) { ((counters_fn)f)(allocs, bytes); }
*/
import "C"

import (
	"errors"
	"fmt"
	"unsafe"
)

// asn1cLib is the loaded library: the entry points of the wrapper
// (asn1cWrapper in asn1c_test.go) around asn1c's codec for the type.
type asn1cLib struct {
	fDecodeN, fDecode, fEncodeN, fFree, fCounters unsafe.Pointer
}

// asn1cOpen loads the library at path. It stays loaded for the life of the
// process.
func asn1cOpen(path string) (*asn1cLib, error) {
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	h := C.dlopen(cpath, C.RTLD_NOW|C.RTLD_LOCAL)
	if h == nil {
		return nil, fmt.Errorf("dlopen %s: %s", path, C.GoString(C.dlerror()))
	}
	sym := func(name string) (unsafe.Pointer, error) {
		cname := C.CString(name)
		defer C.free(unsafe.Pointer(cname))
		p := C.dlsym(h, cname)
		if p == nil {
			return nil, fmt.Errorf("dlsym %s: %s", name, C.GoString(C.dlerror()))
		}
		return p, nil
	}
	var l asn1cLib
	var errs []error
	for _, s := range []struct {
		name string
		dst  *unsafe.Pointer
	}{
		{"cstagen_decode_n", &l.fDecodeN},
		{"cstagen_decode", &l.fDecode},
		{"cstagen_encode_n", &l.fEncodeN},
		{"cstagen_free", &l.fFree},
		{"cstagen_counters", &l.fCounters},
	} {
		p, err := sym(s.name)
		errs = append(errs, err)
		*s.dst = p
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return &l, nil
}

// decodeN decodes src n times with ber_decode, freeing each value
// (ASN_STRUCT_FREE), in one C loop.
func (l *asn1cLib) decodeN(src []byte, n int) error {
	if r := C.call_decode_n(l.fDecodeN, unsafe.Pointer(&src[0]), C.size_t(len(src)), C.long(n)); r != 0 {
		return fmt.Errorf("asn1c: ber_decode failed (code %d)", int(r))
	}
	return nil
}

// asn1cValue is a value decoded by the library, in C memory.
type asn1cValue struct {
	l *asn1cLib
	p unsafe.Pointer
}

// decodeValue decodes src once and keeps the value.
func (l *asn1cLib) decodeValue(src []byte) (*asn1cValue, error) {
	p := C.call_decode(l.fDecode, unsafe.Pointer(&src[0]), C.size_t(len(src)))
	if p == nil {
		return nil, errors.New("asn1c: ber_decode failed")
	}
	return &asn1cValue{l, p}, nil
}

// encodeN encodes v n times with der_encode_to_buffer into out, in one C
// loop, and returns the length of the encoding.
func (v *asn1cValue) encodeN(n int, out []byte) (int, error) {
	r := C.call_encode_n(v.l.fEncodeN, v.p, C.long(n), unsafe.Pointer(&out[0]), C.size_t(len(out)))
	if r < 0 {
		return 0, errors.New("asn1c: der_encode_to_buffer failed")
	}
	return int(r), nil
}

// close frees v.
func (v *asn1cValue) close() {
	C.call_free(v.l.fFree, v.p)
	v.p = nil
}

// counters returns how many times asn1c's code called calloc, malloc or
// realloc, and the bytes it asked for, since the library was loaded.
func (l *asn1cLib) allocCounters() (allocs, bytes uint64) {
	var a, b C.ulonglong
	C.call_counters(l.fCounters, &a, &b)
	return uint64(a), uint64(b)
}
