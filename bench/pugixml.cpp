//go:build pugixml && cgo

// The C++ side of the pugixml benchmark (pugixml_test.go, pugixml_cgo.go):
// pugixml 1.13's in-situ DOM parse, b.N times in one call so that the cgo
// call does not count. Built only with -tags pugixml.

#include <pugixml.hpp>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

namespace {

unsigned long long allocCount, allocBytes;

void *countingAlloc(size_t n) {
	allocCount++;
	allocBytes += n;
	return malloc(n);
}

void countingFree(void *p) { free(p); }

// Every allocation of pugixml goes through the counters, as asn1c's do in
// the asn1c benchmark.
struct installCounters {
	installCounters() { pugi::set_memory_management_functions(countingAlloc, countingFree); }
} installed;

} // namespace

extern "C" {

// cstagen_pugi_parse_n copies src into buf (in-situ parsing writes into its
// input) and parses it with xml_document::load_buffer_inplace and the
// default options, iters times with one reused document. It returns 0, or
// 1 + the parse status of the first failure.
long cstagen_pugi_parse_n(const char *src, size_t n, char *buf, long iters) {
	pugi::xml_document doc;
	for (long i = 0; i < iters; i++) {
		memcpy(buf, src, n);
		pugi::xml_parse_result r = doc.load_buffer_inplace(buf, n);
		if (!r) {
			return 1 + (long)r.status;
		}
	}
	return 0;
}

// cstagen_pugi_check parses src once and writes into out (cap bytes, NUL
// terminated) the root element's name, a space and the text of the child
// element named child. It returns the parse status (0 for success) and
// sets *offset to pugixml's error offset.
int cstagen_pugi_check(const char *src, size_t n, const char *child, char *out, size_t cap, long *offset) {
	pugi::xml_document doc;
	pugi::xml_parse_result r = doc.load_buffer(src, n);
	*offset = (long)r.offset;
	out[0] = 0;
	if (!r) {
		return (int)r.status;
	}
	pugi::xml_node root = doc.document_element();
	snprintf(out, cap, "%s %s", root.name(), root.child(child).child_value());
	return 0;
}

void cstagen_pugi_counters(unsigned long long *allocs, unsigned long long *bytes) {
	*allocs = allocCount;
	*bytes = allocBytes;
}

} // extern "C"
